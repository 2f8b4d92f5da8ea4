"""Load and validate the bonding-plan content: activities, levels, the soothing ladder, the
source registry (content/activities/) and the weekly messages and plan texts
(content/messages/).

Model: every file is versioned TOML read through ``content.loader`` (stdlib ``tomllib``),
so a bad file raises :class:`content.loader.ContentError` naming the file, the entry
(``activities[3]``) and the field. Every factual line cites one or more keys of
``content/activities/sources.toml``; an unknown key is an error. Plan texts are templates
whose ``{placeholders}`` must be the ones the planner fills in (``TEXT_FIELDS``).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Final

from content.loader import ContentError, Table, base_language, content_path, load_toml

from .records import BABY_STATES, BANDS, LOG_KINDS

ACTIVITIES_DIR: Final[Path] = content_path("activities")
MESSAGES_DIR: Final[Path] = content_path("messages")

CATEGORIES: Final = ("routine", "play", "reading", "outdoors", "massage", "skin", "soothing")
ROLES: Final = ("primary", "partner")
FIRST_WEEK: Final = 0
LAST_WEEK: Final = 52
MAX_LEVEL: Final = 4

# The placeholders each plan text may use, in every language. The planner core gives a
# sentence as planner.records.Words: a key and its values. What a placeholder's value is
# (VALUE_KINDS) decides how the adapters word it:
#   baby: the baby's name; text: a sentence stored in English by an earlier release;
#   content, sessions, percent, count, week, weeks, level: whole numbers;
#   weekday: 0 (Monday) to 6; days: a list of weekdays;
#   band, bands: a time of day from planner.records.BANDS, in the singular ("in the
#   morning") or plural ("weekday mornings"); day_type: "weekday" or "weekend";
#   family, routine: an activity family (routine: lower case, inside a sentence);
#   level_name, partner_role: the name and partner's role of the value "level";
#   time, free_from, free_to, start, end: a minute of the day (0-1439);
#   date: an ISO date; this_week, first_week: a mean confidence on the 1-5 scale;
#   change: a nested sentence (Words).
TEXT_FIELDS: Final[Mapping[str, frozenset[str]]] = {
    "reason_calm_counts": frozenset({"baby", "content", "sessions", "day_type", "bands"}),
    "reason_calm_rate": frozenset({"baby", "percent", "sessions", "day_type", "bands"}),
    "reason_fits": frozenset({"free_from", "free_to"}),
    "reason_level": frozenset({"level", "level_name", "partner_role"}),
    "reason_owned": frozenset({"routine", "weekday"}),
    "reason_changed": frozenset({"family", "time", "weekday", "change"}),
    "reason_changed_band": frozenset({"family", "band", "time", "weekday", "change"}),
    "change_time": frozenset({"band"}),
    "change_state": frozenset(),
    "change_planned": frozenset(),
    "note_start_level": frozenset({"level", "level_name"}),
    "note_owned_routine": frozenset({"routine", "count", "weeks", "days"}),
    "note_no_routine": frozenset({"baby"}),
    "note_changed_form": frozenset({"family", "count"}),
    "note_tried_left_out": frozenset({"family"}),
    "note_evening_block": frozenset(),
    "note_few_sessions": frozenset({"count", "week"}),
    "note_no_overlap": frozenset({"baby"}),
    "note_no_weekday_overlap": frozenset({"baby"}),
    "note_create_overlap_counts": frozenset(
        {"baby", "weekday", "start", "end", "content", "sessions"}
    ),
    "note_create_overlap_rate": frozenset(
        {"baby", "weekday", "start", "end", "percent", "sessions"}
    ),
    "note_create_overlap_generic": frozenset({"baby"}),
    "note_leave": frozenset(),
    "note_level_up": frozenset({"baby", "level", "level_name", "date"}),
    "note_step_down": frozenset({"baby", "level", "level_name", "date"}),
    "note_shift_time": frozenset({"baby", "band", "date"}),
    "note_no_shift": frozenset({"baby"}),
    "review_week": frozenset({"baby", "content", "sessions", "percent"}),
    "review_first_week": frozenset({"content", "sessions", "percent"}),
    "review_band": frozenset({"band", "content", "sessions", "percent"}),
    "review_band_unknown": frozenset({"content", "sessions", "percent"}),
    "review_confidence": frozenset({"this_week", "first_week"}),
    "review_confidence_only": frozenset({"this_week"}),
    "review_none": frozenset(),
    "review_evening_context": frozenset(),
    "as_written": frozenset({"text"}),
}
#: The words used inside sentences, by kind: each kind's codes must all be present.
TERM_KINDS: Final = ("band", "bands", "day_type", "family")
DAY_TYPES: Final = ("weekday", "weekend")
#: The language every text and term must have; the fallback for any other.
BASE_LANGUAGE: Final = "en"


@dataclass(frozen=True)
class Source:
    """One citable source; ``brief`` says where in the domain briefs the claim lives."""

    key: str
    cite: str
    url: str | None
    brief: str


@dataclass(frozen=True)
class Level:
    """A plan level: 1 partner nearby ... 4 soothing a fussy baby alone."""

    level: int
    name: str
    partner_role: str
    is_solo: bool
    sources: tuple[str, ...]
    #: language -> (name, partner role), for languages other than English.
    translations: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def words(self, language: str) -> tuple[str, str]:
        """The level's name and the partner's role in ``language`` (English if not given)."""
        return self.translations.get(base_language(language), (self.name, self.partner_role))


@dataclass(frozen=True)
class LadderStep:
    """One rung of the soothing ladder; ``safety_step`` names the crying-plan step whose
    wording it repeats exactly."""

    key: str
    text: str
    sources: tuple[str, ...]
    safety_step: str | None
    #: language -> the step's text in it (``translations.<language>.text``).
    translations: Mapping[str, str] = field(default_factory=dict)

    def text_in(self, language: str) -> str:
        """The step's text in ``language`` (English when not translated)."""
        return self.translations.get(base_language(language), self.text)


@dataclass(frozen=True)
class ActivityWords:
    """An activity's words in one language other than English."""

    title: str
    steps: tuple[str, ...]
    why: str
    if_crying: tuple[str, ...]


@dataclass(frozen=True)
class Activity:
    """One activity of the library. ``family`` groups variants of the same idea (so a
    family that was tried and failed can be matched in any form); ``logs_as`` is the care-log
    kind the session is recorded as; ``best_states`` uses the insights state names."""

    id: str
    title: str
    category: str
    family: str
    logs_as: str
    level: int
    minutes: int
    age_min_weeks: int
    age_max_weeks: int
    best_states: tuple[str, ...]
    steps: tuple[str, ...]
    why: str
    sources: tuple[str, ...]
    if_crying: tuple[str, ...]
    #: language -> the title, steps, why and if_crying in it (``translations.<language>``).
    translations: Mapping[str, ActivityWords] = field(default_factory=dict)

    def in_language(self, language: str) -> Activity:
        """The activity with its words in ``language`` (as it is, when not translated)."""
        words = self.translations.get(base_language(language))
        if words is None:
            return self
        return replace(
            self, title=words.title, steps=words.steps, why=words.why, if_crying=words.if_crying
        )

    def fits_age(self, age_weeks: int) -> bool:
        """Return whether a baby of ``age_weeks`` (capped at 52) is in this activity's range."""
        age = min(max(age_weeks, FIRST_WEEK), LAST_WEEK)
        return self.age_min_weeks <= age <= self.age_max_weeks


@dataclass(frozen=True)
class Library:
    """The activity library with its levels, ladder and source registry."""

    activities: tuple[Activity, ...]
    levels: Mapping[int, Level]
    ladder: tuple[LadderStep, ...]
    sources: Mapping[str, Source]
    versions: Mapping[str, str]  # file name -> version

    def activity(self, activity_id: str) -> Activity:
        """Return the activity with ``activity_id``; raise KeyError if there is none."""
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        raise KeyError(activity_id)

    def crying_steps(self, activity: Activity, language: str = BASE_LANGUAGE) -> tuple[str, ...]:
        """Return what to do if the baby starts crying, in ``language``: the activity's own
        first steps, then the shared soothing ladder."""
        own = activity.in_language(language).if_crying
        return own + tuple(step.text_in(language) for step in self.ladder)


@dataclass(frozen=True)
class WeeklyMessage:
    """The message for one week of age and one role ("primary" carer or "partner")."""

    week: int
    role: str
    baby_now: str
    baby_now_sources: tuple[str, ...]
    connect: str
    connect_sources: tuple[str, ...]
    care: str
    care_sources: tuple[str, ...]
    #: language -> (baby_now, connect, care) in it (``translations.<language>``).
    translations: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)

    def in_language(self, language: str) -> WeeklyMessage:
        """The message in ``language`` (as it is, when not translated)."""
        words = self.translations.get(base_language(language))
        if words is None:
            return self
        return replace(self, baby_now=words[0], connect=words[1], care=words[2])


@dataclass(frozen=True)
class Messages:
    """All weekly messages, weeks 0-52 for both roles."""

    version: str
    messages: Mapping[tuple[int, str], WeeklyMessage]

    def for_week(self, week: int, role: str) -> WeeklyMessage:
        """Return the message for ``week`` of age (clamped to 0-52) and ``role``."""
        return self.messages[(min(max(week, FIRST_WEEK), LAST_WEEK), role)]


@dataclass(frozen=True)
class PlanTexts:
    """The planner's sentence templates by key (as in ``TEXT_FIELDS``) and language, the
    words used inside them by kind and code (``TERM_KINDS``), and each text's sources."""

    version: str
    texts: Mapping[str, Mapping[str, str]]
    terms: Mapping[str, Mapping[str, Mapping[str, str]]]
    sources: Mapping[str, tuple[str, ...]]

    def template(self, key: str, language: str = BASE_LANGUAGE) -> str:
        """The template ``key`` in ``language`` (English when it is not translated)."""
        by_language = self.texts[key]
        return by_language.get(base_language(language), by_language[BASE_LANGUAGE])

    def term(self, kind: str, code: str, language: str = BASE_LANGUAGE) -> str:
        """The word for ``code`` of ``kind`` (e.g. "band", "morning") in ``language``."""
        by_language = self.terms[kind][code]
        return by_language.get(base_language(language), by_language[BASE_LANGUAGE])

    def languages(self) -> set[str]:
        """Every language some text is written in."""
        return {language for texts in self.texts.values() for language in texts}


# ---------------------------------------------------------------------------- loading


def _sources_list(table: Table, key: str, known: Mapping[str, Source]) -> tuple[str, ...]:
    keys = table.get_str_list(key, non_empty=True)
    for index, source in enumerate(keys):
        if source not in known:
            raise table.error(f"{key}[{index}]", f"unknown source '{source}' (see sources.toml)")
    return keys


def load_sources(folder: Path = ACTIVITIES_DIR) -> dict[str, Source]:
    """Return the source registry (``sources.toml``) by key."""
    doc = load_toml(folder / "sources.toml")
    doc.check_keys({"version", "sources"})
    out: dict[str, Source] = {}
    for entry in doc.get_tables("sources"):
        entry.check_keys({"key", "cite", "url", "brief"})
        key = entry.get_str("key")
        if key in out:
            raise entry.error("key", f"duplicate source key '{key}'")
        out[key] = Source(
            key, entry.get_str("cite"), entry.get_optional_str("url"), entry.get_str("brief")
        )
    return out


def _load_levels(folder: Path, sources: Mapping[str, Source]) -> dict[int, Level]:
    doc = load_toml(folder / "levels.toml")
    doc.check_keys({"version", "levels"})
    levels: dict[int, Level] = {}
    for entry in doc.get_tables("levels"):
        entry.check_keys({"level", "name", "partner_role", "solo", "sources", "translations"})
        number = entry.get_int("level", minimum=1, maximum=MAX_LEVEL)
        if number in levels:
            raise entry.error("level", f"duplicate level {number}")
        translations = {
            language: (words.get_str("name"), words.get_str("partner_role"))
            for language, words in entry.get_translations({"name", "partner_role"}).items()
        }
        levels[number] = Level(
            number,
            entry.get_str("name"),
            entry.get_str("partner_role"),
            entry.get_bool("solo"),
            _sources_list(entry, "sources", sources),
            translations,
        )
    missing = set(range(1, MAX_LEVEL + 1)) - set(levels)
    if missing:
        raise doc.error("levels", f"levels {sorted(missing)} are missing")
    return levels


def _load_ladder(folder: Path, sources: Mapping[str, Source]) -> tuple[LadderStep, ...]:
    doc = load_toml(folder / "ladder.toml")
    doc.check_keys({"version", "steps"})
    steps = []
    for entry in doc.get_tables("steps"):
        entry.check_keys({"key", "text", "sources", "safety_step", "translations"})
        said: dict[str, str] = {}
        for language, words in entry.get_translations({"text"}).items():
            said[language] = words.get_str("text")
        steps.append(
            LadderStep(
                entry.get_str("key"),
                entry.get_str("text"),
                _sources_list(entry, "sources", sources),
                entry.get_optional_str("safety_step"),
                said,
            )
        )
    return tuple(steps)


_ACTIVITY_KEYS: Final = frozenset(
    {
        "id", "title", "category", "family", "logs_as", "level", "minutes", "age_weeks",
        "best_states", "steps", "why", "sources", "if_crying", "translations",
    }
)  # fmt: skip


def _same_length(words: Table, key: str, english: tuple[str, ...]) -> tuple[str, ...]:
    items = words.get_str_list(key, non_empty=True)
    if len(items) != len(english):
        raise words.error(key, f"has {len(items)} items, the English has {len(english)}")
    return items


def parse_activity(entry: Table, sources: Mapping[str, Source]) -> Activity:
    """Return one validated activity from its TOML table."""
    entry.check_keys(_ACTIVITY_KEYS)
    ident = entry.get_str("id")
    if not ident.replace("-", "").isalnum() or ident != ident.lower():
        raise entry.error("id", f"must be lowercase letters, digits and '-', got '{ident}'")
    family = entry.get_str("family")
    if not family.replace("_", "").isalpha() or family != family.lower():
        raise entry.error("family", f"must be lowercase letters and '_', got '{family}'")
    ages = entry.get_int_list("age_weeks")
    if len(ages) != 2 or not FIRST_WEEK <= ages[0] <= ages[1] <= LAST_WEEK:
        raise entry.error("age_weeks", f"must be [from, to] within 0-52, got {list(ages)}")
    states = entry.get_str_list("best_states", non_empty=True)
    for index, state in enumerate(states):
        if state not in BABY_STATES:
            raise entry.error(
                f"best_states[{index}]", f"must be one of {', '.join(BABY_STATES)}, got '{state}'"
            )
    steps = entry.get_str_list("steps", non_empty=True)
    if_crying = entry.get_str_list("if_crying", non_empty=True)
    translations: dict[str, ActivityWords] = {}
    for language, words in entry.get_translations({"title", "steps", "why", "if_crying"}).items():
        translations[language] = ActivityWords(
            words.get_str("title"),
            _same_length(words, "steps", steps),
            words.get_str("why"),
            _same_length(words, "if_crying", if_crying),
        )
    return Activity(
        id=ident,
        title=entry.get_str("title"),
        category=entry.get_choice("category", CATEGORIES),
        family=family,
        logs_as=entry.get_choice("logs_as", LOG_KINDS),
        level=entry.get_int("level", minimum=1, maximum=MAX_LEVEL),
        minutes=entry.get_int("minutes", minimum=3, maximum=60),
        age_min_weeks=ages[0],
        age_max_weeks=ages[1],
        best_states=states,
        steps=steps,
        why=entry.get_str("why"),
        sources=_sources_list(entry, "sources", sources),
        if_crying=if_crying,
        translations=translations,
    )


_REGISTRY_FILES: Final = frozenset({"sources.toml", "levels.toml", "ladder.toml"})


def load_library(folder: Path = ACTIVITIES_DIR) -> Library:
    """Return the validated activity library from ``folder``: ``sources.toml``,
    ``levels.toml``, ``ladder.toml`` and every other ``*.toml`` as a file of activities.

    Raises ContentError naming the file, entry and field of the first problem found.
    """
    sources = load_sources(folder)
    levels = _load_levels(folder, sources)
    ladder = _load_ladder(folder, sources)
    versions = {
        name: load_toml(folder / name).get_str("version") for name in sorted(_REGISTRY_FILES)
    }
    activities: list[Activity] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name in _REGISTRY_FILES:
            continue
        doc = load_toml(path)
        doc.check_keys({"version", "activities"})
        versions[path.name] = doc.get_str("version")
        for entry in doc.get_tables("activities"):
            activity = parse_activity(entry, sources)
            if activity.id in seen:
                raise entry.error(
                    "id", f"duplicate id '{activity.id}' (also in {seen[activity.id]})"
                )
            seen[activity.id] = path.name
            activities.append(activity)
    if not activities:
        raise ContentError(str(folder), "activities", "no activity files found")
    return Library(tuple(activities), levels, ladder, sources, versions)


def load_messages(
    folder: Path = MESSAGES_DIR, sources: Mapping[str, Source] | None = None
) -> Messages:
    """Return the weekly messages (``weekly.toml``): every week 0-52 for both roles.

    Raises ContentError for a missing or duplicate (week, role), an unknown source or any
    malformed field.
    """
    known = sources if sources is not None else load_sources()
    doc = load_toml(folder / "weekly.toml")
    doc.check_keys({"version", "messages"})
    out: dict[tuple[int, str], WeeklyMessage] = {}
    for entry in doc.get_tables("messages"):
        entry.check_keys(
            {
                "week", "role", "baby_now", "baby_now_sources", "connect", "connect_sources",
                "care", "care_sources", "translations",
            }
        )  # fmt: skip
        said: dict[str, tuple[str, str, str]] = {}
        for language, words in entry.get_translations({"baby_now", "connect", "care"}).items():
            said[language] = (
                words.get_str("baby_now"), words.get_str("connect"), words.get_str("care")
            )  # fmt: skip
        week = entry.get_int("week", minimum=FIRST_WEEK, maximum=LAST_WEEK)
        role = entry.get_choice("role", ROLES)
        if (week, role) in out:
            raise entry.error("week", f"duplicate message for week {week}, role {role}")
        out[(week, role)] = WeeklyMessage(
            week,
            role,
            entry.get_str("baby_now"),
            _sources_list(entry, "baby_now_sources", known),
            entry.get_str("connect"),
            _sources_list(entry, "connect_sources", known),
            entry.get_str("care"),
            _sources_list(entry, "care_sources", known),
            said,
        )
    missing = [
        f"{week}/{role}"
        for week in range(FIRST_WEEK, LAST_WEEK + 1)
        for role in ROLES
        if (week, role) not in out
    ]
    if missing:
        raise doc.error("messages", f"missing week/role: {', '.join(missing[:10])}")
    return Messages(doc.get_str("version"), out)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _by_language(table: Table, key: str, placeholders: frozenset[str]) -> dict[str, str]:
    """A ``{language = text}`` table: English required, only ``placeholders`` used."""
    words = table.get_str_map(key)
    if BASE_LANGUAGE not in words:
        raise table.error(key, f"needs an '{BASE_LANGUAGE}' text")
    for language, text in words.items():
        try:
            used = _placeholders(text)
        except ValueError as exc:
            raise table.error(f"{key}.{language}", f"bad placeholder syntax: {exc}") from exc
        unknown = used - placeholders
        if unknown:
            raise table.error(f"{key}.{language}", f"unknown placeholders {sorted(unknown)}")
    return words


def _terms(doc: Table) -> dict[str, dict[str, dict[str, str]]]:
    table = doc.get_table("terms")
    assert table is not None
    table.check_keys(set(TERM_KINDS))
    codes = {
        "band": {name for name, _, _ in BANDS},
        "bands": {name for name, _, _ in BANDS},
        "day_type": set(DAY_TYPES),
    }
    terms: dict[str, dict[str, dict[str, str]]] = {}
    for kind in TERM_KINDS:
        words = table.get_table(kind)
        assert words is not None
        terms[kind] = {code: _by_language(words, code, frozenset()) for code in words.data}
        missing = codes.get(kind, set()) - set(terms[kind])
        if missing:
            raise words.error(min(missing), "is missing")
    return terms


def load_plan_texts(
    folder: Path = MESSAGES_DIR, sources: Mapping[str, Source] | None = None
) -> PlanTexts:
    """Return the planner's sentences (``planner.toml``) by key and language, each checked
    to use only the placeholders in ``TEXT_FIELDS``; all keys of ``TEXT_FIELDS`` must be
    present, and the words used inside them (``terms``) for every time of day."""
    known = sources if sources is not None else load_sources()
    doc = load_toml(folder / "planner.toml")
    doc.check_keys({"version", "terms", "texts"})
    texts: dict[str, dict[str, str]] = {}
    cited: dict[str, tuple[str, ...]] = {}
    for entry in doc.get_tables("texts"):
        entry.check_keys({"key", "text", "sources"})
        key = entry.get_choice("key", sorted(TEXT_FIELDS))
        if key in texts:
            raise entry.error("key", f"duplicate text '{key}'")
        texts[key] = _by_language(entry, "text", TEXT_FIELDS[key])
        cited[key] = _sources_list(entry, "sources", known) if entry.has("sources") else ()
    missing = sorted(set(TEXT_FIELDS) - set(texts))
    if missing:
        raise doc.error("texts", f"missing texts: {', '.join(missing)}")
    return PlanTexts(doc.get_str("version"), texts, _terms(doc), cited)


@cache
def default_library() -> Library:
    """Return the shipped library (loaded once)."""
    return load_library()


@cache
def default_plan_texts() -> PlanTexts:
    """Return the shipped plan texts (loaded once)."""
    return load_plan_texts()


def sources_for(keys: Iterable[str], registry: Mapping[str, Source]) -> tuple[Source, ...]:
    """Return the Source records for ``keys`` in order (for showing citations)."""
    return tuple(registry[key] for key in keys)

"""Load and validate the bonding-plan content: activities, levels, the soothing ladder, the
source registry (content/activities/) and the weekly messages and plan texts
(content/messages/).

Model: every file is versioned TOML read through ``content.loader`` and validated as the
pydantic model of its shape (``ActivitiesFile``, ``MessagesFile`` …), so a bad file raises
:class:`content.loader.ContentError` naming the file, the entry (``activities[3]``) and the
field; the models are then turned into the frozen dataclasses below. Every factual line cites one or more keys of
``content/activities/sources.toml``; an unknown key is an error. Plan texts are templates
whose ``{placeholders}`` must be the ones the planner fills in (``TEXT_FIELDS``).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Final, Self

from pydantic import AfterValidator, Field, StrictBool, StrictInt, model_validator

from content.loader import (
    Cites,
    ContentError,
    ContentModel,
    NonEmpty,
    Table,
    Text,
    base_language,
    content_path,
    invalid,
    load_toml,
    one_of,
    validate,
)

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


#: Keys of ``content/activities/sources.toml`` (``validate(…, sources=…)``), at least one.
SourceKeys = Annotated[Cites, Field(min_length=1)]
Week = Annotated[StrictInt, Field(ge=FIRST_WEEK, le=LAST_WEEK)]
LevelNumber = Annotated[StrictInt, Field(ge=1, le=MAX_LEVEL)]


class SourceEntry(ContentModel):
    """One ``[[sources]]`` entry of ``content/activities/sources.toml``."""

    key: Text
    cite: Text
    url: Text | None = None
    brief: Text


class SourcesFile(ContentModel):
    """``content/activities/sources.toml``: the source registry."""

    version: Text
    sources: NonEmpty[SourceEntry]

    @model_validator(mode="after")
    def _keys_are_unique(self) -> Self:
        keys: set[str] = set()
        for index, entry in enumerate(self.sources):
            if entry.key in keys:
                raise invalid(f"duplicate source key '{entry.key}'", "sources", index, "key")
            keys.add(entry.key)
        return self


def load_sources(folder: Path = ACTIVITIES_DIR) -> dict[str, Source]:
    """Return the source registry (``sources.toml``) by key."""
    file = validate(load_toml(folder / "sources.toml"), SourcesFile)
    return {s.key: Source(s.key, s.cite, s.url, s.brief) for s in file.sources}


class LevelWords(ContentModel):
    """A level's ``translations.<language>``."""

    name: Text
    partner_role: Text


class LevelEntry(ContentModel):
    """One ``[[levels]]`` entry."""

    level: LevelNumber
    name: Text
    partner_role: Text
    solo: StrictBool
    sources: SourceKeys
    translations: dict[str, LevelWords] = {}


class LevelsFile(ContentModel):
    """``content/activities/levels.toml``: levels 1 to MAX_LEVEL, each once."""

    version: Text
    levels: NonEmpty[LevelEntry]

    @model_validator(mode="after")
    def _each_level_once(self) -> Self:
        numbers: set[int] = set()
        for index, entry in enumerate(self.levels):
            if entry.level in numbers:
                raise invalid(f"duplicate level {entry.level}", "levels", index, "level")
            numbers.add(entry.level)
        missing = set(range(1, MAX_LEVEL + 1)) - numbers
        if missing:
            raise invalid(f"levels {sorted(missing)} are missing", "levels")
        return self


def _load_levels(folder: Path, sources: Mapping[str, Source]) -> dict[int, Level]:
    file = validate(load_toml(folder / "levels.toml"), LevelsFile, sources=sources)
    return {
        e.level: Level(
            e.level,
            e.name,
            e.partner_role,
            e.solo,
            e.sources,
            {lang: (w.name, w.partner_role) for lang, w in e.translations.items()},
        )
        for e in file.levels
    }


class TextWords(ContentModel):
    """A ``translations.<language>`` holding a text."""

    text: Text


class LadderStepEntry(ContentModel):
    """One ``[[steps]]`` entry of the soothing ladder."""

    key: Text
    text: Text
    sources: SourceKeys
    safety_step: Text | None = None
    translations: dict[str, TextWords] = {}


class LadderFile(ContentModel):
    """``content/activities/ladder.toml``."""

    version: Text
    steps: NonEmpty[LadderStepEntry]


def _load_ladder(folder: Path, sources: Mapping[str, Source]) -> tuple[LadderStep, ...]:
    file = validate(load_toml(folder / "ladder.toml"), LadderFile, sources=sources)
    return tuple(
        LadderStep(
            e.key,
            e.text,
            e.sources,
            e.safety_step,
            {lang: w.text for lang, w in e.translations.items()},
        )
        for e in file.steps
    )


def _activity_id(ident: str) -> str:
    if not ident.replace("-", "").isalnum() or ident != ident.lower():
        raise invalid(f"must be lowercase letters, digits and '-', got '{ident}'")
    return ident


def _family(family: str) -> str:
    if not family.replace("_", "").isalpha() or family != family.lower():
        raise invalid(f"must be lowercase letters and '_', got '{family}'")
    return family


def _age_range(ages: tuple[int, ...]) -> tuple[int, ...]:
    if len(ages) != 2 or not FIRST_WEEK <= ages[0] <= ages[1] <= LAST_WEEK:
        raise invalid(f"must be [from, to] within 0-52, got {list(ages)}")
    return ages


class ActivityWordsEntry(ContentModel):
    """An activity's ``translations.<language>``."""

    title: Text
    steps: NonEmpty[Text]
    why: Text
    if_crying: NonEmpty[Text]


class ActivityEntry(ContentModel):
    """One ``[[activities]]`` entry; its translations have as many steps as the English."""

    id: Annotated[Text, AfterValidator(_activity_id)]
    title: Text
    category: Annotated[Text, one_of(CATEGORIES)]
    family: Annotated[Text, AfterValidator(_family)]
    logs_as: Annotated[Text, one_of(LOG_KINDS)]
    level: LevelNumber
    minutes: Annotated[StrictInt, Field(ge=3, le=60)]
    age_weeks: Annotated[tuple[StrictInt, ...], AfterValidator(_age_range)]
    best_states: NonEmpty[Annotated[Text, one_of(BABY_STATES)]]
    steps: NonEmpty[Text]
    why: Text
    sources: SourceKeys
    if_crying: NonEmpty[Text]
    translations: dict[str, ActivityWordsEntry] = {}

    @model_validator(mode="after")
    def _as_many_steps_in_each_language(self) -> Self:
        for language, words in self.translations.items():
            for key, said, english in (
                ("steps", words.steps, self.steps),
                ("if_crying", words.if_crying, self.if_crying),
            ):
                if len(said) != len(english):
                    raise invalid(
                        f"has {len(said)} items, the English has {len(english)}",
                        "translations",
                        language,
                        key,
                    )
        return self

    def activity(self) -> Activity:
        """The activity this entry describes."""
        return Activity(
            id=self.id,
            title=self.title,
            category=self.category,
            family=self.family,
            logs_as=self.logs_as,
            level=self.level,
            minutes=self.minutes,
            age_min_weeks=self.age_weeks[0],
            age_max_weeks=self.age_weeks[1],
            best_states=self.best_states,
            steps=self.steps,
            why=self.why,
            sources=self.sources,
            if_crying=self.if_crying,
            translations={
                lang: ActivityWords(w.title, w.steps, w.why, w.if_crying)
                for lang, w in self.translations.items()
            },
        )


class ActivitiesFile(ContentModel):
    """A file of activities (``content/activities/*.toml`` but the registries)."""

    version: Text
    activities: NonEmpty[ActivityEntry]


def parse_activity(entry: Table, sources: Mapping[str, Source]) -> Activity:
    """Return one validated activity from its TOML table."""
    return validate(entry, ActivityEntry, sources=sources).activity()


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
        file = validate(doc, ActivitiesFile, sources=sources)
        versions[path.name] = file.version
        for index, entry in enumerate(file.activities):
            if entry.id in seen:
                raise doc.error(
                    f"activities[{index}].id",
                    f"duplicate id '{entry.id}' (also in {seen[entry.id]})",
                )
            seen[entry.id] = path.name
            activities.append(entry.activity())
    if not activities:
        raise ContentError(str(folder), "activities", "no activity files found")
    return Library(tuple(activities), levels, ladder, sources, versions)


class MessageWords(ContentModel):
    """A weekly message's ``translations.<language>``."""

    baby_now: Text
    connect: Text
    care: Text


class MessageEntry(ContentModel):
    """One ``[[messages]]`` entry: one week of age, one role."""

    week: Week
    role: Annotated[Text, one_of(ROLES)]
    baby_now: Text
    baby_now_sources: SourceKeys
    connect: Text
    connect_sources: SourceKeys
    care: Text
    care_sources: SourceKeys
    translations: dict[str, MessageWords] = {}


class MessagesFile(ContentModel):
    """``content/messages/weekly.toml``: every week 0-52 for both roles, each once."""

    version: Text
    messages: NonEmpty[MessageEntry]

    @model_validator(mode="after")
    def _every_week_once(self) -> Self:
        seen: set[tuple[int, str]] = set()
        for index, m in enumerate(self.messages):
            if (m.week, m.role) in seen:
                raise invalid(
                    f"duplicate message for week {m.week}, role {m.role}", "messages", index, "week"
                )
            seen.add((m.week, m.role))
        missing = [
            f"{week}/{role}"
            for week in range(FIRST_WEEK, LAST_WEEK + 1)
            for role in ROLES
            if (week, role) not in seen
        ]
        if missing:
            raise invalid(f"missing week/role: {', '.join(missing[:10])}", "messages")
        return self


def load_messages(
    folder: Path = MESSAGES_DIR, sources: Mapping[str, Source] | None = None
) -> Messages:
    """Return the weekly messages (``weekly.toml``): every week 0-52 for both roles.

    Raises ContentError for a missing or duplicate (week, role), an unknown source or any
    malformed field.
    """
    known = sources if sources is not None else load_sources()
    file = validate(load_toml(folder / "weekly.toml"), MessagesFile, sources=known)
    out = {
        (m.week, m.role): WeeklyMessage(
            m.week,
            m.role,
            m.baby_now,
            m.baby_now_sources,
            m.connect,
            m.connect_sources,
            m.care,
            m.care_sources,
            {lang: (w.baby_now, w.connect, w.care) for lang, w in m.translations.items()},
        )
        for m in file.messages
    }
    return Messages(file.version, out)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _check_by_language(words: Mapping[str, str], placeholders: frozenset[str], *at: str) -> None:
    """A ``{language = text}`` table: English required, only ``placeholders`` used."""
    if BASE_LANGUAGE not in words:
        raise invalid(f"needs an '{BASE_LANGUAGE}' text", *at)
    for language, text in words.items():
        try:
            used = _placeholders(text)
        except ValueError as exc:
            raise invalid(f"bad placeholder syntax: {exc}", *at, language) from exc
        unknown = used - placeholders
        if unknown:
            raise invalid(f"unknown placeholders {sorted(unknown)}", *at, language)


class PlanTextEntry(ContentModel):
    """One ``[[texts]]`` entry: a sentence by language, using its key's placeholders."""

    key: Annotated[Text, one_of(sorted(TEXT_FIELDS))]
    text: dict[str, Text]
    sources: SourceKeys | None = None

    @model_validator(mode="after")
    def _placeholders_are_known(self) -> Self:
        _check_by_language(self.text, TEXT_FIELDS[self.key], "text")
        return self


#: Words by code, each by language.
Terms = dict[str, dict[str, Text]]


class TermsEntry(ContentModel):
    """The ``[terms]`` table: the words used inside sentences, by kind (TERM_KINDS)."""

    band: Terms
    bands: Terms
    day_type: Terms
    family: Terms

    def by_kind(self) -> dict[str, dict[str, dict[str, str]]]:
        """The words by kind, in TERM_KINDS order."""
        return {kind: getattr(self, kind) for kind in TERM_KINDS}

    @model_validator(mode="after")
    def _every_code_in_english(self) -> Self:
        codes = {
            "band": {name for name, _, _ in BANDS},
            "bands": {name for name, _, _ in BANDS},
            "day_type": set(DAY_TYPES),
        }
        for kind, words in self.by_kind().items():
            for code, by_language in words.items():
                _check_by_language(by_language, frozenset(), kind, code)
            missing = codes.get(kind, set()) - set(words)
            if missing:
                raise invalid("is missing", kind, min(missing))
        return self


class PlanTextsFile(ContentModel):
    """``content/messages/planner.toml``: every key of TEXT_FIELDS once, and the terms."""

    version: Text
    terms: TermsEntry
    texts: NonEmpty[PlanTextEntry]

    @model_validator(mode="after")
    def _every_text_once(self) -> Self:
        keys: set[str] = set()
        for index, entry in enumerate(self.texts):
            if entry.key in keys:
                raise invalid(f"duplicate text '{entry.key}'", "texts", index, "key")
            keys.add(entry.key)
        missing = sorted(set(TEXT_FIELDS) - keys)
        if missing:
            raise invalid(f"missing texts: {', '.join(missing)}", "texts")
        return self


def load_plan_texts(
    folder: Path = MESSAGES_DIR, sources: Mapping[str, Source] | None = None
) -> PlanTexts:
    """Return the planner's sentences (``planner.toml``) by key and language, each checked
    to use only the placeholders in ``TEXT_FIELDS``; all keys of ``TEXT_FIELDS`` must be
    present, and the words used inside them (``terms``) for every time of day."""
    known = sources if sources is not None else load_sources()
    file = validate(load_toml(folder / "planner.toml"), PlanTextsFile, sources=known)
    texts = {entry.key: entry.text for entry in file.texts}
    cited = {entry.key: entry.sources or () for entry in file.texts}
    return PlanTexts(file.version, texts, file.terms.by_kind(), cited)


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

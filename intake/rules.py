"""Load and validate the intake phrase rules, lexicon and next steps.

Model: three data files in ``content/intake/``. ``lexicon.toml`` holds reading aids
(regular expressions for people, reporting frames, negation, past and present cues, clause
boundaries, reply detection) and ``{MACROS}`` shared by rules. ``rules.toml`` holds the
fixed concern labels (whose concern each can be) and the phrase rules that raise them.
``next_steps.toml`` maps found concerns to next steps. Every regular expression is
compiled at load time, so a broken pattern fails with the file and field named.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from content.loader import Table, base_language, content_path, load_toml
from intake.spelling import optional_apostrophes

CONCERN_LABELS: Final = (
    "bonding_difficulty",
    "crying_distress",
    "parent_depression_anxiety",
    "caregiver_frustration_anger",
    "care_load_imbalance",
    "relationship_strain",
    "work_time_pressure",
    "safety_risk_self",
    "safety_risk_baby",
    "rejection_of_baby",
)
SAFETY_QUESTION: Final = "safety_question"
PERSON_CLASSES: Final = ("writer", "partner", "baby", "other", "other_baby", "pronoun")
SEVERITIES: Final = ("low", "moderate", "high", "urgent")
SUBJECTS: Final = ("writer", "partner", "baby", "couple")
RULE_SUBJECTS: Final = (*SUBJECTS, "context", "speaker", "object")
PAST_MODES: Final = ("suppress", "keep")
_MACRO_RE: Final = re.compile(r"\{([A-Z]+)\}")
#: Placeholders a next step's English text may use (intake/engine.py fills them in).
PARTNER_PLACEHOLDERS: Final = ("partner", "Partner", "they", "They", "them", "their")
#: Placeholders a translated next step may use: the partner's name in that language.
TRANSLATED_PLACEHOLDERS: Final = ("partner", "Partner")
_FLAGS: Final = re.IGNORECASE


@dataclass(frozen=True)
class ConcernSpec:
    """A concern label, whose concern it can be, and whether it is a safety concern."""

    label: str
    subjects: tuple[str, ...]
    is_safety: bool


@dataclass(frozen=True)
class PhraseRule:
    """One rule: any of its patterns raises ``concern`` at ``severity``."""

    id: str
    concern: str
    severity: str
    subject: str
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool = True
    past: str = "suppress"
    tags: tuple[str, ...] = ()
    unless: re.Pattern[str] | None = None
    ask_only: bool = False
    object_is_baby: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Compiled reading aids from ``lexicon.toml``."""

    version: str
    reply_openers: tuple[re.Pattern[str], ...]
    reply_markers: tuple[re.Pattern[str], ...]
    min_markers_without_opener: int
    min_post_before_reply: int
    people: dict[str, re.Pattern[str]]
    reported_baby: re.Pattern[str]
    partner_he: re.Pattern[str]
    partner_she: re.Pattern[str]
    frame: re.Pattern[str]
    quote_pairs: tuple[tuple[str, str], ...]
    negation_window_words: int
    negation_cues: re.Pattern[str]
    pseudo_negation: re.Pattern[str]
    past: re.Pattern[str]
    remote_past: re.Pattern[str]
    present: re.Pattern[str]
    resolved: re.Pattern[str]
    joke: re.Pattern[str]
    clause_boundary: re.Pattern[str]


@dataclass(frozen=True)
class StepCondition:
    """When a next step applies to a found concern."""

    concern: str
    min_severity: str | None = None
    subjects: tuple[str, ...] = ()
    tags_any: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepWording:
    """A next step's templates in one language: ``text``, and ``text_partner`` for when the
    concern is about the partner (when the step has one)."""

    text: str
    text_partner: str | None = None


@dataclass(frozen=True)
class StepSpec:
    """A next step from ``next_steps.toml``."""

    key: str
    urgency: str
    priority: int
    when: StepCondition
    text: str
    source: str
    text_partner: str | None = None
    #: language ("es") -> the step's templates in it (``translations.<language>``).
    translations: Mapping[str, StepWording] = field(default_factory=dict)

    def template(self, about_partner: bool, language: str = "en") -> str:
        """The template for a concern about the partner (or not) in ``language`` ("es",
        "es-MX"); English when the step is not translated into it."""
        wording = self.translations.get(base_language(language))
        if wording is None:
            wording = StepWording(self.text, self.text_partner)
        if about_partner and wording.text_partner is not None:
            return wording.text_partner
        return wording.text


@dataclass(frozen=True)
class IntakeRules:
    """Everything the engine needs, validated."""

    lexicon: Lexicon
    concerns: dict[str, ConcernSpec]
    rules: tuple[PhraseRule, ...]
    urgencies: tuple[str, ...]
    steps: tuple[StepSpec, ...]
    version: str


def _compile(
    table: Table, key: str, pattern: str, macros: dict[str, str] | None = None
) -> re.Pattern[str]:
    expanded = pattern
    if macros is not None:
        for _ in range(5):  # macros may use other macros
            names = set(_MACRO_RE.findall(expanded))
            unknown = names - macros.keys()
            if unknown:
                raise table.error(key, f"unknown macro(s) {', '.join(sorted(unknown))}")
            if not names:
                break
            expanded = _MACRO_RE.sub(lambda m: macros[m.group(1)], expanded)
    try:
        return re.compile(optional_apostrophes(expanded), _FLAGS)
    except re.error as exc:
        raise table.error(key, f"invalid regular expression: {exc}") from exc


def parse_lexicon(doc: Table) -> tuple[Lexicon, dict[str, str]]:
    """Validate ``lexicon.toml``; return the lexicon and its raw macros.

    Long on purpose: one line per section and field of the file, in the file's order, so
    the check reads beside the file it checks."""
    doc.check_keys(
        {"version", "macros", "replies", "people", "speech", "negation", "time", "clauses"}
        | {"tone"}
    )
    macros = doc.get_str_map("macros")
    macro_table = doc.get_table("macros")
    assert macro_table is not None
    for name, value in macros.items():
        _compile(macro_table, name, value, macros)
    replies = doc.get_table("replies")
    people = doc.get_table("people")
    speech = doc.get_table("speech")
    negation = doc.get_table("negation")
    time = doc.get_table("time")
    clauses = doc.get_table("clauses")
    tone = doc.get_table("tone")
    assert replies and people and speech and negation and time and clauses and tone
    tone.check_keys({"joke"})
    replies.check_keys(
        {"openers", "markers", "min_markers_without_opener", "min_post_before_reply"}
    )
    people.check_keys(
        {"writer", "partner", "baby", "other", "other_baby", "reported_baby", "pronoun"}
        | {"partner_he", "partner_she"}
    )
    speech.check_keys({"frame", "quote_pairs"})
    negation.check_keys({"window_words", "cues", "pseudo"})
    time.check_keys({"past", "remote", "present", "resolved"})
    clauses.check_keys({"boundary"})
    frame = _compile(speech, "frame", speech.get_str("frame"))
    if "who" not in frame.groupindex:
        raise speech.error("frame", "needs a named group (?P<who>…)")
    pairs = []
    for index, pair in enumerate(speech.get_str_list("quote_pairs", non_empty=True)):
        if len(pair) not in (1, 2):
            raise speech.error(
                f"quote_pairs[{index}]", "one character, or an opening and closing pair"
            )
        pairs.append((pair[0], pair[-1]))
    lexicon = Lexicon(
        version=doc.get_str("version"),
        reply_openers=tuple(
            _compile(replies, "openers", p) for p in replies.get_str_list("openers", non_empty=True)
        ),
        reply_markers=tuple(
            _compile(replies, "markers", p) for p in replies.get_str_list("markers", non_empty=True)
        ),
        min_markers_without_opener=replies.get_int("min_markers_without_opener", minimum=1),
        min_post_before_reply=replies.get_int("min_post_before_reply", minimum=0),
        people={name: _compile(people, name, people.get_str(name)) for name in PERSON_CLASSES},
        reported_baby=_compile(people, "reported_baby", people.get_str("reported_baby")),
        partner_he=_compile(people, "partner_he", people.get_str("partner_he")),
        partner_she=_compile(people, "partner_she", people.get_str("partner_she")),
        frame=frame,
        quote_pairs=tuple(pairs),
        negation_window_words=negation.get_int("window_words", minimum=1),
        negation_cues=_compile(negation, "cues", negation.get_str("cues")),
        pseudo_negation=_compile(negation, "pseudo", negation.get_str("pseudo")),
        past=_compile(time, "past", time.get_str("past")),
        remote_past=_compile(time, "remote", time.get_str("remote")),
        present=_compile(time, "present", time.get_str("present")),
        resolved=_compile(time, "resolved", time.get_str("resolved")),
        joke=_compile(tone, "joke", tone.get_str("joke")),
        clause_boundary=_compile(clauses, "boundary", clauses.get_str("boundary")),
    )
    return lexicon, macros


def parse_rules(
    doc: Table, macros: dict[str, str]
) -> tuple[dict[str, ConcernSpec], tuple[PhraseRule, ...]]:
    """Validate ``rules.toml`` (patterns compiled with the lexicon's macros).

    Long on purpose: the concerns, then each rule field by field in the file's order, so the
    check reads beside the file it checks."""
    doc.check_keys({"version", "concerns", "rules"})
    concerns_table = doc.get_table("concerns")
    assert concerns_table is not None
    concerns: dict[str, ConcernSpec] = {}
    for label in concerns_table.data:
        if label not in CONCERN_LABELS:
            raise concerns_table.error(
                label, f"not one of the fixed labels: {', '.join(CONCERN_LABELS)}"
            )
        spec = concerns_table.get_table(label)
        assert spec is not None
        spec.check_keys({"subjects", "safety"})
        subjects = spec.get_str_list("subjects", non_empty=True)
        for s in subjects:
            if s not in SUBJECTS:
                raise spec.error("subjects", f"unknown subject '{s}'")
        concerns[label] = ConcernSpec(label, subjects, spec.get_bool("safety", False))
    missing = set(CONCERN_LABELS) - concerns.keys()
    if missing:
        raise doc.error("concerns", f"missing label(s): {', '.join(sorted(missing))}")
    rules: list[PhraseRule] = []
    seen: set[str] = set()
    for r in doc.get_tables("rules"):
        r.check_keys(
            {
                "id",
                "concern",
                "severity",
                "subject",
                "patterns",
                "negatable",
                "past",
                "tags",
                "unless",
            }
            | {"ask_only", "object_is_baby"}
        )
        rule_id = r.get_str("id")
        if rule_id in seen:
            raise r.error("id", f"duplicate rule id '{rule_id}'")
        seen.add(rule_id)
        unless = r.get_optional_str("unless")
        rules.append(
            PhraseRule(
                id=rule_id,
                concern=r.get_choice("concern", CONCERN_LABELS),
                severity=r.get_choice("severity", SEVERITIES),
                subject=r.get_choice("subject", RULE_SUBJECTS),
                patterns=tuple(
                    _compile(r, f"patterns[{i}]", p, macros)
                    for i, p in enumerate(r.get_str_list("patterns", non_empty=True))
                ),
                negatable=r.get_bool("negatable", True),
                past=r.get_choice("past", PAST_MODES, "suppress"),
                tags=r.get_str_list("tags", ()),
                unless=_compile(r, "unless", unless, macros) if unless else None,
                ask_only=r.get_bool("ask_only", False),
                object_is_baby=r.get_bool("object_is_baby", False),
            )
        )
    return concerns, tuple(rules)


def _braced(names: Iterable[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names))


def _template(table: Table, key: str, allowed: tuple[str, ...]) -> str:
    """``table[key]``, a text whose ``{placeholders}`` must all be in ``allowed``."""
    text = table.get_str(key)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise table.error(key, f"broken placeholder: {exc}") from exc
    unknown = names - set(allowed)
    if unknown:
        raise table.error(
            key,
            f"unknown placeholder(s) {_braced(unknown)} (allowed: {_braced(allowed)})",
        )
    return text


def _step_translations(s: Table, has_partner_text: bool) -> dict[str, StepWording]:
    """A step's ``translations``: each language needs ``text``, and ``text_partner`` exactly
    when the English has one; only the partner's name as placeholders."""
    out: dict[str, StepWording] = {}
    for language, words in s.get_translations({"text", "text_partner"}).items():
        if language != base_language(language):
            raise s.error(f"translations.{language}", "use a plain language code such as 'es'")
        if has_partner_text and not words.has("text_partner"):
            raise words.error("text_partner", "is required because the step has text_partner")
        if not has_partner_text and words.has("text_partner"):
            raise words.error("text_partner", "the step has no English text_partner")
        out[language] = StepWording(
            text=_template(words, "text", TRANSLATED_PLACEHOLDERS),
            text_partner=(
                _template(words, "text_partner", TRANSLATED_PLACEHOLDERS)
                if has_partner_text
                else None
            ),
        )
    return out


def _check_step_languages(tables: tuple[Table, ...], steps: list[StepSpec]) -> None:
    """Every step is translated into the same languages (no half-translated page)."""
    languages = {language for step in steps for language in step.translations}
    for table, step in zip(tables, steps, strict=True):
        missing = languages - step.translations.keys()
        if missing:
            raise table.error(
                "translations",
                f"missing language(s) {', '.join(sorted(missing))} (other steps have them)",
            )


def parse_next_steps(doc: Table) -> tuple[tuple[str, ...], tuple[StepSpec, ...]]:
    """Validate ``next_steps.toml``."""
    doc.check_keys({"version", "urgencies", "steps"})
    urgencies = doc.get_str_list("urgencies", non_empty=True)
    steps = []
    tables = doc.get_tables("steps")
    for s in tables:
        s.check_keys(
            {"key", "urgency", "priority", "when", "text", "text_partner", "source"}
            | {"translations"}
        )
        when = s.get_table("when")
        assert when is not None
        when.check_keys({"concern", "min_severity", "subjects", "tags_any"})
        subjects = when.get_str_list("subjects", ())
        for subject in subjects:
            if subject not in SUBJECTS:
                raise when.error("subjects", f"unknown subject '{subject}'")
        min_severity = when.get_optional_str("min_severity")
        if min_severity is not None and min_severity not in SEVERITIES:
            raise when.error("min_severity", f"must be one of {', '.join(SEVERITIES)}")
        text_partner = (
            _template(s, "text_partner", PARTNER_PLACEHOLDERS) if s.has("text_partner") else None
        )
        steps.append(
            StepSpec(
                key=s.get_str("key"),
                urgency=s.get_choice("urgency", urgencies),
                priority=s.get_int("priority", minimum=0),
                when=StepCondition(
                    concern=when.get_choice("concern", (*CONCERN_LABELS, SAFETY_QUESTION)),
                    min_severity=min_severity,
                    subjects=subjects,
                    tags_any=when.get_str_list("tags_any", ()),
                ),
                text=_template(s, "text", PARTNER_PLACEHOLDERS),
                source=s.get_str("source"),
                text_partner=text_partner,
                translations=_step_translations(s, text_partner is not None),
            )
        )
    _check_step_languages(tables, steps)
    return urgencies, tuple(steps)


def build_rules(lexicon_doc: Table, rules_doc: Table, steps_doc: Table) -> IntakeRules:
    """Validate the three parsed intake files together."""
    lexicon, macros = parse_lexicon(lexicon_doc)
    concerns, rules = parse_rules(rules_doc, macros)
    urgencies, steps = parse_next_steps(steps_doc)
    version = "+".join(
        (lexicon.version, rules_doc.get_str("version"), steps_doc.get_str("version"))
    )
    return IntakeRules(lexicon, concerns, rules, urgencies, steps, version)


@cache
def load_intake_rules() -> IntakeRules:
    """Return the built-in intake rules from ``content/intake``."""
    return build_rules(
        load_toml(content_path("intake", "lexicon.toml")),
        load_toml(content_path("intake", "rules.toml")),
        load_toml(content_path("intake", "next_steps.toml")),
    )

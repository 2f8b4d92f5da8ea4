"""Load and validate the intake phrase rules, lexicon and next steps.

Model: three data files in ``content/intake/``. ``lexicon.toml`` holds reading aids
(regular expressions for people, reporting frames, negation, past and present cues, clause
boundaries, reply detection) and ``{MACROS}`` shared by rules. ``rules.toml`` holds the
fixed concern labels (whose concern each can be) and the phrase rules that raise them.
``next_steps.toml`` maps found concerns to next steps. Each file has a pydantic model of
its exact shape (``content.loader.ContentModel``); every regular expression is compiled
while the file is validated, so a broken pattern fails with the file and field named
(``rules[18].patterns[9]``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Final, Self

from pydantic import (
    AfterValidator,
    Field,
    GetPydanticSchema,
    StrictBool,
    StrictInt,
    ValidationInfo,
    model_validator,
)
from pydantic_core import core_schema

from content.loader import (
    ContentModel,
    NonEmpty,
    Table,
    Text,
    base_language,
    content_path,
    context,
    invalid,
    load_toml,
    one_of,
    validate,
)
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


# --- loading ---------------------------------------------------------------------------


def _compile(pattern: str, macros: Mapping[str, str] | None, *at: str) -> re.Pattern[str]:
    """``pattern`` with its ``{MACROS}`` expanded (when ``macros`` is given) and the
    contractions' apostrophes made optional, compiled; ``at`` names it in an error."""
    expanded = pattern
    if macros is not None:
        for _ in range(5):  # macros may use other macros
            names = set(_MACRO_RE.findall(expanded))
            unknown = names - macros.keys()
            if unknown:
                raise invalid(f"unknown macro(s) {', '.join(sorted(unknown))}", *at)
            if not names:
                break
            expanded = _MACRO_RE.sub(lambda m: macros[m.group(1)], expanded)
    try:
        return re.compile(optional_apostrophes(expanded), _FLAGS)
    except re.error as exc:
        raise invalid(f"invalid regular expression: {exc}", *at) from exc


def _compiled_text(compile_text: core_schema.WithInfoValidatorFunction) -> GetPydanticSchema:
    """Validate a field as :data:`Text`, then make it a pattern with ``compile_text``.

    (An AfterValidator on Text would do the same, but the field's type would still say str.)
    """
    return GetPydanticSchema(
        lambda _, handler: core_schema.with_info_after_validator_function(
            compile_text, handler.generate_schema(Text)
        )
    )


def _plain(pattern: str, _: ValidationInfo) -> re.Pattern[str]:
    return _compile(pattern, None)


def _with_macros(pattern: str, info: ValidationInfo) -> re.Pattern[str]:
    return _compile(pattern, context(info, "macros"))


#: A regular expression of ``lexicon.toml``, compiled.
Regex = Annotated[re.Pattern[str], _compiled_text(_plain)]
#: A rule's regular expression, compiled with the lexicon's macros
#: (``validate(…, macros=…)``).
RuleRegex = Annotated[re.Pattern[str], _compiled_text(_with_macros)]


def _macros(macros: dict[str, str]) -> dict[str, str]:
    for name, pattern in macros.items():
        _compile(pattern, macros, name)
    return macros


def _names_the_speaker(frame: re.Pattern[str]) -> re.Pattern[str]:
    if "who" not in frame.groupindex:
        raise invalid("needs a named group (?P<who>…)")
    return frame


def _quote_pair(pair: str) -> str:
    if len(pair) not in (1, 2):
        raise invalid("one character, or an opening and closing pair")
    return pair


class RepliesEntry(ContentModel):
    """``[replies]``: how a post shows it answers someone else's."""

    openers: NonEmpty[Regex]
    markers: NonEmpty[Regex]
    min_markers_without_opener: Annotated[StrictInt, Field(ge=1)]
    min_post_before_reply: Annotated[StrictInt, Field(ge=0)]


class PeopleEntry(ContentModel):
    """``[people]``: who a phrase is about (:data:`PERSON_CLASSES` and the rest)."""

    writer: Regex
    partner: Regex
    baby: Regex
    other: Regex
    other_baby: Regex
    pronoun: Regex
    reported_baby: Regex
    partner_he: Regex
    partner_she: Regex


class SpeechEntry(ContentModel):
    """``[speech]``: reported speech (the frame names the speaker as ``who``) and quotes
    (one character, or an opening and a closing one)."""

    frame: Annotated[Regex, AfterValidator(_names_the_speaker)]
    quote_pairs: NonEmpty[Annotated[Text, AfterValidator(_quote_pair)]]


class NegationEntry(ContentModel):
    """``[negation]``."""

    window_words: Annotated[StrictInt, Field(ge=1)]
    cues: Regex
    pseudo: Regex


class TimeEntry(ContentModel):
    """``[time]``."""

    past: Regex
    remote: Regex
    present: Regex
    resolved: Regex


class ClausesEntry(ContentModel):
    """``[clauses]``."""

    boundary: Regex


class ToneEntry(ContentModel):
    """``[tone]``."""

    joke: Regex


class LexiconFile(ContentModel):
    """``content/intake/lexicon.toml``: each macro must compile with the others."""

    version: Text
    macros: Annotated[dict[str, Text], AfterValidator(_macros)]
    replies: RepliesEntry
    people: PeopleEntry
    speech: SpeechEntry
    negation: NegationEntry
    time: TimeEntry
    clauses: ClausesEntry
    tone: ToneEntry

    def lexicon(self) -> Lexicon:
        """The reading aids, as the engine reads them."""
        people = self.people
        return Lexicon(
            version=self.version,
            reply_openers=self.replies.openers,
            reply_markers=self.replies.markers,
            min_markers_without_opener=self.replies.min_markers_without_opener,
            min_post_before_reply=self.replies.min_post_before_reply,
            people={name: getattr(people, name) for name in PERSON_CLASSES},
            reported_baby=people.reported_baby,
            partner_he=people.partner_he,
            partner_she=people.partner_she,
            frame=self.speech.frame,
            quote_pairs=tuple((pair[0], pair[-1]) for pair in self.speech.quote_pairs),
            negation_window_words=self.negation.window_words,
            negation_cues=self.negation.cues,
            pseudo_negation=self.negation.pseudo,
            past=self.time.past,
            remote_past=self.time.remote,
            present=self.time.present,
            resolved=self.time.resolved,
            joke=self.tone.joke,
            clause_boundary=self.clauses.boundary,
        )


def parse_lexicon(doc: Table) -> tuple[Lexicon, dict[str, str]]:
    """Validate ``lexicon.toml``; return the lexicon and its raw macros."""
    file = validate(doc, LexiconFile)
    return file.lexicon(), file.macros


def _known_subjects(subjects: tuple[str, ...]) -> tuple[str, ...]:
    for subject in subjects:
        if subject not in SUBJECTS:
            raise invalid(f"unknown subject '{subject}'")
    return subjects


#: Whose concern something can be (each one of :data:`SUBJECTS`).
Subjects = Annotated[tuple[Text, ...], AfterValidator(_known_subjects)]


def _fixed_label(label: str) -> str:
    if label not in CONCERN_LABELS:
        raise invalid(f"not one of the fixed labels: {', '.join(CONCERN_LABELS)}")
    return label


class ConcernEntry(ContentModel):
    """One ``[concerns.<label>]`` table."""

    subjects: Annotated[Subjects, Field(min_length=1)]
    safety: StrictBool = False


class RuleEntry(ContentModel):
    """One ``[[rules]]`` entry."""

    id: Text
    concern: Annotated[Text, one_of(CONCERN_LABELS)]
    severity: Annotated[Text, one_of(SEVERITIES)]
    subject: Annotated[Text, one_of(RULE_SUBJECTS)]
    patterns: NonEmpty[RuleRegex]
    negatable: StrictBool = True
    past: Annotated[Text, one_of(PAST_MODES)] = "suppress"
    tags: tuple[Text, ...] = ()
    unless: RuleRegex | None = None
    ask_only: StrictBool = False
    object_is_baby: StrictBool = False

    def rule(self) -> PhraseRule:
        """The rule, as the engine reads it."""
        return PhraseRule(
            id=self.id,
            concern=self.concern,
            severity=self.severity,
            subject=self.subject,
            patterns=self.patterns,
            negatable=self.negatable,
            past=self.past,
            tags=self.tags,
            unless=self.unless,
            ask_only=self.ask_only,
            object_is_baby=self.object_is_baby,
        )


class RulesFile(ContentModel):
    """``content/intake/rules.toml`` (``validate(…, macros=…)``: the lexicon's): every fixed
    label once, rule ids unique."""

    version: Text
    concerns: dict[Annotated[str, AfterValidator(_fixed_label)], ConcernEntry]
    rules: NonEmpty[RuleEntry]

    @model_validator(mode="after")
    def _checks(self) -> Self:
        missing = set(CONCERN_LABELS) - self.concerns.keys()
        if missing:
            raise invalid(f"missing label(s): {', '.join(sorted(missing))}", "concerns")
        seen: set[str] = set()
        for index, rule in enumerate(self.rules):
            if rule.id in seen:
                raise invalid(f"duplicate rule id '{rule.id}'", "rules", index, "id")
            seen.add(rule.id)
        return self

    def specs(self) -> tuple[dict[str, ConcernSpec], tuple[PhraseRule, ...]]:
        """The concerns (in the file's order) and the rules."""
        concerns = {
            label: ConcernSpec(label, spec.subjects, spec.safety)
            for label, spec in self.concerns.items()
        }
        return concerns, tuple(r.rule() for r in self.rules)


def parse_rules(
    doc: Table, macros: dict[str, str]
) -> tuple[dict[str, ConcernSpec], tuple[PhraseRule, ...]]:
    """Validate ``rules.toml`` (patterns compiled with the lexicon's macros)."""
    return validate(doc, RulesFile, macros=macros).specs()


def _braced(names: Iterable[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names))


def _placeholders(allowed: tuple[str, ...]) -> AfterValidator:
    """A validator for a text whose ``{placeholders}`` must all be in ``allowed``."""

    def check(text: str) -> str:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as exc:
            raise invalid(f"broken placeholder: {exc}") from exc
        unknown = names - set(allowed)
        if unknown:
            raise invalid(
                f"unknown placeholder(s) {_braced(unknown)} (allowed: {_braced(allowed)})"
            )
        return text

    return AfterValidator(check)


#: A next step's English wording (the partner's name and pronouns as placeholders).
Template = Annotated[Text, _placeholders(PARTNER_PLACEHOLDERS)]
#: A next step's wording in another language (only the partner's name as a placeholder).
TranslatedTemplate = Annotated[Text, _placeholders(TRANSLATED_PLACEHOLDERS)]


def _plain_language(language: str) -> str:
    if language != base_language(language):
        raise invalid("use a plain language code such as 'es'")
    return language


class WhenEntry(ContentModel):
    """A step's ``when``: the concern it answers, and how serious, whose and which."""

    concern: Annotated[Text, one_of((*CONCERN_LABELS, SAFETY_QUESTION))]
    min_severity: Annotated[Text, one_of(SEVERITIES)] | None = None
    subjects: Subjects = ()
    tags_any: tuple[Text, ...] = ()


class StepWords(ContentModel):
    """A step's ``translations.<language>``."""

    text: TranslatedTemplate
    text_partner: TranslatedTemplate | None = None


class StepEntry(ContentModel):
    """One ``[[steps]]`` entry: each translation has ``text_partner`` exactly when the
    English has."""

    key: Text
    urgency: Text
    priority: Annotated[StrictInt, Field(ge=0)]
    when: WhenEntry
    text: Template
    text_partner: Template | None = None
    source: Text
    translations: dict[Annotated[str, AfterValidator(_plain_language)], StepWords] = {}

    @model_validator(mode="after")
    def _partner_text_in_each_language(self) -> Self:
        for language, words in self.translations.items():
            at = ("translations", language, "text_partner")
            if self.text_partner is not None and words.text_partner is None:
                raise invalid("is required because the step has text_partner", *at)
            if self.text_partner is None and words.text_partner is not None:
                raise invalid("the step has no English text_partner", *at)
        return self

    def step(self) -> StepSpec:
        """The step, as the engine reads it."""
        when = self.when
        return StepSpec(
            key=self.key,
            urgency=self.urgency,
            priority=self.priority,
            when=StepCondition(when.concern, when.min_severity, when.subjects, when.tags_any),
            text=self.text,
            source=self.source,
            text_partner=self.text_partner,
            translations={
                language: StepWording(words.text, words.text_partner)
                for language, words in self.translations.items()
            },
        )


class NextStepsFile(ContentModel):
    """``content/intake/next_steps.toml``: each step's urgency is one of ``urgencies``, and
    every step is translated into the same languages (no half-translated page)."""

    version: Text
    urgencies: NonEmpty[Text]
    steps: NonEmpty[StepEntry]

    @model_validator(mode="after")
    def _checks(self) -> Self:
        for index, step in enumerate(self.steps):
            if step.urgency not in self.urgencies:
                raise invalid(
                    f"must be one of {', '.join(self.urgencies)}, got '{step.urgency}'",
                    "steps",
                    index,
                    "urgency",
                )
        languages = {language for step in self.steps for language in step.translations}
        for index, step in enumerate(self.steps):
            missing = languages - step.translations.keys()
            if missing:
                raise invalid(
                    f"missing language(s) {', '.join(sorted(missing))} (other steps have them)",
                    "steps",
                    index,
                    "translations",
                )
        return self

    def specs(self) -> tuple[tuple[str, ...], tuple[StepSpec, ...]]:
        """The urgencies and the steps."""
        return self.urgencies, tuple(s.step() for s in self.steps)


def parse_next_steps(doc: Table) -> tuple[tuple[str, ...], tuple[StepSpec, ...]]:
    """Validate ``next_steps.toml``."""
    return validate(doc, NextStepsFile).specs()


def build_rules(lexicon_doc: Table, rules_doc: Table, steps_doc: Table) -> IntakeRules:
    """Validate the three parsed intake files together."""
    lexicon_file = validate(lexicon_doc, LexiconFile)
    rules_file = validate(rules_doc, RulesFile, macros=lexicon_file.macros)
    steps_file = validate(steps_doc, NextStepsFile)
    concerns, rules = rules_file.specs()
    urgencies, steps = steps_file.specs()
    version = "+".join((lexicon_file.version, rules_file.version, steps_file.version))
    return IntakeRules(lexicon_file.lexicon(), concerns, rules, urgencies, steps, version)


@cache
def load_intake_rules() -> IntakeRules:
    """Return the built-in intake rules from ``content/intake``."""
    return build_rules(
        load_toml(content_path("intake", "lexicon.toml")),
        load_toml(content_path("intake", "rules.toml")),
        load_toml(content_path("intake", "next_steps.toml")),
    )

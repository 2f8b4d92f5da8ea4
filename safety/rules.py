"""Safety escalation as a pure, data-driven decision.

Model: what we know about a parent right now is a flat set of *signals* — a check-in
result (instrument, total, positive or not, a self-harm item answered above zero), the
previous total, weeks on treatment, what they said about thoughts of harm, a 0–10
frustration rating after crying, and how often they hit their limit this week. The rules in
``content/safety/rules.toml`` are conditions over those signals, each with an escalation
tier (1 emergency now … 4 routine, from red-flags-and-help.md), a message in our own words
and a source. :func:`safety_decision` fires every rule whose conditions hold and combines
them: the most urgent tier wins, a "safety" screen is shown before any score, a
"crying_plan" screen opens the step-by-step plan from ``content/safety/crying_plan.toml``.

Nothing here decides for a person or diagnoses; it chooses what Nestling shows and in
which order. Code holds no advice text.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Annotated, Any, Final, Literal, Self, TypedDict, get_args

from pydantic import AfterValidator, Field, StrictBool, StrictInt, model_validator

from content.loader import (
    Cites,
    ContentModel,
    NonEmpty,
    Source,
    Sources,
    Table,
    Text,
    base_language,
    content_path,
    invalid,
    load_sources,
    load_toml,
    one_of,
    validate,
)
from scoring.instruments import ScoreResult

TIERS: Final = (1, 2, 3, 4)
SCREENS: Final = ("safety", "crying_plan")
HELP_KINDS: Final = ("emergency", "crisis", "perinatal", "support")
OPS: Final = ("==", "!=", ">=", ">", "<=", "<", "in")
PLACEHOLDERS: Final = {"short_name", "total", "cutoff", "improvement_points", "on_treatment_weeks"}


@dataclass(frozen=True)
class SafetySignals:
    """Everything the safety rules may look at; ``None`` means "not known"."""

    instrument: str | None = None
    short_name: str | None = None
    total: int | None = None
    cutoff: int | None = None
    is_positive: bool | None = None
    secondary_cutoff_reached: bool | None = None
    self_harm_item_positive: bool = False
    previous_total: int | None = None
    moved_to_lower_band: bool | None = None
    on_treatment_weeks: int | None = None
    reports_treatment_not_helping: bool = False
    self_harm_intent_or_plan: bool = False
    passive_death_wish: bool = False
    harm_to_baby_endorsed: bool = False
    harm_thoughts_unwanted: bool = False
    harm_thoughts_severe_distress: bool = False
    baby_harmed_or_unwell: bool = False
    psychosis: bool = False
    has_means: bool = False
    not_safe_now: bool = False
    lost_control: bool = False
    thoughts_in_past: bool = False
    partner_self_harm_intent_or_plan: bool = False
    partner_passive_death_wish: bool = False
    partner_harm_thoughts: bool = False
    partner_harm_to_baby: bool = False
    partner_psychosis: bool = False
    partner_has_means: bool = False
    frustration_rating: int | None = None
    high_frustration_days_7d: int = 0
    at_limit_events_7d: int = 0

    @property
    def improvement_points(self) -> int | None:
        """Previous total minus this total (positive = better), or None without both."""
        if self.previous_total is None or self.total is None:
            return None
        return self.previous_total - self.total

    def value(self, name: str) -> object:
        """Return a signal (or derived signal) by name."""
        if name == "improvement_points":
            return self.improvement_points
        return getattr(self, name)


def _signal_types() -> dict[str, type]:
    types: dict[str, type] = {"improvement_points": int}
    for f in fields(SafetySignals):
        annotation = str(f.type)
        types[f.name] = bool if "bool" in annotation else int if "int" in annotation else str
    return types


SIGNAL_TYPES: Final = _signal_types()

# The yes/no SafetySignals fields (those SIGNAL_TYPES maps to bool), spelled out so that a
# screen's answers are a typed ScreenSignals; test_safety checks these lists agree.
ScreenSignal = Literal[
    "is_positive",
    "secondary_cutoff_reached",
    "self_harm_item_positive",
    "moved_to_lower_band",
    "reports_treatment_not_helping",
    "self_harm_intent_or_plan",
    "passive_death_wish",
    "harm_to_baby_endorsed",
    "harm_thoughts_unwanted",
    "harm_thoughts_severe_distress",
    "baby_harmed_or_unwell",
    "psychosis",
    "has_means",
    "not_safe_now",
    "lost_control",
    "thoughts_in_past",
    "partner_self_harm_intent_or_plan",
    "partner_passive_death_wish",
    "partner_harm_thoughts",
    "partner_harm_to_baby",
    "partner_psychosis",
    "partner_has_means",
]
SCREEN_SIGNALS: Final[frozenset[str]] = frozenset(get_args(ScreenSignal))


class ScreenSignals(TypedDict, total=False):
    """Yes/no signals set by safety-screen answers; ``SafetySignals(**signals)`` is typed."""

    is_positive: bool
    secondary_cutoff_reached: bool
    self_harm_item_positive: bool
    moved_to_lower_band: bool
    reports_treatment_not_helping: bool
    self_harm_intent_or_plan: bool
    passive_death_wish: bool
    harm_to_baby_endorsed: bool
    harm_thoughts_unwanted: bool
    harm_thoughts_severe_distress: bool
    baby_harmed_or_unwell: bool
    psychosis: bool
    has_means: bool
    not_safe_now: bool
    lost_control: bool
    thoughts_in_past: bool
    partner_self_harm_intent_or_plan: bool
    partner_passive_death_wish: bool
    partner_harm_thoughts: bool
    partner_harm_to_baby: bool
    partner_psychosis: bool
    partner_has_means: bool


def signals_from_result(
    result: ScoreResult,
    previous: ScoreResult | None = None,
    **extra: object,
) -> SafetySignals:
    """Build signals from a scored check-in (and the same instrument's previous result).

    ``extra`` sets any other signal, e.g. ``on_treatment_weeks=6``. A previous result from
    another instrument is ignored (totals are not comparable across instruments).
    """
    if previous is not None and previous.instrument_key != result.instrument_key:
        previous = None
    values: dict[str, object] = {
        "instrument": result.instrument_key,
        "short_name": result.short_name,
        "total": result.total,
        "cutoff": result.cutoff.min_total,
        "is_positive": result.is_positive,
        "secondary_cutoff_reached": any(not c.is_primary for c in result.cutoffs_reached),
        "self_harm_item_positive": result.self_harm_item_positive,
    }
    if previous is not None:
        values["previous_total"] = previous.total
        values["moved_to_lower_band"] = result.band.min_total < previous.band.min_total
    values.update(extra)
    return SafetySignals(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Condition:
    """``signal op value``; a condition on an unknown (None) signal never holds."""

    signal: str
    op: str
    value: object

    def holds(self, signals: SafetySignals) -> bool:
        """Return True when the condition holds for ``signals``."""
        actual = signals.value(self.signal)
        if actual is None:
            return False
        match self.op:
            case "==":
                return actual == self.value
            case "!=":
                return actual != self.value
            case "in":
                return actual in self.value  # type: ignore[operator]
        assert isinstance(actual, int) and isinstance(self.value, int)
        match self.op:
            case ">=":
                return actual >= self.value
            case ">":
                return actual > self.value
            case "<=":
                return actual <= self.value
            case _:
                return actual < self.value


@dataclass(frozen=True)
class Rule:
    """One escalation rule from ``rules.toml``."""

    id: str
    tier: int
    when: tuple[Condition, ...]
    message: str
    source: str
    screen: str | None = None
    help: tuple[str, ...] = ()
    offer_tell_partner: bool = False
    follow_up_days: int | None = None
    say: tuple[str, ...] = ()
    #: language -> (message, say) in it (``translations.<language>``).
    translations: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSet:
    """The validated rules file."""

    version: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class CryingPlanStep:
    """One step of the crying plan; ``action`` tells the UI which button to offer.

    ``source`` is the maintainers' note; ``cites`` are what parents see (empty: our words).
    """

    key: str
    title: str
    text: str
    action: str
    source: str
    cites: tuple[Source, ...] = ()
    #: language -> (title, text) in it (``translations.<language>``).
    translations: Mapping[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CryingPlan:
    """The step-by-step "I'm at my limit" plan (safety.md §2).

    ``first_screen`` names the leading steps shown together on the first screen; the other
    numbered steps come one a screen. The ``always_visible`` step is on every screen.
    """

    version: str
    title: str
    always_visible: str
    steps: tuple[CryingPlanStep, ...]
    first_screen: tuple[str, ...] = ()
    #: language -> the plan's title in it; every step has the same languages.
    translations: Mapping[str, str] = field(default_factory=dict)

    def in_language(self, language: str) -> CryingPlan:
        """The plan with its title and steps in ``language`` (as written, when the plan is
        not translated into it): the same steps, actions and sources."""
        base = base_language(language)
        if base not in self.translations:
            return self
        steps = tuple(
            replace(s, title=s.translations[base][0], text=s.translations[base][1])
            for s in self.steps
        )
        return replace(self, title=self.translations[base], steps=steps)

    @property
    def always(self) -> CryingPlanStep:
        """Return the step shown on every screen (the emergency branch)."""
        return next(s for s in self.steps if s.key == self.always_visible)

    @property
    def numbered(self) -> tuple[CryingPlanStep, ...]:
        """Return the steps a parent goes through, in order (all but the always-visible one)."""
        return tuple(s for s in self.steps if s.key != self.always_visible)


@dataclass(frozen=True)
class FiredRule:
    """A rule that fired, with its text filled in from ``values`` (the signals its
    placeholders name)."""

    id: str
    tier: int
    message: str
    say: tuple[str, ...]
    source: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SafetyDecision:
    """What to show, most urgent first.

    ``tier`` is the most urgent fired tier (4 when nothing fired). When
    ``show_safety_screen_first`` is True the safety screen comes before any score and is
    never hidden behind a button or delay; ``help_kinds`` lists help-directory kinds in the
    order to show them; ``crying_plan`` is set when the plan should open.
    """

    tier: int
    show_safety_screen_first: bool
    help_kinds: tuple[str, ...]
    offer_tell_partner: bool
    follow_up_days: int | None
    fired: tuple[FiredRule, ...]
    crying_plan: CryingPlan | None
    rules_version: str

    def in_language(self, language: str, rules: RuleSet | None = None) -> SafetyDecision:
        """The same decision with the messages, the lines to say and the crying plan in
        ``language`` where the rules are translated into it (as written, where not)."""
        base = base_language(language)
        by_id = {r.id: r for r in (rules or load_rules()).rules}
        fired = []
        for f in self.fired:
            rule = by_id.get(f.id)
            words = rule.translations.get(base) if rule is not None else None
            if words is None:
                fired.append(f)
                continue
            message, say = words
            fired.append(
                replace(
                    f,
                    message=_fill(message, f.values),
                    say=tuple(_fill(line, f.values) for line in say),
                )
            )
        plan = self.crying_plan.in_language(language) if self.crying_plan else None
        return replace(self, fired=tuple(fired), crying_plan=plan)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Ids of the fired rules, in display order."""
        return tuple(r.id for r in self.fired)

    @property
    def urgent_help_kinds(self) -> tuple[str, ...]:
        """``help_kinds`` with the local emergency number leading whenever the safety screen
        comes first or the tier is urgent (1–2): red-flags-and-help.md 'What this means for
        the app' 2 (emergency number first, crisis line second)."""
        kinds = self.help_kinds
        if (self.show_safety_screen_first or self.tier <= 2) and "emergency" not in kinds:
            return ("emergency", *kinds)
        return kinds


# --- loading ---------------------------------------------------------------------------


def _template(text: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    unknown = names - PLACEHOLDERS
    if unknown:
        raise invalid(f"unknown placeholder(s): {', '.join(sorted(unknown))}")
    return text


def _help_kinds(kinds: tuple[str, ...]) -> tuple[str, ...]:
    for kind in kinds:
        if kind not in HELP_KINDS:
            raise invalid(f"unknown help kind '{kind}'")
    return kinds


#: Words a rule may fill in with the signals named in PLACEHOLDERS.
Template = Annotated[Text, AfterValidator(_template)]


class ConditionEntry(ContentModel):
    """``{ signal, op, value }``: ``value`` has the signal's type (a list of it for ``in``)."""

    signal: Annotated[Text, one_of(SIGNAL_TYPES)]
    op: Annotated[Text, one_of(OPS)]
    value: Any

    @model_validator(mode="after")
    def _value_fits_the_signal(self) -> Self:
        expected = SIGNAL_TYPES[self.signal]
        if self.op == "in":
            if not isinstance(self.value, list) or not all(type(v) is expected for v in self.value):
                raise invalid(f"'in' needs a list of {expected.__name__}", "value")
        elif type(self.value) is not expected:
            raise invalid(f"signal '{self.signal}' needs a {expected.__name__}", "value")
        elif self.op not in ("==", "!=") and expected is not int:
            raise invalid(f"'{self.op}' only works on number signals", "op")
        return self

    def condition(self) -> Condition:
        """The condition, a list value as a tuple."""
        value = tuple(self.value) if self.op == "in" else self.value
        return Condition(self.signal, self.op, value)


class RuleWords(ContentModel):
    """A rule's ``translations.<language>``: its message and lines to say."""

    message: Template
    say: tuple[Template, ...] = ()


class RuleEntry(ContentModel):
    """One ``[[rules]]`` entry."""

    id: Text
    tier: Annotated[StrictInt, Field(ge=1, le=4)]
    when: NonEmpty[ConditionEntry]
    message: Template
    source: Text
    screen: Annotated[Text, one_of(SCREENS)] | None = None
    help: Annotated[tuple[Text, ...], AfterValidator(_help_kinds)] = ()
    offer_tell_partner: StrictBool = False
    follow_up_days: Annotated[StrictInt, Field(ge=1)] | None = None
    say: tuple[Template, ...] = ()
    translations: dict[str, RuleWords] = {}

    @model_validator(mode="after")
    def _says_as_much_in_each_language(self) -> Self:
        for language, words in self.translations.items():
            if len(words.say) != len(self.say):
                raise invalid(
                    f"has {len(words.say)} lines, the English has {len(self.say)}",
                    "translations",
                    language,
                    "say",
                )
        return self


class RulesFile(ContentModel):
    """``content/safety/rules.toml``."""

    version: Text
    rules: NonEmpty[RuleEntry]

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Self:
        seen: set[str] = set()
        for index, rule in enumerate(self.rules):
            if rule.id in seen:
                raise invalid(f"duplicate rule id '{rule.id}'", "rules", index, "id")
            seen.add(rule.id)
        return self


def parse_rules(doc: Table) -> RuleSet:
    """Validate a parsed rules file; raise ContentError naming the file and field."""
    file = validate(doc, RulesFile)
    rules = tuple(
        Rule(
            id=r.id,
            tier=r.tier,
            when=tuple(c.condition() for c in r.when),
            message=r.message,
            source=r.source,
            screen=r.screen,
            help=r.help,
            offer_tell_partner=r.offer_tell_partner,
            follow_up_days=r.follow_up_days,
            say=r.say,
            translations={lang: (w.message, w.say) for lang, w in r.translations.items()},
        )
        for r in file.rules
    )
    return RuleSet(file.version, rules)


class TitleWords(ContentModel):
    """A ``translations.<language>`` holding a title."""

    title: Text


class StepWords(ContentModel):
    """A crying-plan step's ``translations.<language>``."""

    title: Text
    text: Text


class CryingPlanStepEntry(ContentModel):
    """One ``[[steps]]`` entry of the crying plan."""

    key: Text
    title: Text
    text: Text
    action: Text
    source: Text
    cite: Cites
    translations: dict[str, StepWords] = {}


class CryingPlanFile(ContentModel):
    """``content/safety/crying_plan.toml`` (``validate(…, sources=…)`` checks ``cite``)."""

    version: Text
    title: Text
    always_visible: Text
    first_screen: NonEmpty[Text]
    steps: NonEmpty[CryingPlanStepEntry]
    translations: dict[str, TitleWords] = {}

    @model_validator(mode="after")
    def _steps_fit_together(self) -> Self:
        keys: list[str] = []
        for index, step in enumerate(self.steps):
            if step.key in keys:
                raise invalid(f"duplicate step key '{step.key}'", "steps", index, "key")
            keys.append(step.key)
            if set(step.translations) != set(self.translations):
                raise invalid(
                    f"must have the plan's languages: {sorted(self.translations)}",
                    "steps",
                    index,
                    "translations",
                )
        if self.always_visible not in keys:
            raise invalid(f"no step with key '{self.always_visible}'", "always_visible")
        leading = tuple(key for key in keys if key != self.always_visible)[: len(self.first_screen)]
        if self.first_screen != leading:
            raise invalid(
                f"must name the plan's first steps in order ({', '.join(leading)})", "first_screen"
            )
        return self


def parse_crying_plan(doc: Table, sources: Sources | None = None) -> CryingPlan:
    """Validate a parsed crying-plan file; raise ContentError naming the file and field.

    ``cite`` keys are checked against ``sources`` (default: ``content/sources.toml``).
    """
    known = sources or load_sources()
    file = validate(doc, CryingPlanFile, sources=known.by_key)
    steps = tuple(
        CryingPlanStep(
            s.key,
            s.title,
            s.text,
            s.action,
            s.source,
            known.cited(s.cite),
            {lang: (w.title, w.text) for lang, w in s.translations.items()},
        )
        for s in file.steps
    )
    titles = {lang: w.title for lang, w in file.translations.items()}
    return CryingPlan(
        file.version, file.title, file.always_visible, steps, file.first_screen, titles
    )


@cache
def load_rules() -> RuleSet:
    """Return the built-in safety rules (validated once, then cached)."""
    return parse_rules(load_toml(content_path("safety", "rules.toml")))


@cache
def load_crying_plan() -> CryingPlan:
    """Return the built-in crying plan (validated once, then cached)."""
    return parse_crying_plan(load_toml(content_path("safety", "crying_plan.toml")))


# --- deciding --------------------------------------------------------------------------


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def _values(signals: SafetySignals) -> dict[str, object]:
    """The signals a rule's text may name, where known."""
    return {name: signals.value(name) for name in PLACEHOLDERS if signals.value(name) is not None}


def _fill(text: str, values: Mapping[str, object]) -> str:
    return text.format_map(_Blank(values))


def safety_decision(
    signals: SafetySignals,
    rules: RuleSet | None = None,
    crying_plan: CryingPlan | None = None,
) -> SafetyDecision:
    """Return what to show for ``signals``: tier, screens, help kinds and messages.

    Rules default to the built-in ``content/safety/rules.toml`` and the crying plan to
    ``content/safety/crying_plan.toml``. Fired rules are ordered by tier, then file order.
    """
    rule_set = rules or load_rules()
    fired = sorted(
        (r for r in rule_set.rules if all(c.holds(signals) for c in r.when)),
        key=lambda r: r.tier,
    )
    help_kinds: list[str] = []
    for rule in fired:
        help_kinds.extend(k for k in rule.help if k not in help_kinds)
    follow_ups = [r.follow_up_days for r in fired if r.follow_up_days is not None]
    opens_plan = any(r.screen == "crying_plan" for r in fired)
    values = _values(signals)
    return SafetyDecision(
        tier=min((r.tier for r in fired), default=4),
        show_safety_screen_first=any(r.screen == "safety" for r in fired),
        help_kinds=tuple(sorted(help_kinds, key=HELP_KINDS.index)),
        offer_tell_partner=any(r.offer_tell_partner for r in fired),
        follow_up_days=min(follow_ups) if follow_ups else None,
        fired=tuple(
            FiredRule(
                r.id,
                r.tier,
                _fill(r.message, values),
                tuple(_fill(s, values) for s in r.say),
                r.source,
                values,
            )
            for r in fired
        ),
        crying_plan=(crying_plan or load_crying_plan()) if opens_plan else None,
        rules_version=rule_set.version,
    )

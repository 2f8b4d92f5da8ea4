"""The safety decision for a text read by the intake: tier, whether to ask the screen, and why.

Model (red-flags-and-help.md §2; issue #13):

- Each safety concern the readers found becomes one or more ``safety.rules`` signals, for
  the person it is about: the writer's own ("self_harm_intent_or_plan") or the partner's
  ("partner_self_harm_intent_or_plan"). A plan, intent, access to means with thoughts of
  dying, psychosis, an urge to harm the baby, or a baby already hurt reach the top tier
  through ``content/safety/rules.toml``; passive death wishes and unwanted thoughts of harm
  reach the crisis line today.
- A chosen day or night ("tonight's the night", "Friday is the day.") makes a plan beside
  thoughts of dying or means about the same person, and means nothing on its own.
- A safety phrase the readers *ask about* rather than assume (negated, "I would never",
  past or resolved, a joke, someone else's) sets no urgent signal; past and resolved
  thoughts get the normalising message ("thoughts_in_past"). All of them ask the screen.
- **When in doubt, ask.** Depression or anxiety, anger or frustration at the baby,
  rejection of the baby, or severe crying distress also ask the screen: the direct, gentle
  question first, the rest only after a yes (safety/screen.py).
- **Words it cannot read.** A part written in a language other than English (the one the
  readers understand) asks the screen about the writer, on both topics: Nestling says it
  could not read it rather than answer as if nothing were there.
- ``about`` says whom the most urgent reason is about, so the page can word the answer for
  the person who wrote ("your partner may be in danger", never "your safety").

Pure Python: takes an :class:`intake.engine.IntakeResult`, returns plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # numpy behind it; this module is read by every web process
    from intake.engine import Ask, IntakeResult, Span

from safety.rules import (
    SafetyDecision,
    SafetySignals,
    ScreenSignal,
    ScreenSignals,
    safety_decision,
)

#: Concerns that ask the gentle safety question even without a safety phrase.
DOUBT_LABELS: Final = (
    "parent_depression_anxiety",
    "caregiver_frustration_anger",
    "rejection_of_baby",
)
#: A belief that the baby means to upset the parent ("he hates me", "on purpose") is a
#: bonding concern that still asks: a risk marker for harsh handling (safety.md §1).
DOUBT_TAG: Final = "hostile_attribution"
#: Crying distress asks only when the reader rated it at least this severe.
DOUBT_CRYING_SEVERITIES: Final = ("high", "urgent")

# tag -> (reason, writer's signal, partner's signal); the first tag of a concern that
# appears here decides nothing alone: every listed tag adds its signal.
_SELF_TAGS: Final[dict[str, tuple[str, ScreenSignal, ScreenSignal]]] = {
    "intent_or_plan": (
        "plan_or_intent",
        "self_harm_intent_or_plan",
        "partner_self_harm_intent_or_plan",
    ),
    "means": ("means", "has_means", "partner_has_means"),
    "passive_death_wish": ("passive_wish", "passive_death_wish", "partner_passive_death_wish"),
    "self_harm": ("self_harm", "passive_death_wish", "partner_passive_death_wish"),
}
_BABY_TAGS: Final[dict[str, tuple[str, ScreenSignal, ScreenSignal]]] = {
    "harm_urge_endorsed": ("harm_urge", "harm_to_baby_endorsed", "partner_harm_to_baby"),
    "harm_urge_feared": ("harm_urge", "harm_to_baby_endorsed", "partner_harm_to_baby"),
    "harm_done": ("harm_done", "baby_harmed_or_unwell", "baby_harmed_or_unwell"),
    "medical_red_flag": ("medical", "baby_harmed_or_unwell", "baby_harmed_or_unwell"),
    "intrusive_harm_thoughts": (
        "intrusive_thoughts",
        "harm_thoughts_unwanted",
        "partner_harm_thoughts",
    ),
    "intrusive_severe": (
        "intrusive_thoughts_severe",
        "harm_thoughts_severe_distress",
        "partner_harm_thoughts",
    ),
    "rough_handling": ("rough_handling", "lost_control", "partner_harm_thoughts"),
    # Rage or loss of control (red-flags-and-help.md §2 Tier 2: "I screamed in his face",
    # "I threw something"), told as frustration: help today, not a harm concern.
    "rage": ("rage", "lost_control", "partner_harm_thoughts"),
    "psychosis": ("psychosis", "psychosis", "partner_psychosis"),
}
#: Tags that give a concern outside the two safety labels a safety meaning (unwanted
#: thoughts of harm read as anxiety, psychosis read as a mental-health concern, rage told as
#: frustration): this module turns them into reasons, and the text judge never sets aside
#: a phrase rule's finding that carries one (intake/engine.py).
SAFETY_MEANING_TAGS: Final = frozenset(
    {"intrusive_harm_thoughts", "intrusive_severe", "psychosis", "rage"}
)
#: Unwanted thoughts of harm read under another concern (anxiety): about the baby, and asked
#: about when long past (intake/engine.py).
HARM_THOUGHT_TAGS: Final = frozenset({"intrusive_harm_thoughts", "intrusive_severe"})
# A safety concern with none of the tags above still counts, at its mildest reading.
_SELF_DEFAULT: Final = _SELF_TAGS["passive_death_wish"]
_BABY_DEFAULT: Final = _BABY_TAGS["intrusive_harm_thoughts"]
_TOPIC: Final = {"safety_risk_self": "self", "safety_risk_baby": "baby"}  # for asked phrases
_NO_SCREEN_REASONS: Final = frozenset({"medical", "harm_done"})


@dataclass(frozen=True)
class Reason:
    """One reason for the decision: a code, whom it is about, and the tier it implies."""

    code: str
    about: str
    label: str


@dataclass(frozen=True)
class IntakeSafety:
    """What the safety net does with a text.

    ``tier`` 1 (emergency now) … 4 (routine), from content/safety/rules.toml.
    ``ask_screen``: ask the short safety screen now, about ``screen_about`` ("writer" or
    "partner") on ``topics`` ("self", "baby"). ``about``: whom the most urgent reason is
    about ("writer", "partner", "baby"; "none" without a reason).
    """

    tier: int
    ask_screen: bool
    about: str
    screen_about: str
    topics: tuple[str, ...]
    reasons: tuple[Reason, ...]
    signals: ScreenSignals
    decision: SafetyDecision

    @property
    def reason_codes(self) -> tuple[str, ...]:
        """The reasons' codes, most urgent first, without repeats."""
        return tuple(dict.fromkeys(r.code for r in self.reasons))


_URGENCY: Final = (
    "plan_or_intent",
    "psychosis",
    "harm_urge",
    "harm_done",
    "medical",
    "means",
    "passive_wish",
    "self_harm",
    "rough_handling",
    "rage",
    "intrusive_thoughts_severe",
    "intrusive_thoughts",
)


def _rank(reason: Reason) -> int:
    """Most urgent first; questions after findings, doubts last."""
    if reason.code in _URGENCY:
        return _URGENCY.index(reason.code)
    return len(_URGENCY) + (0 if reason.code.startswith("asked:") else 1)


def _who(subject: str) -> str:
    return "partner" if subject == "partner" else "writer"


@dataclass
class _Tally:
    """What the steps of :func:`assess_intake` have found so far."""

    signals: ScreenSignals = field(default_factory=lambda: ScreenSignals())
    reasons: list[Reason] = field(default_factory=list)
    topics: set[str] = field(default_factory=set)
    screen_people: list[str] = field(default_factory=list)

    def add(
        self,
        entry: tuple[str, ScreenSignal, ScreenSignal],
        subject: str,
        label: str,
        topic: str,
    ) -> None:
        """One finding: its signal for the person it is about, a reason, and (unless it is
        about the baby's body) the screen to ask."""
        code, own, partners = entry
        self.signals[partners if subject == "partner" else own] = True
        about = "baby" if code == "medical" else subject
        self.reasons.append(
            Reason(code, about if about in ("partner", "baby") else "writer", label)
        )
        if code not in _NO_SCREEN_REASONS:
            self.topics.add(topic)
            self.screen_people.append(_who(subject))

    def ask(self, reason: Reason, topics: tuple[str, ...]) -> None:
        """A reason that asks the screen without setting an urgent signal."""
        self.reasons.append(reason)
        self.topics.update(topics)
        self.screen_people.append(reason.about)


def _findings(result: IntakeResult, tally: _Tally) -> None:
    """The safety concerns the readers found, and safety tags carried by other concerns."""
    for concern in result.concerns:
        tags = set(concern.tags)
        if concern.label == "safety_risk_self":
            found = [entry for tag, entry in _SELF_TAGS.items() if tag in tags]
            for entry in found or [_SELF_DEFAULT]:
                tally.add(entry, concern.subject, concern.label, "self")
        elif concern.label == "safety_risk_baby":
            found = [entry for tag, entry in _BABY_TAGS.items() if tag in tags]
            for entry in found or [_BABY_DEFAULT]:
                tally.add(entry, concern.subject, concern.label, "baby")
        else:
            # Other concerns can carry a safety meaning in their tags (unwanted thoughts of
            # harm read as anxiety, psychosis read as a mental-health concern).
            for tag in sorted(tags & SAFETY_MEANING_TAGS):
                tally.add(_BABY_TAGS[tag], concern.subject, concern.label, "baby")
        if "medication_not_helping" in tags and concern.subject == "writer":
            tally.signals["reports_treatment_not_helping"] = True


def _questions(result: IntakeResult, tally: _Tally) -> None:
    """What the readers ask about rather than assume; a chosen time or means beside
    thoughts of dying about the same person make a plan."""
    # A chosen day or night beside thoughts of dying or means, about the same person, is a
    # plan (red-flags-and-help.md §2 Tier 1: "tonight"); on its own it only asks.
    # Everyday means ("I keep my tablets…") likewise raise the response only beside them.
    dying = {r.about for r in tally.reasons if r.label == "safety_risk_self"}
    # The means read as a finding ("he has a rope") and told again as a sign ("a rope in the
    # garage") are one fact: the sign adds no plan.
    means = [
        e
        for c in result.concerns
        if c.label == "safety_risk_self" and "means" in c.tags
        for e in c.evidence
    ] + [a.span for a in result.asks if a.why == "means"]
    echoes = [
        a
        for a in result.asks
        if "preparation" in a.tags and any(_overlap(a.span, m) for m in means)
    ]
    # A plan said not to exist ("I haven't planned anything") leaves signs of one as
    # questions for that person: the screen asks about a plan instead of assuming it.
    no_plan = {_who(a.subject) for a in result.asks if a.why == "no_plan"}
    for why, tag in (("timing", "intent_or_plan"), ("means", "means")):
        asked = [a for a in result.asks if a.why == why and a not in echoes]
        people = {_who(a.subject) for a in asked} & dying
        for who in people - no_plan if why == "timing" else people:
            tally.add(_SELF_TAGS[tag], who, "safety_risk_self", "self")
    # Taking the baby along beside thoughts of dying is a risk to the baby at the top tier
    # (red-flags-and-help.md §2 Tier 1: thoughts of harming the baby with a plan).
    for who in {_who(a.subject) for a in result.asks if a.why == "with_baby"} & dying:
        tally.add(_BABY_TAGS["harm_urge_endorsed"], who, "safety_risk_baby", "baby")
    # A farewell beside another sign of a plan about the same person (a chosen day, letters
    # left, a phone that goes to voicemail) is a plan, with or without words of dying.
    farewells = {_who(a.subject) for a in result.asks if "farewell" in a.tags}
    signs = {_who(a.subject) for a in result.asks if a.why == "timing" and "farewell" not in a.tags}
    for who in (farewells & signs) - no_plan:
        tally.add(_SELF_TAGS["intent_or_plan"], who, "safety_risk_self", "self")
    # Preparation seen twice (letters for when the baby is older, and things put in order),
    # or beside a chosen time or the means, or a chosen time beside the means, about the
    # same person, is a plan too: each is ordinary alone ("we walked to the bridge"),
    # together they are getting ready. Farewells alone only ask (above).
    for who in {_who(a.subject) for a in result.asks} - no_plan:
        mine = [a for a in result.asks if _who(a.subject) == who]
        # Overlapping matches are one sign, and the same dangerous place told twice is one.
        preparing = [a for a in mine if "preparation" in a.tags]
        prepared = _signs(preparing)
        timed = any(
            a.why == "timing" and not {"preparation", "farewell"} & set(a.tags) for a in mine
        )
        at_hand = any(a.why == "means" for a in mine)
        # The means told as a sign ("he has a rope in the garage") is one fact, not two.
        apart = any(a not in echoes for a in preparing)
        if len(prepared) >= 2 or (prepared and timed) or (apart and at_hand) or (timed and at_hand):
            tally.add(_SELF_TAGS["intent_or_plan"], who, "safety_risk_self", "self")
    _other_questions(result, tally)


def _other_questions(result: IntakeResult, tally: _Tally) -> None:
    """Every other question the readers ask: each asks the screen on its topic."""
    for ask in result.asks:
        if ask.why == "no_plan" or (
            ask.why in ("timing", "means", "with_baby") and "farewell" not in ask.tags
        ):
            continue  # used above; "Saturday's the day!" alone asks nothing (a farewell asks)
        if ask.why in ("past", "resolved"):
            tally.signals["thoughts_in_past"] = True
        reason = Reason(f"asked:{ask.why}", _who(ask.subject), ask.label)
        # Thoughts of harm read under another concern (anxiety) are about the baby.
        harm = not HARM_THOUGHT_TAGS.isdisjoint(ask.tags)
        tally.ask(reason, ("baby",) if harm else (_TOPIC.get(ask.label, "self"),))


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _signs(asks: Iterable[Ask]) -> list[object]:
    """One entry per sign of preparation: overlapping spans once, any place once."""
    out: list[object] = []
    end = -1
    for ask in sorted(asks, key=lambda a: a.span.start):
        if "place" in ask.tags:
            if "place" not in out:
                out.append("place")
            continue
        if ask.span.start >= end:
            out.append(ask.span.start)
        end = max(end, ask.span.end)
    return out


def _doubts(result: IntakeResult, tally: _Tally) -> None:
    """When in doubt, ask: concerns that ask the gentle question, and words not read."""
    for concern in result.concerns:
        doubtful = (
            concern.label in DOUBT_LABELS
            or (concern.label == "crying_distress" and concern.severity in DOUBT_CRYING_SEVERITIES)
            or DOUBT_TAG in concern.tags
        )
        if doubtful and "psychosis" not in concern.tags:
            reason = Reason(f"doubt:{concern.label}", _who(concern.subject), concern.label)
            tally.ask(reason, ("self", "baby"))
    # Words the intake cannot read (intake/language.py) may hold anything: ask directly.
    if result.unread:
        tally.ask(Reason("asked:language", "writer", ""), ("self", "baby"))


def assess_intake(result: IntakeResult) -> IntakeSafety:
    """Return the safety decision for an intake result (see the module docstring)."""
    tally = _Tally()
    _findings(result, tally)
    _questions(result, tally)
    _doubts(result, tally)
    decision = safety_decision(SafetySignals(**tally.signals))
    ordered = sorted(tally.reasons, key=_rank)
    people = tally.screen_people
    # The screen is about the writer unless every reason to ask it is about the partner.
    screen_about = "partner" if people and set(people) == {"partner"} else "writer"
    return IntakeSafety(
        tier=decision.tier,
        ask_screen=bool(people),
        about=ordered[0].about if ordered else "none",
        screen_about=screen_about,
        topics=tuple(t for t in ("self", "baby") if t in tally.topics),
        reasons=tuple(ordered),
        signals=tally.signals,
        decision=decision,
    )

"""The same-session safety screen: which plain yes/no questions are due, and what the answers mean.

Model: ``content/safety/screen.toml`` lists the questions. A screen is opened for one or
both *topics* ("self": thoughts of ending one's life; "baby": thoughts of hurting the baby)
and is *about* the person who answers ("writer") or their partner ("partner"), whose
questions are worded for the one answering. Questions are asked in rounds:

1. every gate question (no ``after``) of the open topics;
2. follow-ups whose ``after`` question was answered yes;
3. questions with ``after = "any"`` (are you safe right now?) once anything was answered yes.

A screen is complete when no question is due. Each answer may set a yes/no signal of
:class:`safety.rules.SafetySignals`; :func:`screen_signals` returns them, and the caller
runs :func:`safety.rules.safety_decision` on them together with what opened the screen.
Pure Python; holds no advice text.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Annotated, Final, Self

from pydantic import AfterValidator, model_validator

from content.loader import (
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
from safety.rules import (
    SafetyDecision,
    SafetySignals,
    ScreenSignal,
    ScreenSignals,
    safety_decision,
)

TOPICS: Final = ("self", "baby")
ABOUT: Final = ("writer", "partner")
_AFTER_ANY: Final = "any"
_PARTNER_WORDS: Final = {"partner", "they", "them", "their"}
#: How the partner is named when the writer's words don't say (intake fills in "your husband").
DEFAULT_WORDS: Final = {"partner": "your partner", "they": "they", "them": "them", "their": "their"}


class ScreenAnswerError(ValueError):
    """An answer names a question that is unknown or not due; ``field`` is its key."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


@dataclass(frozen=True)
class ScreenQuestion:
    """A plain yes/no question and the signals its answer sets."""

    key: str
    topic: str
    text: str
    text_partner: str
    after: str | None
    yes_sets: ScreenSignal | None
    no_sets: ScreenSignal | None
    partner_yes_sets: ScreenSignal | None
    partner_no_sets: ScreenSignal | None
    #: language -> (text, text_partner) in it (``translations.<language>``).
    translations: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def wording(self, about: str, words: Mapping[str, str], language: str = "en") -> str:
        """Return the question as asked of the person answering, in ``language`` (English
        when not translated); ``words`` name the partner in that language."""
        text, text_partner = self.translations.get(
            base_language(language), (self.text, self.text_partner)
        )
        if about == "partner":
            return _capital(text_partner.format_map(dict(words)))
        return text

    def target(self, about: str, said_yes: bool) -> ScreenSignal | None:
        """Return the signal a yes (or no) sets when the screen is about ``about``."""
        if about == "partner":
            return self.partner_yes_sets if said_yes else self.partner_no_sets
        return self.yes_sets if said_yes else self.no_sets


@dataclass(frozen=True)
class SafetyScreen:
    """The validated screen file."""

    version: str
    intro: str
    intro_partner: str
    source: str
    questions: tuple[ScreenQuestion, ...]
    #: language -> (intro, intro_partner) in it.
    intros: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: language -> how the writer's English name for the partner reads in it
    #: ("your husband" -> "tu marido"); a name not listed becomes the "your partner" one.
    partner_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def words_in(self, words: Mapping[str, str], language: str) -> dict[str, str]:
        """The partner's words for a text in ``language``: English as given, other languages
        from ``partner_names``."""
        names = self.partner_names.get(base_language(language))
        english = {**DEFAULT_WORDS, **words}
        if names is None:
            return english
        partner = names.get(english["partner"], names[DEFAULT_WORDS["partner"]])
        return {**english, "partner": partner}

    def asked_in(self, topics: Iterable[str]) -> tuple[ScreenQuestion, ...]:
        """Return every question a screen for ``topics`` may ask, in file order."""
        wanted = set(topics) | {"any"}
        return tuple(q for q in self.questions if q.topic in wanted)

    def due(self, topics: Iterable[str], answers: Mapping[str, bool]) -> tuple[ScreenQuestion, ...]:
        """Return the questions to ask next (one round), given the answers so far."""
        pool = self.asked_in(topics)
        unanswered = [q for q in pool if q.key not in answers]
        gates = [q for q in unanswered if q.after is None]
        if gates:
            return tuple(gates)
        follow_ups = [
            q for q in unanswered if q.after not in (None, _AFTER_ANY) and answers.get(q.after)
        ]
        if follow_ups:
            return tuple(follow_ups)
        if any(answers.get(q.key) for q in pool):
            return tuple(q for q in unanswered if q.after == _AFTER_ANY)
        return ()

    def check_answers(self, topics: Iterable[str], answers: Mapping[str, object]) -> None:
        """Raise ScreenAnswerError for an unknown key, a non-yes/no value or a question that
        would not have been asked given the other answers."""
        topics = tuple(topics)
        pool = {q.key: q for q in self.asked_in(topics)}
        for key, value in answers.items():
            if key not in pool:
                raise ScreenAnswerError(key, "no such question on this screen")
            if not isinstance(value, bool):
                raise ScreenAnswerError(key, "answer yes (true) or no (false)")
        typed = {k: bool(v) for k, v in answers.items()}
        for key in typed:
            question = pool[key]
            if question.after == _AFTER_ANY:
                if not any(typed.get(q) for q in pool if pool[q].after != _AFTER_ANY):
                    raise ScreenAnswerError(key, "only asked after a yes")
            elif question.after is not None and not typed.get(question.after):
                raise ScreenAnswerError(key, f"only asked after a yes to '{question.after}'")

    def is_complete(self, topics: Iterable[str], answers: Mapping[str, bool]) -> bool:
        """True when no question is due."""
        return not self.due(topics, answers)

    def intro_for(self, about: str, words: Mapping[str, str], language: str = "en") -> str:
        """Return the opening line for the person answering, in ``language``."""
        intro, intro_partner = self.intros.get(
            base_language(language), (self.intro, self.intro_partner)
        )
        if about == "partner":
            return _capital(intro_partner.format_map(self.words_in(words, language)))
        return intro


def _capital(text: str) -> str:
    """The first letter in capitals, after an opening "¿" or "¡" ("¿Tu pareja ...?")."""
    lead = len(text) - len(text.lstrip("¿¡"))
    return text[:lead] + text[lead : lead + 1].upper() + text[lead + 1 :]


def screen_signals(
    screen: SafetyScreen, answers: Mapping[str, bool], about: str = "writer"
) -> ScreenSignals:
    """Return the signals set by ``answers`` (question key → yes/no).

    Unknown keys raise ScreenAnswerError; call ``check_answers`` first for the full check.
    """
    by_key = {q.key: q for q in screen.questions}
    flags: ScreenSignals = {}
    for key, said_yes in answers.items():
        question = by_key.get(key)
        if question is None:
            raise ScreenAnswerError(key, "no such question on this screen")
        target = question.target(about, said_yes)
        if target is not None:
            flags[target] = True
    return flags


# --- loading -------------------------------------------------------------------------------


def _partner_text(text: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    if names - _PARTNER_WORDS:
        raise invalid(f"unknown placeholder(s): {', '.join(sorted(names - _PARTNER_WORDS))}")
    return text


#: Words about the partner, naming them only through {partner}, {they}, {them}, {their}.
PartnerText = Annotated[Text, AfterValidator(_partner_text)]


class ScreenWords(ContentModel):
    """The screen's ``translations.<language>``: the intros, and how the writer's English
    name for the partner reads in the language (``partner_names``)."""

    intro: Text
    intro_partner: PartnerText
    partner_names: dict[str, Text]

    @model_validator(mode="after")
    def _names_the_partner(self) -> Self:
        if DEFAULT_WORDS["partner"] not in self.partner_names:
            raise invalid(f"must name '{DEFAULT_WORDS['partner']}'", "partner_names")
        return self


class QuestionWords(ContentModel):
    """A question's ``translations.<language>``."""

    text: Text
    text_partner: PartnerText


class QuestionEntry(ContentModel):
    """One ``[[questions]]`` entry: the question, asked of the writer or about the partner,
    and the yes/no signal each answer sets."""

    key: Text
    topic: Annotated[Text, one_of((*TOPICS, "any"))]
    text: Text
    text_partner: PartnerText
    after: Text | None = None
    yes_sets: ScreenSignal | None = None
    no_sets: ScreenSignal | None = None
    partner_yes_sets: ScreenSignal | None = None
    partner_no_sets: ScreenSignal | None = None
    translations: dict[str, QuestionWords] = {}

    @model_validator(mode="after")
    def _sets_a_signal(self) -> Self:
        if self.yes_sets is None and self.no_sets is None:
            raise invalid("a question must set a signal on yes or on no", "yes_sets")
        if self.partner_yes_sets is None and self.partner_no_sets is None:
            raise invalid("a question must set a signal on yes or on no", "partner_yes_sets")
        return self


class ScreenFile(ContentModel):
    """``content/safety/screen.toml``."""

    version: Text
    source: Text
    intro: Text
    intro_partner: PartnerText
    questions: NonEmpty[QuestionEntry]
    translations: dict[str, ScreenWords] = {}

    @model_validator(mode="after")
    def _questions_fit_together(self) -> Self:
        earlier: dict[str, QuestionEntry] = {}
        for index, q in enumerate(self.questions):
            at = ("questions", index)
            if q.key in earlier:
                raise invalid(f"duplicate question key '{q.key}'", *at, "key")
            if q.after is not None and q.after != _AFTER_ANY:
                if q.after not in earlier:
                    raise invalid(f"'{q.after}' is not an earlier question", *at, "after")
                if earlier[q.after].topic != q.topic:
                    raise invalid(f"'{q.after}' belongs to another topic", *at, "after")
            if set(q.translations) != set(self.translations):
                raise invalid(
                    f"must have the screen's languages: {sorted(self.translations)}",
                    *at,
                    "translations",
                )
            earlier[q.key] = q
        return self


def parse_screen(doc: Table) -> SafetyScreen:
    """Validate a parsed screen file; raise ContentError naming the file and field."""
    file = validate(doc, ScreenFile)
    questions = tuple(
        ScreenQuestion(
            key=q.key,
            topic=q.topic,
            text=q.text,
            text_partner=q.text_partner,
            after=q.after,
            yes_sets=q.yes_sets,
            no_sets=q.no_sets,
            partner_yes_sets=q.partner_yes_sets,
            partner_no_sets=q.partner_no_sets,
            translations={lang: (w.text, w.text_partner) for lang, w in q.translations.items()},
        )
        for q in file.questions
    )
    return SafetyScreen(
        version=file.version,
        intro=file.intro,
        intro_partner=file.intro_partner,
        source=file.source,
        questions=questions,
        intros={lang: (w.intro, w.intro_partner) for lang, w in file.translations.items()},
        partner_names={lang: w.partner_names for lang, w in file.translations.items()},
    )


@cache
def load_safety_screen() -> SafetyScreen:
    """Return the built-in safety-screen questions (validated once, then cached)."""
    return parse_screen(load_toml(content_path("safety", "screen.toml")))


# --- a screen in progress ------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenRound:
    """A screen in progress: what opened it, for whom, and the answers so far.

    ``origin`` holds the signals that opened it (e.g. ``{"self_harm_item_positive": True}``
    or ``{"frustration_rating": 8}``); the decision combines them with the answers.
    """

    topics: tuple[str, ...]
    about: str = "writer"
    origin: Mapping[str, object] = field(default_factory=dict)
    answers: Mapping[str, bool] = field(default_factory=dict)
    words: Mapping[str, str] = field(default_factory=dict)
    screen: SafetyScreen = field(default_factory=load_safety_screen)

    @cached_property
    def due(self) -> tuple[ScreenQuestion, ...]:
        """The questions to ask next (one round); empty when complete."""
        return self.screen.due(self.topics, self.answers)

    @property
    def is_complete(self) -> bool:
        return not self.due

    @cached_property
    def decision(self) -> SafetyDecision:
        """The safety decision for the opening signals and the answers so far."""
        values: dict[str, object] = dict(self.origin)
        values.update(screen_signals(self.screen, self.answers, self.about))
        return safety_decision(SafetySignals(**values))  # type: ignore[arg-type]

    @property
    def intro(self) -> str:
        return self.screen.intro_for(self.about, self.words)

    def wording(self, question: ScreenQuestion) -> str:
        """The question as asked of the person answering."""
        return question.wording(self.about, {**DEFAULT_WORDS, **self.words})

    def answered(self, given: Mapping[str, bool]) -> ScreenRound:
        """Return the round with ``given`` added; raise ScreenAnswerError naming the question
        for an unknown or out-of-turn question, or for changing an answer already given (an
        answer stands: a later "no" must never lower a top-tier result)."""
        merged = dict(self.answers)
        for key, value in given.items():
            if key in merged and merged[key] != value:
                raise ScreenAnswerError(key, "this question was already answered")
            merged[key] = value
        self.screen.check_answers(self.topics, merged)
        return ScreenRound(self.topics, self.about, self.origin, merged, self.words, self.screen)

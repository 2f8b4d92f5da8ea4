"""The same-session safety screen: rounds of questions, and what the answers decide.

Rows follow parent-mental-health.md 'What this means for the app' 4 (thoughts? plan?
intent? means? safe now?) and red-flags-and-help.md §2 (Tier 1: plan, intent, preparation;
Tier 2: passive death wish). Access to means raises the response only with thoughts.
"""

from __future__ import annotations

from typing import Any

import pytest

from content.loader import ContentError, content_path, parse_toml
from safety.rules import SafetySignals, safety_decision
from safety.screen import ScreenAnswerError, load_safety_screen, parse_screen, screen_signals

SCREEN = load_safety_screen()


def _decide(answers: dict[str, bool], about: str = "writer", **origin: Any) -> int:
    signals: dict[str, Any] = dict(origin)
    signals.update(screen_signals(SCREEN, answers, about))
    return safety_decision(SafetySignals(**signals)).tier


def test_the_first_round_is_the_gentle_question_for_each_topic() -> None:
    assert [q.key for q in SCREEN.due(["self"], {})] == ["thoughts_of_ending_life"]
    assert [q.key for q in SCREEN.due(["self", "baby"], {})] == [
        "thoughts_of_ending_life",
        "harm_baby_thoughts",
    ]


def test_a_no_to_every_gate_ends_the_screen() -> None:
    assert (
        SCREEN.due(
            ["self", "baby"], {"thoughts_of_ending_life": False, "harm_baby_thoughts": False}
        )
        == ()
    )


def test_a_yes_asks_plan_intent_and_means_then_safe_now() -> None:
    first = {"thoughts_of_ending_life": True}
    assert [q.key for q in SCREEN.due(["self"], first)] == ["plan", "intent", "means"]
    second = {**first, "plan": False, "intent": False, "means": False}
    assert [q.key for q in SCREEN.due(["self"], second)] == ["safe_now"]
    assert SCREEN.is_complete(["self"], {**second, "safe_now": True})


@pytest.mark.parametrize(
    ("answers", "origin", "tier"),
    [
        ({"thoughts_of_ending_life": False}, {}, 4),
        ({"thoughts_of_ending_life": True}, {}, 2),
        ({"thoughts_of_ending_life": True, "plan": True}, {}, 1),
        ({"thoughts_of_ending_life": True, "intent": True}, {}, 1),
        ({"thoughts_of_ending_life": True, "means": True}, {}, 1),
        ({"thoughts_of_ending_life": True, "safe_now": False}, {}, 1),
        # PHQ-9 item 9 "several days" stays tier 2 alone, and a plan lifts it to tier 1.
        ({}, {"self_harm_item_positive": True}, 2),
        ({"thoughts_of_ending_life": True, "plan": True}, {"self_harm_item_positive": True}, 1),
        # An 'at my limit' 8/10 opens the plan (tier 3); unwanted thoughts of harm stay
        # below the top tier; feeling one might act on them reaches it.
        ({"harm_baby_thoughts": False}, {"frustration_rating": 8}, 3),
        ({"harm_baby_thoughts": True}, {"frustration_rating": 8}, 3),
        ({"harm_baby_thoughts": True, "harm_baby_act": True}, {"frustration_rating": 8}, 1),
    ],
    ids=[
        "no-thoughts",
        "RF-Tier2-thoughts-only",
        "RF-Tier1-plan",
        "RF-Tier1-intent",
        "RF-Tier1-thoughts-and-means",
        "RF-Tier1-not-safe-now",
        "PMH-item9-alone",
        "PMH-item9-with-plan",
        "limit-no-thoughts",
        "limit-unwanted-thoughts",
        "RF-Tier1-might-act",
    ],
)
def test_answers_set_the_tier(answers: dict[str, bool], origin: dict[str, Any], tier: int) -> None:
    assert _decide(answers, **origin) == tier


def test_means_alone_is_not_intent() -> None:
    # Only asked after a yes; but even a stored "means" yes with no thoughts raises nothing.
    assert _decide({"thoughts_of_ending_life": False, "means": True}) == 4


def test_partner_answers_set_partner_signals_and_partner_messages() -> None:
    answers = {"thoughts_of_ending_life": True, "means": True}
    flags = screen_signals(SCREEN, answers, "partner")
    assert flags == {"partner_passive_death_wish": True, "partner_has_means": True}
    decision = safety_decision(SafetySignals(**flags))
    assert decision.tier == 1
    assert all("your safety" not in f.message.lower() for f in decision.fired)
    assert "partner" in decision.fired[0].message


def test_questions_about_the_partner_are_worded_for_the_writer() -> None:
    question = SCREEN.questions[0]
    words = {"partner": "your husband", "they": "he", "them": "him", "their": "his"}
    assert question.wording("partner", words).startswith("Has your husband")
    assert question.wording("writer", words).startswith("Have you")


def test_the_questions_in_spanish_name_the_partner_in_spanish() -> None:
    question = SCREEN.questions[0]
    words = SCREEN.words_in({"partner": "your husband", "they": "he"}, "es")
    spanish = question.wording("partner", words, "es")
    assert spanish.startswith("¿Tu marido ha hablado de quitarse la vida")
    assert question.wording("writer", {}, "es-AR").startswith("¿Has tenido pensamientos")
    assert SCREEN.words_in({"partner": "your wife"}, "es")["partner"] == "tu mujer"
    # A name the table doesn't list reads as "your partner" does, never in English.
    assert SCREEN.words_in({"partner": "your spouse"}, "es")["partner"] == "tu pareja"
    assert SCREEN.intro_for("partner", {"partner": "your wife"}, "es").startswith(
        "Gracias por estar pendiente de tu mujer."
    )
    for q in SCREEN.questions:
        assert set(q.translations) == {"es"}
        for about in ("writer", "partner"):
            said = q.wording(about, SCREEN.words_in({}, "es"), "es")
            assert said.startswith("¿") and said.endswith("?") and "{" not in said
            assert said != q.wording(about, SCREEN.words_in({}, "en"))


def test_a_question_without_the_screens_languages_is_refused() -> None:
    text = content_path("safety", "screen.toml").read_text(encoding="utf-8")
    start = text.index("translations.es.text", text.index('key = "plan"'))
    end = text.index("\n", text.index("translations.es.text_partner", start)) + 1
    with pytest.raises(ContentError, match=r"questions\[1\]\.translations"):
        parse_screen(parse_toml(text[:start] + text[end:], "screen.toml"))


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"nope": True}, "nope"),
        ({"plan": True}, "plan"),
        ({"thoughts_of_ending_life": "yes"}, "thoughts_of_ending_life"),
        ({"safe_now": True, "thoughts_of_ending_life": False}, "safe_now"),
        ({"harm_baby_thoughts": True}, "harm_baby_thoughts"),
    ],
)
def test_bad_answers_name_the_question(answers: dict[str, Any], field: str) -> None:
    with pytest.raises(ScreenAnswerError) as info:
        SCREEN.check_answers(["self"], answers)
    assert info.value.field == field


def test_a_screen_question_must_set_a_known_yes_no_signal() -> None:
    doc = parse_toml(
        'version = "t"\nsource = "s"\nintro = "i"\nintro_partner = "p"\n[[questions]]\n'
        'key = "k"\ntopic = "self"\ntext = "t"\ntext_partner = "t"\nyes_sets = "total"\n',
        "screen.toml",
    )
    with pytest.raises(ContentError) as info:
        parse_screen(doc)
    assert info.value.field == "questions[0].yes_sets"


def test_a_follow_up_must_name_an_earlier_question() -> None:
    doc = parse_toml(
        'version = "t"\nsource = "s"\nintro = "i"\nintro_partner = "p"\n[[questions]]\n'
        'key = "k"\ntopic = "self"\nafter = "later"\ntext = "t"\ntext_partner = "t"\n'
        'yes_sets = "passive_death_wish"\npartner_yes_sets = "partner_passive_death_wish"\n',
        "screen.toml",
    )
    with pytest.raises(ContentError) as info:
        parse_screen(doc)
    assert info.value.field == "questions[0].after"

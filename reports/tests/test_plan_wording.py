"""The bonding plan's sentences are worded in one place (reports/wording.py) from the keys
and values the planner core gives, in the reader's language and on the household's clock."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

import planner
from planner.content import TEXT_FIELDS
from planner.tests.test_adapt_plan import rate
from planner.tests.test_make_plan import dad_plan
from reports import wording

#: A value of the right kind for every placeholder the core fills (see TEXT_FIELDS).
SAMPLE: dict[str, Any] = {
    "baby": "Sam",
    "text": "Kept as written.",
    "content": 4,
    "sessions": 5,
    "percent": 80,
    "count": 3,
    "week": 2,
    "weeks": 4,
    "level": 2,
    "weekday": 5,
    "days": [5, 6],
    "band": "early morning",
    "bands": "afternoon",
    "day_type": "weekend",
    "family": "skin_to_skin",
    "routine": "bath",
    "time": 6 * 60 + 30,
    "free_from": 0,
    "free_to": 24 * 60,
    "start": 9 * 60,
    "end": 10 * 60 + 15,
    "date": "2026-03-07",
    "this_week": 4.25,
    "first_week": 2.0,
    "change": planner.Words("change_time", {"band": "morning"}),
}
DERIVED = {"level_name", "partner_role"}


def sample(key: str) -> planner.Words:
    return planner.Words(key, {n: SAMPLE[n] for n in TEXT_FIELDS[key] - DERIVED})


@pytest.mark.parametrize("language", ["en", "es", "en-us"])
@pytest.mark.parametrize("key", sorted(TEXT_FIELDS))
def test_every_plan_sentence_is_worded_with_nothing_left_of_the_template(
    key: str, language: str
) -> None:
    with translation.override(language):
        text = wording.plan_text(sample(key))
        again = wording.plan_text(sample(key).as_json())  # as a plan stores it
    assert text and text == again
    assert "{" not in text and "}" not in text
    assert text[0] == text[0].upper()


@pytest.mark.parametrize("key", sorted(set(TEXT_FIELDS) - {"as_written"}))
def test_spanish_sentences_are_spanish(key: str) -> None:
    with translation.override("en"):
        english = wording.plan_text(sample(key))
    with translation.override("es"):
        spanish = wording.plan_text(sample(key))
    assert spanish != english
    for word in ("Saturday", "early morning", "afternoon", "weekend", "Skin-to-skin", "Partner"):
        assert word not in spanish, (key, spanish)


def test_values_are_localised_and_the_clock_is_the_households() -> None:
    fits = planner.Words("reason_fits", {"free_from": 0, "free_to": 24 * 60})
    changed = sample("reason_changed_band")
    with translation.override("en"):
        assert wording.plan_text(fits) == "It fits your free time 00:00–24:00."
        assert wording.plan_text(fits, "12") == "It fits your free time 12:00 am–12:00 am."
        assert "at 06:30 on Saturday" in wording.plan_text(changed)
        assert "(the morning)" in wording.plan_text(changed)
        level = wording.plan_text(planner.Words("reason_level", {"level": 1}))
        assert level.startswith("Level 1, Partner nearby: In the room")
        owned = wording.plan_text(sample("note_owned_routine"))
        assert owned == "You own the bath: 3 sessions over 4 weeks, on Saturday and Sunday."
    with translation.override("es"):
        assert "a las 06:30 el sábado" in wording.plan_text(changed)
        level = wording.plan_text(planner.Words("reason_level", {"level": 1}))
        assert level.startswith("Nivel 1, Tu pareja cerca: En la misma habitación")
        assert "sábado y domingo" in wording.plan_text(sample("note_owned_routine"))
        assert "7 de marzo" in wording.plan_text(sample("note_level_up"))
        assert "4,2 sobre 5" in wording.plan_text(sample("review_confidence_only"))
        assert wording.band_text("early morning") == "La primera hora de la mañana"
        assert wording.band_text(planner.UNKNOWN_BAND) == "Sin hora registrada"


def test_a_whole_plan_and_its_review_read_in_spanish() -> None:
    plan = planner.adapt_plan(dad_plan(), rate(dad_plan(), ["crying", "crying", "content"]))
    outcomes = rate(plan, ["content", "crying", "content", "content"], timed=True)
    review = planner.weekly_review(outcomes, plan=plan, baby_name="Sam")
    with translation.override("es"):
        reasons = [wording.plan_texts(s.reason) for s in plan.sessions]
        notes = [wording.plan_text(n.words) for n in plan.notes]
        sentences = [wording.plan_text(s) for s in review.sentences]
    assert reasons and notes and sentences
    everything = " ".join(reasons + notes + sentences)
    for english in (" was ", " the ", "weekday", "morning", "Level ", "session"):
        assert english not in everything
    assert "Sam estuvo a gusto" in everything

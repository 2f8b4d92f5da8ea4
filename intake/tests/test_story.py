"""The acceptance story (../shared/story.txt): the right concerns, phrases and first step."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from intake.engine import IntakeResult, analyse

STORY_PATH = Path(__file__).resolve().parents[3] / "shared" / "story.txt"

pytestmark = pytest.mark.skipif(not STORY_PATH.exists(), reason="story.txt not available")


@pytest.fixture(scope="module")
def story() -> str:
    """The mother's post and the replies it got, as given to the team."""
    return STORY_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(story: str) -> IntakeResult:
    """The intake result for the story."""
    return analyse(story)


EXPECTED = [
    (
        "bonding_difficulty",
        "partner",
        ["has not bonded", "been distant with him", "views him as a stranger", "hates me"],
    ),
    ("crying_distress", "baby", ["constantly cries", "purple cries", "still cries"]),
    (
        "parent_depression_anxiety",
        "partner",
        ["postpartum depression", "haven't seen any improvement"],
    ),
    ("rejection_of_baby", "partner", ["ruining our lives", "wishes we never had him"]),
    ("caregiver_frustration_anger", "partner", ["angry", "frustrated"]),
    ("care_load_imbalance", "writer", ["taken on the burden of doing everything", "everything"]),
    ("relationship_strain", "couple", ["resentful", "falling out of love", "ruining our marriage"]),
    ("work_time_pressure", "partner", ["works 16-18 hours", "hardly ever around"]),
]


@pytest.mark.parametrize(("label", "subject", "phrases"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_it_finds_each_concern_with_the_right_phrases(
    result: IntakeResult, story: str, label: str, subject: str, phrases: list[str]
) -> None:
    concern = result.concern(label)
    assert concern is not None, label
    assert concern.subject == subject
    quoted = " | ".join(s.text for s in concern.evidence)
    for phrase in phrases:
        assert phrase in quoted, (phrase, quoted)
    for span in concern.evidence:
        assert story[span.start : span.end] == span.text


def test_it_notes_that_the_medication_is_not_helping(result: IntakeResult) -> None:
    concern = result.concern("parent_depression_anxiety", "partner")
    assert concern is not None
    assert "medication_not_helping" in concern.tags
    assert any("upped the dosage" in s.text for s in concern.evidence)


def test_it_hears_the_fathers_own_words_as_his(result: IntakeResult) -> None:
    rejection = result.concern("rejection_of_baby")
    assert rejection is not None and "partner" in rejection.said_by


def test_it_does_not_claim_a_risk_to_self_or_baby(result: IntakeResult) -> None:
    assert "safety_risk_self" not in result.labels()
    assert "safety_risk_baby" not in result.labels()


def test_the_first_step_is_that_the_father_speaks_to_his_doctor_soon(result: IntakeResult) -> None:
    first = result.next_steps[0]
    assert (first.key, first.urgency, first.subject) == ("help:gp", "soon", "partner")
    assert first.text.startswith("Your husband should speak to his doctor soon")
    assert "review" in first.text


def test_steps_are_ordered_by_urgency(result: IntakeResult) -> None:
    order = ["emergency", "today", "soon", "routine"]
    ranks = [order.index(s.urgency) for s in result.next_steps]
    assert ranks == sorted(ranks)
    keys = {s.key for s in result.next_steps}
    assert {
        "help:partner_path",
        "safety:crying_plan",
        "insights:crying",
        "plan:bonding",
        "care_load",
    } <= keys


def test_the_forum_replies_are_other_peoples_words(result: IntakeResult, story: str) -> None:
    assert len(result.others_words) == 1
    assert result.others_words[0].text.startswith("Hi, sorry to hear this.")
    reply_start = result.others_words[0].start
    assert all(s.end <= reply_start for c in result.concerns for s in c.evidence)


def test_the_result_is_json_able(result: IntakeResult) -> None:
    data = json.loads(json.dumps(asdict(result)))
    assert data["concerns"][0]["evidence"][0].keys() == {"start", "end", "text"}
    assert data["next_steps"][0]["key"] == "help:gp"

"""The same-session safety screen through the API: opened by a check-in (PHQ-9 item 9), by
"Tell us what's going on" and by a frustration rating of 7 or more; answered in rounds with
POST /screens/{id}/answers until `is_complete`; only ever the answerer's own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import translation

from wellbeing.models import SafetyScreening
from wellbeing.testing import answers_for

PASSIVE_TEXT = "I've been thinking everyone would be better off without me"
PARTNER_TEXT = "My husband says he wants to end his life and he has a rope in the garage"
ORDINARY_TEXT = "How many ounces of formula should a two month old take?"


def _keys(screen: dict[str, Any]) -> list[str]:
    return [q["key"] for q in screen["questions"]]


def _numbers(safety: dict[str, Any]) -> list[str]:
    return [c["value"] for s in safety["help"] for c in s["contacts"] if c["method"] == "call"]


def _answer(caller, screen_id: int, answers: dict[str, bool]) -> dict[str, Any]:
    response = caller.post(f"/screens/{screen_id}/answers", json={"answers": answers})
    assert response.status_code == 200, response.json()
    return response.json()


def _open_by_check_in(caller) -> dict[str, Any]:
    response = caller.post(
        "/checkins", json={"instrument": "phq9", "answers": answers_for("phq9", 5, 1)}
    )
    assert response.status_code == 201, response.json()
    return response.json()["safety"]


def _answer_to_a_plan(caller, screen: dict[str, Any]) -> dict[str, Any]:
    """Yes to thoughts, yes to a plan, then every later question in turn, until complete."""
    replies = {
        "thoughts_of_ending_life": True,
        "plan": True,
        "intent": False,
        "means": False,
        "harm_baby_thoughts": False,
        "safe_now": True,
    }
    rounds = []
    data: dict[str, Any] = {"screen": screen}
    while not data["screen"]["is_complete"]:
        due = _keys(data["screen"])
        assert due, data
        rounds.append(due)
        data = _answer(caller, screen["id"], {k: replies[k] for k in due})
        assert len(rounds) < 5, rounds
    data["rounds"] = rounds
    return data


def test_check_in_opens_the_screen_and_a_plan_reaches_tier_1(people, as_):
    bob = as_(people.bob)
    safety = _open_by_check_in(bob)
    assert safety["ask_screen"] is True and safety["show_safety_screen_first"] is True
    screen = safety["screen"]
    assert screen["about"] == "writer" and screen["topics"] == ["self"]
    assert screen["answers"] == {} and screen["is_complete"] is False
    assert screen["questions"] == [
        {
            "key": "thoughts_of_ending_life",
            "text": "Have you had thoughts of ending your life, or that you would be better off dead?",
        }
    ]
    assert screen["intro"].startswith("Thank you for telling us.")
    assert safety["tier"] == 2 and _numbers(safety)[0] == "999"

    row = SafetyScreening.objects.get(pk=screen["id"])
    assert (row.membership, row.origin) == (people.bob, "checkin")

    data = _answer_to_a_plan(bob, screen)
    assert data["rounds"] == [
        ["thoughts_of_ending_life"],
        ["plan", "intent", "means"],
        ["safe_now"],
    ]
    assert data["screen"]["is_complete"] is True and data["screen"]["questions"] == []
    assert data["screen"]["answers"]["plan"] is True
    assert data["safety"]["tier"] == 1
    assert data["safety"]["ask_screen"] is False
    assert "self_harm_intent_or_plan" in [m["id"] for m in data["safety"]["messages"]]
    assert data["safety"]["messages"][0]["tier"] == 1
    assert _numbers(data["safety"])[0] == "999"  # the emergency number first
    row.refresh_from_db()
    assert row.tier == 1 and row.completed_at is not None

    again = bob.get(f"/screens/{screen['id']}").json()
    assert again["screen"] == data["screen"] and again["safety"]["tier"] == 1


def test_a_no_to_the_gate_completes_the_screen_at_once(people, as_):
    bob = as_(people.bob)
    screen = _open_by_check_in(bob)["screen"]
    data = _answer(bob, screen["id"], {"thoughts_of_ending_life": False})
    assert data["screen"]["is_complete"] is True and data["screen"]["questions"] == []
    assert data["safety"]["tier"] == 2  # the item-9 answer itself still calls for help today
    assert "self_harm_intent_or_plan" not in [m["id"] for m in data["safety"]["messages"]]


def test_intake_opens_the_screen_for_the_writer(people, as_):
    alice = as_(people.alice)
    response = alice.post("/intake", json={"text": PASSIVE_TEXT})
    assert response.status_code == 200
    safety = response.json()["safety"]
    assert (safety["tier"], safety["ask_screen"], safety["about"]) == (2, True, "writer")
    assert safety["reasons"] == ["passive_wish"]
    screen = safety["screen"]
    assert _keys(screen) == ["thoughts_of_ending_life"] and screen["about"] == "writer"
    row = SafetyScreening.objects.get(pk=screen["id"])
    assert row.membership == people.alice and row.origin == "intake"
    assert "better off" not in json.dumps(row.origin_signals)  # signals, never the text

    data = _answer_to_a_plan(alice, screen)
    assert data["rounds"][1] == ["plan", "intent", "means"]
    assert data["safety"]["tier"] == 1 and data["screen"]["is_complete"] is True


def test_intake_about_the_partner_is_worded_for_the_writer(people, as_):
    alice = as_(people.alice)
    safety = alice.post("/intake", json={"text": PARTNER_TEXT}).json()["safety"]
    assert (safety["tier"], safety["ask_screen"], safety["about"]) == (1, True, "partner")
    assert safety["reasons"][:2] == ["means", "passive_wish"]
    screen = safety["screen"]
    assert screen["about"] == "partner"
    assert screen["intro"].startswith("Thank you for looking out for your husband.")
    assert screen["questions"][0]["text"].startswith(
        "Has your husband talked about ending his life"
    )
    assert safety["messages"][0]["id"] == "partner_thoughts_with_means"

    data = _answer(alice, screen["id"], {"thoughts_of_ending_life": True})
    texts = [q["text"] for q in data["screen"]["questions"]]
    assert texts[0] == "Has your husband talked about how he would do it, or made any plans?"
    assert all("you would" not in t for t in texts)
    data = _answer(alice, screen["id"], {"plan": True, "intent": False, "means": True})
    assert "partner_self_harm_intent_or_plan" in [m["id"] for m in data["safety"]["messages"]]
    assert data["safety"]["offer_tell_partner"] is False  # never "tell your partner" about them


def test_an_ordinary_question_opens_no_screen(people, as_):
    safety = as_(people.alice).post("/intake", json={"text": ORDINARY_TEXT}).json()["safety"]
    assert (safety["tier"], safety["ask_screen"], safety["screen"]) == (4, False, None)
    assert safety["reasons"] == [] and safety["about"] == "none"
    assert not SafetyScreening.objects.exists()


def test_frustration_at_8_opens_the_screen_on_the_baby_and_oneself(people, as_):
    bob = as_(people.bob)
    response = bob.post("/frustration", json={"rating": 8})
    assert response.status_code == 201, response.json()
    safety = response.json()["safety"]
    assert safety["ask_screen"] is True
    screen = safety["screen"]
    assert screen["topics"] == ["self", "baby"]
    assert _keys(screen) == ["thoughts_of_ending_life", "harm_baby_thoughts"]
    assert "frustration_high" in [m["id"] for m in safety["messages"]]
    assert SafetyScreening.objects.get(pk=screen["id"]).origin == "limit"

    data = _answer(
        bob, screen["id"], {"thoughts_of_ending_life": False, "harm_baby_thoughts": True}
    )
    assert _keys(data["screen"]) == ["harm_baby_act"]
    data = _answer(bob, screen["id"], {"harm_baby_act": True})
    assert _keys(data["screen"]) == ["safe_now"]
    assert data["safety"]["tier"] == 1
    assert "harm_to_baby_endorsed" in [m["id"] for m in data["safety"]["messages"]]
    data = _answer(bob, screen["id"], {"safe_now": False})
    assert data["screen"]["is_complete"] is True and data["safety"]["tier"] == 1
    assert "not_safe_now" in [m["id"] for m in data["safety"]["messages"]]


def test_frustration_below_7_opens_no_screen(people, as_):
    safety = as_(people.bob).post("/frustration", json={"rating": 6}).json()["safety"]
    assert safety["screen"] is None and safety["ask_screen"] is False
    assert not SafetyScreening.objects.exists()


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"nope": True}, "answers.nope"),
        ({"plan": True}, "answers.plan"),  # only asked after a yes to thoughts
        ({"safe_now": True}, "answers.safe_now"),  # only asked after some yes
        ({"harm_baby_thoughts": True}, "answers.harm_baby_thoughts"),  # not on this screen
        ({"thoughts_of_ending_life": "perhaps"}, "answers.thoughts_of_ending_life"),
    ],
)
def test_bad_answers_name_the_field_and_save_nothing(people, as_, answers, field):
    bob = as_(people.bob)
    screen = _open_by_check_in(bob)["screen"]
    response = bob.post(f"/screens/{screen['id']}/answers", json={"answers": answers})
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    row = SafetyScreening.objects.get(pk=screen["id"])
    assert row.answers == {} and row.tier is None and row.completed_at is None


def test_a_follow_up_after_a_no_is_refused(people, as_):
    bob = as_(people.bob)
    screen = _open_by_check_in(bob)["screen"]
    _answer(bob, screen["id"], {"thoughts_of_ending_life": False})
    response = bob.post(f"/screens/{screen['id']}/answers", json={"answers": {"plan": True}})
    assert response.status_code == 422 and "answers.plan" in response.json()["errors"]
    assert SafetyScreening.objects.get().answers == {"thoughts_of_ending_life": False}


def test_nobody_else_can_read_or_answer_a_screen(people, as_):
    alice = as_(people.alice)
    screen = alice.post("/intake", json={"text": PASSIVE_TEXT}).json()["safety"]["screen"]
    for other in (people.bob, people.charlie, people.vera):
        caller = as_(other)
        response = caller.get(f"/screens/{screen['id']}")
        assert response.status_code == 404, other
        assert "thoughts_of_ending_life" not in response.content.decode()
        response = caller.post(
            f"/screens/{screen['id']}/answers", json={"answers": {"thoughts_of_ending_life": True}}
        )
        assert response.status_code == 404, other
    assert as_(None).get(f"/screens/{screen['id']}").status_code == 401
    row = SafetyScreening.objects.get()
    assert row.answers == {} and row.tier is None
    assert alice.get(f"/screens/{screen['id']}").status_code == 200
    assert alice.get("/screens/99999").status_code == 404


@pytest.mark.parametrize("shared", ["nothing", "band", "everything"])
def test_the_partners_check_in_list_never_shows_the_screen(people, as_, shared):
    alice = as_(people.alice)
    response = alice.post(
        "/checkins",
        json={
            "instrument": "phq9",
            "answers": answers_for("phq9", 5, 1),
            "share_with_partner": shared,
        },
    )
    check_in_id = response.json()["check_in"]["id"]
    screen = response.json()["safety"]["screen"]
    _answer_to_a_plan(alice, screen)

    listed = as_(people.bob).get("/checkins")
    assert listed.status_code == 200
    text = listed.content.decode()
    assert [c["id"] for c in listed.json()] == ([] if shared == "nothing" else [check_in_id])
    for word in ("screen", "thoughts_of_ending_life", "plan", "safe_now", "tier", "intent"):
        assert word not in text, word
    for row in listed.json():
        assert set(row) == {
            "id",
            "member",
            "instrument",
            "instrument_name",
            "created_at",
            "shared",
            "band",
            "band_label",
            "is_positive",
            "total",
            "max_total",
            "answers",
            "self_harm_flag",
            "share_with_partner",
            "share_with_reports",
        }
    detail = as_(people.bob).get(f"/checkins/{check_in_id}")
    assert "screen" not in detail.content.decode()
    assert detail.status_code == (404 if shared == "nothing" else 200)


def test_intake_in_another_language_says_so_and_asks(people, as_):
    text = "Ich kann nicht mehr. Die Kleine schreit die ganze Nacht und niemand hilft mir."
    data = as_(people.alice).post("/intake", json={"text": text}).json()
    assert data["unread"] == [{"start": 0, "end": len(text), "language": "de"}]
    assert "German" in data["unread_notice"]
    safety = data["safety"]
    assert (safety["tier"], safety["ask_screen"], safety["about"]) == (4, True, "writer")
    assert safety["reasons"] == ["asked:language"]
    assert _keys(safety["screen"])[0] == "thoughts_of_ending_life"  # and the baby question


def test_an_english_text_has_nothing_unread(people, as_):
    data = as_(people.alice).post("/intake", json={"text": ORDINARY_TEXT}).json()
    assert data["unread"] == [] and data["unread_notice"] is None


def test_the_help_in_a_safety_answer_follows_the_callers_language(people, as_):
    with translation.override("es"):  # as the locale middleware sets it for the request
        safety = as_(people.alice).post("/intake", json={"text": PASSIVE_TEXT}).json()["safety"]
    notes = json.dumps(safety["help"], ensure_ascii=False)
    assert "Gratis desde teléfonos fijos y móviles." in notes
    assert "Free from landlines" not in notes

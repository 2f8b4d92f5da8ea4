"""The cry-suggestion routes: times of possible crying in, one-tap answers out; never sound."""

from datetime import timedelta

import pytest
from django.test import Client

from carelog.models import CrySuggestion, Event
from households.models import Membership

from .conftest import NOW, ago, iso, make_event


@pytest.fixture
def listening(people):
    """Mum has turned on "Listen for crying on my devices"."""
    Membership.objects.filter(pk=people.alice.pk).update(listening=True)
    people.alice.refresh_from_db()
    return people


def episodes(*spans, confidence=0.8):
    return [
        {"start": ago(minutes=start), "end": ago(minutes=end), "confidence": confidence}
        for start, end in spans
    ]


def suggest(client, **body):
    return client.post("/cry-suggestions", json={"source": "device", **body})


def pending_one(people) -> CrySuggestion:
    return CrySuggestion.objects.create(
        household=people.household,
        baby=people.baby,
        detected_by=people.alice,
        start=NOW - timedelta(minutes=50),
        end=NOW - timedelta(minutes=36),
        confidence=0.7,
        source="device",
    )


# Sending --------------------------------------------------------------------------------


def test_a_listening_member_sends_episodes_and_gets_the_suggestions(listening, as_):
    response = suggest(as_(listening.alice), episodes=episodes((50, 36), (20, 15)))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [(s["start"], s["end"]) for s in data] == [
        ("2026-11-23T02:10:00Z", "2026-11-23T02:24:00Z"),
        ("2026-11-23T02:40:00Z", "2026-11-23T02:45:00Z"),
    ]
    first = data[0]
    assert first["baby"] == listening.baby.pk  # the only baby, so it needn't be named
    assert first["detected_by"] == {"id": listening.alice.pk, "display_name": "Mum"}
    assert (first["status"], first["source"], first["confidence"]) == ("pending", "device", 0.8)
    assert (first["resolved_by"], first["resolved_at"], first["event"]) == (None, None, None)
    assert not Event.objects.exists()


def test_with_listening_off_it_is_refused_naming_listening(people, as_):
    response = suggest(as_(people.alice), episodes=episodes((50, 36)))
    assert response.status_code == 422
    assert "listening" in response.json()["errors"]
    assert not CrySuggestion.objects.exists()


def test_an_audio_field_is_refused_by_name(listening, as_):
    response = suggest(as_(listening.alice), episodes=episodes((50, 36)), audio="UklGRiQAAABXQVZF")
    assert response.status_code == 422
    assert response.json()["errors"] == {"audio": "Unknown field."}
    inside = episodes((50, 36))
    inside[0]["audio"] = "UklGRiQAAABXQVZF"
    response = suggest(as_(listening.alice), episodes=inside)
    assert response.status_code == 422
    assert "episodes.0.audio" in response.json()["errors"]
    assert not CrySuggestion.objects.exists()


def test_no_operation_takes_sound(db):
    schema = Client().get("/api/v1/openapi.json").json()
    for name in ("CrySuggestionsIn", "EpisodeIn", "CryConfirmIn"):
        body = schema["components"]["schemas"][name]
        assert body["additionalProperties"] is False, name
        assert not {"audio", "sound", "recording"} & set(body["properties"]), name


@pytest.mark.parametrize(
    ("episode", "field"),
    [
        ({"start": ago(minutes=30), "end": ago(minutes=40), "confidence": 0.5}, "episodes.0.end"),
        ({"start": ago(minutes=40), "end": ago(minutes=30), "confidence": 2}, "episodes.0.confidence"),
        ({"start": ago(minutes=40), "end": iso(NOW + timedelta(minutes=5)), "confidence": 0.5}, "episodes.0.end"),
        ({"start": ago(hours=4), "end": ago(minutes=30), "confidence": 0.5}, "episodes.0.end"),
        ({"start": "2026-11-23T02:00:00", "end": ago(minutes=30), "confidence": 0.5}, "episodes.0.start"),
    ],
)  # fmt: skip
def test_a_wrong_episode_is_a_422_naming_it(listening, as_, episode, field):
    response = suggest(as_(listening.alice), episodes=[episode])
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    assert not CrySuggestion.objects.exists()


def test_an_episode_near_a_pending_one_widens_it(listening, as_):
    alice = as_(listening.alice)
    (first,) = suggest(alice, episodes=episodes((50, 40), confidence=0.6)).json()
    (again,) = suggest(alice, episodes=episodes((41, 36), confidence=0.9)).json()
    assert again["id"] == first["id"]
    assert (again["start"], again["end"], again["confidence"]) == (
        "2026-11-23T02:10:00Z",
        "2026-11-23T02:24:00Z",
        0.9,
    )
    assert CrySuggestion.objects.count() == 1


def test_a_viewer_cannot_send_and_a_stranger_baby_is_a_bad_field(listening, as_):
    Membership.objects.filter(pk=listening.vera.pk).update(listening=True)
    assert suggest(as_(listening.vera), episodes=episodes((50, 36))).status_code == 403
    response = suggest(
        as_(listening.alice), baby=listening.charlies_baby.pk, episodes=episodes((50, 36))
    )
    assert response.status_code == 422 and "baby" in response.json()["errors"]


# Listing --------------------------------------------------------------------------------


def test_pending_suggestions_are_listed_and_answered_ones_on_request(people, as_):
    pending = pending_one(people)
    answered = pending_one(people)
    CrySuggestion.objects.filter(pk=answered.pk).update(status="discarded")
    bob = as_(people.bob)
    assert [s["id"] for s in bob.get("/cry-suggestions").json()] == [pending.pk]
    assert [s["id"] for s in bob.get("/cry-suggestions?status=discarded").json()] == [answered.pk]
    assert bob.get("/cry-suggestions?status=maybe").status_code == 422


def test_pending_suggestions_are_not_events(people, as_):
    pending_one(people)
    bob = as_(people.bob)
    assert bob.get("/events").json()["count"] == 0
    assert bob.get("/timers").json() == []


# Answering -------------------------------------------------------------------------------


def test_confirming_logs_crying_credited_to_the_carer(people, as_):
    suggestion = pending_one(people)
    response = as_(people.alice).post(
        f"/cry-suggestions/{suggestion.pk}/confirm",
        json={"carer": people.bob.pk, "others_present": [people.alice.pk]},
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    event = Event.objects.get()
    assert (data["status"], data["event"]) == ("confirmed", event.pk)
    assert data["resolved_by"] == {"id": people.alice.pk, "display_name": "Mum"}
    assert data["resolved_at"] == iso(NOW)
    logged = as_(people.alice).get(f"/events/{event.pk}").json()
    assert logged["kind"] == "cry" and logged["caregiver"]["id"] == people.bob.pk
    assert (logged["start"], logged["end"]) == ("2026-11-23T02:10:00Z", "2026-11-23T02:24:00Z")
    assert [m["id"] for m in logged["others_present"]] == [people.alice.pk]
    assert as_(people.bob).get("/cry-suggestions").json() == []


def test_confirming_with_times_corrects_them(people, as_):
    suggestion = pending_one(people)
    response = as_(people.bob).post(
        f"/cry-suggestions/{suggestion.pk}/confirm",
        json={"carer": people.bob.pk, "start": ago(minutes=55), "end": ago(minutes=30)},
    )
    assert response.status_code == 200, response.json()
    event = Event.objects.get()
    assert (event.start, event.end) == (NOW - timedelta(minutes=55), NOW - timedelta(minutes=30))


def test_confirming_over_a_logged_cry_joins_it(people, as_):
    logged = make_event(people.baby, "cry", by=people.bob, minutes_ago=45, minutes=10)
    suggestion = pending_one(people)
    data = (
        as_(people.alice)
        .post(f"/cry-suggestions/{suggestion.pk}/confirm", json={"carer": people.alice.pk})
        .json()
    )
    assert data["event"] == logged.pk
    assert Event.objects.count() == 1
    logged.refresh_from_db()
    assert (logged.start, logged.end) == (NOW - timedelta(minutes=50), NOW - timedelta(minutes=35))


def test_a_confirm_body_with_audio_or_a_stranger_carer_is_refused(people, as_):
    suggestion = pending_one(people)
    url = f"/cry-suggestions/{suggestion.pk}/confirm"
    response = as_(people.alice).post(url, json={"carer": people.bob.pk, "audio": "x"})
    assert response.status_code == 422 and "audio" in response.json()["errors"]
    response = as_(people.alice).post(url, json={"carer": people.charlie.pk})
    assert response.status_code == 422 and "carer" in response.json()["errors"]
    assert not Event.objects.exists()


def test_discarding_logs_nothing_and_a_second_answer_is_refused(people, as_):
    suggestion = pending_one(people)
    response = as_(people.bob).post(f"/cry-suggestions/{suggestion.pk}/discard")
    assert response.status_code == 200
    assert response.json()["status"] == "discarded"
    assert not Event.objects.exists()
    again = as_(people.alice).post(
        f"/cry-suggestions/{suggestion.pk}/confirm", json={"carer": people.alice.pk}
    )
    assert again.status_code == 422 and "status" in again.json()["errors"]


def test_a_viewer_cannot_answer(people, as_):
    suggestion = pending_one(people)
    vera = as_(people.vera)
    assert vera.post(f"/cry-suggestions/{suggestion.pk}/discard").status_code == 403
    confirm = vera.post(f"/cry-suggestions/{suggestion.pk}/confirm", json={"carer": people.vera.pk})
    assert confirm.status_code == 403
    assert CrySuggestion.objects.get().status == "pending"


def test_another_household_gets_404_and_sees_nothing(people, as_):
    suggestion = pending_one(people)
    charlie = as_(people.charlie)
    assert charlie.get("/cry-suggestions").json() == []
    assert charlie.get("/cry-suggestions?status=confirmed").json() == []
    confirm = charlie.post(
        f"/cry-suggestions/{suggestion.pk}/confirm", json={"carer": people.charlie.pk}
    )
    assert confirm.status_code == 404
    assert charlie.post(f"/cry-suggestions/{suggestion.pk}/discard").status_code == 404
    assert CrySuggestion.objects.get().status == "pending"
    assert not Event.objects.exists()


def test_the_household_says_who_is_listening(listening, as_):
    data = as_(listening.bob).get("/members").json()
    assert {m["display_name"]: m["listening"] for m in data} == {
        "Mum": True,
        "Dad": False,
        "Grandma": False,
    }

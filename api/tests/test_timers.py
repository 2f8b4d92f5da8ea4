from datetime import timedelta

import pytest

from carelog.models import Event

from .conftest import NOW, ago, make_event


def start(client, people, **extra):
    return client.post("/timers", json={"kind": "holding", "baby": people.baby.pk, **extra})


def test_partner_starts_a_timer_and_mum_sees_it_running(people, as_):
    response = start(as_(people.bob), people, others_present=[people.alice.pk])
    assert response.status_code == 201, response.json()
    assert response.json()["is_running"] is True
    timers = as_(people.alice).get("/timers").json()
    assert [(t["kind"], t["caregiver"]["display_name"]) for t in timers] == [("holding", "Dad")]
    assert as_(people.alice).get(f"/timers?baby={people.baby.pk}").json() == timers


def test_a_timer_can_start_a_little_earlier(people, as_):
    response = start(as_(people.bob), people, start=ago(minutes=5))
    assert response.json()["start"] == ago(minutes=5)


def test_stopping_records_how_it_went(people, as_):
    timer = start(as_(people.bob), people, start=ago(minutes=12)).json()
    response = as_(people.alice).post(
        f"/timers/{timer['id']}/stop", json={"baby_response": "content", "parent_confidence": 4}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["is_running"], data["duration_s"]) == (False, 12 * 60)
    assert data["details"] == {"baby_response": "content", "parent_confidence": 4}
    assert as_(people.alice).get("/timers").json() == []


def test_stop_takes_an_end_and_other_details(people, as_):
    timer = start(as_(people.alice), people, kind="feed", details={"method": "breast"}).json()
    # The timer started at NOW; let the clock run on so the end can be after it.
    Event.objects.filter(pk=timer["id"]).update(start=NOW - timedelta(minutes=30))
    response = as_(people.alice).post(
        f"/timers/{timer['id']}/stop", json={"end": ago(minutes=10), "details": {"side": "left"}}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["duration_s"] == 20 * 60
    assert response.json()["details"] == {"method": "breast", "side": "left"}


def test_stop_with_an_empty_body(people, as_):
    timer = start(as_(people.alice), people).json()
    assert as_(people.alice).post(f"/timers/{timer['id']}/stop").status_code == 200


def test_a_second_timer_of_the_same_kind_is_refused(people, as_):
    start(as_(people.alice), people)
    response = start(as_(people.bob), people)
    assert response.status_code == 422
    assert "already running" in response.json()["errors"]["kind"]
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "nappy"}, "kind"),
        ({"kind": "dance"}, "kind"),
        ({"start": "2026-11-23T02:00:00"}, "start"),
        ({"start": "2026-11-23T04:00:00Z"}, "start"),
        ({"details": {"baby_response": "asleep"}}, "details.baby_response"),
    ],
)
def test_bad_timer_starts_name_the_field(people, as_, payload, field):
    response = start(as_(people.alice), people, **payload)
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"end": "2026-11-23T02:59:00"}, "end"),
        ({"end": ago(hours=2)}, "end"),
        ({"parent_confidence": 6}, "parent_confidence"),
        ({"baby_response": "asleep"}, "baby_response"),
        ({"details": {"colour": "red"}}, "details.colour"),
    ],
)
def test_bad_stops_name_the_field_and_leave_it_running(people, as_, payload, field):
    timer = start(as_(people.alice), people, start=ago(minutes=30)).json()
    response = as_(people.alice).post(f"/timers/{timer['id']}/stop", json=payload)
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    assert Event.objects.get(pk=timer["id"]).end is None


def test_stopping_twice_is_refused(people, as_):
    event = make_event(people.baby, "holding", by=people.alice)
    response = as_(people.alice).post(f"/timers/{event.pk}/stop")
    assert response.status_code == 422
    assert "end" in response.json()["errors"]


def test_viewer_cant_start_or_stop(people, as_):
    assert start(as_(people.vera), people).status_code == 403
    event = make_event(people.baby, "holding", by=people.alice, minutes=None)
    assert as_(people.vera).post(f"/timers/{event.pk}/stop").status_code == 403
    assert Event.objects.get(pk=event.pk).end is None


def test_outsider_gets_404_stopping_and_never_sees_timers(people, as_):
    event = make_event(people.baby, "holding", by=people.alice, minutes=None)
    assert as_(people.charlie).get("/timers").json() == []
    assert as_(people.charlie).post(f"/timers/{event.pk}/stop").status_code == 404
    assert Event.objects.get(pk=event.pk).end is None
    assert start(as_(people.charlie), people).status_code == 422


def test_listing_timers_takes_constant_queries(people, as_, django_assert_max_num_queries):
    for kind in ("holding", "play", "walk", "bath", "reading", "sleep", "feed"):
        event = make_event(people.baby, kind, by=people.alice, minutes=None)
        event.others_present.set([people.bob])
    with django_assert_max_num_queries(3):
        assert len(as_(people.bob).get("/timers").json()) == 7

"""Bounds on what the API takes, and insights that survive old data (issue 12).

Out-of-range numbers and times are a 422 in the usual error shape, never a 500; a year
typed as 0001 is refused naming the field; and a log that already holds such a record
still gets its insights and plans.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from carelog.models import Event

from .conftest import NOW, ago, make_event

TOO_BIG = str(2**63)  # one more than the largest key SQLite and PostgreSQL can hold


@pytest.fixture(autouse=True)
def fresh_cache():
    """Insights are cached by household id and log fingerprint; ids repeat across tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def odd_log(people):
    """A little normal log, plus records stored before times were bounded, written
    straight to the table as old data would be."""
    alice, bob, baby = people.alice, people.bob, people.baby
    make_event(baby, "feed", by=alice, minutes_ago=180, minutes=20,
               details={"method": "bottle", "amount_ml": 90})  # fmt: skip
    make_event(baby, "holding", by=bob, minutes_ago=120, minutes=15,
               details={"baby_response": "content", "parent_confidence": 4})  # fmt: skip
    make_event(baby, "walk", by=bob, minutes_ago=300, minutes=-30)
    make_event(baby, "play", by=alice, minutes_ago=360, minutes=0)
    for kind, start, end, details in [
        ("feed", datetime(1, 1, 1, tzinfo=UTC), datetime(1, 1, 1, 0, 20, tzinfo=UTC),
         {"method": "breast", "side": "left"}),
        ("sleep", datetime(886, 3, 1, tzinfo=UTC), None, {}),  # `--start 9999999h`, running
        ("nappy", datetime(9999, 12, 31, tzinfo=UTC), None, {"wet": True}),
        ("cry", NOW - timedelta(days=2), datetime(9999, 12, 31, 23, 59, tzinfo=UTC), {}),
    ]:  # fmt: skip
        Event.objects.create(
            household_id=baby.household_id, baby=baby, kind=kind, start=start, end=end,
            caregiver=alice, created_by=alice, details=details,
        )  # fmt: skip
    return people


# Times ----------------------------------------------------------------------------------


def test_logging_in_year_one_is_422_naming_start(as_, people):
    response = as_(people.alice).post(
        "/events",
        json={
            "kind": "nappy",
            "baby": people.baby.pk,
            "start": "0001-01-01T00:00:00Z",
            "details": {"wet": True},
        },
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["start"]
    assert "long before Sam was born" in response.json()["detail"]
    assert not Event.objects.exists()


def test_a_timer_started_in_year_886_is_422_naming_start(as_, people):
    response = as_(people.bob).post(
        "/timers", json={"kind": "sleep", "baby": people.baby.pk, "start": "0886-03-01T00:00Z"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["start"]


def test_moving_an_event_to_year_one_is_422_and_changes_nothing(as_, people):
    event = make_event(people.baby, "sleep", by=people.alice)
    response = as_(people.alice).patch(
        f"/events/{event.pk}", json={"start": "0001-01-01T00:00:00Z"}
    )
    assert response.status_code == 422
    assert "long before Sam was born" in response.json()["errors"]["start"]
    assert Event.objects.get().start == event.start


@pytest.mark.parametrize(
    ("body", "field"),
    [
        # Valid ISO 8601, but before year 1 (or after 9999) once in UTC.
        ({"start": "0001-01-01T00:00:00+05:00"}, "start"),
        ({"start": ago(hours=1), "end": "9999-12-31T23:59:59-05:00"}, "end"),
        ({"start": "9999-12-31T23:00:00Z"}, "start"),
    ],
)
def test_times_outside_the_calendar_in_utc_are_422(as_, people, body, field):
    payload = {"kind": "sleep", "baby": people.baby.pk, **body}
    response = as_(people.alice).post("/events", json=payload)
    assert response.status_code == 422
    assert field in response.json()["errors"]


# Numbers in the query string -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"offset={TOO_BIG}", "offset"),
        ("offset=99999999999999999999999", "offset"),
        ("offset=1000001", "offset"),
        ("offset=-1", "offset"),
        (f"limit={TOO_BIG}", "limit"),
        (f"baby={TOO_BIG}", "baby"),
        (f"baby=-{TOO_BIG}1", "baby"),
        (f"caregiver={TOO_BIG}", "caregiver"),
        ("caregiver=0", "caregiver"),
        ("since=0001-01-01T00:00:00%2B05:00", "since"),
        ("until=9999-12-31T23:59:59-05:00", "until"),
    ],
)
def test_out_of_range_filters_are_422_in_the_error_shape(as_, people, query, field):
    make_event(people.baby, "sleep", by=people.alice)  # so the page query really runs
    response = as_(people.alice).get(f"/events?{query}")
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"} and list(body["errors"]) == [field]


def test_the_largest_offset_is_an_empty_page(as_, people):
    make_event(people.baby, "sleep", by=people.alice)
    response = as_(people.alice).get("/events?offset=1000000")
    assert response.status_code == 200
    assert response.json()["count"] == 1 and response.json()["items"] == []


def test_a_timer_filter_for_an_impossible_baby_is_422(as_, people):
    response = as_(people.alice).get(f"/timers?baby={TOO_BIG}")
    assert response.status_code == 422 and list(response.json()["errors"]) == ["baby"]


def test_ids_in_a_body_are_bounded_too(as_, people):
    response = as_(people.alice).post(
        "/events",
        json={"kind": "sleep", "baby": people.baby.pk, "caregiver": int(TOO_BIG)},
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["caregiver"]


# Old data --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/insights", "/insights/caregivers", "/insights/handover"])
def test_insights_still_answer_with_extreme_records_stored(as_, odd_log, path):
    response = as_(odd_log.alice).get(f"{path}?baby={odd_log.baby.pk}")
    assert response.status_code == 200, response.content


def test_the_insights_leave_out_what_they_can_not_place(as_, odd_log):
    body = as_(odd_log.alice).get("/insights").json()
    # Year 1, year 886 and year 9999 are left out; the rest, clipped, are counted.
    assert body["events_used"] == Event.objects.count() - 3


def test_a_plan_can_be_made_with_extreme_records_stored(as_, odd_log):
    bob = as_(odd_log.bob)
    work = {"monday": [{"start": "09:00", "end": "17:00"}]}
    assert bob.put("/availability", json={"entered_as": "work", "days": work}).status_code == 200
    response = bob.post("/plans", json={})
    assert response.status_code == 201, response.content

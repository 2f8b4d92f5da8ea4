"""A mistyped year is refused on the form, and old data with one doesn't break any page
(issue 12: an event in year 1 took /insights/ down with a 500)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from carelog.models import Event

from .conftest import NOW, make_event


@pytest.fixture(autouse=True)
def fresh_cache():
    """Insights are cached by household id and log fingerprint; ids repeat across tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def odd_log(people, frozen):
    """A normal evening, plus the kinds of record stored before times were bounded,
    written straight to the table as old data would be."""
    alice, bob, baby = people.alice, people.bob, people.baby
    make_event(baby, "feed", by=alice, start=NOW - timedelta(hours=3), minutes=20,
               details={"method": "bottle", "amount_ml": 90})  # fmt: skip
    make_event(baby, "holding", by=bob, start=NOW - timedelta(hours=2), minutes=15,
               details={"baby_response": "content", "parent_confidence": 4})  # fmt: skip
    make_event(baby, "cry", by=bob, start=NOW - timedelta(hours=1), minutes=10)
    # A year typed as 0001, and `--start 9999999h` (year 886) left running.
    make_event(baby, "feed", by=alice, start=datetime(1, 1, 1, tzinfo=UTC), minutes=20,
               details={"method": "breast", "side": "left"})  # fmt: skip
    make_event(baby, "sleep", by=alice, start=datetime(886, 3, 1, tzinfo=UTC), running=True)
    # Far in the future, ending in year 9999, ending before it starts, lasting no time.
    make_event(baby, "nappy", by=bob, start=datetime(9999, 12, 31, tzinfo=UTC),
               details={"wet": True})  # fmt: skip
    Event.objects.create(
        household_id=baby.household_id, baby=baby, kind="cry", caregiver=bob, created_by=bob,
        start=NOW - timedelta(days=2), end=datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    )  # fmt: skip
    make_event(baby, "walk", by=bob, start=NOW - timedelta(hours=5), minutes=-30)
    make_event(baby, "play", by=alice, start=NOW - timedelta(hours=6), minutes=0)
    return people


def test_the_form_refuses_year_one_on_the_start_field(people, client_as, frozen):
    response = client_as(people.alice).post(
        reverse("web:event-add", args=[people.baby.pk, "nappy"]),
        {"start": "0001-01-01T00:00", "caregiver": people.alice.pk, "wet": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_start_error"' in html
    assert "The start is long before Sam was born" in html
    assert not Event.objects.exists()


def test_an_edit_to_year_one_is_refused_on_the_start_field(people, client_as, frozen):
    event = make_event(people.baby, "nappy", by=people.alice, start=NOW - timedelta(hours=1),
                       details={"wet": True})  # fmt: skip
    response = client_as(people.alice).post(
        reverse("web:event-edit", args=[event.pk]),
        {"start": "0001-01-01T00:00", "caregiver": people.alice.pk, "wet": "on"},
    )
    assert 'id="id_start_error"' in response.content.decode()
    assert Event.objects.get().start == NOW - timedelta(hours=1)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("web:insights", False),
        ("web:insights-baby", True),
        ("web:today-baby", True),
        ("web:event-list", True),
    ],
)
def test_pages_still_work_with_extreme_records_in_the_log(odd_log, client_as, name, args):
    url = reverse(name, args=[odd_log.baby.pk] if args else [])
    response = client_as(odd_log.alice).get(url)
    assert response.status_code == 200

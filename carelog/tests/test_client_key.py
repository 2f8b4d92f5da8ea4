"""A tap sent twice is stored once: log_event's client_key (the phone's idempotency key)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from carelog import services
from carelog.models import Event
from households.exceptions import InvalidInput

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
KEY = "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_same_key_twice_returns_the_first_entry(people):
    first = services.log_event(
        people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY
    )
    again = services.log_event(
        people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY
    )
    assert again.pk == first.pk
    assert Event.objects.count() == 1
    assert first.client_key == KEY


def test_a_repeated_timer_start_is_not_refused_as_already_running(people):
    first = services.log_event(
        people.alice,
        people.baby,
        "feed",
        details={"method": "breast", "side": "left"},
        client_key=KEY,
    )
    again = services.log_event(
        people.alice,
        people.baby,
        "feed",
        details={"method": "breast", "side": "left"},
        client_key=KEY,
    )
    assert again.pk == first.pk and again.is_running
    assert Event.objects.count() == 1


def test_the_repeat_is_returned_even_from_the_other_parent_or_later(people):
    first = services.log_event(
        people.alice, people.baby, "nappy", details={"dirty": True}, client_key=KEY
    )
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        again = services.log_event(
            people.bob, people.baby, "nappy", details={"dirty": True}, client_key=KEY
        )
    assert again.pk == first.pk and again.caregiver == people.alice


def test_different_keys_make_different_entries(people):
    services.log_event(people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY)
    services.log_event(
        people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY[::-1]
    )
    services.log_event(people.alice, people.baby, "nappy", details={"wet": True})
    services.log_event(people.alice, people.baby, "nappy", details={"wet": True})
    assert Event.objects.count() == 4
    assert Event.objects.filter(client_key=None).count() == 2


def test_keys_are_per_household(people):
    ours = services.log_event(
        people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY
    )
    theirs = services.log_event(
        people.charlie, people.charlies_baby, "nappy", details={"wet": True}, client_key=KEY
    )
    assert ours.pk != theirs.pk
    assert Event.objects.count() == 2


def test_a_key_used_for_another_kind_or_baby_is_refused(people):
    services.log_event(people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY)
    with pytest.raises(InvalidInput) as exc:
        services.log_event(people.alice, people.baby, "sleep", client_key=KEY)
    assert "client_key" in exc.value.errors
    assert Event.objects.count() == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 65, "tab\there"])
def test_a_malformed_key_is_refused_and_nothing_is_written(people, key):
    with pytest.raises(InvalidInput) as exc:
        services.log_event(
            people.alice, people.baby, "nappy", details={"wet": True}, client_key=key
        )
    assert set(exc.value.errors) == {"client_key"}
    assert not Event.objects.exists()


def test_a_refused_entry_uses_up_no_key(people):
    with pytest.raises(InvalidInput):
        services.log_event(people.alice, people.baby, "nappy", details={}, client_key=KEY)
    event = services.log_event(
        people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY
    )
    assert Event.objects.get().pk == event.pk


def test_the_database_holds_one_entry_per_key_and_household(people):
    services.log_event(people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            household=people.household,
            baby=people.baby,
            kind="nappy",
            start=NOW,
            caregiver=people.alice,
            details={"wet": True},
            client_key=KEY,
        )


def test_losing_the_race_returns_the_winners_entry(people, monkeypatch):
    """Two sends of one tap at once: both pass the first look-up, one insert wins."""
    winner = Event.objects.create(
        household=people.household,
        baby=people.baby,
        kind="nappy",
        start=NOW,
        caregiver=people.alice,
        details={"wet": True},
        client_key=KEY,
    )
    looked = []

    def not_yet(membership, key):  # the first look-up ran before the winner committed
        looked.append(key)
        return None if len(looked) == 1 else Event.objects.get(client_key=key)

    monkeypatch.setattr(services, "_event_by_client_key", not_yet)
    with transaction.atomic():  # like a request: the outer transaction must stay usable
        again = services.log_event(
            people.alice, people.baby, "nappy", details={"wet": True}, client_key=KEY
        )
        assert Event.objects.count() == 1
    assert again.pk == winner.pk

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from carelog import services
from carelog.models import Event
from households.exceptions import InvalidInput, NotAllowed, NotFound

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_bottle_feed_is_logged_with_who_was_there(people):
    event = services.log_event(
        people.bob,
        people.baby,
        "feed",
        start=NOW - timedelta(minutes=20),
        end=NOW - timedelta(minutes=5),
        others_present=[people.alice],
        details={"method": "bottle", "amount_ml": 120},
    )
    assert event.caregiver == people.bob
    assert list(event.others_present.all()) == [people.alice]
    assert event.duration == timedelta(minutes=15)


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("dance", {}, "kind"),
        ("feed", {"details": {"method": "bottle", "amount_ml": -20}}, "details.amount_ml"),
        ("feed", {"details": {"method": "breast", "side": "middle"}}, "details.side"),
        ("feed", {"details": {}}, "details.method"),
        ("nappy", {"details": {}}, "details"),
        ("cry", {"details": {"intensity": 4}}, "details.intensity"),
        ("cry", {"details": {"purple": ["peak"]}}, "details.purple.0"),
        ("holding", {"details": {"colour": "red"}}, "details.colour"),
        ("sleep", {"start": NOW - timedelta(hours=1), "end": NOW - timedelta(hours=2)}, "end"),
        ("sleep", {"start": NOW + timedelta(hours=1)}, "start"),
        ("sleep", {"start": NOW - timedelta(hours=1), "end": NOW + timedelta(hours=1)}, "end"),
        ("nappy", {"end": NOW, "details": {"wet": True}}, "end"),
        ("sleep", {"start": NOW - timedelta(hours=20), "end": NOW}, "end"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(people, kind, fields, field):
    with pytest.raises(InvalidInput) as info:
        services.log_event(people.alice, people.baby, kind, **fields)
    assert field in info.value.errors, info.value.errors
    assert not Event.objects.exists()


def test_a_little_clock_drift_between_phones_is_fine(people):
    event = services.log_event(
        people.alice, people.baby, "nappy", start=NOW + timedelta(minutes=2), details={"wet": True}
    )
    assert event.end is None and not event.is_running


def test_caregiver_from_another_household_is_refused(people):
    with pytest.raises(InvalidInput) as info:
        services.log_event(people.alice, people.baby, "holding", caregiver=people.charlie)
    assert "caregiver" in info.value.errors


def test_outsider_cannot_log_for_anothers_baby(people):
    with pytest.raises(NotFound):
        services.log_event(people.charlie, people.baby, "sleep")


def test_viewer_cannot_log(people):
    with pytest.raises(NotAllowed):
        services.log_event(people.vera, people.baby, "sleep")


def test_timer_started_by_one_parent_is_stopped_by_the_other(people):
    timer = services.start_timer(people.alice, people.baby, "holding", caregiver=people.bob)
    assert timer.is_running
    with time_machine.travel(NOW + timedelta(minutes=12), tick=False):
        stopped = services.stop_timer(
            people.alice, timer, details={"baby_response": "content", "parent_confidence": 4}
        )
    assert stopped.duration == timedelta(minutes=12)
    assert stopped.details == {"baby_response": "content", "parent_confidence": 4}
    with pytest.raises(InvalidInput):
        services.stop_timer(people.bob, stopped)


def test_second_timer_of_a_kind_is_refused(people):
    services.start_timer(people.alice, people.baby, "feed", details={"method": "breast"})
    with pytest.raises(InvalidInput) as info:
        services.start_timer(people.bob, people.baby, "feed", details={"method": "breast"})
    assert "Mum" in info.value.errors["kind"]


def test_stop_details_are_validated(people):
    timer = services.start_timer(people.bob, people.baby, "play")
    with pytest.raises(InvalidInput) as info:
        services.stop_timer(people.bob, timer, details={"parent_confidence": 9})
    assert "details.parent_confidence" in info.value.errors
    timer.refresh_from_db()
    assert timer.is_running


def test_update_reruns_the_checks(people):
    event = services.log_event(
        people.alice, people.baby, "sleep", start=NOW - timedelta(hours=2), end=NOW
    )
    with pytest.raises(InvalidInput):
        services.update_event(people.bob, event, end=NOW - timedelta(hours=3))
    services.update_event(people.bob, event, caregiver=people.bob, others_present=[people.alice])
    event.refresh_from_db()
    assert event.caregiver == people.bob and event.end == NOW


def test_import_is_all_or_nothing_and_names_the_line(people):
    from insights.records import EventRecord

    good = EventRecord("nappy", NOW - timedelta(hours=1), None, "mum", (), {"wet": True})
    bad = EventRecord("feed", NOW - timedelta(hours=2), NOW, "dad", (), {"method": "soup"})
    with pytest.raises(InvalidInput) as info:
        services.import_events(
            people.alice, people.baby, [good, good, bad], {"mum": people.alice, "dad": people.bob}
        )
    assert "line 3: details.method" in info.value.errors
    assert not Event.objects.exists()
    written = services.import_events(
        people.alice, people.baby, [good], {"mum": people.alice, "dad": people.bob}
    )
    assert written == 1


@pytest.mark.django_db(transaction=True)
def test_two_parents_logging_at_the_same_moment_lose_nothing():
    from nestling.testing import make_personas

    p = make_personas()
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def log(member, n):
        try:
            barrier.wait()
            for i in range(n):
                services.log_event(
                    member,
                    p.baby,
                    "nappy",
                    start=NOW - timedelta(minutes=i),
                    details={"wet": True},
                )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=log, args=(m, 15)) for m in (p.alice, p.bob)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Event.objects.filter(baby=p.baby).count() == 30


@pytest.mark.django_db(transaction=True)
def test_two_phones_starting_a_feed_timer_at_once_make_one_timer():
    from nestling.testing import make_personas

    p = make_personas()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def start(member):
        try:
            barrier.wait()
            services.start_timer(member, p.baby, "feed", details={"method": "breast"})
            outcomes.append("started")
        except InvalidInput:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(m,)) for m in (p.alice, p.bob)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "started"]
    assert Event.objects.filter(baby=p.baby, end=None).count() == 1

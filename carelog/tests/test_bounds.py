"""Times before the birth (less room for pregnancy notes) or in the future are refused by
every service a time enters through (issue 12: one mistyped year took the insights down)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from carelog import services
from carelog.models import Baby, Event
from households.exceptions import InvalidInput
from insights.records import EventRecord

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
# Sam (nestling.testing) was born on 20 June 2026; entries may start 30 days before that,
# from local midnight in London (BST, so 23:00 UTC the day before).
EARLIEST = datetime(2026, 5, 21, 0, 0, tzinfo=LONDON)
YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_earliest_start_is_a_month_before_the_birth_at_local_midnight(people):
    assert services.earliest_start(people.baby, LONDON) == EARLIEST
    assert EARLIEST == datetime(2026, 5, 20, 23, 0, tzinfo=UTC)


def test_a_baby_known_only_by_its_due_date_is_bounded_by_that_with_more_room():
    unborn = Baby(name="Bean", birth_date=None, due_date=date(2027, 1, 10))
    expected = datetime.combine(
        date(2027, 1, 10) - timedelta(days=150), datetime.min.time(), tzinfo=LONDON
    )
    assert services.earliest_start(unborn, LONDON) == expected


@pytest.mark.parametrize(
    ("start", "is_accepted"),
    [
        (YEAR_ONE, False),
        (datetime(886, 3, 1, tzinfo=UTC), False),
        (datetime(2025, 11, 23, 3, 0, tzinfo=UTC), False),  # the year before, mistyped
        (EARLIEST - timedelta(minutes=1), False),
        (EARLIEST, True),
        (datetime(2026, 6, 1, 9, 0, tzinfo=UTC), True),  # a pregnancy note
        (NOW + services.FUTURE_TOLERANCE, True),
        (NOW + services.FUTURE_TOLERANCE + timedelta(minutes=1), False),
        (datetime(9999, 12, 31, tzinfo=UTC), False),
    ],
)
def test_a_note_is_refused_outside_the_babys_time(people, start, is_accepted):
    if is_accepted:
        services.log_event(people.alice, people.baby, "note", start=start, details={"text": "x"})
        assert Event.objects.count() == 1
        return
    with pytest.raises(InvalidInput) as info:
        services.log_event(people.alice, people.baby, "note", start=start, details={"text": "x"})
    assert list(info.value.errors) == ["start"]
    assert not Event.objects.exists()


def test_the_message_names_the_baby_and_the_first_allowed_date(people):
    with pytest.raises(InvalidInput) as info:
        services.log_event(people.alice, people.baby, "nappy", start=YEAR_ONE, details={"wet": 1})
    assert info.value.errors["start"] == (
        "The start is long before Sam was born: entries can start from 21 May 2026. Check the date."
    )


def test_a_time_far_ahead_in_another_zone_is_refused_not_overflowed(people):
    far = datetime(9999, 12, 31, 23, 0, tzinfo=ZoneInfo("Pacific/Kiritimati"))
    with pytest.raises(InvalidInput) as info:
        services.log_event(people.alice, people.baby, "sleep", start=NOW, end=far)
    assert "end" in info.value.errors


def test_a_timer_can_not_be_started_in_year_one(people):
    with pytest.raises(InvalidInput) as info:
        services.start_timer(people.bob, people.baby, "sleep", start=YEAR_ONE)
    assert "start" in info.value.errors
    assert not Event.objects.exists()


def test_a_timer_can_not_be_stopped_in_the_future(people):
    timer = services.start_timer(people.bob, people.baby, "sleep", start=NOW - timedelta(hours=1))
    with pytest.raises(InvalidInput) as info:
        services.stop_timer(people.bob, timer, end=NOW + timedelta(days=365))
    assert "end" in info.value.errors
    assert Event.objects.get().is_running


def test_an_edit_can_not_move_an_entry_to_year_one(people):
    event = services.log_event(
        people.alice, people.baby, "nappy", start=NOW - timedelta(hours=1), details={"wet": 1}
    )
    with pytest.raises(InvalidInput) as info:
        services.update_event(people.alice, event, start=YEAR_ONE)
    assert "start" in info.value.errors
    assert Event.objects.get().start == NOW - timedelta(hours=1)


def test_an_import_names_the_line_with_the_mistyped_year(people):
    good = EventRecord("nappy", NOW - timedelta(hours=1), None, "mum", (), {"wet": True})
    bad = EventRecord("nappy", datetime(26, 11, 23, tzinfo=UTC), None, "mum", (), {"wet": True})
    with pytest.raises(InvalidInput) as info:
        services.import_events(people.alice, people.baby, [good, bad], {"mum": people.alice})
    assert list(info.value.errors) == ["line 2: start"]
    assert not Event.objects.exists()

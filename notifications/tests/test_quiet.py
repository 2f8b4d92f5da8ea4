"""Quiet hours as wall-clock spans: midnight crossings and both DST changes (pure, no DB)."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from notifications.quiet import is_quiet, quiet_until

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("local", "start", "end", "expected"),
    [
        (time(12, 0), time(13, 0), time(15, 0), False),  # same-day span, before
        (time(13, 0), time(13, 0), time(15, 0), True),  # at start: quiet
        (time(14, 59), time(13, 0), time(15, 0), True),
        (time(15, 0), time(13, 0), time(15, 0), False),  # at end: no longer quiet
        (time(21, 59), time(22, 0), time(7, 0), False),  # crossing midnight
        (time(22, 0), time(22, 0), time(7, 0), True),
        (time(23, 59), time(22, 0), time(7, 0), True),
        (time(0, 0), time(22, 0), time(7, 0), True),
        (time(6, 59), time(22, 0), time(7, 0), True),
        (time(7, 0), time(22, 0), time(7, 0), False),
        (time(12, 0), time(22, 0), time(7, 0), False),
    ],
)
def test_is_quiet(local, start, end, expected):
    assert is_quiet(local, start, end) is expected


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "tz", "start", "end", "expected"),
    [
        # Outside quiet hours: nothing to wait for.
        (utc(2026, 11, 23, 12, 0), LONDON, time(22, 0), time(7, 0), None),
        # 23:30 in London (GMT) → 07:00 next morning.
        (utc(2026, 11, 23, 23, 30), LONDON, time(22, 0), time(7, 0), utc(2026, 11, 24, 7, 0)),
        # 03:00 after midnight → 07:00 the same morning.
        (utc(2026, 11, 24, 3, 0), LONDON, time(22, 0), time(7, 0), utc(2026, 11, 24, 7, 0)),
        # Seconds don't matter: 06:59:30 → 07:00.
        (utc(2026, 11, 24, 6, 59, 30), LONDON, time(22, 0), time(7, 0), utc(2026, 11, 24, 7, 0)),
        # New York is UTC-5 in November: 23:00 local = 04:00 UTC; ends 07:00 local = 12:00 UTC.
        (utc(2026, 11, 24, 4, 0), NEW_YORK, time(22, 0), time(7, 0), utc(2026, 11, 24, 12, 0)),
        # Clocks go forward (29 Mar 2026, 01:00 GMT → 02:00 BST): 07:00 BST is 06:00 UTC.
        (utc(2026, 3, 28, 23, 0), LONDON, time(22, 0), time(7, 0), utc(2026, 3, 29, 6, 0)),
        # Clocks go back (25 Oct 2026, 02:00 BST → 01:00 GMT): 07:00 GMT is 07:00 UTC.
        (utc(2026, 10, 24, 22, 0), LONDON, time(22, 0), time(7, 0), utc(2026, 10, 25, 7, 0)),
        # Quiet until 01:30, a time that doesn't exist on 29 Mar: it ends when the clocks jump.
        (utc(2026, 3, 29, 0, 30), LONDON, time(0, 0), time(1, 30), utc(2026, 3, 29, 1, 0)),
        # The repeated hour on 25 Oct is quiet both times round: at 01:15 GMT (second pass)
        # quiet 01:00–01:30 ends at 01:30 GMT.
        (utc(2026, 10, 25, 1, 15), LONDON, time(1, 0), time(1, 30), utc(2026, 10, 25, 1, 30)),
    ],
)
def test_quiet_until(moment, tz, start, end, expected):
    assert quiet_until(moment, tz, start, end) == expected


def test_equal_start_and_end_are_refused():
    with pytest.raises(ValueError, match="different"):
        quiet_until(utc(2026, 1, 1, 0, 0), LONDON, time(7, 0), time(7, 0))

"""Quiet hours, in plain Python: no Django, no database.

Quiet hours are a span of local wall-clock time, `start` up to (not including) `end`.
When `start` is later than `end` the span crosses midnight (22:00–07:00). The household's
time zone turns a UTC moment into wall-clock time, so the span follows the clocks through
daylight-saving changes: 22:00–07:00 is nine hours of quiet on most nights, eight on the
night the clocks go forward and ten on the night they go back.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DAY_IN_MINUTES = 24 * 60


def is_quiet(local: time, start: time, end: time) -> bool:
    """True when the wall-clock time `local` falls within quiet hours start–end."""
    local = local.replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_until(moment: datetime, tz: ZoneInfo, start: time, end: time) -> datetime | None:
    """Return the UTC moment quiet hours end, or None if `moment` is outside them.

    Walks forward a minute at a time in UTC and reads the wall clock at each step, so a
    span ending inside a spring-forward gap ends when the clocks jump (the first moment
    whose wall-clock time is past it), and a repeated autumn hour is quiet both times.
    `moment` must be aware; start and end must differ.
    """
    if start == end:
        raise ValueError("Quiet hours need different start and end times.")
    if not is_quiet(moment.astimezone(tz).time(), start, end):
        return None
    step = moment.astimezone(UTC).replace(second=0, microsecond=0)
    for _ in range(_DAY_IN_MINUTES + 120):  # a day, plus a DST shift to spare
        step += timedelta(minutes=1)
        if not is_quiet(step.astimezone(tz).time(), start, end):
            return step
    raise AssertionError("unreachable: quiet hours always end within a day")

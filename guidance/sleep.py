"""The baby's usual sleep as a weekly schedule, from the sleep log (plain Python, no Django).

Model: the day is cut into 15-minute slots. For each slot we count, over the logged days,
how often the baby was asleep in it; a slot asleep on at least half of the logged days is
"usual sleep". Weekdays and weekends are pooled separately (the planner's own test family
wakes later at weekends), which gives 5 or 2 samples a week per slot instead of 1, so a
few weeks of log are enough. The planner then keeps sessions out of these windows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from insights.records import EventRecord, TimeWindow, WeeklySchedule

SLOT_MIN = 15
SLOTS = 24 * 60 // SLOT_MIN
USUAL_SHARE = 0.5


def usual_sleep(
    records: Iterable[EventRecord], timezone: str, since: datetime, until: datetime
) -> WeeklySchedule:
    """Return the windows in which the baby is usually asleep, local to ``timezone``.

    Only sleeps between ``since`` and ``until`` (UTC-aware) count; a running sleep counts
    up to ``until``. Days are the local calendar days from ``since`` to ``until``.
    """
    tz = ZoneInfo(timezone)
    first = since.astimezone(tz).date()
    last = until.astimezone(tz).date()
    asleep: dict[date, set[int]] = {}
    for record in records:
        if record.kind != "sleep":
            continue
        start = max(record.start, since)
        end = min(record.end or until, until)
        if end <= start:
            continue
        local = start.astimezone(tz)
        # Walk the sleep in 15-minute steps from the slot it starts in.
        slot_start = local.replace(minute=local.minute - local.minute % SLOT_MIN, second=0)
        slot_start = slot_start.replace(microsecond=0)
        end_local = end.astimezone(tz)
        while slot_start < end_local:
            middle = slot_start + timedelta(minutes=SLOT_MIN / 2)
            if local <= middle < end_local:
                index = (slot_start.hour * 60 + slot_start.minute) // SLOT_MIN
                asleep.setdefault(slot_start.date(), set()).add(index)
            slot_start += timedelta(minutes=SLOT_MIN)
    days_by_type: dict[bool, list[date]] = {False: [], True: []}
    day = first
    while day <= last:
        days_by_type[day.weekday() >= 5].append(day)
        day += timedelta(days=1)
    windows: dict[bool, tuple[TimeWindow, ...]] = {}
    for weekend, days in days_by_type.items():
        counts = [0] * SLOTS
        for d in days:
            for index in asleep.get(d, ()):
                counts[index] += 1
        usual = [bool(days) and counts[i] / len(days) >= USUAL_SHARE for i in range(SLOTS)]
        windows[weekend] = _runs(usual)
    return WeeklySchedule(days=tuple(windows[wd >= 5] for wd in range(7)))


def _runs(flags: list[bool]) -> tuple[TimeWindow, ...]:
    out: list[TimeWindow] = []
    start: int | None = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append(TimeWindow(start * SLOT_MIN, i * SLOT_MIN))
            start = None
    return tuple(out)

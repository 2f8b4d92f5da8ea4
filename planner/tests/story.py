"""The story's family as literal data: Dad is out 06:00-22:00 on weekdays and free at
weekends; Sam (22 weeks) is calm mostly in the mornings after his first feed and fussy
17:00-21:00; skin-to-skin and walks were tried at random times and "nothing worked"."""

from __future__ import annotations

from datetime import date

from insights.records import TimeWindow, WeeklySchedule
from planner import CalmWindow, Tried


def h(hhmm: str) -> int:
    """Return minutes since midnight for "HH:MM"."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def schedule(weekday: list[tuple[str, str]], weekend: list[tuple[str, str]]) -> WeeklySchedule:
    """Return a weekly schedule with the same windows Monday-Friday and Saturday-Sunday."""
    wd = tuple(TimeWindow(h(a), h(b) if b != "24:00" else 1440) for a, b in weekday)
    we = tuple(TimeWindow(h(a), h(b) if b != "24:00" else 1440) for a, b in weekend)
    return WeeklySchedule(days=(wd,) * 5 + (we,) * 2)


START = date(2026, 3, 2)  # a Monday; UK clocks change on 29 March, inside the plan
TZ = "Europe/London"
AGE_WEEKS = 22

DAD_FREE = schedule([("00:00", "06:00"), ("22:00", "24:00")], [("00:00", "24:00")])
SLEEP = schedule(
    [("00:00", "05:15"), ("09:30", "11:00"), ("13:30", "15:00"), ("19:30", "24:00")],
    [("00:00", "05:45"), ("09:30", "11:00"), ("13:30", "15:00"), ("19:30", "24:00")],
)

CALM = [
    *(
        CalmWindow(d, h("05:15"), h("07:00"), 0.8, 10, "fed_and_rested", 8, "the 05:15 feed")
        for d in range(5)
    ),
    *(CalmWindow(d, h("11:00"), h("12:30"), 0.7, 8, "fed_and_rested", 6) for d in range(5)),
    *(
        CalmWindow(d, h("06:00"), h("09:30"), 0.85, 6, "fed_and_rested", 5, "the first feed")
        for d in (5, 6)
    ),
    *(CalmWindow(d, h("11:00"), h("13:30"), 0.75, 4, "fed_and_rested", 3) for d in (5, 6)),
    *(CalmWindow(d, h("15:00"), h("17:00"), 0.6, 5, "fed_and_rested", 3) for d in (5, 6)),
]

TRIED = [
    Tried("skin_to_skin", "failed", start_min=h("21:30"), state="tired"),
    Tried("walk", "failed", state="tired"),
]

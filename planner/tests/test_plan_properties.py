"""make_plan over generated families: the rules a plan keeps whatever the week looks like.

The story's family (test_make_plan.py) is one case; here hypothesis draws the parent's free
time, the baby's sleep and calm windows, the level, the age and the plan's length, and every
plan must keep the same promises: sessions only where the parent is free, the baby calm and
awake; no more sessions a day than the cap, none longer than the day's limit, half an hour
between two on one day; all inside the plan's weeks, in time order; no overlap, no sessions.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from insights.records import TimeWindow, WeeklySchedule
from planner import CalmWindow, Plan, default_library, make_plan, sessions_cap
from planner.plan import GAP_MIN, WEEKDAY_CAP_MIN, WEEKEND_CAP_MIN

STEP = 15  # generated windows start and end on the quarter hour


@st.composite
def windows(draw: st.DrawFn, most: int = 3) -> tuple[TimeWindow, ...]:
    """Up to ``most`` disjoint windows of one day, in order."""
    edges = sorted(draw(st.sets(st.integers(0, 1440 // STEP), max_size=2 * most)))
    edges = edges[: len(edges) // 2 * 2]
    return tuple(TimeWindow(edges[i] * STEP, edges[i + 1] * STEP) for i in range(0, len(edges), 2))


@st.composite
def weekly(draw: st.DrawFn, most: int = 3) -> WeeklySchedule:
    return WeeklySchedule(days=tuple(draw(windows(most)) for _ in range(7)))


@st.composite
def calm_windows(draw: st.DrawFn) -> list[CalmWindow]:
    out: list[CalmWindow] = []
    for weekday in range(7):
        for w in draw(windows(2)):
            sessions = draw(st.integers(1, 12))
            rate = draw(st.floats(0.3, 1.0))
            out.append(CalmWindow(weekday, w.start_min, w.end_min, rate, sessions, None))
    return out


def _inside(schedule: WeeklySchedule, weekday: int, start: int, end: int) -> bool:
    return any(w.start_min <= start and end <= w.end_min for w in schedule.days[weekday])


def _touches(schedule: WeeklySchedule, weekday: int, start: int, end: int) -> bool:
    return any(w.start_min < end and start < w.end_min for w in schedule.days[weekday])


def _check(plan: Plan, free: WeeklySchedule, sleep: WeeklySchedule, calm: list[CalmWindow]) -> None:
    sessions = plan.sessions
    if not plan.has_overlap:
        assert sessions == ()
    moments = [(s.date, s.start_min) for s in sessions]
    assert moments == sorted(moments)
    last_day = plan.start_date + timedelta(weeks=plan.weeks)
    by_day: dict[date, list[tuple[int, int]]] = {}
    for s in sessions:
        wd, start, end = s.date.weekday(), s.start_min, s.start_min + s.minutes
        assert plan.start_date <= s.date < last_day
        assert 0 < s.minutes <= (WEEKEND_CAP_MIN if wd >= 5 else WEEKDAY_CAP_MIN)
        assert _inside(free, wd, start, end), "a session outside the parent's free time"
        assert not _touches(sleep, wd, start, end), "a session over the baby's sleep"
        assert any(c.weekday == wd and c.start_min <= start and end <= c.end_min for c in calm), (
            "a session outside the calm windows"
        )
        by_day.setdefault(s.date, []).append((start, end))
    for day, spans in by_day.items():
        assert len(spans) <= sessions_cap(day)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert start - end >= GAP_MIN


@settings(max_examples=120, deadline=None)
@given(
    free=weekly(),
    sleep=weekly(most=4),
    calm=calm_windows(),
    level=st.integers(1, 4),
    age=st.integers(0, 52),
    weeks=st.integers(1, 4),
    start=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    zone=st.sampled_from(["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]),
)
def test_every_generated_plan_keeps_the_rules(
    free: WeeklySchedule,
    sleep: WeeklySchedule,
    calm: list[CalmWindow],
    level: int,
    age: int,
    weeks: int,
    start: date,
    zone: str,
) -> None:
    plan = make_plan(
        default_library().activities, age, calm, free, sleep, (), level, start, zone, weeks
    )
    assert plan.level <= 2  # a new plan starts at level 1-2
    _check(plan, free, sleep, calm)


@settings(max_examples=40, deadline=None)
@given(calm=calm_windows(), sleep=weekly(most=2))
def test_a_parent_with_no_free_time_gets_no_sessions_and_a_way_to_make_some(
    calm: list[CalmWindow], sleep: WeeklySchedule
) -> None:
    nothing = WeeklySchedule(days=((),) * 7)
    plan = make_plan(
        default_library().activities, 20, calm, nothing, sleep, (), 1, date(2026, 3, 2), "UTC"
    )
    assert plan.sessions == ()
    assert not plan.has_overlap
    assert plan.notes, "the plan says how to create an overlap"

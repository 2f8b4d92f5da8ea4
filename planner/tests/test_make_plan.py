"""make_plan on the story's family: properties, not a fixed output."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pytest

from insights.records import WeeklySchedule
from planner import CalmWindow, Plan, PlannedSession, band_of, default_library, make_plan

from .helpers import said
from .story import AGE_WEEKS, CALM, DAD_FREE, SLEEP, START, TRIED, TZ, h, schedule


def dad_plan(**overrides: object) -> Plan:
    args: dict[str, object] = {
        "activities": default_library().activities,
        "baby_age_weeks": AGE_WEEKS,
        "calm_windows": CALM,
        "availability": DAD_FREE,
        "baby_sleep_windows": SLEEP,
        "tried": TRIED,
        "level": 1,
        "start_date": START,
        "timezone": TZ,
        "baby_name": "Sam",
    }
    args.update(overrides)
    return make_plan(**args)  # type: ignore[arg-type]


def inside(schedule_: WeeklySchedule, s: PlannedSession) -> bool:
    wd = s.date.weekday()
    return any(
        w.start_min <= s.start_min and s.start_min + s.minutes <= w.end_min
        for w in schedule_.days[wd]
    )


def in_calm(s: PlannedSession) -> bool:
    wd = s.date.weekday()
    return any(
        w.weekday == wd and w.start_min <= s.start_min and s.start_min + s.minutes <= w.end_min
        for w in CALM
    )


def overlaps_sleep(s: PlannedSession) -> bool:
    return any(
        w.start_min < s.start_min + s.minutes and s.start_min < w.end_min
        for w in SLEEP.days[s.date.weekday()]
    )


def test_every_session_is_inside_dads_free_time_and_a_calm_window() -> None:
    plan = dad_plan()
    assert plan.has_overlap
    assert len(plan.sessions) >= 20
    for s in plan.sessions:
        assert inside(DAD_FREE, s), s
        assert in_calm(s), s
        assert not overlaps_sleep(s), s


def test_weekday_sessions_are_before_work_and_short() -> None:
    plan = dad_plan()
    weekday = [s for s in plan.sessions if s.date.weekday() < 5]
    assert weekday, "the 05:15-06:00 overlap should be used"
    assert all(s.start_min + s.minutes <= h("06:00") and s.minutes <= 15 for s in weekday)


def test_dad_owns_a_weekend_bath_every_week() -> None:
    plan = dad_plan()
    for week in range(4):
        owned = [
            s for s in plan.sessions if s.is_owned_routine and (s.date - START).days // 7 == week
        ]
        assert len(owned) == 1
        assert owned[0].logs_as == "bath" and owned[0].date.weekday() >= 5
    assert "owned_routine" in plan.note_codes()


def test_failed_skin_to_skin_only_comes_back_in_a_changed_form_with_a_reason() -> None:
    plan = dad_plan()
    skin = [s for s in plan.sessions if s.family == "skin_to_skin"]
    assert skin, "skin-to-skin should be proposed again, differently"
    for s in skin:
        assert s.is_changed_form
        assert band_of(s.start_min) != band_of(h("21:30"))  # it failed in the evening
        assert "tried before" in said(s.reason) and "different time of day" in said(s.reason)
        assert (s.date - START).days >= 7  # not in the first week: success first
    assert "changed_form" in plan.note_codes()


def test_failed_walks_come_back_when_the_baby_is_fed_and_rested() -> None:
    plan = dad_plan()
    walks = [s for s in plan.sessions if s.family == "walk"]
    assert walks and all(s.is_changed_form for s in walks)
    assert all("fed and rested" in said(s.reason) for s in walks)


def test_reasons_carry_the_numbers() -> None:
    plan = dad_plan()
    first = next(s for s in plan.sessions if s.date.weekday() < 5)
    assert "Sam was content in 40 of 50 logged sessions on weekday early mornings" in said(
        first.reason
    )
    assert "00:00–06:00" in said(first.reason)


def test_a_new_plan_starts_at_level_one_or_two() -> None:
    plan = dad_plan(level=4)
    assert plan.level == 2
    assert {s.level for s in plan.sessions} <= {1, 2}


def test_start_times_are_local_and_survive_the_clock_change() -> None:
    plan = dad_plan()
    tz = ZoneInfo(TZ)
    for s in plan.sessions:
        assert s.start_utc.tzinfo == UTC
        assert s.start_utc.astimezone(tz).time() == s.local_start
    change_day = date(2026, 3, 29)  # UK clocks go forward: 06:00 local is 05:00 UTC
    saturday = next(s for s in plan.sessions if s.date == change_day - timedelta(days=1))
    sunday = next(s for s in plan.sessions if s.date == change_day)
    assert saturday.local_start == sunday.local_start
    assert saturday.start_utc.hour - sunday.start_utc.hour == 1


def test_never_during_usual_sleep_even_if_a_calm_window_says_so() -> None:
    calm = [CalmWindow(d, h("09:00"), h("12:00"), 0.9, 10, None, 9) for d in range(7)]
    plan = dad_plan(calm_windows=calm, availability=WeeklySchedule.always(), tried=[])
    assert plan.sessions
    assert all(not overlaps_sleep(s) for s in plan.sessions)


def test_too_young_for_an_activity_means_it_is_not_used() -> None:
    plan = dad_plan(tried=[])
    assert all(s.activity_id != "skin-to-skin-newborn" for s in plan.sessions)  # 0-12 weeks
    young = dad_plan(baby_age_weeks=2, tried=[])
    lib = default_library()
    for s in young.sessions:
        assert lib.activity(s.activity_id).fits_age(2 + (s.date - START).days // 7)


@pytest.mark.parametrize(
    ("free", "calm"),
    [
        (schedule([("22:00", "24:00")], [("22:00", "24:00")]), CALM),
        (DAD_FREE, []),
    ],
    ids=["free-only-late-at-night", "no-calm-windows-yet"],
)
def test_no_overlap_says_so_and_suggests_how_to_create_one(
    free: WeeklySchedule, calm: list[CalmWindow]
) -> None:
    plan = dad_plan(availability=free, calm_windows=calm)
    assert not plan.has_overlap
    assert plan.sessions == ()
    assert {"no_overlap", "create_overlap", "leave"} <= plan.note_codes()
    notes = {n.code: said(n.words) for n in plan.notes}
    if calm:
        assert "Saturdays 06:00–09:30" in notes["create_overlap"]
        assert "starting work later" in notes["create_overlap"]
    assert "leave rules" in notes["leave"]


def test_solo_sessions_avoid_the_evening_in_the_first_three_weeks() -> None:
    calm = [CalmWindow(d, h("17:00"), h("21:00"), 0.9, 10, "fed_and_rested", 9) for d in range(7)]
    free = schedule([("17:00", "22:00")], [("17:00", "22:00")])
    sleep = schedule([("00:00", "06:00")], [("00:00", "06:00")])
    plan = dad_plan(calm_windows=calm, availability=free, baby_sleep_windows=sleep, tried=[])
    from planner.plan import EARLY_WEEKS, _context, _schedule

    ctx = _context(plan.inputs, 3)
    solo = _schedule(ctx).sessions
    assert solo, "week 4 still has room"
    assert all((s.date - START).days >= EARLY_WEEKS * 7 for s in solo)


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="level"):
        dad_plan(level=5)
    with pytest.raises(ValueError, match="content_rate"):
        CalmWindow(0, 60, 120, 1.5, 3)


def test_weekend_only_plan_says_why_and_which_weekday_time_would_make_room() -> None:
    # Free only 00:00-05:00 and 22:00-24:00 on weekdays, when Sam is asleep.
    weekend_only = schedule([("00:00", "05:00"), ("22:00", "24:00")], [("07:00", "20:00")])
    plan = dad_plan(availability=weekend_only)
    assert plan.sessions and all(s.date.weekday() >= 5 for s in plan.sessions)
    codes = [n.code for n in plan.notes]
    assert "no_weekday_overlap" in codes
    overlap = next(said(n.words) for n in plan.notes if n.code == "create_overlap")
    assert any(day in overlap for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
    # With weekday sessions there is no such note.
    assert "no_weekday_overlap" not in [n.code for n in dad_plan().notes]

"""Simulated follow-ups: feed the planner sessions that go well and badly and check the
level and timing rules (3 content in a row -> up; 2 with crying -> down or shift)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pytest

from planner import Plan, PlannedSession, SessionOutcome, adapt_plan, band_of
from planner.plan import GAP_MIN, WEEKDAY_SESSIONS, WEEKEND_SESSIONS

from .story import CALM, SLEEP, START, h, schedule
from .test_make_plan import dad_plan

WEEK_CAP = 5 * WEEKDAY_SESSIONS + 2 * WEEKEND_SESSIONS


def rate(
    plan: Plan, responses: Sequence[str], confidence: int = 3, *, timed: bool = False
) -> list[SessionOutcome]:
    """Return outcomes for the plan's first sessions, one response each (with the start time
    too when ``timed``, as the Django side sends them)."""
    return [
        SessionOutcome(
            s.date, s.activity_id, r, confidence, start_min=s.start_min if timed else None
        )
        for s, r in zip(plan.sessions, responses, strict=False)
    ]


def assert_within_caps(plan: Plan, happened: Sequence[tuple[date, int, int]] = ()) -> None:
    """Every day holds at most its cap with GAP_MIN between sessions (counting ``happened``
    sessions that are not in the plan: (date, start, minutes)); no session twice; each week
    within make_plan's caps, one owned routine and each changed form once at most."""
    by_day: dict[date, list[tuple[int, int]]] = {}
    for s in plan.sessions:
        by_day.setdefault(s.date, []).append((s.start_min, s.minutes))
    for day, start, minutes in happened:
        by_day.setdefault(day, []).append((start, minutes))
    for day, items in by_day.items():
        cap = WEEKEND_SESSIONS if day.weekday() >= 5 else WEEKDAY_SESSIONS
        assert len(items) <= cap, (day, items)
        items.sort()
        for (s1, m1), (s2, _) in zip(items, items[1:], strict=False):
            assert s2 >= s1 + m1 + GAP_MIN, (day, items)
    keys = [(s.date, s.start_min, s.activity_id) for s in plan.sessions]
    assert len(keys) == len(set(keys)), "a session is in the plan twice"
    for week in range(plan.weeks):
        in_week = [s for s in plan.sessions if (s.date - plan.start_date).days // 7 == week]
        assert len(in_week) <= WEEK_CAP
        assert sum(s.is_owned_routine for s in in_week) <= 1
        changed = [s.family for s in in_week if s.is_changed_form]
        assert len(changed) == len(set(changed))


def after(plan: Plan, outcomes: Sequence[SessionOutcome]) -> list[PlannedSession]:
    last = outcomes[-1]
    rated = next(
        s for s in plan.sessions if s.date == last.date and s.activity_id == last.activity_id
    )
    return [s for s in plan.sessions if (s.date, s.start_min) > (rated.date, rated.start_min)]


@pytest.mark.parametrize(
    ("start", "responses", "level", "code"),
    [
        (1, ["content"] * 2, 1, None),
        (1, ["content"] * 3, 2, "level_up"),
        (1, ["content", "content", "fussy", "content"], 1, None),
        (1, ["content"] * 6, 3, "level_up"),
        (2, ["content"] * 3 + ["crying", "crying"], 2, "step_down"),
        (2, ["content"] * 3 + ["crying", "fussy", "crying"], 2, "step_down"),
        (2, ["content"] * 3 + ["crying", "content", "crying"], 3, "level_up"),
        (1, ["crying", "crying"], 1, "shift_time"),
    ],
    ids=[
        "two-content-stays",
        "three-content-level-up",
        "fussy-breaks-the-run",
        "six-content-two-levels",
        "two-crying-steps-down",
        "fussy-between-still-counts",
        "content-between-resets-crying",
        "crying-at-level-one-shifts-time",
    ],
)
@pytest.mark.parametrize("timed", [False, True], ids=["by-activity", "with-start-time"])
def test_level_and_timing_rules(
    start: int, responses: list[str], level: int, code: str | None, timed: bool
) -> None:
    plan = dad_plan(level=start)
    outcomes = rate(plan, responses, timed=timed)
    adapted = adapt_plan(plan, outcomes)
    assert_within_caps(adapted)
    assert adapted.level == level
    if code:
        assert code in adapted.note_codes()
    future = after(adapted, outcomes)
    assert future, "the rest of the plan is re-planned"
    assert max(s.level for s in future) <= level
    if code == "level_up":
        assert any(s.level == level for s in future)


def test_level_up_applies_the_same_day() -> None:
    plan = dad_plan()
    saturday = [s for s in plan.sessions if s.date == plan.sessions[5].date]
    assert len(saturday) == 2, "Saturday has the bath and a second session"
    outcomes = rate(plan, ["content"] * 6)  # Mon-Fri and Saturday's bath
    adapted = adapt_plan(plan, outcomes)
    later_that_day = [
        s
        for s in adapted.sessions
        if s.date == saturday[0].date and s.start_min > saturday[0].start_min
    ]
    assert adapted.level == 3
    assert later_that_day and later_that_day[0].outcome is None


def test_two_crying_sessions_at_level_one_move_away_from_that_time() -> None:
    plan = dad_plan()
    outcomes = rate(plan, ["crying", "crying"])
    assert {band_of(plan.sessions[i].start_min) for i in range(2)} == {"early morning"}
    adapted = adapt_plan(plan, outcomes)
    assert adapted.blocked_bands == ("early morning",)
    future = after(adapted, outcomes)
    assert future and all(band_of(s.start_min) != "early morning" for s in future)
    rated = [s for s in adapted.sessions if s.outcome is not None]
    assert [s.outcome.baby_response for s in rated if s.outcome] == ["crying", "crying"]


def test_no_other_time_keeps_level_one_and_says_so() -> None:
    weekdays_only = schedule([("00:00", "06:00")], [])
    plan = dad_plan(availability=weekdays_only)
    adapted = adapt_plan(plan, rate(plan, ["crying", "crying"]))
    assert adapted.level == 1
    assert "no_shift" in adapted.note_codes()
    assert adapted.blocked_bands == ()


def test_replanned_sessions_still_respect_availability_calm_and_sleep() -> None:
    plan = dad_plan()
    adapted = adapt_plan(plan, rate(plan, ["content"] * 9))
    from .story import DAD_FREE
    from .test_make_plan import in_calm, inside, overlaps_sleep

    assert adapted.level == 4
    for s in adapted.sessions:
        assert inside(DAD_FREE, s) and in_calm(s) and not overlaps_sleep(s)
    assert CALM and SLEEP


def test_no_outcomes_change_nothing() -> None:
    plan = dad_plan()
    assert adapt_plan(plan, []) is plan


# The story's plan, week 1: Mon-Fri one session at 05:15; Saturday the bath at 06:00 and a
# second session at 06:45; Sunday one session at 06:00. Rating the first n sessions:
@pytest.mark.parametrize(
    ("responses", "day_rated"),
    [
        (["content"], 0),
        (["content"] * 3, 2),
        (["content"] * 5, 4),
        (["content"] * 6, 5),
        (["content"] * 7, 5),
        (["content"] * 8, 6),
        (["fussy"] * 6, 5),
        (["crying"] * 2, 1),
        (["content"] * 3 + ["crying"] * 2, 4),
        (["content"] * 5 + ["crying"], 5),
    ],
    ids=[
        "monday",
        "wednesday-level-up",
        "friday",
        "saturday-bath-level-up-same-day",
        "both-saturday-sessions",
        "sunday",
        "saturday-bath-fussy",
        "crying-shift-on-tuesday",
        "step-down-on-friday",
        "saturday-bath-crying",
    ],
)
@pytest.mark.parametrize("timed", [False, True], ids=["by-activity", "with-start-time"])
def test_replanning_keeps_each_day_within_its_cap_and_gap(
    responses: list[str], day_rated: int, timed: bool
) -> None:
    plan = dad_plan()
    outcomes = rate(plan, responses, timed=timed)
    assert (outcomes[-1].date - START).days == day_rated
    adapted = adapt_plan(plan, outcomes)
    assert_within_caps(adapted)
    rated = [s for s in adapted.sessions if s.outcome is not None]
    assert len(rated) == len(outcomes), "every rated session is kept, once"
    same_day = [s for s in adapted.sessions if s.date == outcomes[-1].date]
    cap = WEEKEND_SESSIONS if outcomes[-1].date.weekday() >= 5 else WEEKDAY_SESSIONS
    assert len(same_day) <= cap
    # Nothing before the last rated session changed.
    last = rated[-1]
    before = [s for s in plan.sessions if (s.date, s.start_min) <= (last.date, last.start_min)]
    assert [(s.date, s.start_min, s.activity_id) for s in before] == [
        (s.date, s.start_min, s.activity_id)
        for s in adapted.sessions
        if (s.date, s.start_min) <= (last.date, last.start_min)
    ]


def test_a_rated_session_that_was_not_planned_counts_toward_its_day() -> None:
    plan = dad_plan()
    saturday = START + timedelta(days=5)
    outcomes = [
        *rate(plan, ["content"] * 5),
        SessionOutcome(saturday, "hello-time", "content", 4, start_min=h("05:20")),
    ]
    adapted = adapt_plan(plan, outcomes)
    assert_within_caps(adapted, happened=[(saturday, h("05:20"), 10)])
    assert len([s for s in adapted.sessions if s.date == saturday]) == WEEKEND_SESSIONS - 1


def test_a_kept_owned_routine_is_not_placed_again_that_week() -> None:
    plan = dad_plan()
    outcomes = rate(plan, ["content"] * 6)  # ... and Saturday's bath
    assert plan.sessions[5].is_owned_routine
    adapted = adapt_plan(plan, outcomes)
    week_one = [s for s in adapted.sessions if (s.date - START).days < 7]
    assert [s.activity_id for s in week_one if s.is_owned_routine] == ["bath-together"]
    later = [s for s in week_one if s.date == plan.sessions[5].date and s.outcome is None]
    assert later and later[0].start_min >= plan.sessions[5].start_min + 15 + GAP_MIN


@pytest.mark.parametrize(
    "pattern",
    [
        ["content"],
        ["crying"],
        ["fussy"],
        ["content", "crying"],
        ["content", "content", "content", "crying", "crying", "fussy"],
    ],
    ids=["all-content", "all-crying", "all-fussy", "alternating", "mixed"],
)
@pytest.mark.parametrize("timed", [False, True], ids=["by-activity", "with-start-time"])
def test_repeated_adapting_never_grows_the_plan_beyond_its_caps(
    pattern: list[str], timed: bool
) -> None:
    """Rate the next session of the current plan and adapt with every rating so far, as the
    Django side does after each rating."""
    plan = dad_plan()
    outcomes: list[SessionOutcome] = []
    for step in range(24):
        cut = max(((s.date, s.start_min) for s in plan.sessions if s.outcome), default=None)
        upcoming = [s for s in plan.sessions if cut is None or (s.date, s.start_min) > cut]
        if not upcoming:
            break
        nxt = upcoming[0]
        response = pattern[step % len(pattern)]
        outcomes.append(
            SessionOutcome(
                nxt.date, nxt.activity_id, response, 3, start_min=nxt.start_min if timed else None
            )
        )
        plan = adapt_plan(plan, outcomes)
        assert_within_caps(plan)
        assert sum(1 for s in plan.sessions if s.outcome is not None) == len(outcomes)
        assert len(plan.sessions) <= plan.weeks * WEEK_CAP
    assert len(outcomes) >= 12  # the loop got well into the plan


def test_a_session_stored_twice_is_kept_once() -> None:
    plan = dad_plan()
    doubled = replace(plan, sessions=(plan.sessions[0], *plan.sessions))
    adapted = adapt_plan(doubled, rate(plan, ["content"] * 2)[1:])  # Tuesday rated
    assert [s.date for s in adapted.sessions].count(plan.sessions[0].date) == 1
    assert_within_caps(adapted)

"""Simulated follow-ups: feed the planner sessions that go well and badly and check the
level and timing rules (3 content in a row -> up; 2 with crying -> down or shift)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from planner import Plan, SessionOutcome, adapt_plan, band_of

from .story import CALM, SLEEP, schedule
from .test_make_plan import dad_plan


def rate(plan: Plan, responses: Sequence[str], confidence: int = 3) -> list[SessionOutcome]:
    """Return outcomes for the plan's first sessions, one response each."""
    return [
        SessionOutcome(s.date, s.activity_id, r, confidence)
        for s, r in zip(plan.sessions, responses, strict=False)
    ]


def after(plan: Plan, outcomes: Sequence[SessionOutcome]) -> list:
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
def test_level_and_timing_rules(
    start: int, responses: list[str], level: int, code: str | None
) -> None:
    plan = dad_plan(level=start)
    outcomes = rate(plan, responses)
    adapted = adapt_plan(plan, outcomes)
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
    from .test_make_plan import DAD_FREE, in_calm, inside, overlaps_sleep

    assert adapted.level == 4
    for s in adapted.sessions:
        assert inside(DAD_FREE, s) and in_calm(s) and not overlaps_sleep(s)
    assert CALM and SLEEP


def test_no_outcomes_change_nothing() -> None:
    plan = dad_plan()
    assert adapt_plan(plan, []) is plan

"""weekly_review: numbers from the parent's own sessions, in plain words."""

from __future__ import annotations

from datetime import timedelta

from planner import SessionOutcome, weekly_review

from .helpers import said_each
from .story import START, h

BANNED = ("hate", "reject", "prefer")


def outcome(day: int, hhmm: str, response: str, confidence: int) -> SessionOutcome:
    return SessionOutcome(START + timedelta(days=day), "hello-time", response, confidence, h(hhmm))


OUTCOMES = [
    # first week: mornings mixed, one evening with crying
    outcome(0, "05:15", "crying", 2),
    outcome(1, "05:15", "content", 2),
    outcome(2, "05:15", "fussy", 2),
    outcome(3, "19:00", "crying", 1),
    outcome(5, "06:00", "content", 3),
    # third week: mostly content
    outcome(14, "05:15", "content", 4),
    outcome(15, "05:15", "content", 4),
    outcome(16, "05:15", "content", 4),
    outcome(18, "05:15", "fussy", 3),
    outcome(19, "06:00", "content", 5),
]


def test_this_week_against_the_first_week() -> None:
    review = weekly_review(OUTCOMES, week_ending=START + timedelta(days=20), baby_name="Sam")
    assert (review.this_week.sessions, review.this_week.content) == (5, 4)
    assert (review.first_week.sessions, review.first_week.content) == (5, 2)
    assert (
        said_each(review.sentences)[0]
        == "Sam was content in 4 of 5 of your sessions this week (80%)."
    )
    assert said_each(review.sentences)[1] == "In your first week it was 2 of 5 (40%)."


def test_calm_rate_by_time_of_day() -> None:
    review = weekly_review(OUTCOMES, week_ending=START + timedelta(days=20))
    bands = {b.band: (b.tally.content, b.tally.sessions) for b in review.by_time_of_day}
    assert bands == {"early morning": (6, 9), "evening": (0, 1)}
    assert any("compare times of day" in s for s in said_each(review.sentences))


def test_confidence_trend() -> None:
    review = weekly_review(OUTCOMES, week_ending=START + timedelta(days=20))
    means = [w.mean_confidence for w in review.confidence_by_week]
    assert means == [2.0, None, 4.0]
    assert review.confidence_trend == "up"
    assert "4.0 out of 5 this week, against 2.0" in " ".join(said_each(review.sentences))


def test_an_empty_week_says_so_and_never_blames() -> None:
    review = weekly_review(OUTCOMES, week_ending=START + timedelta(days=40))
    assert review.this_week.sessions == 0
    assert said_each(review.sentences)[0] == "No sessions were rated this week."
    for s in said_each(review.sentences):
        assert not any(word in s.lower() for word in BANNED)


def test_a_plan_supplies_the_time_of_day() -> None:
    from .test_make_plan import dad_plan

    plan = dad_plan()
    rated = [SessionOutcome(s.date, s.activity_id, "content", 4) for s in plan.sessions[:3]]
    review = weekly_review(rated, plan=plan)
    assert [b.band for b in review.by_time_of_day] == ["early morning"]

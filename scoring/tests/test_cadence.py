"""Check-in cadence: weekly quick check, full form when positive or every two weeks,
never more than one full form a week, skipped prompts count as asked
(parent-mental-health.md 'What this means for the app' 3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from scoring.cadence import CheckInRecord, load_cadence, plan_check_in

D0 = date(2026, 3, 2)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def rec(
    instrument: str, n: int, positive: bool | None = False, completed: bool = True
) -> CheckInRecord:
    return CheckInRecord(instrument, day(n), positive, completed)


CASES = [
    ("first-ever-check-is-the-quick-form", [], 0, False, ("phq2", "gad2"), 0),
    ("quick-check-done-today-nothing-more", [rec("phq2", 0), rec("gad2", 0)], 0, False, (), 7),
    ("6-days-after-quick-check-not-yet", [rec("phq2", 0), rec("gad2", 0)], 6, False, (), 7),
    (
        "7-days-after-quick-check-weekly",
        [rec("phq2", 0), rec("gad2", 0)],
        7,
        False,
        ("phq2", "gad2"),
        7,
    ),
    (
        "positive-quick-check-leads-to-full-form-now",
        [rec("phq2", 7, True), rec("gad2", 7)],
        7,
        False,
        ("phq9",),
        7,
    ),
    (
        "14-days-since-first-check-full-forms",
        [rec("phq2", 0), rec("gad2", 0), rec("phq2", 7), rec("gad2", 7)],
        14,
        False,
        ("phq9", "gad7"),
        14,
    ),
    (
        "13-days-since-last-full-nothing-yet",
        [rec("phq9", 0), rec("gad7", 0), rec("phq2", 7), rec("gad2", 7)],
        13,
        False,
        (),
        14,
    ),
    (
        "14-days-since-last-full-full-again",
        [rec("phq9", 0), rec("gad7", 0), rec("phq2", 7), rec("gad2", 7)],
        14,
        False,
        ("phq9", "gad7"),
        14,
    ),
    ("asked-for-full-form-granted", [rec("phq2", 0), rec("gad2", 0)], 3, True, ("phq9", "gad7"), 3),
    ("asked-for-full-form-within-a-week-refused", [rec("phq9", 0), rec("gad7", 0)], 6, True, (), 7),
    (
        "positive-quick-but-full-done-3-days-ago-waits",
        [rec("phq9", 0), rec("phq2", 3, True), rec("gad7", 0), rec("gad2", 3)],
        3,
        False,
        (),
        7,
    ),
    (
        "skipped-prompt-is-not-repeated-for-a-week",
        [rec("phq2", 0, None, completed=False), rec("gad2", 0, None, completed=False)],
        3,
        False,
        (),
        7,
    ),
    (
        "skipped-full-form-after-positive-is-not-re-asked",
        [rec("phq2", 7, True), rec("phq9", 7, None, completed=False), rec("gad2", 7)],
        10,
        False,
        (),
        14,
    ),
]


@pytest.mark.parametrize(
    ("history", "today", "requested", "expected", "next_in"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_cadence(
    history: list[CheckInRecord],
    today: int,
    requested: bool,
    expected: tuple[str, ...],
    next_in: int,
) -> None:
    plan = plan_check_in(history, day(today), requested_full=requested)
    assert plan.instruments == expected
    assert plan.next_check_on == day(next_in)


def test_after_a_full_form_the_next_week_is_a_quick_check() -> None:
    history = [rec("phq9", 0), rec("gad7", 0)]
    assert plan_check_in(history, day(7)).instruments == ("phq2", "gad2")


def test_future_records_are_ignored() -> None:
    assert plan_check_in([rec("phq2", 5)], day(0)).instruments == ("phq2", "gad2")


def test_cadence_rules_carry_their_source() -> None:
    rules = load_cadence()
    assert (rules.short_interval_days, rules.full_interval_days, rules.min_days_between_full) == (
        7,
        14,
        7,
    )
    assert "parent-mental-health.md" in rules.source

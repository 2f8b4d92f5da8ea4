"""Crying profile: per day and hour in local time, weeks of age, norms, excess flag."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from insights.crying import CryingProfile, crying_profile
from insights.frame import event_frame
from insights.norms import CRYING_NORMS, crying_norm
from insights.records import EventRecord

from .helpers import TZ, at, ev

BIRTH = date(2025, 1, 6)  # a Monday; 2025-06-02 is 21 weeks later


def profile(
    events: Sequence[EventRecord],
    now: str = "2025-06-04 12:00",
    birth: date = BIRTH,
    due: date | None = None,
) -> CryingProfile:
    return crying_profile(event_frame(events, at(now), TZ), birth, due_date=due)


def test_a_cry_across_midnight_counts_on_both_days_and_hours() -> None:
    p = profile([ev("cry", "2025-06-02 23:50", 20), ev("nappy", "2025-06-02 08:00", wet=True)])
    assert [(d.day.isoformat(), d.cry_min) for d in p.days] == [
        ("2025-06-02", 10.0),
        ("2025-06-03", 10.0),
    ]
    assert p.by_hour_min_per_day[23] == 5.0 and p.by_hour_min_per_day[0] == 5.0
    assert p.episodes == 1 and p.mean_cry_min_per_day == 10.0


def test_the_spring_dst_night_keeps_real_minutes() -> None:
    # 00:50 GMT to 03:10 BST is 80 real minutes, not 140 wall-clock minutes.
    p = profile([ev("cry", "2025-03-30 00:50", 80)], now="2025-03-31 12:00",
                birth=date(2024, 11, 1))  # fmt: skip
    assert sum(d.cry_min for d in p.days) == pytest.approx(80.0)
    assert p.by_hour_min_per_day[1] == 0.0  # 01:00-02:00 did not exist that night
    assert p.by_hour_min_per_day[0] == 10.0 and p.by_hour_min_per_day[3] == 10.0


def test_days_without_any_entry_are_not_counted_as_calm() -> None:
    p = profile(
        [
            ev("cry", "2025-06-01 18:00", 30),
            ev("nappy", "2025-06-03 08:00", wet=True),  # a logged day with no crying
        ]
    )
    assert [d.cry_min for d in p.days] == [30.0, 0.0]
    assert p.mean_cry_min_per_day == 15.0


def test_no_crying_logged_is_not_zero_crying() -> None:
    # Issue 10: a log with no crying entries says nothing about crying (was 0.0 before).
    p = profile([ev("play", "2025-06-02 10:00", 20)])
    assert p.episodes == 0 and p.mean_cry_min_per_day is None
    assert p.last_7_days_mean_cry_min is None
    assert p.peak_hour is None and p.evening_share is None
    assert not p.is_excess


def test_excess_flag_needs_three_long_days_in_the_last_seven() -> None:
    long_days = [ev("cry", f"2025-06-0{d} 16:00", 185) for d in (1, 2)]
    two = profile(long_days)
    three = profile([*long_days, ev("cry", "2025-06-03 16:00", 181)])
    assert two.excess_days_last_7 == 2 and not two.is_excess
    assert three.excess_days_last_7 == 3 and three.is_excess
    assert "Rome IV" in three.excess_rule_source
    assert three.age_months_now == 4 and not three.is_past_colic_age  # born 6 Jan, now 4 June


@pytest.mark.parametrize(("now", "months", "past"), [("2025-06-05 12:00", 4, False),
                                                      ("2025-06-06 12:00", 5, True)])  # fmt: skip
def test_five_months_is_past_the_colic_age_range(now: str, months: int, past: bool) -> None:
    p = profile([ev("cry", "2025-06-02 18:00", 10)], now=now)
    assert p.age_months_now == months and p.is_past_colic_age is past


@pytest.mark.parametrize(
    ("weeks", "band"),
    [(0, (47.0, 203.0)), (6, (47.0, 203.0)), (8, None), (11, (22.0, 114.0)), (22, None)],
)
def test_norm_bands_exist_only_where_the_source_gives_them(
    weeks: int, band: tuple[float, float] | None
) -> None:
    norm = crying_norm(weeks)
    got = None if norm.band_low_min_per_day is None else (
        norm.band_low_min_per_day, norm.band_high_min_per_day)  # fmt: skip
    assert got == band
    assert "Wolke" in norm.source
    assert all(n.source for n in CRYING_NORMS)


def test_corrected_age_uses_the_due_date() -> None:
    p = profile([ev("cry", "2025-06-02 18:00", 10)], due=date(2025, 3, 3))
    assert p.age_weeks_now == pytest.approx(13.4, abs=0.1)
    assert p.by_week_of_age[0].age_week == 13
    assert p.by_week_of_age[0].norm.age_from_weeks == 13
    assert "no reliable average" in p.norm.description

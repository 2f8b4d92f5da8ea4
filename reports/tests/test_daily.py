"""reports.daily on literal records: no database, no settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from insights.frame import event_frame
from insights.records import EventRecord
from reports.daily import NOT_LOGGED, daily_figures

END = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
FIRST, LAST = date(2026, 10, 28), date(2026, 11, 23)  # 27 days


def rec(kind: str, start: datetime, minutes: int | None = None, **details) -> EventRecord:
    end = start + timedelta(minutes=minutes) if minutes is not None else None
    return EventRecord(kind, start, end, "1", details=details)


def nov(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def figures(records, tz: str = "Europe/London"):
    return daily_figures(event_frame(records, END, tz), FIRST, LAST)


def test_an_empty_period_has_no_figures_at_all():
    d = figures([])
    assert d.days_with_entries == 0
    for measure in (d.feeds, d.breast_feeds, d.bottle_ml, d.sleep_h, d.nappies, d.wet_nappies):
        assert not measure.is_logged and measure.per_day is None


def test_feeds_are_averaged_over_the_days_feeds_were_logged_not_the_period():
    records = [rec("feed", nov(10, h), 20, method="breast") for h in (2, 6, 10, 14)]
    records += [rec("feed", nov(12, h), 20, method="breast") for h in (3, 9)]
    d = figures(records)
    assert d.calendar_days == 27
    assert d.feeds.days == 2
    assert d.feeds.per_day == pytest.approx(3.0)  # not 6 / 27
    assert d.breast_feeds.per_day == pytest.approx(3.0)
    assert d.bottle_feeds is NOT_LOGGED and d.bottle_ml is NOT_LOGGED


def test_bottle_milk_counts_only_amounts_given_and_says_how_many():
    records = [
        rec("feed", nov(10, 6), 15, method="bottle", amount_ml=120),
        rec("feed", nov(10, 10), 15, method="bottle"),
        rec("feed", nov(11, 6), 15, method="breast"),
    ]
    d = figures(records)
    assert d.bottle_feeds.total == 2 and d.bottle_feeds_with_amount == 1
    assert d.bottle_ml.per_day == pytest.approx(60.0)  # 120 ml over 2 days with feeds


def test_sleep_across_midnight_counts_on_both_days_and_is_split_day_and_night():
    records = [
        rec("sleep", nov(10, 10), 120),  # 2 h in the day
        rec("sleep", nov(10, 23), 120),  # 1 h on the 10th, 1 h on the 11th, both night
    ]
    d = figures(records)
    assert d.sleep_h.days == 2
    assert d.sleep_h.per_day == pytest.approx(2.0)
    assert d.sleep_night_h.per_day == pytest.approx(1.0)
    assert d.sleep_day_h.per_day == pytest.approx(1.0)


def test_sleep_outside_the_period_is_cut_off():
    records = [rec("sleep", datetime(2026, 10, 27, 23, 0, tzinfo=UTC), 120)]  # 1 h on the 28th
    d = figures(records)
    assert d.sleep_h.days == 1 and d.sleep_h.total == pytest.approx(1.0)


def test_a_dirty_nappy_never_logged_on_days_with_nappies_is_a_real_zero():
    records = [rec("nappy", nov(10, 8), wet=True), rec("nappy", nov(12, 8), wet=True)]
    d = figures(records)
    assert d.nappies.per_day == pytest.approx(1.0)
    assert d.dirty_nappies.is_logged and d.dirty_nappies.per_day == 0.0


def test_purple_features_are_counted_per_episode():
    records = [
        rec("cry", nov(10, 18), 30, purple=["evening", "resists_soothing"]),
        rec("cry", nov(11, 19), 10, purple=["evening"]),
        rec("cry", nov(12, 19), 10),
    ]
    d = figures(records)
    assert d.cry_episodes == 3
    assert d.purple == {"evening": 2, "resists_soothing": 1}


def test_days_follow_the_households_time_zone():
    # 23:30 UTC on the 10th is 18:30 on the 10th in New York but 23:30 in London.
    records = [
        rec("feed", nov(10, 23, 30), 10, method="breast"),
        rec("feed", nov(11, 1), 10, method="breast"),
    ]
    assert figures(records, "Europe/London").feeds.days == 2
    assert figures(records, "America/New_York").feeds.days == 1


# --- day by day, for the charts -------------------------------------------------------------


def day_of(d, day: int):
    return next(row for row in d.by_day if row.day == date(2026, 11, day))


def test_every_day_of_the_period_has_a_row_oldest_first():
    d = figures([rec("feed", nov(10, 8), 10, method="breast")])
    assert len(d.by_day) == 27
    assert d.by_day[0].day == FIRST and d.by_day[-1].day == LAST


def test_a_kind_not_logged_on_a_day_is_none_there_and_never_zero():
    records = [
        rec("feed", nov(10, 8), 10, method="breast"),
        rec("feed", nov(10, 12), 10, method="bottle", amount_ml=90),
        rec("nappy", nov(11, 8), wet=True),
    ]
    d = figures(records)
    tenth, eleventh, twelfth = day_of(d, 10), day_of(d, 11), day_of(d, 12)
    assert (tenth.breast_feeds, tenth.bottle_feeds, tenth.solid_feeds) == (1, 1, 0)
    assert tenth.nappies is None and tenth.sleep_night_h is None
    assert eleventh.breast_feeds is None and eleventh.nappies == 1
    assert (eleventh.wet_nappies, eleventh.dirty_nappies) == (1, 0)  # a real zero that day
    assert tenth.has_entries and eleventh.has_entries and not twelfth.has_entries
    assert twelfth.breast_feeds is None and twelfth.nappies is None


def test_a_night_across_midnight_is_split_between_its_two_days():
    d = figures([rec("sleep", nov(10, 20), 240)])  # 20:00-24:00 on the 10th
    d2 = figures([rec("sleep", nov(10, 23), 120)])  # 23:00-01:00
    tenth = day_of(d, 10)
    assert tenth.sleep_day_h == pytest.approx(2.0) and tenth.sleep_night_h == pytest.approx(2.0)
    assert day_of(d2, 10).sleep_night_h == pytest.approx(1.0)
    assert day_of(d2, 11).sleep_night_h == pytest.approx(1.0)
    assert day_of(d2, 11).sleep_day_h == pytest.approx(0.0)


def test_the_days_sum_to_the_periods_totals():
    records = [rec("feed", nov(day, h), 10, method="breast") for day in (3, 9) for h in (6, 12)]
    records += [rec("nappy", nov(day, 7), wet=True, dirty=day == 9) for day in (3, 4, 9)]
    d = figures(records)
    assert sum(row.breast_feeds or 0 for row in d.by_day) == d.breast_feeds.total
    assert sum(row.nappies or 0 for row in d.by_day) == d.nappies.total
    assert sum(row.dirty_nappies or 0 for row in d.by_day) == d.dirty_nappies.total

"""Trends on hand-built logs whose true figures are known."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from insights.records import EventRecord
from insights.trend_model import (
    BOTTLE,
    FEED_GAP,
    FEEDS,
    MIN_LOGGED_DAYS,
    MIN_NAP_GAPS,
    NAPPIES,
    PUMP,
    SLEEP,
    TUMMY,
    Trends,
)
from insights.trends import compute_trends

from .helpers import TZ, at, ev

BORN = date(2025, 5, 1)


def day(n: int) -> str:
    """Local date string of June n, 2025."""
    return f"2025-06-{n:02d}"


def trends(events: list[EventRecord], now: str = "2025-06-11 12:00", **kw: Any) -> Trends:
    return compute_trends(events, BORN, TZ, at(now), **kw)


def eight_feeds(d: int) -> list[EventRecord]:
    return [ev("feed", f"{day(d)} {h:02d}:30", 20, method="breast") for h in range(0, 24, 3)]


def test_exactly_eight_feeds_a_day_for_ten_days_is_eight() -> None:
    events = [e for d in range(1, 11) for e in eight_feeds(d)]
    result = trends(events)
    feeds = result.get(FEEDS)
    assert feeds.window(7).value == pytest.approx(8.0)
    assert feeds.window(7).days_logged == 7
    assert feeds.window(30).value == pytest.approx(8.0)
    assert feeds.window(30).days_logged == 10
    assert feeds.window(7).parts == pytest.approx((8.0, 0.0))
    gap = result.get(FEED_GAP)
    assert gap.window(7).value == pytest.approx(3.0)
    assert (gap.window(7).low, gap.window(7).high) == pytest.approx((3.0, 3.0))


def test_a_long_window_says_how_many_more_days_it_needs() -> None:
    events = [e for d in range(1, 11) for e in eight_feeds(d)]
    window = trends(events).get(FEEDS).window(90)
    assert window.value is None
    assert not window.is_enough
    assert window.more_days_needed == MIN_LOGGED_DAYS[90] - 10


def test_days_with_no_nappy_logged_are_left_out_not_counted_as_zero() -> None:
    events: list[EventRecord] = []
    for d in (1, 2, 3, 4, 5, 8, 9, 10):
        for h in (7, 10, 13, 16, 19, 22):
            events.append(ev("nappy", f"{day(d)} {h:02d}:00", wet=True, dirty=h == 10))
    nappies = trends(events).get(NAPPIES)
    week = nappies.window(7)  # June 4-10: five days logged (4, 5, 8, 9, 10)
    assert week.days_logged == 5
    assert week.value == pytest.approx(6.0)
    assert week.parts == pytest.approx((6.0, 1.0, 0.0))
    by_day = {v.day: v.value for v in week.daily}
    assert by_day[date(2025, 6, 6)] is None
    assert by_day[date(2025, 6, 8)] == 6


def test_dry_nappies_count_as_nappies() -> None:
    events = [ev("nappy", f"{day(d)} {h:02d}:00", dry=True) for d in range(4, 11) for h in (8, 12)]
    week = trends(events).get(NAPPIES).window(7)
    assert week.value == pytest.approx(2.0)
    assert week.parts == pytest.approx((0.0, 0.0, 2.0))


def test_too_few_logged_days_is_not_enough_data() -> None:
    events = [ev("nappy", f"{day(d)} 09:00", wet=True) for d in (9, 10)]
    week = trends(events).get(NAPPIES).window(7)
    assert week.value is None
    assert week.more_days_needed == MIN_LOGGED_DAYS[7] - 2 == 1


def test_today_is_left_out_until_it_is_over() -> None:
    events = [e for d in range(4, 11) for e in eight_feeds(d)]
    events += [ev("feed", f"{day(11)} {h:02d}:00", 20, method="breast") for h in range(0, 11)]
    result = trends(events, now="2025-06-11 12:00")
    assert result.today == date(2025, 6, 11)
    assert result.get(FEEDS).window(7).last_day == date(2025, 6, 10)
    assert result.get(FEEDS).window(7).value == pytest.approx(8.0)


def test_sleep_is_split_at_midnight_and_into_day_and_night() -> None:
    events = []
    for d in range(4, 11):
        events.append(ev("sleep", f"{day(d)} 13:00", 90))  # a day nap
        events.append(ev("sleep", f"{day(d)} 20:00", 10 * 60))  # 20:00 to 06:00
    week = trends(events).get(SLEEP).window(7)
    by_day = {v.day: v for v in week.daily}
    first = by_day[date(2025, 6, 4)]  # nap + 20:00-24:00
    assert first.value == pytest.approx(1.5 + 4)
    assert first.parts == pytest.approx((1.5, 4.0))
    middle = by_day[date(2025, 6, 6)]  # 00:00-06:00 + nap + 20:00-24:00
    assert middle.parts == pytest.approx((1.5, 10.0))
    assert week.value == pytest.approx((5.5 + 6 * 11.5) / 7)


def test_sleep_between_7_and_19_is_day_sleep_even_in_the_morning() -> None:
    events = [ev("sleep", f"{day(d)} 06:00", 120) for d in range(4, 11)]  # 06:00-08:00
    week = trends(events).get(SLEEP).window(7)
    assert week.parts == pytest.approx((1.0, 1.0))


def test_a_night_across_the_clock_change_keeps_its_real_length() -> None:
    # UK clocks go back at 02:00 on 26 October 2025: 19:00 to 07:00 local is 13 real hours.
    events = [ev("sleep", f"2025-10-{d:02d} 19:00", 12 * 60) for d in range(20, 25)]
    start = at("2025-10-25 19:00")
    events.append(EventRecord("sleep", start, at("2025-10-26 07:00"), "mum"))
    result = compute_trends(events, BORN, TZ, at("2025-10-27 12:00"))
    by_day = {v.day: v for v in result.get(SLEEP).window(7).daily}
    assert by_day[date(2025, 10, 25)].parts == pytest.approx((0.0, 7.0 + 5.0))
    assert by_day[date(2025, 10, 26)].value == pytest.approx(8.0)  # 00:00-07:00 local, 8 h
    total = sum(v.value or 0 for v in by_day.values())
    assert total == pytest.approx(5 * 12 + 13)  # five 12-hour nights and the 13-hour one


def test_running_timers_count_in_no_figure() -> None:
    events = [ev("sleep", f"{day(d)} 13:00", 60) for d in range(4, 11)]
    events.append(ev("sleep", f"{day(8)} 15:00", None))  # forgotten, days ago
    events.append(ev("feed", f"{day(9)} 15:00", None, method="breast"))
    result = trends(events)
    assert result.get(SLEEP).window(7).value == pytest.approx(1.0)
    assert result.get(FEEDS).window(7).days_logged == 0
    assert result.next_nap.status != "asleep"  # a sleep timer left running for days


def test_each_side_logged_as_its_own_timer_is_one_feed() -> None:
    events = []
    for d in range(4, 11):
        for h in (6, 10, 14, 18, 22):
            events.append(ev("feed", f"{day(d)} {h:02d}:00", 12, method="breast", side="left"))
            events.append(ev("feed", f"{day(d)} {h:02d}:15", 12, method="breast", side="right"))
    result = trends(events)
    assert result.get(FEEDS).window(7).value == pytest.approx(5.0)
    assert result.get(FEED_GAP).window(7).value == pytest.approx(4.0)


def test_a_top_up_bottle_after_a_breast_feed_is_a_feed_of_its_own() -> None:
    # As the apps families import from count them: one row, one feed.
    events = []
    for d in range(4, 11):
        for h in (6, 10, 14, 18, 22):
            events.append(ev("feed", f"{day(d)} {h:02d}:00", 12, method="breast", side="both"))
            events.append(ev("feed", f"{day(d)} {h:02d}:15", 5, method="bottle", amount_ml=60))
    assert trends(events).get(FEEDS).window(7).value == pytest.approx(10.0)


def test_a_night_without_feeds_logged_is_not_an_interval() -> None:
    events = [ev("feed", f"{day(d)} {h:02d}:00", 20, method="breast") for d in range(4, 11)
              for h in (8, 11, 14)]  # fmt: skip
    gap = trends(events).get(FEED_GAP).window(7)
    assert gap.value == pytest.approx(3.0)  # 14:00 to next day's 08:00 (18 h) is left out


def test_bottle_volume_counts_days_with_bottles_only() -> None:
    events = []
    for d in range(4, 11):
        events.append(ev("feed", f"{day(d)} 06:00", 30, method="breast"))
        if d % 2 == 0:
            for h in (9, 13, 17, 21):
                events.append(
                    ev("feed", f"{day(d)} {h:02d}:00", 15, method="bottle", amount_ml=120)
                )
    result = trends(events)
    bottle = result.get(BOTTLE).window(7)
    assert bottle.days_logged == 4  # June 4, 6, 8, 10
    assert bottle.value == pytest.approx(480.0)
    feeds = result.get(FEEDS).window(7)
    assert feeds.parts == pytest.approx((1.0, 16 / 7))


def test_solids_logged_as_feeds_are_not_milk_feeds() -> None:
    events = [ev("feed", f"{day(d)} 12:00", 20, method="solids") for d in range(4, 11)]
    assert trends(events).get(FEEDS).window(7).days_logged == 0


def test_pumping_and_tummy_time_per_day() -> None:
    events = []
    for d in range(4, 11):
        events.append(ev("pump", f"{day(d)} 07:00", 20, left_ml=60, right_ml=40, total_ml=100))
        events.append(ev("pump", f"{day(d)} 19:00", 20, total_ml=80))
        for h in (9, 12, 15):
            events.append(ev("tummy_time", f"{day(d)} {h:02d}:00", 10))
    events.append(ev("pump", f"{day(10)} 21:00", 15))  # no amount: not a volume
    result = trends(events)
    assert result.get(PUMP).window(7).value == pytest.approx(180.0)
    assert result.get(TUMMY).window(7).value == pytest.approx(30.0)
    assert result.get(TUMMY).unit == "min"


def test_weeks_of_age_count_from_birth_or_the_due_date() -> None:
    events = [e for d in range(1, 11) for e in eight_feeds(d)]
    # Born 1 May: June 1-10 are days 31-40, weeks 4 (June 1-4 is days 31-34) and 5.
    weeks = {w.age_week: w for w in trends(events).get(FEEDS).by_week_of_age}
    assert weeks[4].days_logged == 4
    assert weeks[4].value == pytest.approx(8.0)
    assert weeks[5].days_logged == 6
    corrected = compute_trends(
        events, BORN, TZ, at("2025-06-11 12:00"), due_date=BORN + timedelta(days=14)
    )
    assert corrected.age_reference == date(2025, 5, 15)
    assert {w.age_week for w in corrected.get(FEEDS).by_week_of_age} == {2, 3}


def test_a_week_of_age_with_too_few_logged_days_has_no_figure() -> None:
    events = [ev("nappy", f"{day(d)} 09:00", wet=True) for d in (5, 6)]
    weeks = trends(events).get(NAPPIES).by_week_of_age
    assert [(w.days_logged, w.value) for w in weeks] == [(2, None)]


def test_an_empty_log_has_no_figures_and_no_crash() -> None:
    result = trends([])
    for series in result.series:
        assert series.days_logged == 0
        assert all(w.value is None for w in series.windows)
        assert len(series.window(30).daily) == 30
        assert series.by_week_of_age == ()
    assert result.next_nap.status == "no_recent_sleep"
    assert result.growth == ()


def naps(wake_gaps_min: list[int], woke_local: str = "09:00") -> list[EventRecord]:
    """Each day from June 5: night sleep until `woke_local`, then a nap after the gap."""
    events = []
    for i, gap in enumerate(wake_gaps_min):
        d = day(5 + i)
        night_end = datetime.fromisoformat(f"{d} {woke_local}")
        events.append(ev("sleep", (night_end - timedelta(hours=11)).isoformat(" "), 11 * 60))
        nap = night_end + timedelta(minutes=gap)
        events.append(ev("sleep", nap.isoformat(" "), 60))
    return events


def test_next_nap_window_from_the_babys_own_awake_times() -> None:
    events = naps([90, 100, 110, 120, 130, 140])
    # Today the baby woke at 09:10 and is awake at 10:00.
    events.append(ev("sleep", "2025-06-10 22:10", 11 * 60))
    result = compute_trends(events, BORN, TZ, at("2025-06-11 10:00"))
    nap = result.next_nap
    assert nap.status == "window"
    assert nap.gaps_used == 6
    assert nap.median_awake_min == pytest.approx(115)
    assert (nap.low_awake_min, nap.high_awake_min) == pytest.approx((102.5, 127.5))
    assert nap.woke_at == at("2025-06-11 09:10")
    assert nap.likely == at("2025-06-11 09:10") + timedelta(minutes=115)


def test_next_nap_uses_only_awake_times_at_this_time_of_day() -> None:
    events = naps([90, 100, 110, 120, 130, 140], woke_local="06:00")
    events.append(ev("sleep", "2025-06-10 23:00", 10 * 60))  # woke 09:00, 3 h after 06:00
    nap = compute_trends(events, BORN, TZ, at("2025-06-11 10:00")).next_nap
    assert nap.status == "not_enough"
    assert nap.gaps_used < MIN_NAP_GAPS


def test_next_nap_needs_enough_awake_times() -> None:
    events = naps([90, 100, 110])
    events.append(ev("sleep", "2025-06-10 22:00", 11 * 60))
    nap = compute_trends(events, BORN, TZ, at("2025-06-11 10:00")).next_nap
    assert nap.status == "not_enough"
    assert nap.gaps_used == 3
    assert nap.gaps_needed == MIN_NAP_GAPS
    assert nap.likely is None


def test_no_next_nap_while_asleep() -> None:
    events = naps([90, 100, 110, 120, 130, 140])
    events.append(ev("sleep", "2025-06-11 09:30", None))
    nap = compute_trends(events, BORN, TZ, at("2025-06-11 10:00")).next_nap
    assert nap.status == "asleep"


def test_growth_entries_carry_who_centiles() -> None:
    events = [ev("growth", "2025-08-31 10:00", weight_kg=7.0, length_cm=63.9)]
    result = compute_trends(events, BORN, TZ, at("2025-09-02 12:00"), sex="male")
    (point,) = result.growth
    assert point.measured_on == date(2025, 8, 31)
    weight, length = point.measurements
    assert weight.measure == "weight_kg"
    assert weight.centile == pytest.approx(50, abs=2)
    assert length.measure == "length_cm"
    assert length.centile is not None


def test_growth_without_the_babys_sex_has_no_centiles() -> None:
    events = [ev("growth", "2025-08-31 10:00", head_cm=41.0)]
    (point,) = compute_trends(events, BORN, TZ, at("2025-09-02 12:00")).growth
    assert point.measurements[0].centile is None
    assert point.measurements[0].reason == "no_sex"

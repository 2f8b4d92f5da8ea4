"""Invariants that are easy to state, checked with hypothesis."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from insights.crying import crying_profile
from insights.findings import hour_ranges
from insights.frame import event_frame
from insights.records import EventRecord

T0 = datetime(2025, 3, 28, 0, 0, tzinfo=UTC)  # spans the spring DST change
NOW = T0 + timedelta(days=5)

cries = st.lists(st.tuples(st.integers(0, 5 * 24 * 60 - 1), st.integers(0, 240)), max_size=30)


@settings(max_examples=60, deadline=None)
@given(cries)
def test_crying_minutes_are_conserved_across_days_and_hours(spans: list[tuple[int, int]]) -> None:
    events = [
        EventRecord("cry", T0 + timedelta(minutes=s), T0 + timedelta(minutes=s + d), "mum")
        for s, d in spans
    ]
    expected = sum(min(s + d, 5 * 24 * 60) - s for s, d in spans)
    p = crying_profile(event_frame(events, NOW, "Europe/London"), date(2024, 11, 1))
    assert abs(sum(d.cry_min for d in p.days) - expected) < 0.5 + 0.05 * len(spans)
    per_hour_total = sum(p.by_hour_min_per_day) * len(p.days)
    assert abs(per_hour_total - expected) < 0.5 + 0.05 * len(spans) + 0.01 * 24 * len(p.days)


@given(st.sets(st.integers(0, 23), min_size=1))
def test_hour_ranges_cover_exactly_the_hours_given(hours: set[int]) -> None:
    text = hour_ranges(tuple(sorted(hours)))
    covered: set[int] = set()
    for part in text.split(", "):
        start, end = (int(x[:2]) for x in part.split("-"))
        h = start
        while True:
            covered.add(h)
            h = (h + 1) % 24
            if h == end:
                break
    assert covered == hours

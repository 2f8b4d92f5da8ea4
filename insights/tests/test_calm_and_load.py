"""Calm windows and care load on literal logs and on the demo household."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest

from insights.calm import calm_windows, is_content, session_states
from insights.frame import EventFrame, build_sessions, event_frame
from insights.load import care_load
from insights.records import EventRecord, TimeWindow, WeeklySchedule
from simulator import simulate

from .helpers import TZ, at, ev, suggestion_words

BIRTH = date(2025, 1, 6)
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


def _frame(events: Sequence[EventRecord], now: str = "2025-06-23 06:00") -> EventFrame:
    return event_frame(events, at(now), TZ)


def _weeks_of_days(n_days: int = 21) -> list[EventRecord]:
    events = []
    for d in range(n_days):
        day = date(2025, 6, 2).toordinal() + d
        iso = date.fromordinal(day).isoformat()
        events += [
            ev("sleep", f"{iso} 00:00", 7 * 60),  # asleep 00:00-07:00
            ev("feed", f"{iso} 07:00", 20, method="breast", side="left"),
            ev("play", f"{iso} 08:00", 30, baby_response="content"),
            ev("holding", f"{iso} 18:00", 30, baby_response="crying"),
            ev("cry", f"{iso} 18:05", 10),
            ev("sleep", f"{iso} 20:00", 4 * 60),  # asleep 20:00-24:00
        ]
    return events


def test_content_and_state_labels() -> None:
    table = build_sessions(
        _frame(
            [
                ev("sleep", "2025-06-02 05:00", 60),
                ev("feed", "2025-06-02 06:00", 20, method="breast", side="left"),
                ev("play", "2025-06-02 06:30", 20, baby_response="fussy"),
                ev("feed", "2025-06-02 09:40", 20, method="bottle", amount_ml=120, who="dad"),
                ev("cry", "2025-06-02 09:45", 2, who="dad"),
            ]
        ),
        BIRTH,
    )
    assert is_content(table).tolist() == [True, False, False]
    # 09:40 is 220 min awake (> the ~117-min window): tired wins over a due feed
    assert session_states(table).tolist() == ["fed_and_rested", "fed_and_rested", "tired"]


def test_windows_are_awake_hours_ranked_by_content_and_fit_availability() -> None:
    frame = _frame(_weeks_of_days())
    table = build_sessions(frame, BIRTH)
    evenings_only = WeeklySchedule(days=((TimeWindow(17 * 60, 24 * 60),),) * 7)
    calm = calm_windows(frame, table, availability={"dad": evenings_only})
    assert calm.top and all(w.hour in (7, 8) for w in calm.top)  # content every morning
    assert all(w.awake_share >= 0.5 for w in calm.top)
    assert all(w.hour not in range(0, 7) for w in calm.top)  # asleep then
    assert [w.hour for w in calm.for_availability["dad"]] == [18] * 5  # the only option
    assert calm.for_availability["dad"][0].content_rate < calm.top[0].content_rate
    assert len(calm.by_hour_of_week) == 168
    assert all(w.start > at("2025-06-23 06:00") for w in calm.top)


def test_no_sessions_means_no_windows() -> None:
    frame = _frame([ev("sleep", "2025-06-02 00:00", 60)])
    calm = calm_windows(frame, build_sessions(frame, BIRTH))
    assert calm.top == () and calm.overall_content_rate is None


def test_dads_calm_windows_in_the_demo_fall_in_his_time_at_home() -> None:
    sim = simulate(seed=0, weeks=8, now=NOW)
    frame = event_frame(sim.events, sim.now, sim.timezone)
    calm = calm_windows(frame, build_sessions(frame, sim.baby_birth_date),
                        availability=sim.schedules)  # fmt: skip
    dad = calm.for_availability["dad"]
    assert dad
    for w in dad:
        assert sim.schedules["dad"].is_available(w.weekday, w.hour * 60 + 30)


def test_care_load_splits_night_minutes_at_22_and_06() -> None:
    events = [
        ev("holding", "2025-06-02 21:30", 60, who="dad"),  # 30 min of night
        ev("feed", "2025-06-03 05:30", 60, method="breast", side="left"),  # 30 min of night
        ev("play", "2025-06-03 12:00", 30),
        ev("nappy", "2025-06-03 12:30", wet=True, dirty=False),
    ]
    load = care_load(_frame(events, now="2025-06-04 00:00"))
    by = {c.caregiver: c for c in load.by_caregiver}
    assert by["mum"].care_min == 90 and by["dad"].care_min == 60
    assert by["mum"].night_min == 30 and by["dad"].night_min == 30
    assert by["mum"].share_of_night_min == 0.5
    assert by["mum"].share_of_care_min == pytest.approx(0.6)
    assert by["mum"].entries == 3  # nappies count as entries, with no minutes
    kinds = {(k.caregiver, k.kind): (k.count, k.minutes) for k in load.by_kind}
    assert kinds[("mum", "nappy")] == (1, 0.0)
    assert sum(w.care_min for w in load.weekly) == 150


def test_one_caregiver_gets_no_suggestions() -> None:
    load = care_load(_frame(_weeks_of_days(3)))
    assert [c.caregiver for c in load.by_caregiver] == ["mum"]
    assert load.suggestions == ()


def test_demo_suggestions_are_concrete_and_fit_dads_schedule() -> None:
    sim = simulate(seed=1, weeks=8, now=NOW)
    load = care_load(event_frame(sim.events, sim.now, sim.timezone),
                     availability=sim.schedules)  # fmt: skip
    by = {c.caregiver: c for c in load.by_caregiver}
    assert by["mum"].share_of_care_min > 0.8
    assert by["dad"].weekend_min_per_day > by["dad"].weekday_min_per_day
    bath = next(s for s in load.suggestions if s.code == "bath")
    assert bath.caregiver == "dad" and bath.from_caregiver == "mum"
    assert bath.evidence["weekdays"] == [5, 6]
    text = suggestion_words(bath)
    assert "19:00" in text and "Saturday and Sunday" in text
    weeks = {w.week_start for w in load.weekly}
    assert all(d.weekday() == 0 for d in weeks) and len(weeks) in (8, 9)


def test_equal_minutes_put_the_one_with_more_entries_first_whatever_the_keys() -> None:
    """Caregiver keys are database ids: "10" sorts before "9". The order must not hang on it."""
    for first, second in (("9", "10"), ("10", "9")):
        events = [
            ev("feed", "2025-06-01 08:00", 30, who=first, method="breast"),
            ev("nappy", "2025-06-01 09:00", who=first, wet=True),
            ev("nappy", "2025-06-01 10:00", who=first, wet=True),
            ev("bath", "2025-06-01 19:00", 30, who=second),
        ]
        load = care_load(_frame(events, now="2025-06-02 00:00"))
        assert [c.caregiver for c in load.by_caregiver] == [first, second]

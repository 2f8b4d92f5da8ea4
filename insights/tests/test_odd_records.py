"""The insights and plan cores answer for any stored log (issue 12).

A log may hold records written before carelog bounded its times, or by an importer with
a bug: a year typed as 0001, a timer left running since year 886, an end in year 9999,
an end before its start, no length at all, a kind the core doesn't know, odd details.
Hypothesis mixes such records into a small ordinary log; every core must return, and the
frame must hold only what it promises (HISTORY_LIMIT, LONGEST_INTERVAL, nothing after now).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights import compute_insights, handover
from insights.frame import HISTORY_LIMIT, LONGEST_INTERVAL, build_sessions, event_frame
from insights.records import ALL_KINDS, EventRecord, TimeWindow, WeeklySchedule
from insights.summary import as_json
from planner import calm_windows_from_insights, default_library, make_plan

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
BIRTH = date(2026, 6, 20)
ZONES = ("Europe/London", "Pacific/Kiritimati", "America/St_Johns", "UTC")

#: Moments a stored record could hold, from the first to the last a datetime can express.
EXTREMES = (
    datetime.min.replace(tzinfo=UTC),
    datetime(886, 3, 1, tzinfo=UTC),
    datetime(1677, 9, 21, tzinfo=UTC),  # the first day pandas can hold in nanoseconds
    datetime(1970, 1, 1, tzinfo=UTC),
    NOW - HISTORY_LIMIT - timedelta(seconds=1),
    NOW - HISTORY_LIMIT,
    NOW,
    NOW + timedelta(seconds=1),
    datetime(2262, 4, 12, tzinfo=UTC),  # just past the last day pandas can hold
    datetime.max.replace(tzinfo=UTC),
)
moments = st.one_of(
    st.sampled_from(EXTREMES),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
    st.integers(-14 * 24 * 60, 60).map(lambda m: NOW + timedelta(minutes=m)),
)  # fmt: skip
odd_details = st.fixed_dictionaries(
    {},
    optional={
        "baby_response": st.sampled_from(["content", "fussy", "crying", "", "asleep", None, 3]),
        "parent_confidence": st.one_of(st.none(), st.integers(-5, 99)),
        "ended": st.sampled_from(["slept", "fed", "", None, "?"]),
        "method": st.sampled_from(["breast", "bottle", "solids", "soup", None]),
        "amount_ml": st.one_of(st.none(), st.integers(-(10**9), 10**9)),
        "wet": st.booleans(),
    },
)


@st.composite
def odd_records(draw: st.DrawFn) -> EventRecord:
    kind = draw(st.sampled_from([*sorted(ALL_KINDS), "singing", "unknown"]))
    start = draw(moments)
    shape = draw(st.sampled_from(["none", "moment", "offset"]))
    end: datetime | None = None
    if shape == "moment":
        end = draw(moments)
    elif shape == "offset":  # negative, zero, ordinary and weeks-long lengths
        minutes = draw(st.integers(-3 * 24 * 60, 60 * 24 * 60))
        try:
            end = start + timedelta(minutes=minutes)
        except OverflowError:
            end = None
    who = draw(st.sampled_from(["1", "2", "3"]))
    present = tuple(draw(st.lists(st.sampled_from(["1", "2", "9"]), max_size=2)))
    return EventRecord(kind, start, end, who, present, draw(odd_details))


def _ordinary_log() -> list[EventRecord]:
    """A fortnight of feeds, sleeps, holdings and cries by two parents."""
    out: list[EventRecord] = []
    for day in range(14):
        base = NOW - timedelta(days=14 - day)
        for hour, kind, minutes, who in [
            (1, "feed", 20, "1"), (2, "sleep", 150, "2"), (8, "holding", 15, "2"),
            (10, "feed", 25, "1"), (15, "bath", 10, "1"), (18, "cry", 30, "2"),
            (19, "play", 20, "2"), (21, "sleep", 180, "1"),
        ]:  # fmt: skip
            start = base + timedelta(hours=hour)
            response = ("content", "fussy", "crying")[(day + hour) % 3]
            details: dict[str, Any] = {"baby_response": response}
            out.append(EventRecord(kind, start, start + timedelta(minutes=minutes), who, (),
                                   details))  # fmt: skip
    return out


ORDINARY = _ordinary_log()
logs = st.lists(odd_records(), max_size=12).flatmap(
    lambda odd: st.permutations([*ORDINARY, *odd]) if len(odd) < 3 else st.just([*ORDINARY, *odd])
)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip


@SETTINGS
@given(st.lists(odd_records(), max_size=20), st.sampled_from(ZONES))
def test_the_frame_keeps_only_what_it_promises(records: list[EventRecord], zone: str) -> None:
    frame = event_frame(records, NOW, zone)
    now_s = NOW.timestamp()
    assert np.all(frame.start_s <= now_s)
    assert np.all(frame.start_s >= now_s - HISTORY_LIMIT.total_seconds())
    has_end = ~np.isnan(frame.end_s)
    lengths = frame.end_s[has_end] - frame.start_s[has_end]
    assert np.all(lengths >= 0) and np.all(lengths <= LONGEST_INTERVAL.total_seconds())
    assert np.all(frame.end_s[has_end] <= now_s)
    build_sessions(frame, BIRTH)


@SETTINGS
@given(logs, st.sampled_from(ZONES), st.booleans())
def test_insights_answer_for_any_stored_log(
    records: list[EventRecord], zone: str, born_early: bool
) -> None:
    due = BIRTH + timedelta(weeks=6) if born_early else None
    result = compute_insights(records, BIRTH, zone, NOW, due_date=due)
    assert result.events_used <= len(records)
    as_json(result)


@SETTINGS
@given(st.lists(odd_records(), max_size=20))
def test_insights_answer_for_a_log_of_nothing_but_odd_records(records: list[EventRecord]) -> None:
    as_json(compute_insights(records, BIRTH, "Europe/London", NOW))


@SETTINGS
@given(logs)
def test_the_handover_answers_for_any_stored_log(records: list[EventRecord]) -> None:
    as_json(handover(records, "1", NOW))


FREE = WeeklySchedule(days=((TimeWindow(9 * 60, 20 * 60),),) * 7)
ASLEEP = WeeklySchedule(days=((TimeWindow(0, 6 * 60), TimeWindow(21 * 60, 24 * 60)),) * 7)


@SETTINGS
@given(logs)
def test_a_plan_can_be_made_from_any_stored_log(records: list[EventRecord]) -> None:
    # The path POST /plans takes: insights -> recurring calm windows -> make_plan.
    result = compute_insights(records, BIRTH, "Europe/London", NOW, availability={"1": FREE})
    calm = calm_windows_from_insights(result.calm)
    plan = make_plan(
        default_library().activities, 22, calm, FREE, ASLEEP, [], 1, NOW.date(), "Europe/London"
    )
    assert plan.sessions is not None

"""The session table: the baby's state at each session, cries inside it, local time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
import pytest

from insights.frame import build_sessions, event_frame, local_parts, logged_days, spread
from insights.records import EventRecord

from .helpers import TZ, at, ev

BIRTH = date(2025, 1, 6)


def sessions_of(events: Sequence[EventRecord], now: str = "2025-06-03 12:00") -> pd.DataFrame:
    return build_sessions(event_frame(events, at(now), TZ), BIRTH)


def test_hunger_and_awake_time_come_from_earlier_entries() -> None:
    table = sessions_of(
        [
            ev("sleep", "2025-06-02 05:00", 90),  # ends 06:30
            ev("feed", "2025-06-02 06:30", 20, method="breast", side="left"),  # ends 06:50
            ev("play", "2025-06-02 08:50", 15, baby_response="content"),
        ]
    )
    feed, play = table.iloc[0], table.iloc[1]
    assert feed["kind"] == "feed" and np.isnan(feed["hunger_min"])  # no earlier feed
    assert feed["awake_min"] == 0
    assert play["hunger_min"] == 120 and play["awake_min"] == 140
    assert play["wake_window_min"] == pytest.approx(117.5)  # 21 weeks: between 16 and 22
    assert play["hour"] == 8 and play["weekday"] == 0


def test_a_session_during_a_feed_or_a_sleep_has_zero_hunger_and_awake_time() -> None:
    table = sessions_of(
        [
            ev("sleep", "2025-06-02 09:00", 60),
            ev("feed", "2025-06-02 09:30", 40, method="breast", side="both"),
            ev("skin_to_skin", "2025-06-02 09:40", 10, who="dad"),
        ]
    )
    s2s = table[table["kind"] == "skin_to_skin"].iloc[0]
    assert s2s["hunger_min"] == 0 and s2s["awake_min"] == 0


@pytest.mark.parametrize(
    ("cry", "cried", "cry_min"),
    [
        (ev("cry", "2025-06-02 10:05", 5), True, 5.0),  # inside
        (ev("cry", "2025-06-02 09:55", 10), True, 5.0),  # starts before, overlaps 5 min
        (ev("cry", "2025-06-02 10:20", 5), False, 0.0),  # starts as the session ends
        (ev("cry", "2025-06-02 10:10", 0), True, 0.0),  # zero-length cry inside still counts
        (ev("cry", "2025-06-02 10:05", 5, who="dad"), True, 5.0),  # logged by someone else
    ],
)
def test_cries_overlapping_a_session_count_for_it(
    cry: EventRecord, cried: bool, cry_min: float
) -> None:
    table = sessions_of([ev("holding", "2025-06-02 10:00", 20), cry])
    row = table.iloc[0]
    assert bool(row["cried"]) is cried
    assert row["cry_min"] == pytest.approx(cry_min, abs=1e-6)


def test_running_sessions_and_future_entries_are_left_out() -> None:
    table = sessions_of(
        [
            ev("play", "2025-06-02 10:00", 20),
            ev("holding", "2025-06-03 11:30", None),  # running at now
            ev("walk", "2025-06-03 13:00", 20),  # after now
        ]
    )
    assert table["kind"].tolist() == ["play"]


def test_overlapping_sessions_are_each_kept() -> None:
    table = sessions_of(
        [
            ev("feed", "2025-06-02 10:00", 20, method="breast", side="left"),
            ev("holding", "2025-06-02 10:10", 20, who="dad", present=("mum",)),
            ev("cry", "2025-06-02 10:15", 3),
        ]
    )
    assert table["cried"].tolist() == [True, True]
    assert table["partner_present"].tolist() == [False, True]


@pytest.mark.parametrize(
    ("local", "hour", "day_offset"),
    [
        ("2025-03-30 00:30", 0, 0),  # before the spring change (GMT)
        ("2025-03-30 03:30", 3, 0),  # after it (BST)
        ("2025-10-26 01:30", 1, 0),  # autumn, first 01:30 (BST)
        ("2025-10-26 23:59", 23, 0),
    ],
)
def test_local_parts_follow_dst(local: str, hour: int, day_offset: int) -> None:
    parts = local_parts(np.array([at(local).timestamp()]), TZ)
    assert parts.hour[0] == hour
    expected_day = (date.fromisoformat(local[:10]) - date(1970, 1, 1)).days + day_offset
    assert parts.day[0] == expected_day


def test_spread_cuts_intervals_into_minutes_across_midnight() -> None:
    start = at("2025-06-02 23:58").timestamp()
    mid, minutes, owner = spread(np.array([start]), np.array([start + 270.0]))
    assert minutes.sum() == pytest.approx(4.5)
    parts = local_parts(mid, TZ)
    assert parts.hour.tolist() == [23, 23, 0, 0, 0]
    assert owner.tolist() == [0] * 5


def test_logged_days_include_days_spanned_by_long_entries() -> None:
    frame = event_frame([ev("sleep", "2025-06-01 19:00", 60 * 40)], at("2025-06-04 12:00"), TZ)
    days = logged_days(frame)
    assert len(days) == 3  # 1st, 2nd and 3rd of June

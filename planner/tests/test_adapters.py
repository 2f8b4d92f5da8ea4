"""Mapping insights' calm-window output onto the planner's recurring CalmWindows."""

from __future__ import annotations

from types import SimpleNamespace

from insights.calm import CalmCell
from planner import calm_windows_from_insights


def test_hours_that_are_awake_and_mostly_content_become_windows() -> None:
    rates = [0.5] * 168
    rates[6] = 0.8  # Monday 06:00
    rates[18] = 0.3  # Monday 18:00: fussy
    rates[24 * 5 + 2] = 0.9  # Saturday 02:00: asleep
    awake = [0.9] * 24
    awake[2] = 0.1
    calm = SimpleNamespace(
        cells=(
            CalmCell(6, "fed_and_rested", 8, 7, 0.82),
            CalmCell(6, "tired", 2, 1, 0.55),
            CalmCell(18, "tired", 6, 1, 0.3),
            CalmCell(24 * 5 + 2, "fed_and_rested", 3, 3, 0.9),
        ),
        by_hour_of_week=tuple(rates),
        awake_share_by_hour=tuple(awake),
    )
    windows = calm_windows_from_insights(calm)
    assert len(windows) == 1
    w = windows[0]
    assert (w.weekday, w.start_min, w.end_min) == (0, 360, 420)
    assert (w.sessions, w.content, w.state, w.content_rate) == (10, 8, "fed_and_rested", 0.8)

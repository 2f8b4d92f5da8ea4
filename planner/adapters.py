"""Turn the insights core's calm-window output into the planner's recurring CalmWindows.

``insights.calm.calm_windows`` returns ``CalmWindows`` with ``cells`` (one per local hour of
the week and baby state: sessions, content count, shrunken content rate) and
``awake_share_by_hour``. The planner needs weekly recurring windows, so each hour of the
week that has logged sessions and in which the baby is usually awake becomes one
``CalmWindow`` (weekday, hour*60 .. hour*60+60): ``sessions`` and ``content`` summed over
the states, ``content_rate`` from ``by_hour_of_week`` (already shrunk, so one lucky session
never makes a window), ``state`` the state with the best rate that hour.

Duck-typed on those attribute names so the planner doesn't depend on insights' internals.
"""

from __future__ import annotations

from typing import Any

from .records import CalmWindow

MIN_CONTENT_RATE = 0.5  # a "calm" hour: content more often than not
MIN_AWAKE_SHARE = 0.5  # the same rule insights uses for upcoming windows


def calm_windows_from_insights(
    calm: Any, *, min_content_rate: float = MIN_CONTENT_RATE
) -> list[CalmWindow]:
    """Return the recurring calm windows in ``calm`` (an ``insights.CalmWindows``)."""
    by_hour: dict[int, list[Any]] = {}
    for cell in calm.cells:
        by_hour.setdefault(cell.hour_of_week, []).append(cell)
    out: list[CalmWindow] = []
    for hour_of_week, cells in sorted(by_hour.items()):
        hour = hour_of_week % 24
        rate = float(calm.by_hour_of_week[hour_of_week])
        if calm.awake_share_by_hour[hour] < MIN_AWAKE_SHARE or rate < min_content_rate:
            continue
        best = max(cells, key=lambda c: (c.content_rate, c.sessions))
        out.append(
            CalmWindow(
                weekday=hour_of_week // 24,
                start_min=hour * 60,
                end_min=hour * 60 + 60,
                content_rate=rate,
                sessions=sum(c.sessions for c in cells),
                content=sum(c.content for c in cells),
                state=best.state,
            )
        )
    return out

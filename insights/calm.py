"""Calm windows: when the baby is most often content, and which of those a parent can make.

Model in plain words: every finished care session is "content" if the parent logged the
baby as content (or, for entries without that tap, such as feeds, if no cry overlapped it).
Sessions are grouped by local hour of the week (Monday 00:00 = 0 ... Sunday 23:00 = 167)
and by the baby's state at the start:

- "tired": awake at least the age's awake window (an ASSUMPTION, insights.norms);
- "due_a_feed": otherwise, at least DUE_A_FEED_MIN since the last feed ended;
- "fed_and_rested": otherwise.

Rates are shrunk towards the same hour on all days, and that towards the overall rate
(a beta-binomial prior worth PRIOR_SESSIONS sessions), so a single content session never
makes a "window". Windows for the next 7 days are the local hours after `now` when the
baby is usually awake (asleep less than half of that hour on logged days), ranked by that
shrunken content rate; a parent's availability keeps the hours it covers for >= 30 min.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from .frame import EventFrame, local_parts, logged_days, spread
from .records import WeeklySchedule

# ASSUMPTION from the brief's "feeds every ~3-4 h at this age"; no domain figure.
DUE_A_FEED_MIN = 180.0
PRIOR_SESSIONS = 5.0
MIN_OVERLAP_MIN = 30
TOP_N = 5
STATES = ("fed_and_rested", "due_a_feed", "tired")


@dataclass(frozen=True)
class CalmCell:
    """Content rate for one local hour of the week and state."""

    hour_of_week: int  # 0 = Monday 00:00 local
    state: str
    sessions: int
    content: int
    content_rate: float  # shrunken; see the module docstring


@dataclass(frozen=True)
class CalmWindow:
    """A one-hour window in the coming week when the baby is usually awake and content."""

    start: datetime  # UTC
    end: datetime  # UTC
    local_start: str  # e.g. "Sat 10:00"
    weekday: int  # 0 = Monday
    hour: int  # local
    content_rate: float
    sessions: int  # sessions logged at this hour of the week
    awake_share: float
    best_state: str | None  # the state with the best content rate at this hour


@dataclass(frozen=True)
class CalmWindows:
    """The heat map (cells), the top windows for the next 7 days, and per caregiver the top
    windows that fall inside their availability."""

    overall_content_rate: float | None
    cells: tuple[CalmCell, ...]
    by_hour_of_week: tuple[float, ...]  # 168 shrunken content rates
    awake_share_by_hour: tuple[float, ...]  # 24 values
    top: tuple[CalmWindow, ...]
    for_availability: dict[str, tuple[CalmWindow, ...]]


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def session_states(sessions: pd.DataFrame) -> np.ndarray:
    """Return each session's state label (see the module docstring)."""
    tired = sessions["tired_ratio"].to_numpy() >= 1.0
    due = sessions["hunger_min"].to_numpy() >= DUE_A_FEED_MIN
    return np.where(tired, "tired", np.where(due, "due_a_feed", "fed_and_rested"))


def is_content(sessions: pd.DataFrame) -> np.ndarray:
    """Return whether each session counts as content."""
    response = sessions["response"]
    cried = sessions["cried"].to_numpy(dtype=bool)
    has = response.notna().to_numpy()
    return np.where(has, (response == "content").to_numpy(dtype=bool), ~cried)


def _shrink(content: np.ndarray, n: np.ndarray, prior: np.ndarray | float) -> np.ndarray:
    return (content + PRIOR_SESSIONS * prior) / (n + PRIOR_SESSIONS)


def calm_windows(
    frame: EventFrame,
    sessions: pd.DataFrame,
    *,
    availability: dict[str, WeeklySchedule] | None = None,
) -> CalmWindows:
    """Return content rates by hour of week and state, and the best windows in the 7 days
    after the frame's `now`, overall and within each caregiver's `availability`."""
    content = is_content(sessions)
    how = (sessions["weekday"].to_numpy() * 24 + sessions["hour"].to_numpy()).astype(np.int64)
    hour = sessions["hour"].to_numpy().astype(np.int64)
    n_all = len(content)
    overall = float(content.mean()) if n_all else None
    prior = overall if overall is not None else 0.5

    n_hour = np.bincount(hour, minlength=24).astype(float)
    c_hour = np.bincount(hour, weights=content, minlength=24)
    hour_rate = _shrink(c_hour, n_hour, prior)
    n_how = np.bincount(how, minlength=168).astype(float)
    c_how = np.bincount(how, weights=content, minlength=168)
    how_rate = _shrink(c_how, n_how, hour_rate[np.arange(168) % 24])

    cells, best_state = _by_state(session_states(sessions), how, hour, content, how_rate, hour_rate)

    awake = _awake_share_by_hour(frame)
    upcoming = _upcoming(frame, how_rate, n_how, awake, best_state)
    top = tuple(upcoming[:TOP_N])
    per_person: dict[str, tuple[CalmWindow, ...]] = {}
    for who, schedule in (availability or {}).items():
        fits = [w for w in upcoming if _overlap_min(schedule, w, frame.timezone) >= MIN_OVERLAP_MIN]
        per_person[who] = tuple(fits[:TOP_N])
    return CalmWindows(
        overall_content_rate=overall,
        cells=tuple(cells),
        by_hour_of_week=tuple(round(float(r), 3) for r in how_rate),
        awake_share_by_hour=tuple(round(float(a), 3) for a in awake),
        top=top,
        for_availability=per_person,
    )


def _by_state(
    states: np.ndarray,
    how: np.ndarray,
    hour: np.ndarray,
    content: np.ndarray,
    how_rate: np.ndarray,
    hour_rate: np.ndarray,
) -> tuple[list[CalmCell], list[str | None]]:
    """Return the content rate of each hour of the week in each state (sorted by hour of
    week, then state), and for each local hour the state with the best rate (3 sessions
    at least), or None."""
    cells: list[CalmCell] = []
    best_state: list[str | None] = [None] * 24
    best_rate = np.full(24, -1.0)
    for state in STATES:
        mask = states == state
        n_s = np.bincount(how[mask], minlength=168)
        c_s = np.bincount(how[mask], weights=content[mask], minlength=168)
        rate = _shrink(c_s, n_s, how_rate)
        for how_i in np.flatnonzero(n_s):
            cells.append(
                CalmCell(
                    int(how_i),
                    state,
                    int(n_s[how_i]),
                    int(c_s[how_i]),
                    round(float(rate[how_i]), 3),
                )
            )
        n_sh = np.bincount(hour[mask], minlength=24)
        c_sh = np.bincount(hour[mask], weights=content[mask], minlength=24)
        rate_h = _shrink(c_sh, n_sh, hour_rate)
        for h in range(24):
            if n_sh[h] >= 3 and rate_h[h] > best_rate[h]:
                best_rate[h], best_state[h] = rate_h[h], state
    cells.sort(key=lambda c: (c.hour_of_week, STATES.index(c.state)))
    return cells, best_state


def _awake_share_by_hour(frame: EventFrame) -> np.ndarray:
    """Share of each local hour the baby was not asleep, over logged days."""
    days = logged_days(frame)
    if len(days) == 0:
        return np.zeros(24)
    is_sleep = frame.of_kind("sleep")
    mid, minutes, _ = spread(frame.start_s[is_sleep], frame.end_s[is_sleep], step_s=300.0)
    asleep = np.bincount(local_parts(mid, frame.timezone).hour, weights=minutes, minlength=24)
    return np.clip(1.0 - asleep / (60.0 * len(days)), 0.0, 1.0)


def _upcoming(
    frame: EventFrame,
    how_rate: np.ndarray,
    n_how: np.ndarray,
    awake: np.ndarray,
    best_state: list[str | None],
) -> list[CalmWindow]:
    tz = ZoneInfo(frame.timezone)
    now = datetime.fromtimestamp(frame.now_s, UTC)
    first = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    out: list[CalmWindow] = []
    seen: set[tuple[int, int, int]] = set()
    for k in range(7 * 24 + 2):  # +2 covers the extra hour of an autumn DST change
        start = first + timedelta(hours=k)
        local = start.astimezone(tz)
        if local.minute != 0:  # zones with half-hour offsets: align to the local hour
            start -= timedelta(minutes=local.minute)
            local = start.astimezone(tz)
        key = (local.toordinal(), local.hour, local.fold)
        if key in seen or start - now > timedelta(days=7):
            continue
        seen.add(key)
        h, wd = local.hour, local.weekday()
        how = wd * 24 + h
        if awake[h] < 0.5 or n_how[how] == 0:
            continue
        out.append(
            CalmWindow(
                start=start,
                end=start + timedelta(hours=1),
                local_start=f"{_DAYS[wd]} {h:02d}:00",
                weekday=wd,
                hour=h,
                content_rate=round(float(how_rate[how]), 3),
                sessions=int(n_how[how]),
                awake_share=round(float(awake[h]), 3),
                best_state=best_state[h],
            )
        )
    out.sort(key=lambda w: (-w.content_rate, -w.sessions, w.start))
    return out


def _overlap_min(schedule: WeeklySchedule, window: CalmWindow, timezone: str) -> int:
    local = window.start.astimezone(ZoneInfo(timezone))
    start = local.hour * 60 + local.minute
    return sum(
        max(0, min(w.end_min, start + 60) - max(w.start_min, start))
        for w in schedule.days[local.weekday()]
    )

"""Columnar views of the care log that every insight shares.

Model in plain words: the log (EventRecords, UTC) is turned once into numpy arrays of
seconds since the epoch, and every time-of-day question is answered in the household's
local time zone by converting those instants with pandas (zoneinfo rules, so a DST day has
23 or 25 hours). Events that start after `now` are ignored; an event still running
(end None, not an instant) is treated as lasting until `now`.

Any stored log must give an answer, including data written before carelog checked its
bounds (issue 12): entries that start more than HISTORY_LIMIT before `now` are skipped, an
end before its start is moved to the start, and no interval counts for more than
LONGEST_INTERVAL. The reasons are beside the constants.

A care session is a feed, bath, play, reading, walk, holding, skin-to-skin or soothing
entry. For each finished session we record the baby's state when it started:
- minutes since the last feed ended (0 if a feed was still going on), and
- minutes awake (since the last sleep ended; 0 if a sleep was still going on),
both only from entries that started before the session (unknown = NaN at the start of
the log), plus whether any logged cry overlapped it and for how many minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from .norms import DEFAULT_WAKE_WINDOW_POINTS
from .records import CARE_SESSION_KINDS, INSTANT_KINDS, EventRecord

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SECONDS_PER_DAY = 86_400

#: Nestling is for a baby's first years: carelog refuses a birth date more than three years
#: back, and times long before the birth. An older entry is a mistyped year (`--start
#: 9999999h` once stored year 886). Skipping it keeps every per-day series from stretching
#: back decades, and keeps times inside what pandas can hold (1677-2262), so one typo can't
#: take the whole Insights page down.
HISTORY_LIMIT = timedelta(days=6 * 366)
#: carelog refuses entries longer than 16 hours; a longer one is a timer left running for
#: days, or old data. Counted in full it would add weeks of sleep or crying, and `spread`
#: cuts intervals into minutes, so its cost would grow with its length. Two days keeps
#: anything that spans a night and the next day as it was logged.
LONGEST_INTERVAL = timedelta(days=2)


@dataclass(frozen=True)
class LocalParts:
    """Local calendar parts of a set of instants."""

    hour: IntArray
    minute_of_day: IntArray
    weekday: IntArray  # 0 = Monday
    day: IntArray  # local calendar day number (days since 1970-01-01, local)


def local_parts(seconds: FloatArray, timezone: str) -> LocalParts:
    """Return the local hour, minute of day, weekday and day number of UTC `seconds`."""
    if len(seconds) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return LocalParts(empty, empty, empty, empty)
    idx = pd.DatetimeIndex(pd.to_datetime(seconds.astype("int64"), unit="s", utc=True))
    local = idx.tz_convert(timezone)
    naive_ns = local.tz_localize(None).as_unit("ns").asi8
    day = naive_ns // (SECONDS_PER_DAY * 10**9)
    minute = (naive_ns // (60 * 10**9)) % (24 * 60)
    return LocalParts(
        hour=(minute // 60).astype(np.int64),
        minute_of_day=minute.astype(np.int64),
        weekday=((day + 3) % 7).astype(np.int64),  # 1970-01-01 was a Thursday
        day=day.astype(np.int64),
    )


def day_number(d: date) -> int:
    """Return the day number (days since 1970-01-01) of a calendar date."""
    return (d - date(1970, 1, 1)).days


def day_date(day: int) -> date:
    """Return the calendar date of a day number."""
    return date.fromordinal(date(1970, 1, 1).toordinal() + int(day))


@dataclass(frozen=True)
class EventFrame:
    """The log as parallel arrays, sorted by start, with events after `now` removed."""

    events: tuple[EventRecord, ...]
    kind: npt.NDArray[np.object_]
    caregiver: npt.NDArray[np.object_]
    start_s: FloatArray
    end_s: FloatArray  # NaN for instants; `now` for running timers
    is_running: BoolArray
    now_s: float
    timezone: str
    kind_code: IntArray  # index into `kind_names`, for fast masks
    kind_names: tuple[str, ...]

    def of_kind(self, kinds: frozenset[str] | set[str] | str) -> BoolArray:
        """Return a mask of the events whose kind is `kinds` (a name or a set of names)."""
        wanted = {kinds} if isinstance(kinds, str) else kinds
        codes = [i for i, name in enumerate(self.kind_names) if name in wanted]
        return np.isin(self.kind_code, codes)


def event_frame(events: Sequence[EventRecord], now: datetime, timezone: str) -> EventFrame:
    """Return the log up to `now` as arrays sorted by start (stable for equal starts).

    Entries starting after `now` or more than HISTORY_LIMIT before it are left out; ends
    are clipped to [start, start + LONGEST_INTERVAL] and to `now`.
    """
    now_s = now.timestamp()
    oldest_s = now_s - HISTORY_LIMIT.total_seconds()
    rows = []
    for e in events:
        start_s = e.start.timestamp()
        if oldest_s <= start_s <= now_s:
            end_s = e.end.timestamp() if e.end is not None else None
            rows.append((start_s, end_s, e))
    rows.sort(key=lambda r: r[0])  # stable: equal starts keep their input order
    kept = [r[2] for r in rows]
    n = len(kept)
    start = np.fromiter((r[0] for r in rows), dtype=np.float64, count=n)
    end = np.fromiter((np.nan if r[1] is None else r[1] for r in rows), dtype=np.float64, count=n)
    end = np.maximum(end, start)  # NaN stays NaN; an end before its start is clamped
    kinds = np.array([e.kind for e in kept], dtype=object)
    names: dict[str, int] = {}
    kind_code = np.fromiter(
        (names.setdefault(e.kind, len(names)) for e in kept), dtype=np.int64, count=n
    )
    kind_names = tuple(names)
    instant_codes = [i for i, name in enumerate(kind_names) if name in INSTANT_KINDS]
    running = np.isnan(end) & ~np.isin(kind_code, instant_codes)
    end = np.where(running, now_s, end)
    end = np.minimum(end, start + LONGEST_INTERVAL.total_seconds())  # NaN stays NaN
    end = np.where(end > now_s, now_s, end)
    return EventFrame(
        events=tuple(kept),
        kind=kinds,
        caregiver=np.array([e.caregiver for e in kept], dtype=object),
        start_s=start,
        end_s=end,
        is_running=running,
        now_s=now_s,
        timezone=timezone,
        kind_code=kind_code,
        kind_names=kind_names,
    )


def _since_last(query_s: FloatArray, starts: FloatArray, ends: FloatArray) -> FloatArray:
    """Minutes from the end of the latest interval that started before each query time
    (0 if one is still going on), NaN if none started before."""
    if len(starts) == 0:
        return np.full(len(query_s), np.nan)
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    latest_end = np.maximum.accumulate(ends)
    idx = np.searchsorted(starts, query_s, side="left") - 1
    out = np.full(len(query_s), np.nan)
    has = idx >= 0
    out[has] = np.maximum(0.0, (query_s[has] - latest_end[idx[has]]) / 60.0)
    return out


def build_sessions(
    frame: EventFrame,
    birth_date: date,
    *,
    due_date: date | None = None,
    wake_window_points: tuple[tuple[float, float], ...] = DEFAULT_WAKE_WINDOW_POINTS,
) -> pd.DataFrame:
    """Return one row per finished care session with the baby's state at its start.

    Columns: caregiver, kind, start_s, end_s, duration_min, hour, minute_of_day, weekday,
    day, hunger_min, awake_min, wake_window_min, tired_ratio, age_weeks (corrected when
    `due_date` is given), partner_present, cried, cry_min, response. Running sessions are
    left out (their outcome is not known yet).
    """
    kind = frame.kind
    is_session = frame.of_kind(CARE_SESSION_KINDS) & ~frame.is_running
    idx = np.flatnonzero(is_session)
    start, end = frame.start_s[idx], frame.end_s[idx]
    parts = local_parts(start, frame.timezone)

    feed = frame.of_kind("feed")
    hunger = _since_last(start, frame.start_s[feed], frame.end_s[feed])
    sleep = frame.of_kind("sleep")
    awake = _since_last(start, frame.start_s[sleep], frame.end_s[sleep])

    reference = due_date if due_date is not None else birth_date
    age_weeks = (parts.day - day_number(reference)) / 7.0
    xs = np.array([p[0] for p in wake_window_points], dtype=np.float64)
    ys = np.array([p[1] for p in wake_window_points], dtype=np.float64)
    window = np.interp(age_weeks, xs, ys)

    cry_min = _cry_minutes(frame, start, end)
    events = frame.events
    partner = np.fromiter((len(events[i].others_present) > 0 for i in idx), dtype=bool)
    response = np.array([events[i].details.get("baby_response") for i in idx], dtype=object)
    return pd.DataFrame(
        {
            "caregiver": frame.caregiver[idx],
            "kind": kind[idx],
            "start_s": start,
            "end_s": end,
            "duration_min": (end - start) / 60.0,
            "hour": parts.hour,
            "minute_of_day": parts.minute_of_day,
            "weekday": parts.weekday,
            "day": parts.day,
            "hunger_min": hunger,
            "awake_min": awake,
            "wake_window_min": window,
            "tired_ratio": awake / window,
            "age_weeks": age_weeks,
            "partner_present": partner,
            "cried": cry_min > 0,
            "cry_min": np.minimum(cry_min, (end - start) / 60.0),
            "response": response,
        }
    )


def _cry_minutes(frame: EventFrame, start: FloatArray, end: FloatArray) -> FloatArray:
    """Minutes of logged crying inside each session [start, end): a tiny positive number
    for a zero-length cry inside it (still a cry), 0 where none overlapped."""
    cry = frame.of_kind("cry")
    cry_start, cry_end = frame.start_s[cry], frame.end_s[cry]
    cry_min = np.zeros(len(start))
    if not len(cry_start):
        return cry_min
    order = np.argsort(cry_start, kind="stable")
    cry_start, cry_end = cry_start[order], cry_end[order]
    longest = float(np.max(cry_end - cry_start))
    lo = np.searchsorted(cry_start, start - longest, side="left")
    hi = np.searchsorted(cry_start, end, side="left")
    cs_list, ce_list = cry_start.tolist(), cry_end.tolist()
    for row in np.flatnonzero(hi > lo).tolist():
        s, e = float(start[row]), float(end[row])
        total, hit = 0.0, False
        for k in range(int(lo[row]), int(hi[row])):
            overlap = min(ce_list[k], e) - max(cs_list[k], s)
            # a zero-length cry inside the session still counts as a cry
            if overlap > 0 or s <= cs_list[k] < e:
                hit = True
                total += max(0.0, overlap)
        if hit:
            cry_min[row] = max(1e-9, total / 60.0)
    return cry_min


def spread(
    starts: FloatArray, ends: FloatArray, step_s: float = 60.0
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Cut intervals into `step_s` pieces: return each piece's midpoint (UTC seconds), its
    length in minutes, and the index of the interval it came from. Lets per-hour and per-day
    totals follow local time exactly across midnight and DST changes."""
    lengths = np.maximum(0.0, ends - starts)
    pieces = np.ceil(lengths / step_s).astype(np.int64)
    total = int(pieces.sum())
    if total == 0:
        empty = np.zeros(0)
        return empty, empty, np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(len(starts)), pieces)
    first = np.cumsum(pieces) - pieces
    k = np.arange(total) - np.repeat(first, pieces)
    piece_start = starts[owner] + k * step_s
    piece_len = np.minimum(step_s, ends[owner] - piece_start)
    return piece_start + piece_len / 2.0, piece_len / 60.0, owner


def logged_days(frame: EventFrame) -> IntArray:
    """Return the sorted local day numbers on which anything was logged (a sleep or any
    interval counts for every day it touches)."""
    if len(frame.start_s) == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.where(np.isnan(frame.end_s), frame.start_s, frame.end_s)
    points = np.concatenate([frame.start_s, ends])
    days = local_parts(points, frame.timezone).day
    lo, hi = int(days.min()), int(days.max())
    touched = np.zeros(hi - lo + 1, dtype=bool)
    touched[days - lo] = True
    # a long interval (e.g. a night's sleep) touches every day between its ends
    start_days = days[: len(frame.start_s)]
    end_days = days[len(frame.start_s) :]
    for s, e in zip(start_days[end_days - start_days > 1], end_days[end_days - start_days > 1],
                    strict=True):  # fmt: skip
        touched[s - lo : e - lo + 1] = True
    return np.flatnonzero(touched).astype(np.int64) + lo

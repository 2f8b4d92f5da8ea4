"""Who carries the care load: counts, minutes, nights, weekends, trend, and concrete swaps.

Model in plain words: care is every care session (feed, bath, play, reading, walk, holding,
skin-to-skin, soothing) plus nappy changes, attributed to the caregiver who logged it as
theirs (care-load.md, app rule 1: every entry is attributed). Minutes come from session
lengths (a running session counts up to `now`; nappies count, with no minutes). Night is
22:00-06:00 local, as in issue 3. Weekday/weekend averages are per logged day of that type.
The weekly trend uses local weeks starting on Monday.

Suggestions are a team view, never a scoreboard (care-load.md, app rule 2): each names one
concrete task, when it happens in the log, and the days the less-involved caregiver is
around then, from their availability if given, else from when they have logged anything.
Each suggestion carries a stable `code` and its numbers; reports/wording.py words it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from .frame import EventFrame, LocalParts, day_date, local_parts, logged_days
from .records import CARE_SESSION_KINDS, WeeklySchedule

NIGHT_FROM_MIN = 22 * 60
NIGHT_TO_MIN = 6 * 60
LOAD_KINDS: frozenset[str] = CARE_SESSION_KINDS | {"nappy"}


@dataclass(frozen=True)
class KindLoad:
    caregiver: str
    kind: str
    count: int
    minutes: float


@dataclass(frozen=True)
class CaregiverLoad:
    caregiver: str
    entries: int
    care_min: float
    share_of_care_min: float
    night_min: float
    share_of_night_min: float | None  # of everyone's night care minutes
    night_sessions: int
    weekday_min_per_day: float
    weekend_min_per_day: float


@dataclass(frozen=True)
class WeekLoad:
    week_start: date  # local Monday
    caregiver: str
    care_min: float
    share: float


@dataclass(frozen=True)
class Suggestion:
    code: str  # "bath", "night", "weekend_morning"
    caregiver: str  # who could take it over
    from_caregiver: str  # who does it now
    kind: str
    evidence: Mapping[str, Any] = field(default_factory=dict)  # the figures it is worded from


@dataclass(frozen=True)
class CareLoad:
    by_caregiver: tuple[CaregiverLoad, ...]
    by_kind: tuple[KindLoad, ...]
    weekly: tuple[WeekLoad, ...]
    suggestions: tuple[Suggestion, ...]


def _night_minutes(minute_of_day: np.ndarray, duration_min: np.ndarray) -> np.ndarray:
    start = minute_of_day.astype(float)
    end = start + duration_min

    def overlap(lo: float, hi: float) -> np.ndarray:
        # numpy's stubs give Any for arithmetic on arrays of unknown dtype; this is an array.
        clipped: np.ndarray = np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0.0, None)
        return clipped

    night: np.ndarray = overlap(0, NIGHT_TO_MIN) + overlap(NIGHT_FROM_MIN, 24 * 60 + NIGHT_TO_MIN)
    return night


@dataclass(frozen=True)
class _Entries:
    """The care-load entries as integer codes with their minutes: caregivers and kinds
    index `who_names` and `kind_names` (both sorted)."""

    who_names: np.ndarray
    who_code: np.ndarray
    kind_names: np.ndarray
    kind_code: np.ndarray
    dur: np.ndarray  # minutes (0 for nappies)
    night: np.ndarray  # minutes in 22:00-06:00 local
    parts: LocalParts
    # caregiver codes by care minutes (most first; equal minutes: more entries first, then
    # by key, never by which database id happens to sort first)
    order: np.ndarray

    def per_who(
        self, weights: np.ndarray | None = None, mask: np.ndarray | None = None
    ) -> np.ndarray:
        """Sum `weights` (or count entries) per caregiver code, over `mask` if given."""
        m = np.ones(len(self.who_code), dtype=bool) if mask is None else mask
        w = None if weights is None else weights[m]
        return np.bincount(self.who_code[m], weights=w, minlength=len(self.who_names))


def _entries(frame: EventFrame) -> _Entries:
    idx = np.flatnonzero(frame.of_kind(LOAD_KINDS))
    start = frame.start_s[idx]
    dur = np.nan_to_num((frame.end_s[idx] - start) / 60.0, nan=0.0)
    parts = local_parts(start, frame.timezone)
    names_who, who_code = np.unique(frame.caregiver[idx].astype(str), return_inverse=True)
    names_kind, kind_code = np.unique(frame.kind[idx].astype(str), return_inverse=True)
    care_by_who = np.bincount(who_code, weights=dur, minlength=len(names_who))
    entries_by_who = np.bincount(who_code, minlength=len(names_who))
    order = np.lexsort((-entries_by_who, -np.round(care_by_who, 6)))
    return _Entries(
        who_names=names_who,
        who_code=who_code,
        kind_names=names_kind,
        kind_code=kind_code,
        dur=dur,
        night=_night_minutes(parts.minute_of_day, dur),
        parts=parts,
        order=order,
    )


def care_load(
    frame: EventFrame,
    *,
    availability: Mapping[str, WeeklySchedule] | None = None,
) -> CareLoad:
    """Return the care split by caregiver and kind, nights, weekends, weekly trend and up to
    three suggestions of tasks the least-involved caregiver could take over."""
    e = _entries(frame)
    caregivers = [str(e.who_names[i]) for i in e.order]
    by_caregiver = _caregiver_loads(e, logged_days(frame))
    suggestions = _suggestions(frame, caregivers, availability or {}, by_caregiver)
    return CareLoad(tuple(by_caregiver), _kind_loads(e), _weekly(e), suggestions)


def _caregiver_loads(e: _Entries, days: np.ndarray) -> list[CaregiverLoad]:
    """Each caregiver's entries, minutes and nights, most care first; weekday and weekend
    minutes are per logged day of that type."""
    day_weekday = (days + 3) % 7
    n_weekend_days = max(1, int((day_weekday >= 5).sum()))
    n_weekday_days = max(1, int((day_weekday < 5).sum()))
    weekend = e.parts.weekday >= 5
    minute = e.parts.minute_of_day
    is_night_start = (minute >= NIGHT_FROM_MIN) | (minute < NIGHT_TO_MIN)
    is_session = e.kind_code != (
        int(np.searchsorted(e.kind_names, "nappy")) if "nappy" in e.kind_names else -1
    )
    total_min = float(e.dur.sum())
    total_night = float(e.night.sum())
    care_by_who = e.per_who(e.dur)
    entries = e.per_who()
    night_by = e.per_who(e.night)
    night_sessions = e.per_who(mask=is_night_start & is_session)
    weekday_by = e.per_who(e.dur, ~weekend)
    weekend_by = e.per_who(e.dur, weekend)
    by_caregiver = []
    for i in e.order:
        care = float(care_by_who[i])
        by_caregiver.append(
            CaregiverLoad(
                caregiver=str(e.who_names[i]),
                entries=int(entries[i]),
                care_min=round(care, 1),
                share_of_care_min=round(care / total_min, 3) if total_min else 0.0,
                night_min=round(float(night_by[i]), 1),
                share_of_night_min=round(float(night_by[i]) / total_night, 3)
                if total_night
                else None,
                night_sessions=int(night_sessions[i]),
                weekday_min_per_day=round(float(weekday_by[i]) / n_weekday_days, 1),
                weekend_min_per_day=round(float(weekend_by[i]) / n_weekend_days, 1),
            )
        )
    return by_caregiver


def _kind_loads(e: _Entries) -> tuple[KindLoad, ...]:
    """Count and minutes per caregiver and kind, caregivers in load order, kinds by name."""
    n_who, n_kind = len(e.who_names), len(e.kind_names)
    pair = e.who_code * n_kind + e.kind_code
    counts = np.bincount(pair, minlength=n_who * n_kind)
    minutes = np.bincount(pair, weights=e.dur, minlength=n_who * n_kind)
    return tuple(
        KindLoad(str(e.who_names[i]), str(e.kind_names[k]), int(counts[i * n_kind + k]),
                 round(float(minutes[i * n_kind + k]), 1))
        for i in e.order
        for k in range(n_kind)
        if counts[i * n_kind + k]
    )  # fmt: skip


def _weekly(e: _Entries) -> tuple[WeekLoad, ...]:
    """Each caregiver's minutes and share per local week (starting on Monday)."""
    monday = e.parts.day - e.parts.weekday
    if not len(monday):
        return ()
    weeks, week_idx = np.unique(monday, return_inverse=True)
    week_total = np.bincount(week_idx, weights=e.dur, minlength=len(weeks))
    per_caregiver = {
        str(e.who_names[i]): np.bincount(
            week_idx[e.who_code == i], weights=e.dur[e.who_code == i], minlength=len(weeks)
        )
        for i in e.order
    }
    weekly = []
    for week_i, w in enumerate(weeks.tolist()):
        for c in per_caregiver:
            mins = float(per_caregiver[c][week_i])
            share = mins / week_total[week_i] if week_total[week_i] else 0.0
            weekly.append(WeekLoad(day_date(w), c, round(mins, 1), round(share, 3)))
    return tuple(weekly)


def _present_weekdays(
    frame: EventFrame, caregiver: str, schedule: WeeklySchedule | None, minute_of_day: int
) -> list[int]:
    """Weekdays on which `caregiver` is around at `minute_of_day` (local): from the schedule
    if given, else days on which they logged or were present within an hour of it."""
    if schedule is not None:
        return [d for d in range(7) if schedule.is_available(d, minute_of_day)]
    involved = np.fromiter(
        (e.caregiver == caregiver or caregiver in e.others_present for e in frame.events),
        dtype=bool,
        count=len(frame.events),
    )
    parts = local_parts(frame.start_s[involved], frame.timezone)
    near = np.abs(parts.minute_of_day - minute_of_day) <= 60
    return sorted({int(d) for d in parts.weekday[near]})


def _suggestions(
    frame: EventFrame,
    caregivers: list[str],
    availability: Mapping[str, WeeklySchedule],
    loads: list[CaregiverLoad],
) -> tuple[Suggestion, ...]:
    """Up to three tasks the least-involved caregiver could take over from the main one:
    the bath, some nights, weekend mornings."""
    if len(caregivers) < 2:
        return ()
    main, other = caregivers[0], caregivers[-1]
    parts = local_parts(frame.start_s, frame.timezone)
    found = (
        _bath_suggestion(frame, parts, main, other, availability.get(other)),
        _night_suggestion(loads, main, other, availability.get(other)),
        _weekend_morning_suggestion(frame, parts, main, other),
    )
    return tuple(s for s in found if s is not None)


def _bath_suggestion(
    frame: EventFrame,
    parts: LocalParts,
    main: str,
    other: str,
    schedule: WeeklySchedule | None,
) -> Suggestion | None:
    """The bath, when the main caregiver gives 70% of them and the other is around then."""
    baths = np.flatnonzero(frame.of_kind("bath"))
    if not len(baths):
        return None
    by_main = int((frame.caregiver[baths] == main).sum())
    if by_main / len(baths) < 0.7:
        return None
    typical = int(np.median(parts.minute_of_day[baths]))
    hour = round(typical / 60) % 24
    days = _present_weekdays(frame, other, schedule, typical)
    if not days:
        return None
    # "around then on" the days they are, or "some of them" every day
    return Suggestion(
        "bath", other, main, "bath",
        {"bath_hour": hour, "baths": len(baths), "by_main": by_main,
         "weekdays": days if len(days) < 7 else []},
    )  # fmt: skip


def _night_suggestion(
    loads: list[CaregiverLoad], main: str, other: str, schedule: WeeklySchedule | None
) -> Suggestion | None:
    """Some nights, when the main caregiver starts 60% of the night sessions."""
    night_load = {c.caregiver: c for c in loads}
    main_night = night_load[main].night_sessions
    other_night = night_load[other].night_sessions
    total_night = sum(c.night_sessions for c in loads)
    if not total_night or main_night / total_night < 0.6:
        return None
    # the nights before the other caregiver's free mornings (default: weekend mornings)
    free_mornings = (
        [d for d in range(7) if schedule.is_available(d, 8 * 60)] if schedule else [5, 6]
    )
    nights_before = sorted((d - 1) % 7 for d in free_mornings)
    if not 0 < len(nights_before) < 7:
        return None
    return Suggestion(
        "night", other, main, "night",
        {"night_sessions": total_night, "by_main": main_night,
         "by_other": other_night, "nights": nights_before},
    )  # fmt: skip


def _weekend_morning_suggestion(
    frame: EventFrame, parts: LocalParts, main: str, other: str
) -> Suggestion | None:
    """The first care session of weekend mornings, when the main caregiver gives 70%."""
    is_care = frame.of_kind(CARE_SESSION_KINDS)
    morning = is_care & (parts.weekday >= 5) & (parts.minute_of_day >= 6 * 60)
    firsts: dict[int, int] = {}
    for i in np.flatnonzero(morning):
        firsts.setdefault(int(parts.day[i]), int(i))
    if len(firsts) < 2:
        return None
    by_main = int(sum(frame.caregiver[i] == main for i in firsts.values()))
    if by_main / len(firsts) < 0.7:
        return None
    typical = int(np.median([parts.minute_of_day[i] for i in firsts.values()]))
    return Suggestion(
        "weekend_morning", other, main, "play",
        {"weekend_mornings": len(firsts), "by_main": by_main,
         "typical_local_min": typical},
    )  # fmt: skip

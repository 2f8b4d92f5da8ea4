"""How much the baby cries: per day, per local hour, per week of age, against the norms.

Model in plain words: every logged cry is cut into one-minute pieces, and each piece is
placed in the household's local day and hour (so a cry across midnight counts on both
days, and a DST day has 23 or 25 hours). Averages are per *logged* day: a day with any
entry counts, a day with no entries at all is left out rather than counted as calm. A log
with no crying entries at all (many families never log crying) has no crying averages,
and the last-7-days average needs a crying entry in those 7 days: absence of a record is
not absence of crying.
A running cry counts up to `now`.

Each week of age is set beside what crying.md supports for that age (insights.norms):
a band only where the source gives one, never an invented single number (rule 1). The
excess flag is the Rome IV research threshold, >= 3 h on >= 3 of the last 7 days
(rule 2), and from 5 months we say that such crying is outside the colic definition.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from .frame import EventFrame, LocalParts, day_date, day_number, local_parts, logged_days, spread
from .norms import (
    EXCESS_CRY_MIN_PER_DAY,
    EXCESS_DAYS_OF_7,
    ROME_IV,
    ROME_IV_AGE_LIMIT_MONTHS,
    CryingNorm,
    crying_norm,
)

# "Evening" for the share of crying: late afternoon to midnight, as in the 4 pm-midnight
# window of Hunziker & Barr 1986 (crying.md §2).
EVENING_FROM_HOUR = 16


@dataclass(frozen=True)
class DayCrying:
    """Crying minutes on one local date with at least one entry."""

    day: date
    cry_min: float


@dataclass(frozen=True)
class WeekCrying:
    """One week of (corrected) age: mean crying minutes per logged day, and the norm."""

    age_week: int
    days_logged: int
    mean_cry_min_per_day: float
    norm: CryingNorm


@dataclass(frozen=True)
class CryingProfile:
    """The crying picture. Minutes are fuss + cry as logged; hours are local."""

    days: tuple[DayCrying, ...]
    episodes: int
    mean_cry_min_per_day: float | None  # over all logged days; None: no crying logged
    last_7_days_mean_cry_min: float | None  # None: no crying logged in the last 7 days
    by_hour_min_per_day: tuple[float, ...]  # 24 values, local hour 0..23
    peak_hour: int | None
    evening_share: float | None  # share of crying minutes 16:00-24:00
    by_week_of_age: tuple[WeekCrying, ...]
    age_weeks_now: float
    age_months_now: int
    norm: CryingNorm  # for the current age
    norm_source: str
    excess_days_last_7: int
    is_excess: bool  # >= 3 h on >= 3 of the last 7 logged days (Rome IV research)
    excess_rule_source: str
    is_past_colic_age: bool  # 5 months or older: outside the Rome IV colic age range
    endings: dict[str, int]  # how episodes ended, e.g. {"soothed": 12, "fed": 4}
    #: Days of the last 7 with anything logged: the weekly average divides by these.
    last_7_days_logged: int = 0


def _months_between(born: date, today: date) -> int:
    months = (today.year - born.year) * 12 + today.month - born.month
    return months - (today.day < born.day)


def crying_profile(
    frame: EventFrame, birth_date: date, *, due_date: date | None = None
) -> CryingProfile:
    """Return the crying profile of the log in `frame` up to its `now`.

    Age uses `due_date` when given (corrected age), else `birth_date`.
    """
    is_cry = frame.of_kind("cry")
    starts, ends = frame.start_s[is_cry], frame.end_s[is_cry]
    mid, minutes, _ = spread(starts, ends)
    parts = local_parts(mid, frame.timezone)
    reference = due_date if due_date is not None else birth_date
    today = local_parts(np.array([frame.now_s]), frame.timezone).day[0]
    age_weeks_now = (today - day_number(reference)) / 7.0
    age_months_now = _months_between(reference, day_date(int(today)))

    per_day = _minutes_per_day(logged_days(frame), parts, minutes)
    day_list = tuple(DayCrying(day_date(d), round(per_day[d], 1)) for d in sorted(per_day))
    n_days = len(per_day)
    episodes = int(is_cry.sum())
    # A log with no crying entries says nothing about crying: "not logged", never zero.
    mean = sum(per_day.values()) / n_days if n_days and episodes else None
    last_7 = [d for d in sorted(per_day) if today - 7 < d <= today]
    cried_last_7 = bool(episodes) and bool(np.any((parts.day > today - 7) & (parts.day <= today)))
    last_7_mean = sum(per_day[d] for d in last_7) / len(last_7) if cried_last_7 else None
    excess_days = sum(per_day[d] >= EXCESS_CRY_MIN_PER_DAY for d in last_7)
    per_hour, peak, evening = _by_hour(parts, minutes, n_days)
    norm = crying_norm(age_weeks_now)
    return CryingProfile(
        days=day_list,
        episodes=episodes,
        mean_cry_min_per_day=None if mean is None else round(mean, 1),
        last_7_days_mean_cry_min=None if last_7_mean is None else round(last_7_mean, 1),
        last_7_days_logged=len(last_7),
        by_hour_min_per_day=per_hour,
        peak_hour=peak,
        evening_share=evening,
        by_week_of_age=_by_week(per_day, day_number(reference)),
        age_weeks_now=round(age_weeks_now, 1),
        age_months_now=age_months_now,
        norm=norm,
        norm_source=norm.source,
        excess_days_last_7=int(excess_days),
        is_excess=excess_days >= EXCESS_DAYS_OF_7,
        excess_rule_source=ROME_IV,
        is_past_colic_age=age_months_now >= ROME_IV_AGE_LIMIT_MONTHS,
        endings=_endings(frame, is_cry),
    )


def _minutes_per_day(
    days: npt.NDArray[np.int64], parts: LocalParts, minutes: npt.NDArray[np.float64]
) -> dict[int, float]:
    """Crying minutes on each logged day (`days`), 0 on days with no crying."""
    per_day = {int(d): 0.0 for d in days}
    if len(minutes):
        keys, inverse = np.unique(parts.day, return_inverse=True)
        sums = np.bincount(inverse, weights=minutes)
        for k, day_total in zip(keys, sums, strict=True):
            per_day[int(k)] = per_day.get(int(k), 0.0) + float(day_total)
    return per_day


def _by_hour(
    parts: LocalParts, minutes: npt.NDArray[np.float64], n_days: int
) -> tuple[tuple[float, ...], int | None, float | None]:
    """Minutes per logged day in each local hour, the peak hour and the evening's share."""
    by_hour = (
        np.bincount(parts.hour, weights=minutes, minlength=24) if len(minutes) else np.zeros(24)
    )
    per_hour = tuple(round(float(v) / n_days, 2) if n_days else 0.0 for v in by_hour)
    total = float(by_hour.sum())
    peak = int(np.argmax(by_hour)) if total > 0 else None
    evening = float(by_hour[EVENING_FROM_HOUR:].sum() / total) if total > 0 else None
    return per_hour, peak, evening


def _by_week(per_day: dict[int, float], reference_day: int) -> tuple[WeekCrying, ...]:
    """Mean crying minutes per logged day in each week of age, beside that week's norm."""
    weeks: dict[int, list[int]] = {}
    for d in per_day:
        weeks.setdefault((d - reference_day) // 7, []).append(d)
    return tuple(
        WeekCrying(
            age_week=w,
            days_logged=len(ds),
            mean_cry_min_per_day=round(sum(per_day[d] for d in ds) / len(ds), 1),
            norm=crying_norm(w),
        )
        for w, ds in sorted(weeks.items())
    )


def _endings(frame: EventFrame, is_cry: npt.NDArray[np.bool_]) -> dict[str, int]:
    """How the cries ended, e.g. {"soothed": 12, "fed": 4}."""
    endings = Counter(
        str(frame.events[i].details.get("ended"))
        for i in np.flatnonzero(is_cry)
        if frame.events[i].details.get("ended")
    )
    return dict(endings)

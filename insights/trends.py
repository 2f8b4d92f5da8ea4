"""Daily trends a parent checks: sleep, feeds, bottles, nappies, pumping, tummy time, growth,
and a next-nap window from the baby's own recent awake times.

Model in plain words:

- Days are local calendar days in the household's time zone. Only *complete* days count:
  today is still going on, so it is left out of every figure until midnight.
- A day with no entry of a kind is "not logged" for that kind, never zero: averages are
  per logged day of that kind (a day with a nappy logged counts for nappies, whatever else
  was or wasn't logged). Each window average needs a minimum of logged days
  (MIN_LOGGED_DAYS); below it the series says how many more days it needs.
- Entries still running (no end, for a kind that lasts) are left out of every figure until
  they are stopped: a forgotten timer must not add a day of sleep. Entries the care log
  flags (imported with no end, one-minute "put down" marks) never reach this module
  (carelog.selectors leaves them out).
- Sleep is split at local midnight, and within each day into *night* (19:00-07:00 local)
  and *day* (07:00-19:00) sleep. So Monday's figure is the sleep that fell on Monday's
  calendar date: the early hours of Monday's night and the start of Monday evening's.
  The splits are real instants, so a night across a DST change keeps its real length.
- Feeds are milk feeds (breast and bottle; solids are their own kind, and old feed entries
  marked "solids" are left out). A one-breast feed that starts within FEED_JOIN of a feed
  on the other breast ending is the same feed: logging each breast as its own timer must
  not double the count. A top-up bottle, or anything else, counts as its own feed, as
  other apps count them (an imported log keeps its own feed count). Intervals are start to start between feeds; one over
  MAX_FEED_GAP is a gap in the logging, not an interval.
- Weeks of age count from the due date for a baby born early (corrected age), else from
  the birth date, as on the Insights page.
- The next-nap window is *this family's* pattern, not a norm: the median and interquartile
  range of the baby's awake times (from the end of one sleep to the start of the next) over
  the last NAP_LOOKBACK, using only awake times that began within NAP_TIME_OF_DAY of the
  time the baby last woke. None below MIN_NAP_GAPS such awake times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from .frame import HISTORY_LIMIT, LONGEST_INTERVAL, SECONDS_PER_DAY, day_date, day_number
from .records import EventRecord
from .trend_model import (
    BOTTLE,
    DURATION_KINDS,
    FEED_GAP,
    FEED_JOIN,
    FEEDS,
    MAX_AWAKE,
    MAX_FEED_GAP,
    MEAN,
    MEDIAN,
    MIN_AWAKE,
    MIN_LOGGED_DAYS,
    MIN_NAP_GAPS,
    MIN_WEEK_DAYS,
    NAP_LOOKBACK,
    NAP_TIME_OF_DAY,
    NAPPIES,
    NIGHT_FROM_HOUR,
    NIGHT_TO_HOUR,
    PUMP,
    RUNNING_SLEEP,
    SLEEP,
    TREND_KINDS,
    TUMMY,
    WINDOWS,
    DayValue,
    GrowthPoint,
    NextNap,
    Series,
    Trends,
    WeekOfAge,
    WindowSummary,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# --- local time --------------------------------------------------------------------------


def _local_seconds(seconds: FloatArray, timezone: str) -> FloatArray:
    """Local wall-clock seconds since 1970-01-01 00:00 (local) of UTC `seconds`."""
    if len(seconds) == 0:
        return np.zeros(0)
    ns = np.round(seconds * 1e9).astype("int64")
    idx = pd.DatetimeIndex(pd.to_datetime(ns, unit="ns", utc=True)).tz_convert(timezone)
    return idx.tz_localize(None).as_unit("ns").asi8 / 1e9


def _boundaries(first_day: int, last_day: int, timezone: str) -> FloatArray:
    """UTC seconds of local 00:00, NIGHT_TO_HOUR and NIGHT_FROM_HOUR on each local day from
    `first_day` to `last_day` + 1 (row 0 is `first_day`)."""
    days = np.arange(first_day, last_day + 2, dtype=np.int64)
    hours = np.array([0, NIGHT_TO_HOUR, NIGHT_FROM_HOUR], dtype=np.int64)
    wall = (days[:, None] * SECONDS_PER_DAY + hours[None, :] * 3600).ravel()
    # A wall time that happens twice (clocks going back) is taken the first time; one
    # that never happens (clocks going forward) moves on to when the clock resumes.
    local = pd.DatetimeIndex(wall.astype("datetime64[s]")).tz_localize(
        timezone, ambiguous=np.ones(len(wall), dtype=bool), nonexistent="shift_forward"
    )
    return (local.as_unit("ns").asi8 / 1e9).reshape(-1, 3)


def _split_days(
    start_s: FloatArray, end_s: FloatArray, timezone: str
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Cut intervals at local midnight: return each piece's local day number, and its day
    and night seconds. Boundaries are real instants, so a DST night keeps its real length."""
    if len(start_s) == 0:
        empty = np.zeros(0)
        return np.zeros(0, dtype=np.int64), empty, empty
    first = _day_numbers(start_s, timezone)
    last = _day_numbers(np.maximum(end_s - 1e-3, start_s), timezone)
    base = int(first.min())
    bounds = _boundaries(base, int(last.max()), timezone)
    days, day_s, night_s = [], [], []
    for k in range(int((last - first).max()) + 1):
        d = first + k
        has = d <= last
        row = d[has] - base
        s, e = start_s[has], end_s[has]
        midnight, morning, evening = bounds[row, 0], bounds[row, 1], bounds[row, 2]
        next_midnight = bounds[row + 1, 0]
        days.append(d[has])
        night_s.append(_overlap(s, e, midnight, morning) + _overlap(s, e, evening, next_midnight))
        day_s.append(_overlap(s, e, morning, evening))
    return np.concatenate(days), np.concatenate(day_s), np.concatenate(night_s)


def _overlap(start: FloatArray, end: FloatArray, lo: FloatArray, hi: FloatArray) -> FloatArray:
    """Seconds each [start, end) shares with [lo, hi)."""
    return np.asarray(np.maximum(0.0, np.minimum(end, hi) - np.maximum(start, lo)))


# --- building series ---------------------------------------------------------------------


@dataclass
class _Daily:
    """Per-day totals over day numbers lo..hi (inclusive) for one series."""

    code: str
    unit: str
    part_names: tuple[str, ...]
    logged: npt.NDArray[np.bool_]
    parts: FloatArray  # shape (len(part_names) or 1, days)
    total: FloatArray
    gaps: tuple[IntArray, FloatArray] | None = None  # (day, hours), for medians


def _sum_by_day(days: IntArray, weights: FloatArray, lo: int, n: int) -> FloatArray:
    keep = (days >= lo) & (days < lo + n)
    return np.bincount(days[keep] - lo, weights=weights[keep], minlength=n)[:n].astype(float)


def _logged(days: IntArray, lo: int, n: int) -> npt.NDArray[np.bool_]:
    keep = (days >= lo) & (days < lo + n)
    mask = np.zeros(n, dtype=bool)
    mask[days[keep] - lo] = True
    return mask


def _summary_mean(
    d: _Daily, idx: npt.NDArray[np.int64]
) -> tuple[int, float | None, tuple[float | None, ...]]:
    logged = d.logged[idx]
    n = int(logged.sum())
    if n == 0:
        return 0, None, tuple(None for _ in d.part_names)
    value = float(d.total[idx][logged].sum() / n)
    parts = tuple(float(d.parts[p][idx][logged].sum() / n) for p in range(len(d.part_names)))
    return n, value, parts


def _gaps_in(d: _Daily, lo_day: int, hi_day: int) -> FloatArray:
    assert d.gaps is not None
    gap_days, hours = d.gaps
    return hours[(gap_days >= lo_day) & (gap_days <= hi_day)]


def _quartiles(values: FloatArray) -> tuple[float | None, float | None, float | None]:
    if len(values) == 0:
        return None, None, None
    q1, q2, q3 = np.percentile(values, [25, 50, 75])
    return float(q2), float(q1), float(q3)


def _series(d: _Daily, lo: int, today: int, reference_day: int) -> Series:
    n_days = today - lo  # complete days lo..today-1
    return Series(
        code=d.code,
        unit=d.unit,
        statistic=MEAN if d.gaps is None else MEDIAN,
        part_names=d.part_names,
        days_logged=int(d.logged[:n_days].sum()),
        windows=tuple(_window(d, lo, today, size) for size in WINDOWS),
        by_week_of_age=_weeks_of_age(d, lo, today, reference_day),
    )


def _window(d: _Daily, lo: int, today: int, size: int) -> WindowSummary:
    """The last `size` complete days: each day's figure, and the window's average (or
    median gap) once it has MIN_LOGGED_DAYS logged days."""
    start = today - size
    idx = np.arange(start - lo, today - lo, dtype=np.int64)
    totals = d.total[idx].tolist()
    logged = d.logged[idx].tolist()
    parts_by_day = d.parts[:, idx].T.tolist()
    daily = tuple(
        DayValue(
            day_date(start + k),
            totals[k] if logged[k] else None,
            tuple(parts_by_day[k]) if logged[k] else (),
        )
        for k in range(len(idx))
    )
    minimum = MIN_LOGGED_DAYS[size]
    low = high = None
    if d.gaps is None:
        n, value, parts = _summary_mean(d, idx)
    else:
        n = int(d.logged[idx].sum())
        value, low, high = _quartiles(_gaps_in(d, start, today - 1))
        parts = ()
    if n < minimum:
        value, low, high = None, None, None
        parts = tuple(None for _ in parts)
    return WindowSummary(
        days=size,
        first_day=day_date(start),
        last_day=day_date(today - 1),
        days_logged=n,
        min_days=minimum,
        value=value,
        parts=parts,
        low=low,
        high=high,
        daily=daily,
    )


def _weeks_of_age(d: _Daily, lo: int, today: int, reference_day: int) -> tuple[WeekOfAge, ...]:
    """One figure per week of age, from the first logged week to this one (MIN_WEEK_DAYS
    logged days each, else no figure)."""
    logged_days = np.flatnonzero(d.logged[: today - lo]) + lo
    logged_days = logged_days[logged_days >= reference_day]
    if not len(logged_days):
        return ()
    weeks: list[WeekOfAge] = []
    first_week = int((logged_days[0] - reference_day) // 7)
    last_week = int((today - 1 - reference_day) // 7)
    for week in range(first_week, last_week + 1):
        w_start = reference_day + 7 * week
        w_end = min(w_start + 7, today)  # exclusive
        idx = np.arange(max(w_start, lo) - lo, w_end - lo, dtype=np.int64)
        if d.gaps is None:
            n, value, parts = _summary_mean(d, idx)
        else:
            n = int(d.logged[idx].sum())
            value = _quartiles(_gaps_in(d, w_start, w_end - 1))[0]
            parts = ()
        if n < MIN_WEEK_DAYS:
            value, parts = None, tuple(None for _ in parts)
        weeks.append(WeekOfAge(week, n, value, parts))
    return tuple(weeks)


def _seconds(times: list[datetime]) -> FloatArray:
    return np.fromiter((t.timestamp() for t in times), dtype=np.float64, count=len(times))


def _day_numbers(seconds: FloatArray, timezone: str) -> IntArray:
    return np.floor(_local_seconds(seconds, timezone) / SECONDS_PER_DAY).astype(np.int64)


def _next_nap(
    sleeps: list[EventRecord], running_sleep: bool, now_s: float, timezone: str
) -> NextNap:
    if running_sleep:
        return NextNap("asleep", 0, MIN_NAP_GAPS)
    if not sleeps:
        return NextNap("no_recent_sleep", 0, MIN_NAP_GAPS)
    starts = _seconds([e.start for e in sleeps])
    ends = _seconds([e.end for e in sleeps])  # type: ignore[misc]
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    latest_end = np.maximum.accumulate(ends)
    woke_s = float(latest_end[-1])
    if woke_s > now_s or now_s - woke_s > MAX_AWAKE.total_seconds():
        return NextNap("no_recent_sleep", 0, MIN_NAP_GAPS)
    woke = datetime.fromtimestamp(woke_s, tz=UTC)
    gap_start = latest_end[:-1]
    gap = starts[1:] - gap_start
    keep = (
        (gap >= MIN_AWAKE.total_seconds())
        & (gap <= MAX_AWAKE.total_seconds())
        & (gap_start >= now_s - NAP_LOOKBACK.total_seconds())
    )
    gap_start, gap = gap_start[keep], gap[keep]
    local = _local_seconds(np.append(gap_start, woke_s), timezone) % SECONDS_PER_DAY
    distance = np.abs(local[:-1] - local[-1])
    distance = np.minimum(distance, SECONDS_PER_DAY - distance)
    used = gap[distance <= NAP_TIME_OF_DAY.total_seconds()] / 60.0
    if len(used) < MIN_NAP_GAPS:
        return NextNap("not_enough", len(used), MIN_NAP_GAPS, woke_at=woke)
    median, low, high = _quartiles(used)
    assert median is not None and low is not None and high is not None
    return NextNap(
        "window",
        len(used),
        MIN_NAP_GAPS,
        woke_at=woke,
        median_awake_min=median,
        low_awake_min=low,
        high_awake_min=high,
        earliest=woke + timedelta(minutes=low),
        likely=woke + timedelta(minutes=median),
        latest=woke + timedelta(minutes=high),
    )


def _growth(
    growth: list[EventRecord],
    timezone: str,
    birth_date: date,
    due_date: date | None,
    sex: str,
) -> tuple[GrowthPoint, ...]:
    if not growth:
        return ()
    # rcpchgrowth brings scipy.stats: imported on first growth entry, not with the module.
    from .growth import MEASURES, growth_centile

    days = _day_numbers(_seconds([e.start for e in growth]), timezone)
    points = []
    for record, day in zip(growth, days.tolist(), strict=True):
        measured_on = day_date(day)
        results = tuple(
            growth_centile(
                measure,
                record.details[measure],
                sex=sex,
                birth_date=birth_date,
                observed_on=measured_on,
                due_date=due_date,
            )
            for measure in MEASURES
            if record.details.get(measure) is not None
        )
        if results:
            points.append(GrowthPoint(record.start, measured_on, results))
    return tuple(points)


def compute_trends(
    events: Sequence[EventRecord],
    birth_date: date,
    timezone: str,
    now: datetime,
    *,
    due_date: date | None = None,
    sex: str = "",
) -> Trends:
    """Return every trend of the log at `now` (tz-aware), in `timezone`'s local days.

    `sex` ("female", "male" or "") is for growth centiles; `due_date` corrects ages for a
    baby born early. Entries starting after `now` are ignored.
    """
    now_s = now.timestamp()
    today = int(_day_numbers(np.array([now_s]), timezone)[0])
    reference = due_date if due_date is not None and due_date > birth_date else birth_date
    by_kind, running_sleep = _records_by_kind(events, now)

    feeds = sorted(
        (e for e in by_kind.get("feed", []) if e.details.get("method", "breast") != "solids"),
        key=lambda e: e.start,
    )
    sleeps = by_kind.get("sleep", [])
    nappies = by_kind.get("nappy", [])
    pumps = [e for e in by_kind.get("pump", []) if _pump_ml(e) is not None]
    tummy = by_kind.get("tummy_time", [])

    lo = _first_day((feeds, sleeps, nappies, pumps, tummy), today, timezone)
    n = today - lo + 1  # including today, so arrays index cleanly; today is never summarised
    dailies = [
        _sleep_daily(sleeps, lo, n, timezone),
        *_feed_dailies(feeds, lo, n, timezone),
        _bottle_daily(feeds, lo, n, timezone),
        _nappy_daily(nappies, lo, n, timezone),
        _pump_daily(pumps, lo, n, timezone),
        _tummy_daily(tummy, lo, n, timezone),
    ]
    series = tuple(_series(d, lo, today, day_number(reference)) for d in dailies)
    recent_sleeps = [
        e
        for e in sleeps
        if e.end is not None
        and now_s - e.end.timestamp() <= (NAP_LOOKBACK + MAX_AWAKE).total_seconds()
    ]
    return Trends(
        now=now,
        timezone=timezone,
        today=day_date(today),
        age_reference=reference,
        series=series,
        growth=_growth(by_kind.get("growth", []), timezone, birth_date, due_date, sex),
        sex=sex,
        next_nap=_next_nap(recent_sleeps, running_sleep, now_s, timezone),
    )


def _records_by_kind(
    events: Sequence[EventRecord], now: datetime
) -> tuple[dict[str, list[EventRecord]], bool]:
    """The entries that count, by kind, with over-long intervals cut short; and whether a
    sleep is running now."""
    # As in insights.frame: a start years back is a mistyped year, and no interval counts
    # for more than LONGEST_INTERVAL, whatever old data holds.
    oldest = now - HISTORY_LIMIT
    by_kind: dict[str, list[EventRecord]] = {}
    running_sleep = False
    for e in events:
        if e.kind not in TREND_KINDS or e.start > now or e.start < oldest:
            continue
        if e.end is None:
            if e.kind in DURATION_KINDS:
                # Still running: no figure until it is stopped.
                running_sleep = running_sleep or (
                    e.kind == "sleep" and now - e.start < RUNNING_SLEEP
                )
                continue
        elif e.end < e.start or e.end - e.start > LONGEST_INTERVAL:
            end = min(max(e.end, e.start), e.start + LONGEST_INTERVAL)
            e = EventRecord(e.kind, e.start, end, e.caregiver, e.others_present, e.details)
        by_kind.setdefault(e.kind, []).append(e)
    return by_kind, running_sleep


def _first_day(groups: Sequence[Sequence[EventRecord]], today: int, timezone: str) -> int:
    """The day number the daily arrays start at: the longest window's first day, or the
    first logged day if earlier."""
    first_days = [today - max(WINDOWS)]
    for group in groups:
        if group:
            first_days.append(
                int(_day_numbers(np.array([min(e.start for e in group).timestamp()]), timezone)[0])
            )
    return min(first_days)


def _sleep_daily(sleeps: list[EventRecord], lo: int, n: int, timezone: str) -> _Daily:
    """Sleep: hours per day, split day (07-19) / night (19-07)."""
    sleep_days, day_s, night_s = _split_days(
        _seconds([e.start for e in sleeps]),
        _seconds([e.end for e in sleeps]),  # type: ignore[misc]
        timezone,
    )
    day_h = _sum_by_day(sleep_days, day_s / 3600.0, lo, n)
    night_h = _sum_by_day(sleep_days, night_s / 3600.0, lo, n)
    return _Daily(
        SLEEP,
        "h",
        ("day", "night"),
        _logged(sleep_days, lo, n),
        np.vstack([day_h, night_h]),
        day_h + night_h,
    )


def _joined_feeds(feeds: list[EventRecord]) -> npt.NDArray[np.bool_]:
    """Which feeds (sorted by start) continue the one before: the other breast, timed as
    its own entry, starting within FEED_JOIN of the previous feed's end."""
    joined = np.zeros(len(feeds), dtype=bool)
    if len(feeds) <= 1:
        return joined
    f_start = _seconds([e.start for e in feeds])
    f_end = _seconds([e.end for e in feeds])  # type: ignore[misc]
    latest_end = np.maximum.accumulate(f_end)
    soon = f_start[1:] - latest_end[:-1] <= FEED_JOIN.total_seconds()
    # Only the other breast, timed as its own entry, is the same feed: a top-up bottle
    # or a second feed on one side is a feed of its own, as other apps count them.
    side = np.array(
        [e.details.get("side") if e.details.get("method") == "breast" else None for e in feeds]
    )
    other_side = (
        np.isin(side[1:], ["left", "right"])
        & np.isin(side[:-1], ["left", "right"])
        & (side[1:] != side[:-1])
    )
    joined[1:] = soon & other_side
    return joined


def _feed_dailies(
    feeds: list[EventRecord], lo: int, n: int, timezone: str
) -> tuple[_Daily, _Daily]:
    """Feeds: milk feeds per day (the two breasts timed apart joined), and the median
    interval between feed starts."""
    joined = _joined_feeds(feeds)
    is_bottle = np.array([e.details.get("method") == "bottle" for e in feeds], dtype=bool)
    starts = _seconds([e.start for e in feeds])[~joined]
    feed_days = _day_numbers(starts, timezone)
    bottle_feed = is_bottle[~joined]
    ones = np.ones(len(starts))
    breast_n = _sum_by_day(feed_days[~bottle_feed], ones[~bottle_feed], lo, n)
    bottle_n = _sum_by_day(feed_days[bottle_feed], ones[bottle_feed], lo, n)
    counts = _Daily(
        FEEDS,
        "feeds",
        ("breast", "bottle"),
        _logged(feed_days, lo, n),
        np.vstack([breast_n, bottle_n]),
        breast_n + bottle_n,
    )
    return counts, _feed_gap_daily(starts, feed_days, lo, n)


def _feed_gap_daily(starts: FloatArray, feed_days: IntArray, lo: int, n: int) -> _Daily:
    """Hours from one feed's start to the next, up to MAX_FEED_GAP, by the later feed's day."""
    gaps = np.diff(starts) / 3600.0
    gap_ok = gaps <= MAX_FEED_GAP.total_seconds() / 3600.0
    gap_days = feed_days[1:][gap_ok]
    gap_h = gaps[gap_ok]
    per_day_median = np.zeros(n)
    gap_logged = _logged(gap_days, lo, n)
    if len(gap_h):
        frame = pd.DataFrame({"day": gap_days, "h": gap_h})
        medians = frame[(frame.day >= lo) & (frame.day < lo + n)].groupby("day").h.median()
        per_day_median[medians.index.to_numpy() - lo] = medians.to_numpy()
    return _Daily(
        FEED_GAP, "h", (), gap_logged, np.zeros((0, n)), per_day_median, (gap_days, gap_h)
    )


def _bottle_daily(feeds: list[EventRecord], lo: int, n: int, timezone: str) -> _Daily:
    """Bottle volume: ml per day, from bottle feeds with an amount."""
    with_ml = [
        e for e in feeds if e.details.get("method") == "bottle" and e.details.get("amount_ml")
    ]
    b_days = _day_numbers(_seconds([e.start for e in with_ml]), timezone)
    b_ml = np.array([float(e.details["amount_ml"]) for e in with_ml], dtype=float)
    b_total = _sum_by_day(b_days, b_ml, lo, n)
    return _Daily(BOTTLE, "ml", (), _logged(b_days, lo, n), np.zeros((0, n)), b_total)


def _nappy_daily(nappies: list[EventRecord], lo: int, n: int, timezone: str) -> _Daily:
    """Nappies: per day, wet / dirty / dry (a wet and dirty nappy counts in both parts)."""
    n_days = _day_numbers(_seconds([e.start for e in nappies]), timezone)
    flags = {
        name: np.array([bool(e.details.get(name)) for e in nappies], dtype=float)
        for name in ("wet", "dirty", "dry")
    }
    nappy_parts = np.vstack(
        [_sum_by_day(n_days, flags[name], lo, n) for name in ("wet", "dirty", "dry")]
    )
    return _Daily(
        NAPPIES,
        "nappies",
        ("wet", "dirty", "dry"),
        _logged(n_days, lo, n),
        nappy_parts,
        _sum_by_day(n_days, np.ones(len(nappies)), lo, n),
    )


def _pump_daily(pumps: list[EventRecord], lo: int, n: int, timezone: str) -> _Daily:
    """Pumping: ml per day."""
    p_days = _day_numbers(_seconds([e.start for e in pumps]), timezone)
    p_ml = np.array([_pump_ml(e) for e in pumps], dtype=float)
    return _Daily(
        PUMP,
        "ml",
        (),
        _logged(p_days, lo, n),
        np.zeros((0, n)),
        _sum_by_day(p_days, p_ml, lo, n),
    )


def _tummy_daily(tummy: list[EventRecord], lo: int, n: int, timezone: str) -> _Daily:
    """Tummy time: minutes per day, split at midnight."""
    t_days, t_day_s, t_night_s = _split_days(
        _seconds([e.start for e in tummy]),
        _seconds([e.end for e in tummy]),  # type: ignore[misc]
        timezone,
    )
    t_min = _sum_by_day(t_days, (t_day_s + t_night_s) / 60.0, lo, n)
    return _Daily(TUMMY, "min", (), _logged(t_days, lo, n), np.zeros((0, n)), t_min)


def _pump_ml(record: EventRecord) -> float | None:
    details = record.details
    total = details.get("total_ml")
    if total is None and (
        details.get("left_ml") is not None or details.get("right_ml") is not None
    ):
        total = (details.get("left_ml") or 0) + (details.get("right_ml") or 0)
    return None if total is None else float(total)

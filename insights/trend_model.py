"""The shapes and fixed choices of the trends (insights/trends.py): windows, night hours,
series codes and the result dataclasses.

Kept apart from the computation so that the API schema and the pages can be imported by a
web process without numpy and pandas; those load when a family's trends are computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .growth import GrowthCentile

#: The windows every series is summarised over, in days.
WINDOWS: tuple[int, ...] = (7, 30, 90)
#: Fewest logged days of a kind for a window's average: 3 of 7, a week of 30, two of 90.
#: Fewer days say more about which days got logged than about the baby.
MIN_LOGGED_DAYS: dict[int, int] = {7: 3, 30: 7, 90: 14}
#: Fewest logged days in a week of age for that week's average.
MIN_WEEK_DAYS = 3

#: Night for sleep: 19:00 to 07:00 local, a common bedtime-to-morning span for babies.
NIGHT_FROM_HOUR = 19
NIGHT_TO_HOUR = 7

#: A feed starting this soon after the previous one ended is the same feed.
FEED_JOIN = timedelta(minutes=15)
#: A start-to-start interval longer than this is a gap in the logging.
MAX_FEED_GAP = timedelta(hours=12)

#: The next-nap window looks at this much recent history ...
NAP_LOOKBACK = timedelta(days=7)
#: ... at awake times that began this close (either side) to when the baby last woke ...
NAP_TIME_OF_DAY = timedelta(minutes=90)
#: ... and needs at least this many of them.
MIN_NAP_GAPS = 5
#: Shorter than this between two sleeps is a stir, not an awake time.
MIN_AWAKE = timedelta(minutes=10)
#: Longer than this awake is a sleep that wasn't logged.
MAX_AWAKE = timedelta(hours=6)

#: The kinds trends read; every other entry is skipped at once.
TREND_KINDS = frozenset({"feed", "sleep", "nappy", "pump", "tummy_time", "growth"})
#: Kinds that last: without an end they are running timers.
DURATION_KINDS = frozenset({"feed", "sleep", "pump", "tummy_time"})
#: A sleep timer running longer than this is a forgotten one, not a sleeping baby
#: (carelog refuses entries over 16 hours).
RUNNING_SLEEP = timedelta(hours=16)

MEAN = "mean_per_logged_day"
MEDIAN = "median"

# Series codes, in the order the page shows them.
SLEEP, FEEDS, FEED_GAP, BOTTLE, NAPPIES, PUMP, TUMMY = (
    "sleep",
    "feeds",
    "feed_gap",
    "bottle",
    "nappies",
    "pump",
    "tummy",
)


@dataclass(frozen=True)
class DayValue:
    """One local day: `value` None when nothing of the kind was logged that day."""

    day: date
    value: float | None
    parts: tuple[float, ...] = ()


@dataclass(frozen=True)
class WindowSummary:
    """A series over the last `days` complete local days (`first_day`..`last_day`)."""

    days: int
    first_day: date
    last_day: date
    days_logged: int
    min_days: int
    value: float | None  # mean per logged day (or median, per the series); None: not enough
    parts: tuple[float | None, ...]  # the same for each part (e.g. day and night sleep)
    low: float | None  # interquartile range, for medians
    high: float | None
    daily: tuple[DayValue, ...]  # every day of the window, oldest first

    @property
    def is_enough(self) -> bool:
        return self.days_logged >= self.min_days

    @property
    def more_days_needed(self) -> int:
        return max(0, self.min_days - self.days_logged)


@dataclass(frozen=True)
class WeekOfAge:
    """One week of (corrected) age: the series' figure over its logged days."""

    age_week: int
    days_logged: int
    value: float | None  # None below MIN_WEEK_DAYS logged days
    parts: tuple[float | None, ...]


@dataclass(frozen=True)
class Series:
    """One trend. `unit` names the value's unit; `statistic` says how windows summarise
    days (MEAN: total over logged days / logged days; MEDIAN: of every interval)."""

    code: str
    unit: str
    statistic: str
    part_names: tuple[str, ...]
    days_logged: int  # complete days with this kind logged, in all the log
    windows: tuple[WindowSummary, ...]  # one per WINDOWS entry
    by_week_of_age: tuple[WeekOfAge, ...]

    def window(self, days: int) -> WindowSummary:
        for summary in self.windows:
            if summary.days == days:
                return summary
        raise KeyError(days)


@dataclass(frozen=True)
class GrowthPoint:
    """One growth entry: its local date and each measurement against the WHO standard."""

    measured_at: datetime  # UTC
    measured_on: date  # local
    measurements: tuple[GrowthCentile, ...]


@dataclass(frozen=True)
class NextNap:
    """When the baby may be ready to sleep again, from the family's own recent awake times.

    `status`: "window" (times given), "asleep" (a sleep is running), "no_recent_sleep" (no
    sleep ended in the last MAX_AWAKE), "not_enough" (fewer than `gaps_needed` awake times
    at this time of day in the last NAP_LOOKBACK)."""

    status: str
    gaps_used: int
    gaps_needed: int
    woke_at: datetime | None = None  # UTC
    median_awake_min: float | None = None
    low_awake_min: float | None = None  # 25th percentile
    high_awake_min: float | None = None  # 75th percentile
    earliest: datetime | None = None  # woke_at + low
    likely: datetime | None = None  # woke_at + median
    latest: datetime | None = None  # woke_at + high
    lookback_days: int = NAP_LOOKBACK.days
    time_of_day_min: int = int(NAP_TIME_OF_DAY.total_seconds() // 60)


@dataclass(frozen=True)
class Trends:
    """Every trend for one baby at `now` (UTC); days are local to `timezone`."""

    now: datetime
    timezone: str
    today: date  # local; left out of every figure (still going on)
    age_reference: date  # weeks of age count from here (due date if born early)
    series: tuple[Series, ...]
    growth: tuple[GrowthPoint, ...]
    sex: str
    next_nap: NextNap
    windows: tuple[int, ...] = field(default=WINDOWS)

    def get(self, code: str) -> Series:
        for s in self.series:
            if s.code == code:
                return s
        raise KeyError(code)

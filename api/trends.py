"""Trends: sleep, feeds, bottles, nappies, pumping and tummy time per day, growth against
the WHO standards, and a next-nap window from the baby's own recent awake times.

Computed by the pure `insights.trends` core through carelog.trend_selectors (cached until
the log changes); this route only chooses the baby and the window and shapes the JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator

from carelog import selectors, trend_selectors
from carelog.models import Baby
from households.exceptions import NotFound
from households.models import Membership
from insights.trend_model import (
    NIGHT_FROM_HOUR,
    NIGHT_TO_HOUR,
    WINDOWS,
    NextNap,
    Series,
    Trends,
)

from .auth import caller
from .errors import errors
from .schemas import Id

router = Router(tags=["trends"])


def _window(days: int) -> int:
    if days not in WINDOWS:
        raise ValueError("Choose 7, 30 or 90 days.")
    return days


class TrendsQuery(Schema):
    baby: Id | None = Field(None, description="A baby's id (default: the household's first).")
    days: Annotated[int, AfterValidator(_window)] = Field(
        7,
        description="The window: the last 7, 30 or 90 complete days.",
        json_schema_extra={"enum": list(WINDOWS)},
    )


class DayOut(Schema):
    day: date
    value: float | None = Field(description="The day's figure; null: not logged that day.")
    parts: list[float] = Field(description="The figure split as `part_names`, when logged.")


class WindowOut(Schema):
    days: int
    first_day: date
    last_day: date = Field(description="Yesterday: today counts once it is over.")
    days_logged: int
    min_days: int = Field(description="Logged days needed before `value` is given.")
    more_days_needed: int
    value: float | None = Field(
        description="Mean per logged day (median of intervals for `feed_gap`); null: not "
        "enough data yet."
    )
    parts: list[float | None]
    low: float | None = Field(description="25th percentile, for medians.")
    high: float | None = Field(description="75th percentile, for medians.")
    daily: list[DayOut]


class WeekOut(Schema):
    age_week: int = Field(description="Week of age (corrected, from the due date, if early).")
    days_logged: int
    value: float | None
    parts: list[float | None]


class SeriesOut(Schema):
    code: Literal["sleep", "feeds", "feed_gap", "bottle", "nappies", "pump", "tummy"]
    unit: str = Field(description="h, feeds, ml, nappies or min (per day; h for intervals).")
    statistic: Literal["mean_per_logged_day", "median"]
    part_names: list[str]
    days_logged: int = Field(description="Complete days with this logged, in the whole log.")
    window: WindowOut
    by_week_of_age: list[WeekOut]


class GrowthOut(Schema):
    measured_at: datetime
    measured_on: date = Field(description="Local date.")
    measure: Literal["weight_kg", "length_cm", "head_cm"]
    value: float
    centile: float | None = Field(description="0-100, against the WHO 2006 standard.")
    z_score: float | None
    age_days: int
    age_used_days: float | None = Field(description="The (corrected) age the standard used.")
    is_corrected: bool
    reason: str | None = Field(
        description="Why there is no centile: no_sex, before_term, before_birth, implausible, "
        "out_of_range, invalid_value."
    )


class NextNapOut(Schema):
    status: Literal["window", "asleep", "no_recent_sleep", "not_enough"]
    basis: str = Field(description="Where the window comes from (the family's data, not a norm).")
    gaps_used: int
    gaps_needed: int
    lookback_days: int
    time_of_day_min: int
    woke_at: datetime | None
    median_awake_min: float | None
    low_awake_min: float | None
    high_awake_min: float | None
    earliest: datetime | None
    likely: datetime | None
    latest: datetime | None


class TrendsOut(Schema):
    baby: int
    days: int
    now: datetime
    timezone: str
    today: date = Field(description="Local; left out of every figure until it is over.")
    night: str = Field(description="Local hours counted as night sleep.")
    sex: str = Field(description='The baby\'s sex for growth centiles; "" when not given.')
    growth_reference: str
    series: list[SeriesOut]
    growth: list[GrowthOut]
    next_nap: NextNapOut


def _baby(me: Membership, baby_id: int | None) -> Baby:
    if baby_id is not None:
        return selectors.baby(me.household, baby_id)
    first = selectors.babies(me.household).first()
    if first is None:
        raise NotFound("Add a baby first.")
    return first


def trends_json(trends: Trends, baby: Baby, days: int) -> dict[str, Any]:
    """The JSON shape of GET /trends for one window."""
    from insights.growth import REFERENCE

    return {
        "baby": baby.pk,
        "days": days,
        "now": trends.now,
        "timezone": trends.timezone,
        "today": trends.today,
        "night": f"{NIGHT_FROM_HOUR:02d}:00-{NIGHT_TO_HOUR:02d}:00",
        "sex": trends.sex,
        "growth_reference": REFERENCE,
        "series": [_series_json(s, days) for s in trends.series],
        "growth": [
            {
                "measured_at": point.measured_at,
                "measured_on": point.measured_on,
                "measure": m.measure,
                "value": m.value,
                "centile": m.centile,
                "z_score": m.z_score,
                "age_days": m.age_days,
                "age_used_days": m.age_used_days,
                "is_corrected": m.is_corrected,
                "reason": m.reason,
            }
            for point in trends.growth
            for m in point.measurements
        ],
        "next_nap": _next_nap_json(trends.next_nap),
    }


def _series_json(s: Series, days: int) -> dict[str, Any]:
    """One series (SeriesOut): the chosen window, day by day, and by week of age."""
    window = s.window(days)
    return {
        "code": s.code,
        "unit": s.unit,
        "statistic": s.statistic,
        "part_names": list(s.part_names),
        "days_logged": s.days_logged,
        "window": {
            **{
                k: getattr(window, k)
                for k in ("days", "first_day", "last_day", "days_logged", "min_days")
            },
            "more_days_needed": window.more_days_needed,
            "value": window.value,
            "parts": list(window.parts),
            "low": window.low,
            "high": window.high,
            "daily": [
                {"day": d.day, "value": d.value, "parts": list(d.parts)} for d in window.daily
            ],
        },
        "by_week_of_age": [
            {
                "age_week": w.age_week,
                "days_logged": w.days_logged,
                "value": w.value,
                "parts": list(w.parts),
            }
            for w in s.by_week_of_age
        ],
    }


def _next_nap_json(nap: NextNap) -> dict[str, Any]:
    """The next-nap window (NextNapOut), with where it comes from in words."""
    return {
        "status": nap.status,
        "basis": (
            f"The median and interquartile range of this baby's own awake times over the "
            f"last {nap.lookback_days} days that began within {nap.time_of_day_min} "
            f"minutes of the time of day the baby last woke; at least {nap.gaps_needed} "
            f"needed. Not a norm."
        ),
        **{
            k: getattr(nap, k)
            for k in (
                "gaps_used",
                "gaps_needed",
                "lookback_days",
                "time_of_day_min",
                "woke_at",
                "median_awake_min",
                "low_awake_min",
                "high_awake_min",
                "earliest",
                "likely",
                "latest",
            )
        },
    }


@router.get(
    "/trends",
    response={200: TrendsOut, **errors(401, 403, 404, 422)},
    operation_id="get_trends",
)
def get_trends(request: HttpRequest, filters: Query[TrendsQuery]) -> dict[str, Any]:
    """Daily trends for a baby over the last 7, 30 or 90 complete days (`days`), each
    series also by week of age; growth entries with their WHO centile and z-score; and the
    next-nap window from the baby's own recent awake times."""
    me = caller(request)
    baby = _baby(me, filters.baby)
    trends = trend_selectors.trends_for(me.household, baby)
    return trends_json(trends, baby, filters.days)

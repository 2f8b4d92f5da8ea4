"""Feeds, sleep and nappies per day, for the report: plain Python, no Django.

Model in plain words: each figure is an average per day over the days on which that kind
was actually logged in the period, never over every calendar day. A family that logged
feeds on 3 of 28 days fed the baby on the other 25 days too; dividing by 28 would report a
baby who barely eats. A kind with no entries in the period has no figure at all ("not
logged"), never a zero. Nappies are the exception inside their own kind: on a day with
nappies logged, no dirty one is a real zero.

Times are cut into one-minute pieces in the household's zone (insights.frame), so a night's
sleep across midnight counts on both days and a DST day has 23 or 25 hours. "Night" is
22:00-06:00 local, the window the Insights page's care split uses (insights.load).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np

from insights.frame import EventFrame, day_date, day_number, local_parts, logged_days, spread
from insights.load import NIGHT_FROM_MIN, NIGHT_TO_MIN


@dataclass(frozen=True)
class PerDay:
    """A total over the `days` on which its kind was logged in the period."""

    total: float
    days: int

    @property
    def is_logged(self) -> bool:
        return self.days > 0

    @property
    def per_day(self) -> float | None:
        """The average per logged day; None when the kind was not logged."""
        return self.total / self.days if self.days else None


NOT_LOGGED = PerDay(0.0, 0)


@dataclass(frozen=True)
class DayFigures:
    """One local day, for the report's day-by-day charts. A kind with no entry that day is
    None (not logged), never 0; on a day with nappies logged, no dirty one is a real 0."""

    day: date
    has_entries: bool  # anything at all logged that day
    breast_feeds: int | None  # the three feed counts are None together
    bottle_feeds: int | None
    solid_feeds: int | None
    sleep_night_h: float | None  # night and day are None together
    sleep_day_h: float | None
    nappies: int | None
    wet_nappies: int | None
    dirty_nappies: int | None


@dataclass(frozen=True)
class DailyFigures:
    """Per-day figures for one period. Sleep is in hours, milk in ml."""

    calendar_days: int
    days_with_entries: int
    feeds: PerDay
    breast_feeds: PerDay  # NOT_LOGGED when no breast feed was logged
    bottle_feeds: PerDay  # NOT_LOGGED when no bottle feed was logged
    bottle_ml: PerDay  # over days with feeds logged; NOT_LOGGED when no amount was given
    bottle_feeds_with_amount: int
    sleep_h: PerDay
    sleep_night_h: PerDay  # same days as sleep_h
    sleep_day_h: PerDay
    nappies: PerDay
    wet_nappies: PerDay  # over days with nappies logged (a real zero is shown as 0)
    dirty_nappies: PerDay
    cry_episodes: int
    purple: dict[str, int]  # PURPLE feature code -> episodes it was ticked for
    by_day: tuple[DayFigures, ...] = ()  # every calendar day of the period, oldest first


def _in_period(days: np.ndarray, first: int, last: int) -> np.ndarray:
    return (days >= first) & (days <= last)


def _start_days(frame: EventFrame, mask: np.ndarray) -> np.ndarray:
    """The local day number each masked entry started on."""
    return local_parts(frame.start_s[mask], frame.timezone).day


@dataclass(frozen=True)
class _Feeds:
    """The period's feeds, counted on the local day they started."""

    idx: np.ndarray  # into the frame
    days: np.ndarray
    methods: list[object]
    amounts_ml: list[float]  # of the bottle feeds with an amount


def _feeds_in(frame: EventFrame, first: int, last: int) -> _Feeds:
    is_feed = frame.of_kind("feed")
    feed_idx = np.flatnonzero(is_feed)
    feed_days = _start_days(frame, is_feed)
    keep = _in_period(feed_days, first, last)
    feed_idx, feed_days = feed_idx[keep], feed_days[keep]
    methods = [frame.events[i].details.get("method") for i in feed_idx]
    amounts = [
        float(frame.events[i].details["amount_ml"])
        for i, m in zip(feed_idx, methods, strict=True)
        if m == "bottle" and frame.events[i].details.get("amount_ml") is not None
    ]
    return _Feeds(feed_idx, feed_days, methods, amounts)


@dataclass(frozen=True)
class _Sleep:
    """The period's sleep as minute pieces placed on their local day and hour."""

    minutes: np.ndarray
    days: np.ndarray
    at_night: np.ndarray  # the piece falls in 22:00-06:00 local


def _sleep_in(frame: EventFrame, first: int, last: int) -> _Sleep:
    is_sleep = frame.of_kind("sleep")
    mid, minutes, _owner = spread(frame.start_s[is_sleep], frame.end_s[is_sleep])
    parts = local_parts(mid, frame.timezone)
    keep = _in_period(parts.day, first, last)
    minute_of_day = parts.minute_of_day[keep]
    at_night = (minute_of_day >= NIGHT_FROM_MIN) | (minute_of_day < NIGHT_TO_MIN)
    return _Sleep(minutes[keep], parts.day[keep], at_night)


def _nappies_in(frame: EventFrame, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """The period's nappies (indexes into the frame, local days): instants, on the day
    they were changed."""
    is_nappy = frame.of_kind("nappy")
    nappy_idx = np.flatnonzero(is_nappy)
    nappy_days = _start_days(frame, is_nappy)
    keep = _in_period(nappy_days, first, last)
    return nappy_idx[keep], nappy_days[keep]


def _cries_in(frame: EventFrame, first: int, last: int) -> tuple[int, Counter[str]]:
    """The period's crying episodes, and the PURPLE features ticked for them."""
    is_cry = frame.of_kind("cry")
    cry_idx = np.flatnonzero(is_cry)
    cry_idx = cry_idx[_in_period(_start_days(frame, is_cry), first, last)]
    purple: Counter[str] = Counter()
    for i in cry_idx:
        purple.update(set(frame.events[i].details.get("purple") or ()))
    return len(cry_idx), purple


def daily_figures(frame: EventFrame, first_day: date, last_day: date) -> DailyFigures:
    """Return the per-day figures of the entries in `frame` on local days `first_day` to
    `last_day` (inclusive). Pieces of intervals outside those days are left out."""
    first, last = day_number(first_day), day_number(last_day)
    all_days = logged_days(frame)
    feeds = _feeds_in(frame, first, last)
    n_feed_days = len(np.unique(feeds.days))
    breast = sum(m == "breast" for m in feeds.methods)
    bottle = sum(m == "bottle" for m in feeds.methods)
    sleep = _sleep_in(frame, first, last)
    n_sleep_days = len(np.unique(sleep.days))
    night_min = float(sleep.minutes[sleep.at_night].sum())
    total_sleep_min = float(sleep.minutes.sum())
    nappy_idx, nappy_days = _nappies_in(frame, first, last)
    n_nappy_days = len(np.unique(nappy_days))
    nappy_details = [frame.events[i].details for i in nappy_idx]
    wet = sum(bool(d.get("wet")) for d in nappy_details)
    dirty = sum(bool(d.get("dirty")) for d in nappy_details)
    cry_episodes, purple = _cries_in(frame, first, last)

    def per_feed_day(total: float, count: int) -> PerDay:
        return PerDay(total, n_feed_days) if count else NOT_LOGGED

    return DailyFigures(
        calendar_days=last - first + 1,
        days_with_entries=int(_in_period(all_days, first, last).sum()),
        feeds=PerDay(float(len(feeds.idx)), n_feed_days),
        breast_feeds=per_feed_day(float(breast), breast),
        bottle_feeds=per_feed_day(float(bottle), bottle),
        bottle_ml=per_feed_day(sum(feeds.amounts_ml), len(feeds.amounts_ml)),
        bottle_feeds_with_amount=len(feeds.amounts_ml),
        sleep_h=PerDay(total_sleep_min / 60.0, n_sleep_days),
        sleep_night_h=PerDay(night_min / 60.0, n_sleep_days),
        sleep_day_h=PerDay((total_sleep_min - night_min) / 60.0, n_sleep_days),
        nappies=PerDay(float(len(nappy_idx)), n_nappy_days),
        wet_nappies=PerDay(float(wet), n_nappy_days),
        dirty_nappies=PerDay(float(dirty), n_nappy_days),
        cry_episodes=cry_episodes,
        purple=dict(purple),
        by_day=_by_day(
            first,
            last,
            {int(d) for d in all_days},
            feeds.days,
            feeds.methods,
            sleep.days,
            sleep.minutes,
            sleep.at_night,
            nappy_days,
            nappy_details,
        ),
    )


def _by_day(
    first: int,
    last: int,
    entry_days: set[int],
    feed_days: np.ndarray,
    methods: list[object],
    sleep_days: np.ndarray,
    sleep_min: np.ndarray,
    at_night: np.ndarray,
    nappy_days: np.ndarray,
    nappy_details: list[dict[str, object]],
) -> tuple[DayFigures, ...]:
    feeds: dict[int, Counter[object]] = {}
    for day, method in zip(feed_days.tolist(), methods, strict=True):
        feeds.setdefault(day, Counter())[method] += 1
    night: Counter[int] = Counter()
    daytime: Counter[int] = Counter()
    for day, minutes, is_night in zip(
        sleep_days.tolist(), sleep_min.tolist(), at_night.tolist(), strict=True
    ):
        (night if is_night else daytime)[day] += minutes
    slept = set(night) | set(daytime)
    nappies: dict[int, list[dict[str, object]]] = {}
    for day, details in zip(nappy_days.tolist(), nappy_details, strict=True):
        nappies.setdefault(day, []).append(details)
    out = []
    for number in range(first, last + 1):
        fed = feeds.get(number)
        changed = nappies.get(number)
        out.append(
            DayFigures(
                day=day_date(number),
                has_entries=number in entry_days,
                breast_feeds=fed["breast"] if fed else None,
                bottle_feeds=fed["bottle"] if fed else None,
                solid_feeds=fed["solids"] if fed else None,
                sleep_night_h=night[number] / 60.0 if number in slept else None,
                sleep_day_h=daytime[number] / 60.0 if number in slept else None,
                nappies=len(changed) if changed else None,
                wet_nappies=sum(bool(d.get("wet")) for d in changed) if changed else None,
                dirty_nappies=sum(bool(d.get("dirty")) for d in changed) if changed else None,
            )
        )
    return tuple(out)

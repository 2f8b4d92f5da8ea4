"""Handover: "since you were last here", for the parent coming on duty.

Model in plain words: "last here" is the end of the latest entry before `now` in which the
incoming caregiver was the carer or was present (an instant counts at its time); with no
such entry we look back DEFAULT_LOOKBACK. The summary gives the latest feed (whenever it
was), the latest sleep and how long the baby has been awake (or asleep, if a sleep timer
is running), nappies, crying episodes and how each ended since then, and every timer
still running. crying.md rule 7: note the last feed and sleep before a hand-over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .records import INSTANT_KINDS, EventRecord

DEFAULT_LOOKBACK = timedelta(hours=12)


@dataclass(frozen=True)
class FeedSummary:
    start: datetime
    end: datetime | None
    minutes_ago: float  # since it ended (0 while running)
    method: str | None
    side: str | None
    amount_ml: int | None
    food: str | None
    caregiver: str


@dataclass(frozen=True)
class SleepSummary:
    start: datetime
    end: datetime | None  # None: still asleep
    duration_min: float  # so far, if running


@dataclass(frozen=True)
class CrySummary:
    start: datetime
    duration_min: float
    ended: str | None
    caregiver: str


@dataclass(frozen=True)
class RunningTimer:
    kind: str
    start: datetime
    caregiver: str
    running_min: float


@dataclass(frozen=True)
class Handover:
    caregiver: str
    since: datetime
    now: datetime
    last_feed: FeedSummary | None
    last_sleep: SleepSummary | None
    awake_min: float | None  # None while asleep or if no sleep is logged
    asleep_min: float | None  # set while a sleep timer runs
    nappies: int
    wet_nappies: int
    dirty_nappies: int
    cries: tuple[CrySummary, ...]
    cry_min: float
    running: tuple[RunningTimer, ...]
    entries_since: int


def _minutes(a: datetime, b: datetime) -> float:
    return round((b - a).total_seconds() / 60.0, 1)


def handover(
    events: Sequence[EventRecord],
    caregiver: str,
    now: datetime,
    *,
    since: datetime | None = None,
    first_visit: datetime | None = None,
) -> Handover:
    """Return what `caregiver` needs to know at `now` (tz-aware), covering entries since
    `since` (default: when they were last involved, else DEFAULT_LOOKBACK before now, but
    never before `first_visit`: a parent who has just joined is not told "since yesterday")."""
    past = [e for e in events if e.start <= now]
    if any(a.start > b.start for a, b in zip(past, past[1:], strict=False)):
        past.sort(key=lambda e: e.start)
    if since is None:
        since = _last_here(past, caregiver, now, first_visit)
    recent = [e for e in past if e.start >= since or (e.end is not None and e.end > since)]
    last_sleep, awake, asleep = _last_sleep(past, now)
    nappies = [e for e in recent if e.kind == "nappy" and e.start >= since]
    cries = tuple(
        CrySummary(
            start=e.start,
            duration_min=_minutes(e.start, min(e.end, now) if e.end else now),
            ended=e.details.get("ended"),
            caregiver=e.caregiver,
        )
        for e in recent
        if e.kind == "cry"
    )
    running_timers = tuple(
        RunningTimer(e.kind, e.start, e.caregiver, _minutes(e.start, now))
        for e in past
        if e.end is None and e.kind not in INSTANT_KINDS
    )
    return Handover(
        caregiver=caregiver,
        since=since,
        now=now,
        last_feed=_last_feed(past, now),
        last_sleep=last_sleep,
        awake_min=awake,
        asleep_min=asleep,
        nappies=len(nappies),
        wet_nappies=sum(bool(e.details.get("wet")) for e in nappies),
        dirty_nappies=sum(bool(e.details.get("dirty")) for e in nappies),
        cries=cries,
        cry_min=round(sum(c.duration_min for c in cries), 1),
        running=running_timers,
        entries_since=sum(1 for e in recent if e.start >= since),
    )


def _last_here(
    past: list[EventRecord], caregiver: str, now: datetime, first_visit: datetime | None
) -> datetime:
    """When `caregiver` was last involved (the end of their latest entry, or its start if
    it has not ended by `now`), else DEFAULT_LOOKBACK back but not before `first_visit`."""
    involved = [
        e.end if e.end is not None and e.end <= now else e.start
        for e in past
        if e.caregiver == caregiver or caregiver in e.others_present
    ]
    since = max(involved) if involved else now - DEFAULT_LOOKBACK
    if first_visit is not None and not involved:
        since = max(since, min(first_visit, now))
    return since


def _last_feed(past: list[EventRecord], now: datetime) -> FeedSummary | None:
    """The latest feed, whenever it was."""
    feeds = [e for e in past if e.kind == "feed"]
    if not feeds:
        return None
    f = feeds[-1]
    d = f.details
    return FeedSummary(
        start=f.start,
        end=f.end,
        minutes_ago=_minutes(f.end, now) if f.end is not None and f.end <= now else 0.0,
        method=d.get("method"),
        side=d.get("side"),
        amount_ml=d.get("amount_ml"),
        food=d.get("food"),
        caregiver=f.caregiver,
    )


def _last_sleep(
    past: list[EventRecord], now: datetime
) -> tuple[SleepSummary | None, float | None, float | None]:
    """The latest sleep, then minutes awake since it ended or asleep while it runs."""
    sleeps = [e for e in past if e.kind == "sleep"]
    if not sleeps:
        return None, None, None
    s = sleeps[-1]
    running = s.end is None or s.end > now
    end = None if running else s.end
    last_sleep = SleepSummary(s.start, end, _minutes(s.start, end or now))
    if running:
        return last_sleep, None, _minutes(s.start, now)
    if s.end is not None:
        return last_sleep, _minutes(s.end, now), None
    return last_sleep, None, None

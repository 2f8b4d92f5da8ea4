"""The weekly review for the parent following a plan: the evidence from his own sessions.

Model: every rated session counts once. Its time of day comes from the outcome
(``start_min``) or from the matching plan session. The review gives the content rate by
time of day over all rated sessions so far, this week (the 7 days ending ``week_ending``)
against the first week (the 7 days from the first rating), and the mean confidence per
week. Sentences report numbers only, never "hates" or "rejects" (crying.md rule 6); when
evening sessions go less well than others, the developmental context is added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .plan import match_outcomes, outcome_minute
from .records import BANDS, Plan, SessionOutcome, Words, band_of

UNKNOWN_BAND = "unknown"
# A confidence change smaller than this (points on the 1-5 scale) counts as steady.
STEADY_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Tally:
    """Rated sessions and how many were content / fussy / crying."""

    sessions: int
    content: int
    fussy: int
    crying: int

    @property
    def content_rate(self) -> float | None:
        """Share of sessions that were content (None without sessions)."""
        return self.content / self.sessions if self.sessions else None


@dataclass(frozen=True)
class BandTally:
    """A time-of-day band ("early morning" ...) and its tally."""

    band: str
    tally: Tally


@dataclass(frozen=True)
class WeekConfidence:
    """Mean parent confidence (1-5) for the 7 days starting ``week_start``."""

    week_start: date
    sessions: int
    mean_confidence: float | None


@dataclass(frozen=True)
class WeeklyReview:
    """The review for the week ending ``week_ending``; ``confidence_trend`` is "up",
    "down", "steady" or None (fewer than two weeks with ratings)."""

    week_start: date
    week_ending: date
    first_week_start: date
    this_week: Tally
    first_week: Tally
    by_time_of_day: tuple[BandTally, ...]
    confidence_by_week: tuple[WeekConfidence, ...]
    confidence_trend: str | None
    sentences: tuple[Words, ...]


def _tally(outcomes: Sequence[SessionOutcome]) -> Tally:
    responses = [o.baby_response for o in outcomes]
    return Tally(
        len(responses),
        responses.count("content"),
        responses.count("fussy"),
        responses.count("crying"),
    )


def _counts(t: Tally) -> dict[str, int]:
    percent = round(100 * t.content / t.sessions) if t.sessions else 0
    return {"content": t.content, "sessions": t.sessions, "percent": percent}


def weekly_review(
    outcomes: Sequence[SessionOutcome],
    *,
    plan: Plan | None = None,
    week_ending: date | None = None,
    first_day: date | None = None,
    baby_name: str = "Your baby",
) -> WeeklyReview:
    """Return the review of ``outcomes`` for the 7 days ending ``week_ending`` (default: the
    latest rated day). The first week starts at ``first_day`` (default: the plan's start,
    else the first rated day). Times of day come from each outcome's ``start_min`` or from
    the matching session of ``plan``."""
    minutes = _with_minutes(outcomes, plan)
    dates = [o.date for o, _ in minutes]
    end = week_ending or (max(dates) if dates else date.today())
    start = end - timedelta(days=6)
    first = first_day or (plan.start_date if plan else None) or (min(dates) if dates else start)
    first_end = first + timedelta(days=6)

    this_week = _tally([o for o, _ in minutes if start <= o.date <= end])
    first_week = _tally([o for o, _ in minutes if first <= o.date <= first_end])
    bands = _by_band(minutes, end)
    weeks = _confidence_by_week(minutes, first, end)
    sentences = [
        *_tally_sentences(this_week, first_week, bands, baby_name, first != start),
        *_confidence_sentences(weeks),
    ]
    if _evening_went_worse(bands):
        sentences.append(Words("review_evening_context"))
    return WeeklyReview(
        week_start=start,
        week_ending=end,
        first_week_start=first,
        this_week=this_week,
        first_week=first_week,
        by_time_of_day=tuple(bands),
        confidence_by_week=tuple(weeks),
        confidence_trend=_trend(weeks),
        sentences=tuple(sentences),
    )


def _with_minutes(
    outcomes: Sequence[SessionOutcome], plan: Plan | None
) -> list[tuple[SessionOutcome, int | None]]:
    """Each outcome with its local minute of day (None when unknown), in time order."""
    if plan is None:
        return [(o, o.start_min) for o in sorted(outcomes, key=lambda o: o.date)]
    return [
        (o, outcome_minute(plan, o, i) if (o.start_min is not None or i >= 0) else None)
        for o, i in match_outcomes(plan, outcomes)
    ]


def _by_band(minutes: Sequence[tuple[SessionOutcome, int | None]], end: date) -> list[BandTally]:
    """Tallies by time of day up to ``end``, in band order; sessions at unknown times last."""
    bands: list[BandTally] = []
    for name, _, _ in BANDS:
        group = [o for o, m in minutes if m is not None and band_of(m) == name and o.date <= end]
        if group:
            bands.append(BandTally(name, _tally(group)))
    unknown = [o for o, m in minutes if m is None and o.date <= end]
    if unknown:
        bands.append(BandTally(UNKNOWN_BAND, _tally(unknown)))
    return bands


def _confidence_by_week(
    minutes: Sequence[tuple[SessionOutcome, int | None]], first: date, end: date
) -> list[WeekConfidence]:
    """Mean confidence for each week from ``first`` until the one holding ``end``."""
    weeks: list[WeekConfidence] = []
    week_start = first
    while week_start <= end:
        scores = [
            o.parent_confidence
            for o, _ in minutes
            if week_start <= o.date < week_start + timedelta(days=7)
        ]
        weeks.append(
            WeekConfidence(week_start, len(scores), sum(scores) / len(scores) if scores else None)
        )
        week_start += timedelta(days=7)
    return weeks


def _trend(weeks: Sequence[WeekConfidence]) -> str | None:
    """The confidence trend from the first rated week to the last: "up", "down" or
    "steady"; None with fewer than two rated weeks."""
    rated = [w for w in weeks if w.mean_confidence is not None]
    if (
        len(rated) >= 2
        and rated[-1].mean_confidence is not None
        and rated[0].mean_confidence is not None
    ):
        change = rated[-1].mean_confidence - rated[0].mean_confidence
        return (
            "up"
            if change >= STEADY_CONFIDENCE
            else "down"
            if change <= -STEADY_CONFIDENCE
            else "steady"
        )
    return None


def _tally_sentences(
    this_week: Tally,
    first_week: Tally,
    bands: Sequence[BandTally],
    baby_name: str,
    has_first_week: bool,
) -> list[Words]:
    """This week's content rate, the first week's (when it is another week), each band's."""
    sentences: list[Words] = []
    if this_week.sessions:
        sentences.append(Words("review_week", {"baby": baby_name, **_counts(this_week)}))
    else:
        sentences.append(Words("review_none"))
    if first_week.sessions and has_first_week:
        sentences.append(Words("review_first_week", _counts(first_week)))
    for b in bands:
        if b.band == UNKNOWN_BAND:
            sentences.append(Words("review_band_unknown", _counts(b.tally)))
        else:
            sentences.append(Words("review_band", {"band": b.band, **_counts(b.tally)}))
    return sentences


def _confidence_sentences(weeks: Sequence[WeekConfidence]) -> list[Words]:
    """This week's confidence, against the first rated week's when that is another week."""
    rated = [w for w in weeks if w.mean_confidence is not None]
    this_conf = weeks[-1].mean_confidence if weeks else None
    if this_conf is not None and rated and rated[0].week_start != weeks[-1].week_start:
        first_conf = rated[0].mean_confidence
        return [Words("review_confidence", {"this_week": this_conf, "first_week": first_conf})]
    if this_conf is not None:
        return [Words("review_confidence_only", {"this_week": this_conf})]
    return []


def _evening_went_worse(bands: Sequence[BandTally]) -> bool:
    """Whether evening sessions were content less often than sessions at other times."""
    evening = [b for b in bands if b.band in ("evening", "late evening")]
    others = [b for b in bands if b.band not in ("evening", "late evening", UNKNOWN_BAND)]
    if not (evening and others):
        return False
    eve_rate = sum(b.tally.content for b in evening) / sum(b.tally.sessions for b in evening)
    other_rate = sum(b.tally.content for b in others) / sum(b.tally.sessions for b in others)
    return eve_rate < other_rate

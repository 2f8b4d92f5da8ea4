"""When to offer a check-in, without nagging.

Model: instruments come in families of a quick 2-question form and its full form (PHQ-2 →
PHQ-9, GAD-2 → GAD-7). Each week a person is offered the quick form. The full form is
offered straight after a positive quick form, when the person asks, or when two weeks have
passed since the last full form (or since their first check-in) — but never more than once
a week. A prompt the person skipped counts as asked, so nothing is re-offered before the
next interval. Intervals live in ``content/safety/cadence.toml`` with their source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Annotated

from pydantic import Field, StrictBool, StrictInt

from content.loader import ContentModel, NonEmpty, Table, Text, content_path, load_toml, validate

Days = Annotated[StrictInt, Field(ge=1)]


@dataclass(frozen=True)
class Family:
    """A quick form and the full form it leads to."""

    measures: str
    short: str
    full: str


@dataclass(frozen=True)
class CadenceRules:
    """Validated intervals (days) and families."""

    version: str
    short_interval_days: int
    full_interval_days: int
    min_days_between_full: int
    skip_counts_as_asked: bool
    families: tuple[Family, ...]
    source: str


@dataclass(frozen=True)
class CheckInRecord:
    """A past check-in (or a skipped prompt, ``completed=False``) on a local date."""

    instrument: str
    on: date
    is_positive: bool | None = None
    completed: bool = True


@dataclass(frozen=True)
class Offer:
    """One instrument to offer today and why ("first_check", "weekly", "short_positive",
    "full_due" or "requested")."""

    instrument: str
    reason: str


@dataclass(frozen=True)
class CheckInPlan:
    """What to offer today (possibly nothing) and the next date anything is due."""

    offers: tuple[Offer, ...]
    next_check_on: date

    @property
    def instruments(self) -> tuple[str, ...]:
        """Instrument keys to offer today, in family order."""
        return tuple(o.instrument for o in self.offers)


class FamilyEntry(ContentModel):
    """One ``[[families]]`` entry: what it measures, its quick form and its full form."""

    measures: Text
    short: Text
    full: Text


class CadenceFile(ContentModel):
    """``content/safety/cadence.toml``."""

    version: Text
    short_interval_days: Days
    full_interval_days: Days
    min_days_between_full: Days
    source: Text
    skip_counts_as_asked: StrictBool
    skip_source: Text
    families: NonEmpty[FamilyEntry]


def parse_cadence(doc: Table) -> CadenceRules:
    """Validate a parsed cadence file; raise ContentError naming the file and field."""
    file = validate(doc, CadenceFile)
    return CadenceRules(
        version=file.version,
        short_interval_days=file.short_interval_days,
        full_interval_days=file.full_interval_days,
        min_days_between_full=file.min_days_between_full,
        skip_counts_as_asked=file.skip_counts_as_asked,
        families=tuple(Family(f.measures, f.short, f.full) for f in file.families),
        source=file.source,
    )


@cache
def load_cadence() -> CadenceRules:
    """Return the built-in cadence rules."""
    return parse_cadence(load_toml(content_path("safety", "cadence.toml")))


def _plan_family(
    family: Family,
    history: Sequence[CheckInRecord],
    today: date,
    requested_full: bool,
    rules: CadenceRules,
) -> tuple[Offer | None, date]:
    own = [r for r in history if r.instrument in (family.short, family.full) and r.on <= today]
    done = [r for r in own if r.completed]
    asked = own if rules.skip_counts_as_asked else done
    fulls = [r.on for r in done if r.instrument == family.full]
    last_full = max(fulls, default=None)
    shorts = sorted((r for r in done if r.instrument == family.short), key=lambda r: r.on)
    last_short = shorts[-1] if shorts else None
    last_asked = max((r.on for r in asked), default=None)
    first = min((r.on for r in done), default=None)
    gap = timedelta(days=rules.min_days_between_full)
    full_allowed = last_full is None or today - last_full >= gap
    next_full_allowed = today if last_full is None else max(today, last_full + gap)

    if requested_full:
        if full_allowed:
            return Offer(family.full, "requested"), today
        return None, next_full_allowed
    short_positive = (
        last_short is not None
        and last_short.is_positive is True
        and (last_full is None or last_short.on >= last_full)
        and not any(r.on >= last_short.on and r.instrument == family.full for r in asked)
    )
    if short_positive:
        if full_allowed:
            return Offer(family.full, "short_positive"), today
        return None, next_full_allowed
    if last_asked is None:
        return Offer(family.short, "first_check"), today
    next_weekly = last_asked + timedelta(days=rules.short_interval_days)
    if today < next_weekly:
        return None, next_weekly
    reference = last_full or first
    if reference is not None and today - reference >= timedelta(days=rules.full_interval_days):
        return Offer(family.full, "full_due"), today
    return Offer(family.short, "weekly"), today


def plan_check_in(
    history: Sequence[CheckInRecord],
    today: date,
    *,
    requested_full: bool = False,
    rules: CadenceRules | None = None,
) -> CheckInPlan:
    """Return the check-ins to offer one person on ``today`` (their local date).

    ``history`` holds that person's past check-ins and skipped prompts, any order.
    ``requested_full`` is True when they asked for the full form; it is still refused
    within a week of the last full form, per the brief.
    """
    cadence = rules or load_cadence()
    offers: list[Offer] = []
    next_dates: list[date] = []
    for family in cadence.families:
        offer, next_on = _plan_family(family, history, today, requested_full, cadence)
        if offer is not None:
            offers.append(offer)
        next_dates.append(next_on)
    return CheckInPlan(tuple(offers), today if offers else min(next_dates))

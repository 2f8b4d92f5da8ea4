"""Turn stored rows into what the pure cores decide: the score, the safety decision, help.

Reads only; no writes. The cores do the thinking (scoring.instruments.score,
safety.rules.safety_decision, safety.help); this module feeds them plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation

from households.models import Membership
from safety.help import CountryHelp, Service, help_for_country, help_for_screen
from safety.rules import SafetyDecision, SafetySignals, safety_decision, signals_from_result
from scoring.instruments import InvalidAnswers, ScoreResult, score

from . import registry, selectors
from .models import CheckIn, FrustrationCheck, SafetyScreening


@dataclass(frozen=True)
class Assessment:
    """A check-in scored and decided: ``decision.show_safety_screen_first`` comes first."""

    check_in: CheckIn
    result: ScoreResult
    decision: SafetyDecision
    previous_total: int | None
    screening: SafetyScreening | None = None

    @property
    def improvement_points(self) -> int | None:
        if self.previous_total is None:
            return None
        return self.previous_total - self.result.total


def treatment_weeks(member: Membership, on: date | None = None) -> int | None:
    """Whole weeks since the member said treatment started, or None."""
    since = selectors.preference(member).on_treatment_since
    if since is None:
        return None
    today = on or selectors.local_today(member)
    return max(0, (today - since).days // 7)


def rescore(check_in: CheckIn) -> ScoreResult | None:
    """Score a stored check-in again (None if its instrument is no longer loaded)."""
    inst = registry.instruments().get(check_in.instrument)
    if inst is None:
        return None
    try:
        return score(inst, list(check_in.answers), check_in.role_used)
    except InvalidAnswers:
        return None


def reader_language() -> str:
    """The language of the person being answered (web, API and the command line set it)."""
    return translation.get_language() or "en"


def in_reader_language(decision: SafetyDecision) -> SafetyDecision:
    """The decision with its messages in the reader's language, where they are translated."""
    return decision.in_language(reader_language())


def assess(check_in: CheckIn) -> Assessment:
    """Score ``check_in`` and decide what to show, comparing with the previous one."""
    result = rescore(check_in)
    if result is None:
        raise LookupError(f"instrument {check_in.instrument!r} is not loaded")
    previous_row = selectors.previous_check_in(check_in.membership, check_in.instrument, check_in)
    previous = rescore(previous_row) if previous_row else None
    weeks = treatment_weeks(check_in.membership)
    signals = signals_from_result(result, previous, on_treatment_weeks=weeks)
    decision = in_reader_language(safety_decision(signals))
    return Assessment(check_in, result, decision, previous.total if previous else None)


def frustration_decision(member: Membership, rating: int | None) -> SafetyDecision:
    """Decide what a 0–10 "how are you doing" answer opens, counting this week's answers."""
    recent = list(selectors.recent_frustration(member))
    tz = member.household.tz
    high_days = {
        row.created_at.astimezone(tz).date()
        for row in recent
        if row.rating is not None and row.rating >= 7
    }
    at_limit = sum(1 for row in recent if row.source == FrustrationCheck.Source.AT_LIMIT)
    return in_reader_language(
        safety_decision(
            SafetySignals(
                frustration_rating=rating,
                high_frustration_days_7d=len(high_days),
                at_limit_events_7d=at_limit,
            )
        )
    )


def country_help(member: Membership) -> CountryHelp:
    """The help directory for the member's household country."""
    return help_for_country(member.household.country, language=reader_language())


def help_for_decision(member: Membership, kinds: Sequence[str]) -> tuple[Service, ...]:
    """Services for the decision's help kinds, in its order, for the member's country."""
    return help_for_screen(member.household.country, tuple(kinds), language=reader_language())


def now_local(member: Membership) -> date:
    return timezone.now().astimezone(member.household.tz).date()

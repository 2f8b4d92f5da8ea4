"""Insights: does the baby cry more with one caregiver, or just at their times? Plus the
crying profile, calm windows, care load, handover and the findings in plain words.

Everything is computed by the pure `insights` core from the household's log and cached
until the log changes; these routes only choose the baby and shape the JSON.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from carelog import selectors
from carelog.models import Baby
from households.models import Membership
from reports.shapes import insights_json

from .auth import caller
from .errors import errors

router = Router(tags=["insights"])


class CaregiverOut(Schema):
    caregiver: str
    name: str
    sessions: int
    sessions_cried: int
    raw_ratio: float | None
    adjusted_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    adjusted_method: str | None
    explained_by_timing: float
    verdict: str
    more_sessions_needed: int
    detail: dict[str, Any]


class FindingOut(Schema):
    code: str = Field(
        description="What the finding is about: timing, raw, adjusted, crying_amount…"
    )
    text: str = Field(description="The finding in plain words, in the caller's language.")
    params: dict[str, Any] = Field(
        description="The figures the words are made from (shares 0–1, hours, caregiver ids)."
    )
    caregiver: str | None


class InsightsOut(Schema):
    baby: int
    now: datetime = Field(description="When the insights were computed (UTC).")
    timezone: str
    events_used: int
    sessions_used: int
    caregivers: list[CaregiverOut]
    findings: list[FindingOut]
    crying: dict[str, Any]
    calm: dict[str, Any]
    load: dict[str, Any]
    not_logged: list[str] = Field(
        description='Kinds never logged and so not reported, e.g. "crying": never read as zero.'
    )
    last_entry: datetime | None = Field(description="Start of the newest entry used (UTC).")
    is_history: bool = Field(
        description="The newest entry is over 28 days old: the figures describe that time."
    )


def _baby(me: Membership, baby_id: int | None) -> Baby:
    if baby_id is not None:
        return selectors.baby(me.household, baby_id)
    first = selectors.babies(me.household).first()
    if first is None:
        from households.exceptions import NotFound

        raise NotFound("Add a baby first.")
    return first


@router.get(
    "/insights",
    response={200: InsightsOut, **errors(401, 403, 404, 422)},
    operation_id="get_insights",
)
def get_insights(request: HttpRequest, baby: int | None = None) -> dict[str, Any]:
    """All insights for a baby (default: the household's first): findings in plain words,
    the caregiver comparison (raw and adjusted at matched times, with 95% intervals), the
    crying profile against the normal range for age, calm windows and the care load."""
    me = caller(request)
    return insights_json(me, _baby(me, baby))


@router.get(
    "/insights/caregivers",
    response={200: list[CaregiverOut], **errors(401, 403, 404, 422)},
    operation_id="get_insights_caregivers",
)
def get_insights_caregivers(request: HttpRequest, baby: int | None = None) -> list[Any]:
    """For each caregiver against the others: `raw_ratio`, `adjusted_ratio` with `ci_low`
    and `ci_high`, `sessions`, `verdict` and `explained_by_timing` (0–1)."""
    me = caller(request)
    # Any as the operation declares: rows of the cached insights JSON, shaped by CaregiverOut.
    caregivers: list[Any] = insights_json(me, _baby(me, baby))["caregivers"]
    return caregivers


@router.get(
    "/insights/handover",
    response={200: dict[str, Any], **errors(401, 403, 404, 422)},
    operation_id="get_handover",
)
def get_handover(request: HttpRequest, baby: int | None = None) -> Any:
    """ "Since you were last here": last feed, last sleep and how long awake, nappies,
    crying and what ended it, and running timers, for the caller coming on duty."""
    from insights import as_json

    me = caller(request)
    return as_json(selectors.handover_for(me.household, _baby(me, baby), me))

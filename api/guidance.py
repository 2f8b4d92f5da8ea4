"""The bonding plan: your availability, plans, starting and rating sessions, the review.

A parent's plan is visible to everyone in the household; only that parent and the owner
can change it (403 for others, 404 for other households). The same services as the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from guidance import selectors, services
from households.exceptions import InvalidInput
from households.selectors import member as member_by_id
from parsers import times
from reports.shapes import plan_json, review_json, session_json

from .auth import caller
from .errors import errors
from .schemas import Id, LocalTime, MemberRef, _In

router = Router(tags=["guidance"])

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class WindowIO(Schema):
    start: str = Field(description="Local time, HH:MM.", examples=["06:00"])
    end: str = Field(description="Local time, HH:MM; 24:00 is the end of the day.")


class AvailabilityOut(Schema):
    is_set: bool
    entered_as: Literal["free", "work"] | None
    free: dict[str, list[WindowIO]] = Field(
        description="Free windows per weekday (after inverting work hours)."
    )


class AvailabilityIn(_In):
    entered_as: Literal["free", "work"] = Field(
        "free", description="'work': the windows are work hours; you are free outside them."
    )
    days: dict[Weekday, list[WindowIO]] = Field(
        description="Windows per weekday; a weekday left out has none."
    )


class SentenceOut(Schema):
    key: str = Field(description="The sentence's key (content/messages/planner.toml).")
    values: dict[str, Any] = Field(description="The numbers, codes and names it is worded from.")
    text: str = Field(description="The sentence in your language.")


class SessionOut(Schema):
    id: int
    date: date
    local_start: LocalTime
    start_at: datetime
    activity_id: str
    title: str
    family: str
    logs_as: str
    minutes: int
    level: int
    reason: str = Field(description="Why this time, in your language.")
    reasons: list[SentenceOut] = Field(
        description="The same reasons as sentence keys and values, each with its words."
    )
    is_owned_routine: bool
    is_changed_form: bool
    status: Literal["scheduled", "started", "done", "skipped"]
    event: int | None
    baby_response: Literal["content", "fussy", "crying"] | None
    parent_confidence: int | None


class NoteOut(SentenceOut):
    code: str


class PlanOut(Schema):
    id: int
    member: MemberRef
    baby: int
    start_date: date
    weeks: int
    level: int
    is_active: bool
    has_overlap: bool
    can_change: bool
    notes: list[NoteOut]
    sessions: list[SessionOut] | None = Field(None, description="Only on GET /plans/{id}.")


class PlanIn(_In):
    member: Id | None = Field(
        None, description="Whose plan: yourself by default; another member's (owner only)."
    )


class RateIn(_In):
    baby_response: Literal["content", "fussy", "crying"]
    parent_confidence: int = Field(ge=1, le=5, description="Your confidence, 1 (low) to 5.")


class TallyOut(Schema):
    sessions: int
    content: int
    fussy: int
    crying: int


class BandOut(Schema):
    band: str = Field(description="The time of day's code, e.g. 'early morning' or 'unknown'.")
    name: str = Field(description="The time of day in your language.")
    tally: TallyOut


class WeekConfidenceOut(Schema):
    week_start: date
    sessions: int
    mean_confidence: float | None


class ReviewOut(Schema):
    week_start: date
    week_ending: date
    first_week_start: date
    this_week: TallyOut
    first_week: TallyOut
    by_time_of_day: list[BandOut]
    confidence_by_week: list[WeekConfidenceOut]
    confidence_trend: Literal["up", "down", "steady"] | None
    sentences: list[SentenceOut]


def _minute(text: str, field: str, *, end: bool) -> int:
    try:
        return times.minute_of_day(text, end=end)
    except times.ParseError as exc:
        raise InvalidInput({field: _(exc.template) % exc.params}) from None


@router.get(
    "/availability",
    response={200: AvailabilityOut, **errors(401, 403)},
    operation_id="get_availability",
)
def get_availability(request: HttpRequest) -> dict[str, Any]:
    """Your weekly free time, in the household's time zone."""
    row = selectors.availability(caller(request))
    free = {
        name: [{"start": times.hhmm(s), "end": times.hhmm(e)} for s, e in day]
        for name, day in zip(services.WEEKDAYS, row.days if row else [[]] * 7, strict=True)
    }
    return {"is_set": row is not None, "entered_as": row.entered_as if row else None, "free": free}


@router.put(
    "/availability",
    response={200: AvailabilityOut, **errors(400, 401, 403, 413, 422)},
    operation_id="set_availability",
)
def set_availability(request: HttpRequest, payload: AvailabilityIn) -> dict[str, Any]:
    """Set your free windows per weekday, or your work hours (`entered_as: "work"`)."""
    me = caller(request)
    days = []
    for name in services.WEEKDAYS:
        windows = payload.days.get(name, [])
        days.append(
            [
                (
                    _minute(w.start, f"{name}[{i}].start", end=False),
                    _minute(w.end, f"{name}[{i}].end", end=True),
                )
                for i, w in enumerate(windows)
            ]
        )
    services.set_availability(me, days, payload.entered_as)
    return get_availability(request)


@router.get(
    "/plans", response={200: list[PlanOut], **errors(401, 403, 422)}, operation_id="list_plans"
)
def list_plans(request: HttpRequest, active: bool = True) -> list[dict[str, Any]]:
    """The household's plans (active ones unless `?active=false`), without their sessions."""
    me = caller(request)
    qs = selectors.plans(me.household)
    if active:
        qs = qs.filter(is_active=True)
    return [plan_json(me, p, with_sessions=False) for p in qs]


@router.post(
    "/plans",
    response={201: PlanOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="create_plan",
)
def create_plan(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    """Make a 4-week plan from the latest log, for yourself or (owner) for `member`. It
    replaces their active plan. `422` naming `availability` if they have not entered it."""
    me = caller(request)
    member = None if payload.member is None else member_by_id(me.household, payload.member)
    plan = services.create_plan(me, member=member)
    return Status(201, plan_json(me, plan))


@router.get(
    "/plans/{plan_id}", response={200: PlanOut, **errors(401, 403, 404)}, operation_id="get_plan"
)
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """One plan with its sessions in time order."""
    me = caller(request)
    return plan_json(me, selectors.plan(me.household, plan_id))


@router.post(
    "/plans/{plan_id}/sessions/{session_id}/start",
    response={200: SessionOut, **errors(401, 403, 404, 413, 422)},
    operation_id="start_session",
)
def start_session(request: HttpRequest, plan_id: int, session_id: int) -> dict[str, Any]:
    """Start a session: logs it in the care log (a running timer) with the plan's parent as
    caregiver. The body may be empty."""
    me = caller(request)
    plan = selectors.plan(me.household, plan_id)
    row = selectors.session(plan, session_id)
    return session_json(services.start_session(me, plan, row))


@router.post(
    "/plans/{plan_id}/sessions/{session_id}/rate",
    response={200: SessionOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="rate_session",
)
def rate_session(
    request: HttpRequest, plan_id: int, session_id: int, payload: RateIn
) -> dict[str, Any]:
    """Rate a session (the baby's response, your confidence 1-5); the plan adapts at once:
    `GET /plans/{id}` shows the new level and the sessions still to come."""
    me = caller(request)
    plan = selectors.plan(me.household, plan_id)
    row = selectors.session(plan, session_id)
    rated = services.rate_session(me, plan, row, payload.baby_response, payload.parent_confidence)
    return session_json(rated)


@router.get(
    "/plans/{plan_id}/review",
    response={200: ReviewOut, **errors(401, 403, 404)},
    operation_id="get_plan_review",
)
def get_plan_review(request: HttpRequest, plan_id: int) -> Any:
    """The weekly review: calm by time of day, this week against the first, confidence."""
    me = caller(request)
    plan = selectors.plan(me.household, plan_id)
    return review_json(services.weekly_review(plan), me.household)

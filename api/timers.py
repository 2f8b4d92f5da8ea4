"""Timers: events with a duration that are still running. Any member can stop one."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from carelog import selectors, services
from carelog.models import Event

from .auth import caller
from .errors import errors
from .events import baby_field
from .schemas import EventOut, TimerFilters, TimerIn, TimerStop

router = Router(tags=["timers"])


@router.get(
    "/timers", response={200: list[EventOut], **errors(401, 403, 422)}, operation_id="list_timers"
)
def list_timers(request: HttpRequest, filters: Query[TimerFilters]) -> list[Event]:
    """Running timers, oldest first (optionally for one `baby`)."""
    household = caller(request).household
    baby = None if filters.baby is None else baby_field(household, filters.baby)
    return list(selectors.running_timers(household, baby))


@router.post(
    "/timers",
    response={201: EventOut, **errors(400, 401, 403, 413, 422)},
    operation_id="start_timer",
)
def start_timer(request: HttpRequest, payload: TimerIn) -> Status[Event]:
    """Start a timer. Only one timer of a kind runs per baby: a second start is refused."""
    me = caller(request)
    event = services.start_timer(
        me,
        baby_field(me.household, payload.baby),
        payload.kind,
        start=payload.start,
        caregiver=payload.caregiver,
        others_present=payload.others_present,
        details=payload.details,
    )
    return Status(201, event)


@router.post(
    "/timers/{event_id}/stop",
    response={200: EventOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="stop_timer",
)
def stop_timer(request: HttpRequest, event_id: int, payload: TimerStop | None = None) -> Event:
    """Stop a running timer, with optional closing details.

    For holding and activity sessions, `baby_response` (content, fussy or crying) and
    `parent_confidence` (1-5) record how it went. The body may be empty.
    """
    me = caller(request)
    payload = payload or TimerStop()
    details = dict(payload.details)
    if payload.baby_response is not None:
        details["baby_response"] = payload.baby_response
    if payload.parent_confidence is not None:
        details["parent_confidence"] = payload.parent_confidence
    services.stop_timer(
        me,
        selectors.event(me.household, event_id),
        end=payload.end,
        details=details,
        caregiver=payload.caregiver,
    )
    return selectors.event(me.household, event_id)

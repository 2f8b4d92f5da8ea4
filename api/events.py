"""The care log: list, log, change and delete events; and the kinds an event can be."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from carelog import selectors, services
from carelog.kinds import KINDS
from carelog.models import Baby, Event
from households.exceptions import InvalidInput, NotFound
from households.models import Household
from reports.advice import after_logging

from .auth import caller
from .errors import errors
from .schemas import (
    EventCreated,
    EventFilters,
    EventIn,
    EventOut,
    EventPage,
    EventPatch,
    IdempotencyKey,
    KindOut,
)

router = Router(tags=["events"])


def baby_field(household: Household, baby_id: int) -> Baby:
    """The baby a request body or filter names; a stranger's baby is a bad `baby` field."""
    try:
        return selectors.baby(household, baby_id)
    except NotFound as exc:
        raise InvalidInput({"baby": exc.message}) from None


@router.get("/kinds", response={200: list[KindOut], **errors(401, 403)}, operation_id="list_kinds")
def list_kinds(request: HttpRequest) -> list[dict[str, Any]]:
    """The kinds of event, and the JSON Schema of each kind's `details`."""
    return [
        {
            "code": kind.code,
            "label": str(kind.label),
            "has_duration": kind.has_duration,
            "is_session": kind.is_session,
            "details_schema": kind.details.model_json_schema(),
        }
        for kind in KINDS.values()
    ]


@router.get(
    "/events", response={200: EventPage, **errors(401, 403, 422)}, operation_id="list_events"
)
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> dict[str, Any]:
    """Events newest first, filtered, one page at a time.

    Pages by `limit` (default 50, at most 500) and `offset`; `count` is the number of
    matching events on all pages. `since` and `until` bound the start time.
    """
    household = caller(request).household
    events = selectors.events(
        household,
        baby=None if filters.baby is None else baby_field(household, filters.baby),
        kinds=filters.kind or None,
        since=filters.since,
        until=filters.until,
        caregiver_id=filters.caregiver,
    )
    count = events.count()
    items = list(events[filters.offset : filters.offset + filters.limit]) if count else []
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.post(
    "/events",
    response={201: EventCreated, **errors(400, 401, 403, 413, 422)},
    operation_id="create_event",
)
def create_event(
    request: HttpRequest, payload: EventIn, idempotency_key: IdempotencyKey = None
) -> Status[Event]:
    """Log an event. A kind with a duration and no `end` starts a running timer.

    With an `Idempotency-Key` header, a repeat of the key returns the entry first stored
    with it (201, same id), so a client may resend after a lost answer.

    `advice` says what the entry calls for at once: a temperature at the fever level for
    the baby's age, or when a medicine's next dose may be given (and a reminder is queued
    for whoever gave it).
    """
    me = caller(request)
    try:
        event = services.log_event(
            me,
            baby_field(me.household, payload.baby),
            payload.kind,
            start=payload.start,
            end=payload.end,
            caregiver=payload.caregiver,
            others_present=payload.others_present,
            details=payload.details,
            client_key=idempotency_key,
        )
    except InvalidInput as exc:
        # The service names the key by its column; the caller sent it as a header.
        if "client_key" in exc.errors:
            exc.errors["Idempotency-Key"] = exc.errors.pop("client_key")
        raise
    event.advice = after_logging(event, me.household)  # type: ignore[attr-defined]
    return Status(201, event)


@router.get(
    "/events/{event_id}",
    response={200: EventOut, **errors(401, 403, 404)},
    operation_id="get_event",
)
def get_event(request: HttpRequest, event_id: int) -> Event:
    """One event."""
    return selectors.event(caller(request).household, event_id)


@router.patch(
    "/events/{event_id}",
    response={200: EventOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="update_event",
)
def update_event(request: HttpRequest, event_id: int, payload: EventPatch) -> Event:
    """Change an event. Only the fields sent change, and every check runs again."""
    me = caller(request)
    event = selectors.event(me.household, event_id)
    changes = payload.model_dump(exclude_unset=True)
    if "others_present" in changes and changes["others_present"] is None:
        changes["others_present"] = []
    services.update_event(me, event, **changes)
    return selectors.event(me.household, event_id)


@router.delete(
    "/events/{event_id}",
    response={204: None, **errors(401, 403, 404)},
    operation_id="delete_event",
)
def delete_event(request: HttpRequest, event_id: int) -> Status[None]:
    """Delete an event."""
    me = caller(request)
    services.delete_event(me, selectors.event(me.household, event_id))
    return Status(204, None)

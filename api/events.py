"""The care log: list, log, change and delete events; and the kinds an event can be."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from carelog import counts, inputs, selectors, services
from carelog.kinds import KINDS
from carelog.models import Baby, Event, running_now
from households.exceptions import InvalidInput, NotFound
from households.models import Household
from households.units import SI
from reports.advice import after_logging

from .auth import caller
from .errors import errors
from .rendering import json_response, utc_text
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
            "inputs": [_input_json(d) for d in inputs.inputs(kind.code)],
        }
        for kind in KINDS.values()
    ]


def _input_json(detail: inputs.DetailInput) -> dict[str, Any]:
    dimension = detail.dimension
    label = str(detail.label)
    if dimension is not None:
        label = label % {"unit": "°C" if dimension == "temperature" else SI[dimension]}
    return {
        "name": detail.name,
        "label": label,
        "input": detail.input,
        "choices": [{"value": k, "label": str(v)} for k, v in detail.choices.items()],
        "required": detail.required,
        "dimension": dimension,
    }


@router.get(
    "/events", response={200: EventPage, **errors(401, 403, 422)}, operation_id="list_events"
)
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> HttpResponse:
    """Events newest first, filtered, one page at a time.

    Pages by `limit` (default 50, at most 500) and `offset`; `count` is the number of
    matching events on all pages (kept until the log changes, not counted on every
    request). `since` and `until` bound the start time.
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
    count = counts.event_count(
        household.pk,
        events,
        filters.baby,
        filters.kind,
        filters.since,
        filters.until,
        filters.caregiver,
    )
    page = events[filters.offset : filters.offset + filters.limit] if count else None
    body = {
        "count": count,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [] if page is None else event_rows(page),
    }
    # Rendered here, not validated again by the schema: the rows are built in its shape
    # below, and reading 100 model objects through the schema's getter cost more than
    # the query (bench/bench_households.py). api/tests check the shape against EventOut.
    return json_response(request, body)


_ROW = (
    "id",
    "baby_id",
    "kind",
    "start",
    "end",
    "flag",
    "caregiver_id",
    "caregiver__display_name",
    "details",
    "created_at",
    "updated_at",
)


def event_rows(page: QuerySet[Event]) -> list[dict[str, Any]]:
    """The events of ``page`` in the EventOut shape, as plain data: two queries."""
    rows = list(page.select_related(None).prefetch_related(None).values_list(*_ROW))
    present: dict[int, list[dict[str, Any]]] = {}
    through = Event.others_present.through.objects.filter(event_id__in=[r[0] for r in rows])
    for event_id, member_id, name in through.order_by(
        "membership__created_at", "membership_id"
    ).values_list("event_id", "membership_id", "membership__display_name"):
        present.setdefault(event_id, []).append({"id": member_id, "display_name": name})
    return [_row(row, present.get(row[0], [])) for row in rows]


def _row(values: tuple[Any, ...], present: list[dict[str, Any]]) -> dict[str, Any]:
    """One event in the EventOut shape, from its column values (in ``_ROW``'s order)."""
    pk, baby, kind, start, end, flag, carer, carer_name, details, created, updated = values
    return {
        "id": pk,
        "baby": baby,
        "kind": kind,
        "start": utc_text(start),
        "end": utc_text(end),
        "is_running": running_now(kind, end, flag),
        "duration_s": None if end is None else int((end - start).total_seconds()),
        "caregiver": {"id": carer, "display_name": carer_name},
        "others_present": present,
        "details": details,
        "created_at": utc_text(created),
        "updated_at": utc_text(updated),
    }


@router.post(
    "/events",
    response={201: EventCreated, **errors(400, 401, 403, 413, 422)},
    operation_id="create_event",
)
def create_event(
    request: HttpRequest, payload: EventIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
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
    # Written here in EventCreated's shape (api/tests check it against the schema), as the
    # list is: reading the model through the schema's getters cost more than the insert.
    # A new entry logged with nobody else present has nobody to read back (one query less
    # on the commonest write); a repeated Idempotency-Key returns the stored entry, so it is read.
    present = (
        [{"id": m.pk, "display_name": m.display_name} for m in event.others_present.all()]
        if payload.others_present or idempotency_key
        else []
    )
    values: tuple[Any, ...] = (event.pk, event.baby_id, event.kind, event.start, event.end)
    values += (event.flag, event.caregiver_id, event.caregiver.display_name, event.details)
    body = _row((*values, event.created_at, event.updated_at), present)
    body["advice"] = [
        {"code": a.code, "message": a.message} for a in after_logging(event, me.household)
    ]
    return json_response(request, body, status=201)


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

"""Possible crying from a family's listening devices: suggestions a parent confirms or
discards (carelog/suggestions.py). No route takes sound: bodies carry times only, and an
unknown field such as `audio` is a 422 naming it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from carelog import selectors
from carelog import suggestions as services
from carelog.models import CrySuggestion

from .auth import caller
from .errors import errors
from .events import baby_field
from .schemas import CryConfirmIn, CrySuggestionFilters, CrySuggestionOut, CrySuggestionsIn

router = Router(tags=["cry suggestions"])


@router.get(
    "/cry-suggestions",
    response={200: list[CrySuggestionOut], **errors(401, 403, 422)},
    operation_id="list_cry_suggestions",
)
def list_cry_suggestions(
    request: HttpRequest, filters: Query[CrySuggestionFilters]
) -> QuerySet[CrySuggestion]:
    """Possible crying heard by the household's devices, oldest first.

    Pending ones by default (`?status=confirmed` or `discarded` for the answered ones);
    `?baby=` for one baby. Pending suggestions are not events: they count in no figure.
    """
    household = caller(request).household
    baby = None if filters.baby is None else baby_field(household, filters.baby)
    return selectors.cry_suggestions(household, baby=baby, status=filters.status)


@router.post(
    "/cry-suggestions",
    response={201: list[CrySuggestionOut], **errors(400, 401, 403, 413, 422)},
    operation_id="create_cry_suggestions",
)
def create_cry_suggestions(
    request: HttpRequest, payload: CrySuggestionsIn
) -> Status[list[CrySuggestion]]:
    """Send episodes of possible crying from your device, as suggestions for a parent.

    Only for a member who turned on "Listen for crying on my devices" (else `422` naming
    `listening`). Nothing enters the log until a parent confirms. An episode overlapping
    (or within a minute of) a pending suggestion widens it instead of adding another; one
    inside a suggestion already answered is not asked again. Answers with the suggestions
    the episodes are now part of.
    """
    me = caller(request)
    baby = None if payload.baby is None else baby_field(me.household, payload.baby)
    episodes = [services.Episode(e.start, e.end, e.confidence) for e in payload.episodes]
    return Status(201, services.suggest_crying(me, baby, episodes, payload.source))


@router.post(
    "/cry-suggestions/{suggestion_id}/confirm",
    response={200: CrySuggestionOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="confirm_cry_suggestion",
)
def confirm_cry_suggestion(
    request: HttpRequest, suggestion_id: int, payload: CryConfirmIn
) -> CrySuggestion:
    """It was crying: log it, credited to `carer` (who was with the baby).

    Optional `start` and `end` correct the times heard. If a crying event of the baby
    already overlaps it, that event is widened to cover it instead (no second entry).
    `event` in the answer is the crying event. `422` naming `status` if it was already
    answered.
    """
    me = caller(request)
    suggestion = selectors.cry_suggestion(me.household, suggestion_id)
    return services.confirm_suggestion(
        me,
        suggestion,
        payload.carer,
        others_present=payload.others_present,
        start=payload.start,
        end=payload.end,
    )


@router.post(
    "/cry-suggestions/{suggestion_id}/discard",
    response={200: CrySuggestionOut, **errors(401, 403, 404, 413, 422)},
    operation_id="discard_cry_suggestion",
)
def discard_cry_suggestion(request: HttpRequest, suggestion_id: int) -> CrySuggestion:
    """It was not crying: nothing is logged, and the same episode is not asked again."""
    me = caller(request)
    suggestion = selectors.cry_suggestion(me.household, suggestion_id)
    return services.discard_suggestion(me, suggestion)

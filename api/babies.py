"""The household's babies."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from carelog import selectors, services
from carelog.models import Baby

from .auth import caller
from .errors import errors
from .schemas import BabyIn, BabyOut, BabyPatch

router = Router(tags=["babies"])


@router.get(
    "/babies", response={200: list[BabyOut], **errors(401, 403)}, operation_id="list_babies"
)
def list_babies(request: HttpRequest) -> list[Baby]:
    """The household's babies, oldest first."""
    return list(selectors.babies(caller(request).household))


@router.post(
    "/babies",
    response={201: BabyOut, **errors(400, 401, 403, 413, 422)},
    operation_id="create_baby",
)
def create_baby(request: HttpRequest, payload: BabyIn) -> Status[Baby]:
    """Add a baby: name, birth date, for a baby born early the due date, and optionally
    the sex (the WHO growth standards need it for centiles)."""
    baby = services.add_baby(
        caller(request), payload.name, payload.birth_date, payload.due_date, payload.sex
    )
    return Status(201, baby)


@router.get(
    "/babies/{baby_id}", response={200: BabyOut, **errors(401, 403, 404)}, operation_id="get_baby"
)
def get_baby(request: HttpRequest, baby_id: int) -> Baby:
    """One baby of the household."""
    return selectors.baby(caller(request).household, baby_id)


@router.patch(
    "/babies/{baby_id}",
    response={200: BabyOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="update_baby",
)
def update_baby(request: HttpRequest, baby_id: int, payload: BabyPatch) -> Baby:
    """Change a baby's name, birth date, due date or sex; send `"due_date": null` or
    `"sex": ""` to clear them."""
    me = caller(request)
    baby = selectors.baby(me.household, baby_id)
    sent = payload.model_dump(exclude_unset=True)
    return services.update_baby(
        me,
        baby,
        name=sent.get("name", baby.name),
        birth_date=sent.get("birth_date", baby.birth_date),
        due_date=sent["due_date"] if "due_date" in sent else baby.due_date,
        sex=sent.get("sex"),
    )

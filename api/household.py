"""The caller's household and its members."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja import Router

from households import selectors, services
from households.models import Membership

from .auth import caller
from .errors import errors
from .schemas import (
    Clock,
    CryNoticeMinutes,
    HouseholdOut,
    HouseholdPatch,
    LengthUnit,
    MemberOut,
    MemberPatch,
    Role,
    TemperatureUnit,
    VolumeUnit,
    WeightUnit,
)

router = Router(tags=["household"])


# The casts: each model field's choices are these Literals' values, and pydantic checks
# the value against its Literal again as the schema is built.
def _member_out(member: Membership, me: Membership) -> MemberOut:
    return MemberOut(
        id=member.pk,
        display_name=member.display_name,
        role=cast(Role, member.role),
        is_me=member.pk == me.pk,
        listening=member.listening,
        # A notification setting, personal like quiet hours: the partner doesn't see it.
        cry_notice_minutes=(
            cast(CryNoticeMinutes, member.cry_notice_minutes) if member.pk == me.pk else None
        ),
    )


def _household_out(me: Membership) -> HouseholdOut:
    household = me.household
    return HouseholdOut(
        id=household.pk,
        name=household.name,
        time_zone=household.time_zone,
        country=household.country,
        volume_unit=cast(VolumeUnit, household.volume_unit),
        weight_unit=cast(WeightUnit, household.weight_unit),
        length_unit=cast(LengthUnit, household.length_unit),
        temperature_unit=cast(TemperatureUnit, household.temperature_unit),
        clock=cast(Clock, household.clock),
        created_at=household.created_at,
        me=_member_out(me, me),
    )


@router.get(
    "/household", response={200: HouseholdOut, **errors(401, 403)}, operation_id="get_household"
)
def get_household(request: HttpRequest) -> HouseholdOut:
    """Your household: its name, time zone, country and units, and your own membership.

    The units say how the family reads amounts; every value in the API stays SI (ml, kg,
    cm, °C) whatever they are."""
    return _household_out(caller(request))


@router.patch(
    "/household",
    response={200: HouseholdOut, **errors(400, 401, 403, 413, 422)},
    operation_id="update_household",
)
def update_household(request: HttpRequest, payload: HouseholdPatch) -> HouseholdOut:
    """Change the household's name, time zone, country or units. Only the owner may."""
    me = caller(request)
    household = me.household
    services.update_household(
        me,
        name=household.name if payload.name is None else payload.name,
        time_zone=household.time_zone if payload.time_zone is None else payload.time_zone,
        country=household.country if payload.country is None else payload.country,
        volume_unit=payload.volume_unit,
        weight_unit=payload.weight_unit,
        length_unit=payload.length_unit,
        temperature_unit=payload.temperature_unit,
        clock=payload.clock,
    )
    return _household_out(me)


@router.get(
    "/members", response={200: list[MemberOut], **errors(401, 403)}, operation_id="list_members"
)
def list_members(request: HttpRequest) -> list[MemberOut]:
    """Everyone in your household, oldest membership first; `is_me` marks you."""
    me = caller(request)
    return [_member_out(member, me) for member in selectors.members(me.household)]


@router.patch(
    "/members/{member_id}",
    response={200: MemberOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="update_member",
)
def update_member(request: HttpRequest, member_id: int, payload: MemberPatch) -> MemberOut:
    """Change a display name ("Mum", "Dad"): your own, or anyone's if you are the owner;
    and your own `cry_notice_minutes` (nobody may change another member's)."""
    me = caller(request)
    member = services.update_member(
        me, member_id, payload.display_name, cry_notice_minutes=payload.cry_notice_minutes
    )
    return _member_out(member, me)

"""Reads about households. Each takes the household (or a membership) first."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from .exceptions import NotFound
from .models import ApiToken, Household, Membership


def membership_of(user: User | AnonymousUser) -> Membership | None:
    """The user's membership with its household loaded, or None if they have none yet."""
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("household", "user").filter(user=user).first()


def members(household: Household) -> QuerySet[Membership]:
    return Membership.objects.filter(household=household).select_related("user")


def member(household: Household, member_id: object) -> Membership:
    """The member of ``household`` with id ``member_id`` (as sent: an int or its digits);
    NotFound for anything else, another household's member included."""
    text = str(member_id).strip()
    found = members(household).filter(pk=int(text)).first() if text.isdecimal() else None
    if found is None:
        raise NotFound("No such member.")
    return found


def tokens(membership: Membership) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(membership=membership)

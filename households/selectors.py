"""Reads about households. Each takes the household (or a membership) first."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken, Household, Membership


def membership_of(user: object) -> Membership | None:
    """The user's membership with its household loaded, or None if they have none yet."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.select_related("household", "user").filter(user=user).first()


def members(household: Household) -> QuerySet[Membership]:
    return Membership.objects.filter(household=household).select_related("user")


def tokens(membership: Membership) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(membership=membership)

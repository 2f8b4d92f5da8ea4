"""`{% load inbox %}{% unread_count membership as unread %}` for the base layout's inbox link."""

from __future__ import annotations

from django import template

from households.models import Membership

from .. import selectors

register = template.Library()


@register.simple_tag
def unread_count(membership: Membership | None) -> int:
    """How many of the member's notifications are unread (0 without a member)."""
    return selectors.unread_count(membership) if membership is not None else 0

"""Reads about a member's notifications. Each takes the membership first: nobody reads
another member's inbox, channels or deliveries, not even their partner's."""

from __future__ import annotations

from django.db.models import QuerySet

from households.models import Membership

from .models import Channel, Delivery, Notification, QuietHours, State


def inbox(membership: Membership, unread_only: bool = False) -> QuerySet[Notification]:
    """The member's notifications, newest first."""
    found = Notification.objects.filter(membership=membership)
    return found.filter(read_at__isnull=True) if unread_only else found


def unread_count(membership: Membership) -> int:
    return Notification.objects.filter(membership=membership, read_at__isnull=True).count()


def channels(membership: Membership) -> QuerySet[Channel]:
    return Channel.objects.filter(membership=membership)


def quiet_hours(membership: Membership) -> QuietHours | None:
    return QuietHours.objects.filter(membership=membership).first()


def delivery_problems(membership: Membership, limit: int = 10) -> QuerySet[Delivery]:
    """The member's recent failed deliveries, and those waiting to retry after a failure."""
    return (
        Delivery.objects.filter(reminder__membership=membership)
        .exclude(last_error="")
        .exclude(state=State.SENT)
        .select_related("channel", "reminder")
        .order_by("-updated_at", "-id")[:limit]
    )

"""Your inbox, your notification channels and your quiet hours.

All of it is personal: the caller's own notifications and channels only. Another
member's (the partner's included) are 404, exactly like another household's.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from notifications import selectors, services
from notifications.models import Channel, Notification

from .auth import caller
from .errors import errors
from .schemas import LocalTime, _In

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str = Field(description="Where it points: a path in Nestling, or empty.")
    created_at: datetime
    read_at: datetime | None
    is_read: bool


class InboxOut(Schema):
    unread: int = Field(description="How many of your notifications are unread.")
    notifications: list[NotificationOut] = Field(description="Newest first, at most `limit`.")


class InboxFilters(Schema):
    unread: bool = Field(False, description="Only unread notifications.")
    limit: int = Field(50, ge=1, le=500)


class MarkedOut(Schema):
    marked: int


class ChannelOut(Schema):
    id: int
    name: str
    service: str
    display_url: str = Field(description="The address with passwords and tokens masked.")
    created_at: datetime
    last_sent_at: datetime | None
    last_failed_at: datetime | None
    last_error: str


class ChannelIn(_In):
    url: str = Field(
        description="Any Apprise notification URL: ntfy://topic, mailto://…, tgram://…, signal://…"
    )
    name: str = Field("", description="Optional; defaults to the service's name.")


class TestOut(Schema):
    is_sent: bool
    error: str
    is_permanent: bool = Field(description="True when retrying can't help (bad URL or login).")


class QuietHoursBody(_In):
    start: LocalTime | None = Field(None, description="When quiet hours start, e.g. 22:00.")
    end: LocalTime | None = Field(None, description="When they end, e.g. 07:00.")


@router.get("/inbox", response={200: InboxOut, **errors(401, 403, 422)}, operation_id="list_inbox")
def list_inbox(request: HttpRequest, filters: Query[InboxFilters]) -> dict[str, Any]:
    """Your notifications, newest first, and how many are unread."""
    me = caller(request)
    return {
        "unread": selectors.unread_count(me),
        "notifications": list(selectors.inbox(me, unread_only=filters.unread)[: filters.limit]),
    }


@router.post(
    "/inbox/read",
    response={200: MarkedOut, **errors(401, 403, 413)},
    operation_id="mark_inbox_read",
)
def mark_inbox_read(request: HttpRequest) -> dict[str, int]:
    """Mark all your notifications read."""
    return {"marked": services.mark_all_read(caller(request))}


@router.post(
    "/inbox/{notification_id}/read",
    response={200: NotificationOut, **errors(401, 403, 404, 413)},
    operation_id="mark_notification_read",
)
def mark_notification_read(request: HttpRequest, notification_id: int) -> Notification:
    """Mark one of your notifications read (again is fine)."""
    return services.mark_read(caller(request), notification_id)


@router.get(
    "/channels", response={200: list[ChannelOut], **errors(401, 403)}, operation_id="list_channels"
)
def list_channels(request: HttpRequest) -> list[Channel]:
    """Your channels, with when each last delivered or failed."""
    return list(selectors.channels(caller(request)))


@router.post(
    "/channels",
    response={201: ChannelOut, **errors(400, 401, 403, 413, 422)},
    operation_id="create_channel",
)
def create_channel(request: HttpRequest, payload: ChannelIn) -> Status[Channel]:
    """Add a channel. The URL is checked with Apprise; a bad one is a 422 naming `url`."""
    return Status(201, services.add_channel(caller(request), payload.name, payload.url))


@router.delete(
    "/channels/{channel_id}",
    response={204: None, **errors(401, 403, 404)},
    operation_id="delete_channel",
)
def delete_channel(request: HttpRequest, channel_id: int) -> Status[None]:
    """Remove one of your channels."""
    services.remove_channel(caller(request), channel_id)
    return Status(204, None)


@router.post(
    "/channels/{channel_id}/test",
    response={200: TestOut, **errors(401, 403, 404, 413)},
    operation_id="test_channel",
)
def test_channel(request: HttpRequest, channel_id: int) -> dict[str, Any]:
    """Send a test message through one of your channels now and say how it went."""
    outcome = services.send_test(caller(request), channel_id)
    return {
        "is_sent": outcome.is_sent,
        "error": outcome.error,
        "is_permanent": outcome.is_permanent,
    }


@router.get(
    "/quiet-hours",
    response={200: QuietHoursBody, **errors(401, 403)},
    operation_id="get_quiet_hours",
)
def get_quiet_hours(request: HttpRequest) -> dict[str, time | None]:
    """Your quiet hours in the household's time zone (both null: none)."""
    quiet = selectors.quiet_hours(caller(request))
    return {"start": quiet.start, "end": quiet.end} if quiet else {"start": None, "end": None}


@router.put(
    "/quiet-hours",
    response={200: QuietHoursBody, **errors(400, 401, 403, 413, 422)},
    operation_id="set_quiet_hours",
)
def set_quiet_hours(request: HttpRequest, payload: QuietHoursBody) -> dict[str, time | None]:
    """Set your quiet hours (start after end crosses midnight), or clear them with nulls."""
    services.set_quiet_hours(caller(request), payload.start, payload.end)
    return {"start": payload.start, "end": payload.end}

"""Helpers for page tests: a client signed in as a persona, and events built in plain sight."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from carelog.models import Baby, Event
from households.models import Membership

#: 03:00 in London on a November night: the hour these pages are built for.
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def frozen():
    """Freeze the clock at NOW (time still stands still inside the test)."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def client_as(client: Client) -> Callable[[Membership], Client]:
    """Sign the test client in as a persona's user."""

    def login(member: Membership) -> Client:
        client.force_login(member.user)
        return client

    return login


def make_event(
    baby: Baby,
    kind: str,
    *,
    by: Membership,
    start: datetime,
    minutes: int | None = None,
    running: bool = False,
    details: dict[str, Any] | None = None,
    others: tuple[Membership, ...] = (),
) -> Event:
    """An event written straight to the table, for setting the scene (not under test)."""
    end = None if running or minutes is None else start + timedelta(minutes=minutes)
    event = Event.objects.create(
        household_id=baby.household_id,
        baby=baby,
        kind=kind,
        start=start,
        end=end,
        caregiver=by,
        created_by=by,
        details=details or {},
    )
    if others:
        event.others_present.set(others)
    return event


def make_many_holdings(baby: Baby, *, by: Membership, with_: Membership, count: int) -> None:
    """`count` 3-minute holding sessions, 5 minutes apart going back from NOW, in bulk."""
    events = Event.objects.bulk_create(
        Event(
            household_id=baby.household_id,
            baby=baby,
            kind="holding",
            start=NOW - timedelta(minutes=5 * i + 5),
            end=NOW - timedelta(minutes=5 * i + 2),
            caregiver=by,
            created_by=by,
        )
        for i in range(count)
    )
    through = Event.others_present.through
    through.objects.bulk_create(through(event_id=e.pk, membership_id=with_.pk) for e in events)

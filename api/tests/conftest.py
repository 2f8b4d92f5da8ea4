"""Fixtures for the API tests: a frozen clock and a TestClient that acts as one person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from ninja.testing import TestClient

from api.api import api
from carelog.models import Baby, Event
from households.models import Membership

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def ago(**delta: float) -> str:
    """An ISO 8601 time this long before NOW, as a client would send it."""
    return iso(NOW - timedelta(**delta))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


class Caller:
    """ninja's TestClient, logged in as `user` through the session check.

    It drives the real NinjaAPI rather than a bare router: a TestClient given a router
    builds a throwaway API without our authentication and error handlers. The client
    skips CSRF (like Django's test client); test_session_csrf.py checks CSRF end to end.
    """

    def __init__(self, user: Any) -> None:
        self.client = TestClient(api)
        self.user = user

    def __getattr__(self, method: str) -> Any:
        send = getattr(self.client, method)

        def call(path: str, *args: Any, **kwargs: Any) -> Any:
            if self.user is not None:
                kwargs.setdefault("user", self.user)
            return send(path, *args, **kwargs)

        return call


@pytest.fixture
def as_(people):
    """as_(people.alice) → a client acting as Alice; as_(None) is anonymous."""

    def make(who: Membership | Any | None) -> Caller:
        user = who.user if isinstance(who, Membership) else who
        return Caller(user)

    return make


@pytest.fixture
def homeless(db):
    """Someone who signed up but has not created or joined a household yet."""
    return get_user_model().objects.create_user(username="hana", password="x" * 12)


def make_event(
    baby: Baby,
    kind: str,
    *,
    by: Membership,
    minutes_ago: float = 60,
    minutes: float | None = 10,
    details: dict[str, Any] | None = None,
) -> Event:
    """An event written straight to the database (setup, not under test)."""
    start = NOW - timedelta(minutes=minutes_ago)
    return Event.objects.create(
        household_id=baby.household_id,
        baby=baby,
        kind=kind,
        start=start,
        end=None if minutes is None else start + timedelta(minutes=minutes),
        caregiver=by,
        created_by=by,
        details=details or {},
    )

"""Helpers for report tests: a frozen clock and entries logged through the care log's own
service, in plain sight (Alice's household is in London, so local time is UTC in November)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from carelog import services
from carelog.models import Baby, Event
from households.models import Membership

#: 03:00 in London on a November night. The default period is 27 Oct to 23 Nov 2026.
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026 (London is on UTC then)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def log(
    member: Membership,
    baby: Baby,
    kind: str,
    start: datetime,
    minutes: int | None = None,
    **details: Any,
) -> Event:
    """Log through carelog.services.log_event, the way every page and the API do."""
    end = start + timedelta(minutes=minutes) if minutes is not None else None
    return services.log_event(
        member, baby, kind, start=start, end=end, details=details or None, now=NOW
    )

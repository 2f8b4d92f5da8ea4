"""Small builders for literal test data (local London times in, UTC records out)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from insights.records import EventRecord

TZ = "Europe/London"
LONDON = ZoneInfo(TZ)


def at(local: str) -> datetime:
    """'2025-06-02 10:00' in London -> aware UTC datetime."""
    naive = datetime.fromisoformat(local)
    return naive.replace(tzinfo=LONDON).astimezone(UTC)


def ev(
    kind: str,
    local_start: str,
    minutes: float | None = None,
    who: str = "mum",
    present: tuple[str, ...] = (),
    **details: Any,
) -> EventRecord:
    """An event starting at a local time, lasting `minutes` (None: instant or running)."""
    start = at(local_start)
    end = None if minutes is None else start + timedelta(minutes=minutes)
    return EventRecord(kind, start, end, who, present, details)

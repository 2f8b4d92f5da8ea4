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


def _in_english(word: Any) -> str:
    """``word()`` with English active: the sentences are worded in reports/wording.py, a
    Django app, which these core tests reach into to check what the family reads."""
    from django.utils import translation

    with translation.override("en"):
        return str(word())


def words(finding: Any, names: dict[str, str] | None = None, baby: str = "Sam") -> str:
    """A finding as the family reads it in English."""
    from reports.wording import finding_text

    return _in_english(lambda: finding_text(finding, names or {"mum": "Mum", "dad": "Dad"}, baby))


def suggestion_words(suggestion: Any) -> str:
    """A care suggestion (insights/load.py) as the family reads it in English."""
    from reports.wording import suggestion_text

    evidence = {"from": suggestion.from_caregiver, **suggestion.evidence}
    names = {"mum": "Mum", "dad": "Dad"}
    return _in_english(
        lambda: suggestion_text(suggestion.code, evidence, suggestion.caregiver, names)
    )

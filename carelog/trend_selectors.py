"""Reads for the Trends page and API: the baby's log as plain records, and the cached trends.

Kept beside selectors.py rather than in it only while that module was being changed by
other work; it follows the same rules (household first, nothing crosses households).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from households.models import Household
from insights.records import EventRecord

from .models import Baby, Event
from .selectors import log_version

#: How long cached trends stay fresh with no new entry: the next-nap window moves on with
#: the clock even when nothing is logged.
FRESH_MINUTES = 10


def trend_records(household: Household, baby: Baby) -> list[EventRecord]:
    """The baby's feeds, sleeps, nappies, pumping, tummy time and growth, oldest first.

    Only what trends read: no caregivers (one query, no people), and no details for sleep
    and tummy time. A year of dense data is about a third of the whole log. Flagged
    entries (imported with no end, one-minute marks) are left out, as in
    selectors.event_records.
    """
    from insights.trend_model import TREND_KINDS

    # Read as text and parsed here: the ORM's per-value converters (a regex per datetime,
    # then making it aware, then the JSON) took two thirds of a cold Trends page for a
    # year of data; datetime.fromisoformat and json.loads are C. SQLite gives naive UTC
    # text, PostgreSQL text with its "+00" offset (the connection's zone is UTC).
    as_text = {name: Cast(name, output_field=TextField()) for name in ("start", "end", "details")}
    query = (
        Event.objects.filter(household=household, baby=baby, flag="", kind__in=TREND_KINDS)
        .order_by("start", "id")
        .values_list("kind", as_text["start"], as_text["end"], as_text["details"])
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Trends read no detail of a sleep or tummy time: a third of the rows, left undecoded.
    return [
        EventRecord(
            kind,
            _utc(start),
            None if end is None else _utc(end),
            "",
            (),
            _EMPTY if kind in _NO_DETAILS else _decoded(details),
        )
        for kind, start, end, details in rows
    ]


_NO_DETAILS = frozenset({"sleep", "tummy_time"})
_EMPTY: dict[str, Any] = {}


def _decoded(details: str | None) -> dict[str, Any]:
    return json.loads(details) if details else {}


def _utc(text: str) -> datetime:
    # SQLite's text has no offset (it is UTC); naming it in the text is cheaper than
    # .replace(tzinfo=...) on the parsed value.
    if "+" in text[19:] or "-" in text[19:]:
        return datetime.fromisoformat(text)
    return datetime.fromisoformat(text + "+00:00")


def trends_for(household: Household, baby: Baby, now: datetime | None = None) -> Any:
    """All trends (an insights.trends.Trends) for the baby, cached until the log or the
    baby's details change, or FRESH_MINUTES pass. One aggregate query when cached."""
    from insights.trends import compute_trends

    now = now or timezone.now()
    key = "trends:{}:{}:{}:{}:{}:{}:{}:{}".format(
        household.pk,
        baby.pk,
        ":".join(map(str, log_version(household, baby))),
        household.time_zone,
        baby.birth_date,
        baby.due_date,
        baby.sex,
        now.strftime("%Y%m%d%H") + str(now.minute // FRESH_MINUTES),
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = compute_trends(
        trend_records(household, baby),
        baby.birth_date,
        household.time_zone,
        now,
        due_date=baby.due_date,
        sex=baby.sex,
    )
    cache.set(key, result, timeout=FRESH_MINUTES * 60)
    return result

"""How many events match a filter, without counting the whole log on every request.

A page of the API (GET /api/v1/events) says how many events match in all. Counting them
is a scan of the household's log (about 20,000 rows after a year), which on every page
request costs more than the page itself. The count is kept in the cache instead, under
the household's *log generation*: a token that changes, after the transaction commits,
whenever one of its events is added, changed or deleted (signals on Event, and the bulk
paths call :func:`log_changed` themselves), and again once the change commits. A count cached under an old generation is
never read again; a generation lost from the cache is simply a new one.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, Final

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

COUNT_SECONDS: Final = 60 * 60


def _generation_key(household_id: int) -> str:
    return f"log-generation:{household_id}"


def generation(household_id: int) -> str:
    """The household's current log generation (made when missing)."""
    key = _generation_key(household_id)
    found = cache.get(key)
    if found is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        found = cache.get(key) or "unknown"
    return str(found)


def log_changed(household_id: int) -> None:
    """The household's log changed: counts made before are not read again.

    The generation moves at once (so the writer's own transaction counts afresh) and again
    once the transaction commits (so a count another request made in between, before the
    change was visible to it, is not kept)."""

    def bump() -> None:
        cache.set(_generation_key(household_id), uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def event_count(household_id: int, events: QuerySet[Any], *filters: object) -> int:
    """``events.count()``, cached under the household's log generation and ``filters``
    (everything that shaped the query besides the household)."""
    digest = hashlib.sha1(repr(filters).encode()).hexdigest()
    key = f"event-count:{household_id}:{generation(household_id)}:{digest}"
    found = cache.get(key)
    if found is not None:
        return int(found)
    count = events.count()
    cache.set(key, count, timeout=COUNT_SECONDS)
    return count


def on_event_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save and post_delete of Event (and changes to who else was there)."""
    if instance is not None and getattr(instance, "household_id", None) is not None:
        log_changed(instance.household_id)

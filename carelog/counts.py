"""How many events match a filter, without counting the whole log on every request.

A page of the API (GET /api/v1/events) says how many events match in all. Counting them
is a scan of the household's log (about 20,000 rows after a year), which on every page
request costs more than the page itself. The count is kept in the cache instead, under
the household's *log generation*: a token that moves once any change to its events
commits (carelog/changes.py). A count cached under an old generation is never read
again, and a generation lost from the cache is simply a new one.

The race: another request may count while a change is not yet visible to it. It keys that
count by the generation it read before counting, which the commit then moves on, so the
stale count is never read. A reader in the transaction that made a change counts afresh.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from django.core.cache import cache
from django.db.models import QuerySet

from . import changes

COUNT_SECONDS: Final = 60 * 60


def event_count(household_id: int, events: QuerySet[Any], *filters: object) -> int:
    """``events.count()``, cached under the household's log generation and ``filters``
    (everything that shaped the query besides the household)."""
    if changes.pending(household_id, events.db):
        # This transaction changed the log, and nobody else can see that yet: count
        # afresh, and keep nothing.
        return events.count()
    digest = hashlib.sha1(repr(filters).encode()).hexdigest()
    key = f"event-count:{household_id}:{changes.generation(household_id)}:{digest}"
    found = cache.get(key)
    if found is not None:
        return int(found)
    count = events.count()
    cache.set(key, count, timeout=COUNT_SECONDS)
    return count

"""One hook for "a household's log changed", run once the change commits.

Everything kept from the log (the cached event counts, the insights the task worker
computes ahead) follows this hook instead of the model's signals. A save or delete of an
Event (its signals) and the bulk paths that send none (imports, restores, the quick-log
batch) call :func:`log_changed`, and once the transaction commits:

- the household's *log generation* moves, a token that anything cached from the log is
  keyed by (carelog/counts.py), so what was cached before is not read again;
- :data:`log_committed` is sent with the household and the baby (None when a bulk change
  may touch several), for the apps above carelog (reports/refresh.py).

After the commit is the moment that matters to a reader in another request; a reader in
the writing transaction itself asks :func:`pending` and does not use the cache. The cost
on a change is one cache write after the commit, plus what the listeners do; a failing
cache is logged, never turned into an error for a change that has committed.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import Signal

#: Sent after a change to a household's log commits: ``household_id``, ``baby_id``
#: (None when the change may touch any of the household's babies).
log_committed = Signal()


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


def log_changed(household_id: int, baby_id: int | None = None) -> None:
    """The household's log changed (or will, when the transaction commits)."""
    transaction.on_commit(partial(_committed, household_id, baby_id), robust=True)


def pending(household_id: int, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the open transaction has changed the household's log (not yet committed)."""
    # Each entry is (sids, func, robust); django-stubs still types it as the (sids, func)
    # of Django before 4.2, so the function is read by its position, which fits both.
    return any(
        isinstance(func, partial) and func.func is _committed and func.args[0] == household_id
        for func in (entry[1] for entry in connections[using].run_on_commit)
    )


def _committed(household_id: int, baby_id: int | None) -> None:
    cache.set(_generation_key(household_id), uuid.uuid4().hex, timeout=None)
    log_committed.send_robust(sender=None, household_id=household_id, baby_id=baby_id)


def on_event_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save and post_delete of Event."""
    if kwargs.get("raw"):
        return  # fixtures
    if getattr(instance, "household_id", None) is not None:
        log_changed(instance.household_id, instance.baby_id)

"""Insights computed ahead of time: after a change to a baby's log, the task worker computes
that baby's insights into the shared cache, so the next Insights page, API call or
`nestling insights` finds them ready instead of paying for the computation.

Model:

- Only babies someone looks at are refreshed: every time the insights are asked for
  (page, API, CLI, a bonding plan), the baby is *watched* for ``WATCH_DAYS``. A household
  that never opens Insights costs the worker nothing.
- A change to the log (an entry added, edited or deleted; an import; a restore) schedules
  one refresh ``DELAY_SECONDS`` after it commits (carelog.changes.log_committed); further
  changes before it runs join it (a burst of taps is one computation).
- The refresh fills exactly the keys the readers ask for (carelog.selectors.insights_key:
  the log's fingerprint, the time zone, the hour and the free windows), so what it
  computes is what the page would have computed.

Without a running worker nothing is lost: the reader computes on demand as before.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from django.core.cache import cache

logger = logging.getLogger(__name__)

WATCH_DAYS: Final = 14
DELAY_SECONDS: Final = 2


def _watch_key(household_id: int, baby_id: int) -> str:
    return f"insights-watch:{household_id}:{baby_id}"


def _pending_key(household_id: int, baby_id: int) -> str:
    return f"insights-refresh:{household_id}:{baby_id}"


def watch(household_id: int, baby_id: int) -> None:
    """Someone asked for this baby's insights: keep them computed ahead for a while."""
    cache.set(_watch_key(household_id, baby_id), 1, timeout=WATCH_DAYS * 24 * 3600)


def is_watched(household_id: int, baby_id: int) -> bool:
    return bool(cache.get(_watch_key(household_id, baby_id)))


def log_changed(household_id: int, baby_id: int) -> None:
    """A change to the baby's log has committed: schedule one refresh if the insights are
    watched and none is pending already."""
    if not is_watched(household_id, baby_id):
        return
    # Pending for longer than the delay, so a refresh that never ran (no worker) does not
    # block the next one for ever.
    if not cache.add(_pending_key(household_id, baby_id), 1, timeout=DELAY_SECONDS * 12):
        return
    from reports.tasks import refresh_insights

    try:
        refresh_insights.schedule((household_id, baby_id), delay=DELAY_SECONDS)
    except Exception:  # the queue is an optimisation: a reader computes on demand
        logger.warning("could not queue the insights refresh", exc_info=True)
        cache.delete(_pending_key(household_id, baby_id))


def refresh(household_id: int, baby_id: int) -> bool:
    """Compute the baby's insights (and their JSON shape) into the shared cache; return
    False when the household or baby is gone."""
    from carelog.models import Baby
    from reports.shapes import household_insights_json

    cache.delete(_pending_key(household_id, baby_id))
    baby = (
        Baby.objects.select_related("household")
        .filter(pk=baby_id, household_id=household_id)
        .first()
    )
    if baby is None:
        return False
    household_insights_json(baby.household, baby)
    return True


def on_log_committed(sender: Any, household_id: int, baby_id: int | None, **kwargs: Any) -> None:
    """carelog.changes.log_committed: a change to the log has committed."""
    if baby_id is not None:
        log_changed(household_id, baby_id)
        return
    from carelog.models import Baby

    for each in Baby.objects.filter(household_id=household_id).values_list("pk", flat=True):
        log_changed(household_id, each)

"""Queue tasks of the reports: computing a watched baby's insights after the log changes
(see reports/refresh.py)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import refresh


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type information
def refresh_insights(household_id: int, baby_id: int) -> None:
    refresh.refresh(household_id, baby_id)

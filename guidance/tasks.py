"""Queue tasks for guidance: the weekly messages. `nestling worker` runs them."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from households.models import Household

from . import services


@db_periodic_task(crontab(minute="15", hour="*/6"))  # type: ignore[untyped-decorator]  # huey: no types
def schedule_weekly_messages() -> int:
    """Four times a day: make sure every household has this and next week's message
    queued (idempotent: one reminder per baby, week and member)."""
    return sum(services.schedule_weekly_messages(h) for h in Household.objects.all())


@db_periodic_task(crontab(minute="45", hour="*/6"))  # type: ignore[untyped-decorator]  # huey: no types
def schedule_check_in_reminders() -> int:
    """Four times a day: a reminder for each parent whose check-in is due (once a week
    at most; see services.schedule_check_in_reminders)."""
    return sum(services.schedule_check_in_reminders(h) for h in Household.objects.all())

"""Queue tasks. They only point workers at rows; services.py does the work.

`nestling worker` runs these (huey's consumer). The queue lives in SQLite in the data
directory, or in Redis when REDIS_URL is set; the settings pick one (HUEY).
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services
from .models import State


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type information
def deliver_reminder(reminder_id: int) -> None:
    """Deliver one reminder, and come back when its channels' waits end."""
    reminder = services.process_reminder(reminder_id)
    if reminder is not None and reminder.state == State.PENDING:
        deliver_reminder.schedule(args=(reminder_id,), eta=reminder.next_attempt_at)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]  # huey: no types
def sweep_reminders() -> int:
    """Every minute: deliver whatever is due that no task is looking after."""
    return services.deliver_due_reminders()

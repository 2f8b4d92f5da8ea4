"""`nestling worker`: run the task queue's consumer (reminders and other background jobs).

The queue is SQLite in the data directory, or Redis when REDIS_URL is set (settings.HUEY).
The consumer also runs the periodic sweep that delivers whatever is due, so a worker
that was down catches up when it starts again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)


def describe_queue() -> str:
    """Where the queue lives, without any password in the address."""
    huey_class = str(settings.HUEY.get("huey_class", ""))
    if huey_class.endswith("RedisHuey"):
        from redis.connection import parse_url

        parts = parse_url(settings.REDIS_URL)  # type: ignore[no-untyped-call]  # redis: unannotated
        where = parts.get("path") or f"{parts.get('host', '?')}:{parts.get('port', 6379)}"
        return f"Redis at {where} (db {parts.get('db', 0)})"
    return f"SQLite at {settings.HUEY.get('filename')}"


def run_worker(workers: int) -> None:
    """Start huey's consumer with `workers` threads until interrupted (Ctrl+C, SIGTERM)."""
    from huey.consumer_options import ConsumerConfig
    from huey.contrib.djhuey import HUEY

    # Every app's tasks.py registers its tasks with the queue.
    autodiscover_modules("tasks")
    options = {**settings.HUEY.get("consumer", {}), "workers": workers}
    config = ConsumerConfig(**options)
    config.validate()
    huey_logger = logging.getLogger("huey")
    if not huey_logger.handlers:
        config.setup_logger(huey_logger)
        huey_logger.propagate = False  # its own handler prints it; the root's would again
    logger.info("Nestling worker: queue in %s, %d worker threads.", describe_queue(), workers)
    # Catch up at once on whatever fell due while no worker ran, rather than at the
    # next minute's sweep.
    from notifications.tasks import sweep_reminders

    sweep_reminders()
    HUEY.create_consumer(**config.values).run()

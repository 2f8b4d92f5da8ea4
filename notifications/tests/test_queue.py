"""The real queue, end to end: huey's consumer on Redis (127.0.0.1:6379), and the
`nestling worker` command on the default SQLite queue.

Both need committed rows (the consumer works in its own threads or process), hence
transactional_db. Redis is skipped, visibly, when it isn't running outside CI; in CI
(CI=true) it is required.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from households.models import Membership
from nestling.testing import make_personas
from notifications import services
from notifications.models import Notification, Reminder, State

REDIS_URL = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parents[2]


def wait_for(check: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


@pytest.fixture
def redis_queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The app's HUEY switched to a throwaway queue in Redis (db 15) for one test."""
    import huey.storage
    import redis
    import redis.exceptions
    from huey.contrib.djhuey import HUEY
    from huey.storage import RedisStorage

    if huey.storage.Redis is None:
        # This process was configured without REDIS_URL, so huey was imported with the
        # Redis client hidden (nestling/lean.py); give it back for this one test.
        monkeypatch.setattr(huey.storage, "Redis", redis.Redis)
        monkeypatch.setattr(huey.storage, "ConnectionPool", redis.ConnectionPool)
        monkeypatch.setattr(huey.storage, "ConnectionError", redis.exceptions.ConnectionError)
        monkeypatch.setattr(huey.storage, "TimeoutError", redis.exceptions.TimeoutError)
        monkeypatch.setattr(RedisStorage, "redis_client", redis.Redis)

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        message = f"Redis is not reachable at {REDIS_URL} ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the Redis tests")
        pytest.skip(message)
    before = HUEY.storage
    HUEY.storage = RedisStorage(name=f"nestling-test-{uuid.uuid4().hex}", url=REDIS_URL)
    yield HUEY
    HUEY.storage.flush_all()
    HUEY.storage = before


def test_a_consumer_on_redis_delivers_reminders_once(transactional_db, redis_queue, endpoint):
    from notifications.tasks import deliver_reminder  # noqa: F401  (registers the task)

    people = make_personas()
    services.add_channel(people.bob, "Phone", endpoint.url)
    due = services.schedule_reminder(
        people.bob, "session", "Bath time", "", "/plans/", timezone.now(), "session:redis"
    )
    soon = services.schedule_reminder(
        people.bob,
        "weekly_message",
        "Week 21",
        "",
        "",
        timezone.now() + timedelta(seconds=2),
        "weekly:21",
    )
    # Both are in Redis, waiting for a consumer.
    assert redis_queue.pending_count() == 2
    consumer = redis_queue.create_consumer(
        workers=2, worker_type="thread", periodic=False, scheduler_interval=1
    )
    consumer.start()
    try:
        assert wait_for(lambda: Notification.objects.filter(membership=people.bob).count() == 2)
        assert wait_for(lambda: len(endpoint.received) == 2)
    finally:
        consumer.stop(graceful=True)
    for reminder in (due, soon):
        reminder.refresh_from_db()
        assert reminder.state == State.SENT
    # A sweep afterwards (another worker, a restart) finds nothing left to do.
    assert services.deliver_due_reminders(timezone.now() + timedelta(minutes=1)) == 0
    assert len(endpoint.received) == 2


def _database_url() -> str:
    """The test database as a URL, so a subprocess shares it (SQLite or PostgreSQL)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_nestling_worker_runs_the_sqlite_queue(transactional_db, tmp_path):
    """`nestling worker` as its own process, sharing the test database and task queue.

    The reminder is stored while no worker runs (as after a crash); the worker started
    afterwards delivers it with the sweep it runs on start-up.
    """
    from huey.contrib.djhuey import HUEY

    people = make_personas()
    HUEY.storage.flush_all()
    services.schedule_reminder(
        people.alice, "session", "Story time", "", "", timezone.now(), "session:story"
    )
    HUEY.storage.flush_all()  # the queued task is lost, as with a crash
    env = {
        **os.environ,
        "NESTLING_DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": "",
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import app; app()", "worker", "--threads", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        delivered = wait_for(lambda: Reminder.objects.filter(state=State.SENT).exists(), seconds=30)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=15)[0]
    assert delivered, output
    assert "SQLite at" in output
    assert Notification.objects.filter(membership=people.alice).count() == 1
    assert not Notification.objects.exclude(membership=people.alice).exists()
    assert Membership.objects.count() == 4

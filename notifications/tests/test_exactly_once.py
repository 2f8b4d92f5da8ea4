"""Each reminder reaches each channel once: workers racing for it, and a worker process
killed with SIGKILL in the middle of a send (issue 12, item 6).

Both need committed rows (several threads, or a second process, read them), hence
transactional_db. The restart rule being checked is the one docs/notifications.md states:
an interrupted send is not repeated, except a notice from the partner.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from nestling.testing import make_personas
from notifications import services
from notifications.models import Delivery, Notification, Reminder, State

ROOT = Path(__file__).resolve().parents[2]


def wait_for(check: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def due_reminder(membership: Any, kind: str = "session") -> Reminder:
    """A reminder due a minute ago, stored straight in the table: no queued task, so only
    the workers in the test go after it."""
    due = timezone.now() - timedelta(minutes=1)
    return Reminder.objects.create(
        membership=membership,
        kind=kind,
        title="Bath time",
        body="10 minutes",
        url="/plans/",
        dedupe_key=f"{kind}:race",
        is_sensitive=kind == "partner",
        due_at=due,
        next_attempt_at=due,
    )


def race(workers: int, work: Callable[[], object]) -> None:
    """Run `work` in `workers` threads released at the same moment, each with its own
    database connection, and re-raise the first error."""
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            work()
        except BaseException as exc:  # noqa: BLE001 - handed to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    if errors:
        raise errors[0]


def test_racing_workers_send_a_due_reminder_once_per_channel(transactional_db, endpoint):
    people = make_personas()
    services.add_channel(people.bob, "Phone", endpoint.url)
    services.add_channel(people.bob, "Email", endpoint.url.replace("/hook", "/mail"))
    reminder = due_reminder(people.bob)

    race(6, lambda: services.deliver_due_reminders())

    assert len(endpoint.received) == 2  # one per channel
    reminder.refresh_from_db()
    assert reminder.state == State.SENT and reminder.attempts == 1
    assert [(d.state, d.attempts) for d in Delivery.objects.all()] == [(State.SENT, 1)] * 2
    assert Notification.objects.filter(membership=people.bob).count() == 1


def test_the_delivery_row_refuses_a_second_send_when_two_workers_hold_the_reminder(
    transactional_db, endpoint
):
    """Even past the reminder's claim (a worker hung longer than CLAIM_FOR while another
    took over), the per-channel Delivery row lets only one of them send."""
    people = make_personas()
    services.add_channel(people.bob, "Phone", endpoint.url)
    services.add_channel(people.bob, "Email", endpoint.url.replace("/hook", "/mail"))
    reminder = due_reminder(people.bob)
    now = timezone.now()

    def both_think_they_hold_it() -> None:
        mine = Reminder.objects.select_related("membership__household").get(pk=reminder.pk)
        services._send_to_channels(mine, now)

    race(6, both_think_they_hold_it)

    assert len(endpoint.received) == 2
    assert [d.state for d in Delivery.objects.all()] == [State.SENT] * 2


# --- a worker process killed in the middle of a send --------------------------------


class HangingEndpoint:
    """A notification service that takes the message and then doesn't answer until
    released: the worker is caught between the send and recording it."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.release = threading.Event()
        state = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                state.received.append(json.loads(self.rfile.read(length) or b"{}"))
                state.release.wait(timeout=60)
                try:
                    self.send_response(200)
                    self.end_headers()
                except OSError:
                    pass  # the worker that asked is dead

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"
        # Polled every 20 ms, so shutting it down after each test takes no half second.
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hanging_endpoint() -> Iterator[HangingEndpoint]:
    endpoint = HangingEndpoint()
    yield endpoint
    endpoint.close()


def _database_url() -> str:
    """The test database as a URL, so the worker process shares it (SQLite or PostgreSQL)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


WORKER = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
import django
django.setup()
from notifications import services
services.process_reminder(int(sys.argv[1]))
"""


@pytest.mark.parametrize(
    ("kind", "sent_after_restart", "final_state"),
    [
        # At most once: the interrupted session reminder is not sent again.
        ("session", 1, State.UNCONFIRMED),
        # At least once: a notice from the partner is sent again.
        ("partner", 2, State.SENT),
    ],
)
def test_a_worker_killed_mid_send_is_followed_as_the_docs_say(
    transactional_db, hanging_endpoint, kind, sent_after_restart, final_state
):
    people = make_personas()
    services.add_channel(people.bob, "Phone", hanging_endpoint.url)
    reminder = due_reminder(people.bob, kind)
    env = {
        **os.environ,
        "NESTLING_DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": "",
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(reminder.pk)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        reached = wait_for(lambda: len(hanging_endpoint.received) == 1 or worker.poll() is not None)
    finally:
        worker.send_signal(signal.SIGKILL)
        output = worker.communicate(timeout=30)[0]
    assert reached and worker.returncode == -signal.SIGKILL, output

    # The dead worker's claim on the channel was recorded before it sent.
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (State.SENDING, 1)
    reminder.refresh_from_db()
    assert reminder.state == State.PENDING and reminder.claimed_until is not None
    assert Notification.objects.filter(membership=people.bob).count() == 1

    hanging_endpoint.release.set()
    # A restart while the claim still holds leaves it alone; once it has run out the
    # sweep settles the interrupted send, and later sweeps find nothing more to do.
    assert services.deliver_due_reminders() == 0
    later = reminder.claimed_until + timedelta(seconds=1)
    assert services.deliver_due_reminders(later) == 1
    assert services.deliver_due_reminders(later + timedelta(hours=1)) == 0

    assert len(hanging_endpoint.received) == sent_after_restart
    reminder.refresh_from_db()
    delivery.refresh_from_db()
    assert reminder.state == delivery.state == final_state
    assert Notification.objects.filter(membership=people.bob).count() == 1

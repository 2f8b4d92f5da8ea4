"""Fixtures for delivery tests: a local HTTP endpoint that plays a notification service,
and the task queue in immediate mode (tasks run inline, in the test's transaction)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Endpoint:
    """An HTTP server on 127.0.0.1 that records what Apprise's json:// sends it.

    `status` is what it answers with; `url` is the Apprise URL that reaches it.
    """

    port: int
    status: int = 200
    received: list[dict[str, Any]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    """A local stand-in for a notification service; nothing leaves the machine."""
    state = Endpoint(port=0)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            state.received.append(json.loads(self.rfile.read(length) or b"{}"))
            self.send_response(state.status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    # Polled every 20 ms, so shutting it down after each test takes no half second.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def immediate_huey() -> Iterator[Any]:
    """The app's SqliteHuey in immediate mode: enqueued tasks run at once, inline.

    It keeps its SQLite storage (immediate_use_memory off), so this is the same queue
    class `nestling worker` runs, not an in-memory stand-in.
    """
    from huey.contrib.djhuey import HUEY

    before = (HUEY.immediate, HUEY.immediate_use_memory)
    HUEY.immediate_use_memory = False
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before[0]
    HUEY.immediate_use_memory = before[1]

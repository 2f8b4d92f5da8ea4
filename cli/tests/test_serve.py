"""`nestling serve` really serves: gunicorn, migrations run, static files from the app."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, response.read()


@pytest.mark.slow  # a real server from a fresh data directory: `make test-slow`, CI
@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="serves its own SQLite data dir")
def test_serve_starts_gunicorn_and_serves_pages_and_static_files(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "NESTLING_DATA_DIR": str(tmp_path), "NESTLING_WORKERS": "1"}
    nestling = Path(sys.executable).with_name("nestling")
    proc = subprocess.Popen(
        [str(nestling), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # Generous: a fresh data directory migrates and collects static files first, and a
        # busy shared machine can take minutes over that.
        deadline = time.monotonic() + 240
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/api/v1/openapi.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    # Stop it before reading its output: reading a live process's pipe
                    # waits for ever (this hung the suite once under load).
                    proc.terminate()
                    output, _err = proc.communicate(timeout=30)
                    pytest.fail(f"nestling serve did not come up:\n{output.decode()}")
                time.sleep(0.3)
        assert status == 200 and b"Nestling" in body
        status, body = _get(f"http://127.0.0.1:{port}/static/django_htmx/htmx-2.min.js")
        assert status == 200 and b"htmx" in body
        assert (tmp_path / "nestling.sqlite3").exists()
        assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    finally:
        if proc.poll() is None:
            proc.terminate()
        stdout, _err = proc.communicate(timeout=30)
    output = stdout.decode()
    assert "gunicorn" in output.lower() or "Booting worker" in output

"""Start-up for `nestling serve` and `nestling demo`: migrate, collect static, run gunicorn.

Memory: migrations and static files run in a short-lived child process; then `nestling
serve` replaces itself with the lean server in nestling/serving.py, whose master only
supervises and never loads the application (see there and docs/deploy.md).
"""

from __future__ import annotations

import os
import subprocess
import sys

_CHILD = "import sys; from cli.main import app; sys.argv = ['nestling', *sys.argv[1:]]; app()"


def prepare(collect_static: bool = True) -> None:
    """Bring the database schema up to date and gather static files (idempotent)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if collect_static:
        call_command("collectstatic", interactive=False, verbosity=0)


def prepare_in_child() -> None:
    """Run :func:`prepare` in a child process, so that this one stays small; raise
    SystemExit with the child's status when it fails (its error is already on stderr)."""
    done = subprocess.run([sys.executable, "-c", _CHILD, "prepare"], check=False)
    if done.returncode != 0:
        raise SystemExit(done.returncode)


def serve_in_place(host: str, port: int) -> None:
    """Replace this process with `nestling serve` on ``host``:``port`` (same process id, so
    Ctrl+C and a service manager still reach it)."""
    os.execv(
        sys.executable, [sys.executable, "-c", _CHILD, "serve", "--host", host, "--port", str(port)]
    )

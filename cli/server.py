"""Start-up for `nestling serve` and `nestling demo`: migrate, collect static, run gunicorn.

Memory: the gunicorn master only supervises, so it never loads the application. Migrations
and static files run in a short-lived child process, and each worker imports Django and
Nestling after it starts. The master stays at the size of Python and gunicorn, and no
process holds a library it does not use (the statistics load in a worker when someone opens
Insights or Trends; see docs/deploy.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

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


def run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the WSGI app with gunicorn's threaded workers until interrupted."""
    from gunicorn.app.base import BaseApplication

    from nestling.checks import warn_at_start_up

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    warn_at_start_up(host, port)  # SITE_URL against the address served (stderr)

    class _App(BaseApplication):
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "accesslog": "-",
                "timeout": 60,
                # gunicorn's control socket is one path per user ($HOME/.gunicorn): two
                # instances (docs/deploy.md) would take it from each other. Unused here.
                "control_socket_disable": True,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            # Called in each worker after it starts (the app is not preloaded).
            from nestling.wsgi import application

            return application

    _App().run()


def serve_in_place(host: str, port: int) -> None:
    """Replace this process with `nestling serve` on ``host``:``port`` (same process id, so
    Ctrl+C and a service manager still reach it)."""
    os.execv(
        sys.executable, [sys.executable, "-c", _CHILD, "serve", "--host", host, "--port", str(port)]
    )


def start_worker() -> Any:
    """Start `nestling worker` as a child process (it runs reminders and imports)."""
    return subprocess.Popen([sys.executable, "-c", _CHILD, "worker"])

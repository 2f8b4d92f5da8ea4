"""Start-up for `nestling serve` and `nestling demo`: migrate, collect static, run gunicorn."""

from __future__ import annotations

import importlib
import threading
from typing import Any

from django.core.management import call_command


def prepare(collect_static: bool = True) -> None:
    """Bring the database schema up to date and gather static files (idempotent)."""
    call_command("migrate", interactive=False, verbosity=0)
    if collect_static:
        call_command("collectstatic", interactive=False, verbosity=0)


def _warm_up(worker: Any) -> None:
    """Import the statistics stack in the background once a worker is up: it takes
    seconds, and the first parent to open Insights shouldn't wait for it."""
    for module in ("insights.summary", "insights.growth"):
        threading.Thread(target=importlib.import_module, args=(module,), daemon=True).start()


def run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the WSGI app with gunicorn's threaded workers until interrupted."""
    from gunicorn.app.base import BaseApplication

    from nestling.checks import warn_at_start_up
    from nestling.wsgi import application

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
                "post_worker_init": _warm_up,
                # gunicorn's control socket is one path per user ($HOME/.gunicorn): two
                # instances (docs/deploy.md) would take it from each other. Unused here.
                "control_socket_disable": True,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _App().run()


def start_worker() -> Any:
    """Start `nestling worker` as a child process (it runs reminders and imports)."""
    import subprocess
    import sys

    code = "import sys; from cli.main import app; sys.argv = ['nestling', 'worker']; app()"
    return subprocess.Popen([sys.executable, "-c", code])

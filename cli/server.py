"""Start-up for `nestling serve` and `nestling demo`: migrate, collect static, run gunicorn."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command


def prepare(collect_static: bool = True) -> None:
    """Bring the database schema up to date and gather static files (idempotent)."""
    call_command("migrate", interactive=False, verbosity=0)
    if collect_static:
        call_command("collectstatic", interactive=False, verbosity=0)


def run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the WSGI app with gunicorn's threaded workers until interrupted."""
    from gunicorn.app.base import BaseApplication

    from nestling.wsgi import application

    class _App(BaseApplication):
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "accesslog": "-",
                "timeout": 60,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _App().run()

"""The processes `nestling serve` leaves running: gunicorn's master and the task queue.

`nestling serve` checks the database and static files, then replaces itself with
``python -m nestling.serving``: a process that imports gunicorn and nothing of the command
line (typer, click, rich) or of Django. The master only supervises,
and its web workers are forked from it, so every process starts that small; each worker
imports Django and Nestling after it starts (the app is not preloaded), and the
statistics only when someone opens Insights or Trends. The task-queue worker is started
the same way (``python -m nestling.serving worker``), without the command line either.
Figures: bench/bench_server.py, docs/deploy.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    return {
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


def run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the WSGI app with gunicorn's threaded workers until interrupted."""
    from gunicorn.app.base import BaseApplication

    class _App(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options(host, port, workers, threads).items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            # Called in each worker after it starts (the app is not preloaded).
            from nestling.wsgi import application

            return application

    _App().run()


def start_worker(threads: int = 2) -> subprocess.Popen[bytes]:
    """The task queue's worker (reminders, imports) as a child process."""
    return subprocess.Popen(
        [sys.executable, "-m", "nestling.serving", "worker", "--threads", str(threads)]
    )


def serve(host: str, port: int, workers: int, threads: int, with_worker: bool) -> None:
    child = start_worker() if with_worker else None
    try:
        run_gunicorn(host, port, workers, threads)
    finally:
        if child is not None:
            child.terminate()
            child.wait(timeout=30)


def exec_serve(host: str, port: int, workers: int, threads: int, with_worker: bool) -> None:
    """Replace this process with the lean server (same process id, so Ctrl+C and a service
    manager still reach it), after warning on stderr about settings that do not fit the
    address served. The warnings are printed here, where Django is loaded already, so that
    the gunicorn master never loads Django's settings (about 9 MB less in that process)."""
    from nestling.checks import warn_at_start_up

    warn_at_start_up(host, port)  # SITE_URL against the address served (stderr)
    args = ["--host", host, "--port", str(port), "--workers", str(workers)]
    args += ["--threads", str(threads), "--worker" if with_worker else "--no-worker"]
    # Two malloc arenas per process instead of one per thread: the threaded workers hold
    # several MB less each, with no measurable cost to requests (bench/bench_server.py).
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "nestling.serving", "serve", *args])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m nestling.serving")
    commands = parser.add_subparsers(dest="command", required=True)
    web = commands.add_parser("serve")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8000)
    web.add_argument("--workers", type=int, default=2)
    web.add_argument("--threads", type=int, default=2)
    web.add_argument("--worker", action=argparse.BooleanOptionalAction, default=True)
    queue = commands.add_parser("worker")
    queue.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.host, args.port, args.workers, args.threads, args.worker)
        return
    import django

    django.setup()
    from cli.worker import run_worker

    run_worker(args.threads)


if __name__ == "__main__":
    main()

"""Keep client libraries that a deployment does not use out of every process's memory.

huey imports the Redis client and psycopg at import time, if they are installed, for the
storages it offers; together they cost about 30 MB in each process (web workers, the task
queue's worker), whether or not Redis or PostgreSQL is configured. Nestling installs both
for the scale-out path, so ``import_huey`` imports huey with the ones not in use hidden: huey
then sees them as absent, exactly as on a machine without them, and the storage Nestling
configures (SQLite, or Redis with ``REDIS_URL``) works as before. Anything that does need
one of them later (Django's PostgreSQL backend, the Redis storage) imports it normally.
"""

from __future__ import annotations

import importlib
import sys


def import_huey(*, redis: bool) -> None:
    """Import huey, hiding the Redis client unless ``redis`` and psycopg always (huey's
    PostgreSQL storage is never used; Django imports psycopg itself for PostgreSQL)."""
    if "huey" in sys.modules:
        return
    hidden = [
        name
        for name in (("psycopg",) if redis else ("redis", "psycopg"))
        if name not in sys.modules
    ]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        importlib.import_module("huey")
    finally:
        for name in hidden:
            del sys.modules[name]

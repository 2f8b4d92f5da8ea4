"""SQLite's durability setting is in effect on every connection (issue 12, item 6): WAL,
with every commit flushed to disk (synchronous=FULL) so a power cut loses nothing the
page said was saved. docs/configuration.md says why."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite pragmas; PostgreSQL has its own fsync"
)

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def pragmas() -> tuple[str, int, int]:
    with connection.cursor() as cursor:
        journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
        foreign_keys = cursor.execute("PRAGMA foreign_keys").fetchone()[0]
    return journal, synchronous, foreign_keys


def test_the_connection_uses_wal_and_flushes_every_commit(db):
    assert pragmas() == ("wal", FULL, 1)


def test_a_new_connection_gets_them_too(db):
    """Pragmas other than journal_mode last only as long as a connection: each new one
    (a new thread, a reconnect) must set them again."""
    seen: list[tuple[str, int, int]] = []

    def in_another_thread() -> None:
        try:
            seen.append(pragmas())
        finally:
            connections.close_all()

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join(timeout=30)
    assert seen == [("wal", FULL, 1)]

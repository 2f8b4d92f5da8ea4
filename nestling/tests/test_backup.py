"""Backup and restore of the whole instance (issue 9, part 5), end to end.

Each test runs the real `nestling` command against an instance of its own: a SQLite data
folder, or a throwaway PostgreSQL database on 127.0.0.1:5432. Another process keeps
logging events while the backup runs; each of its transactions adds a *pair* of events,
so a backup that caught half a transaction, or missed an earlier one, shows as a pair
that is incomplete or missing. The restored database must then equal the backup file
row for row.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

#: Slow (starts writer processes and restores whole databases): `make test-slow` and CI run it, `make test-sqlite` does not.
pytestmark = pytest.mark.slow

NESTLING = Path(sys.executable).with_name("nestling")

#: Migrate a fresh instance and add Alice's household (with Sam) and Charlie's.
SEED = """
import django
django.setup()
from django.core.management import call_command
from nestling.testing import make_personas
call_command("migrate", interactive=False, verbosity=0)
make_personas()
"""

#: Log pairs of notes about Sam, one transaction per pair, until the file argv[1] exists.
WRITER = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.db import transaction
from django.utils import timezone
from carelog.models import Baby, Event
from households.models import Membership

baby = Baby.objects.get(name="Sam")
member = Membership.objects.filter(household_id=baby.household_id).first()
stop = Path(sys.argv[1])
pairs = 0
while not stop.exists():
    with transaction.atomic():
        for half in ("a", "b"):
            Event.objects.create(
                household_id=baby.household_id, baby=baby, kind="note", caregiver=member,
                start=timezone.now(), details={"text": f"pair {pairs} {half}"},
            )
    pairs += 1
    if pairs == 20:
        print("ready", flush=True)
    time.sleep(0.003)
print(pairs, flush=True)
"""


#: Data in a table the notifications app (newer than the "old" backups below) created.
QUIET_HOURS_FOR_EVERYONE = (
    'INSERT INTO notifications_quiethours (start, "end", membership_id) '
    "SELECT '22:00', '07:00', id FROM households_membership"
)


def instance_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {"DJANGO_SETTINGS_MODULE": "nestling.settings", "NESTLING_DATA_DIR": str(data_dir)}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def nestling(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NESTLING), *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )


def python(env: dict[str, str], code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def complete_pairs(texts: list[str]) -> int:
    """How many of the writer's pairs there are; fails on a half pair or a gap."""
    halves = Counter(int(text.split()[1]) for text in texts if text.startswith("pair "))
    assert all(count == 2 for count in halves.values()), "a transaction was caught half-done"
    assert sorted(halves) == list(range(len(halves))), "an earlier transaction is missing"
    return len(halves)


@contextmanager
def writer_running(env: dict[str, str], tmp_path: Path) -> Iterator[Callable[[], int]]:
    """Run the writer while the block runs; yields a function giving its final pair count."""
    stop = tmp_path / "stop-writing"
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(stop)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    total: list[int] = []
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            pytest.fail(f"the writer did not start: {process.communicate()[1]}")
        yield lambda: total[0]
    finally:
        stop.touch()
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    total.append(int(out.split()[-1]))


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# SQLite -------------------------------------------------------------------------------


def sqlite_copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(src)) as source, closing(sqlite3.connect(dst)) as target:
        source.backup(target)
    return dst


def sqlite_contents(path: Path) -> dict[str, tuple[str | None, list[tuple[object, ...]]]]:
    """Every schema object and every table's rows, in rowid order."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
        schema = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        return {
            name: (sql, db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall())
            if kind == "table"
            else (sql, [])
            for kind, name, sql in schema
        }


def sqlite_notes(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT details FROM carelog_event WHERE kind = 'note'").fetchall()
    return [json.loads(details)["text"] for (details,) in rows]


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite instance with the personas, copied by each test (migrating is slow)."""
    data_dir = tmp_path_factory.mktemp("sqlite-template")
    python(instance_env(data_dir), SEED)
    return data_dir / "nestling.sqlite3"


def test_sqlite_backup_while_another_process_writes_restores_that_moment(
    sqlite_template: Path, tmp_path: Path
) -> None:
    live = sqlite_copy(sqlite_template, tmp_path / "live" / "nestling.sqlite3")
    env = instance_env(live.parent)
    out = tmp_path / "backups" / "nestling.backup"
    out.parent.mkdir()
    with writer_running(env, tmp_path) as final_pairs:
        before = complete_pairs(sqlite_notes(live))
        result = nestling(env, "backup", str(out))
        assert result.returncode == 0, result.stderr
        in_backup = complete_pairs(sqlite_notes(out))
        # Let the writer go on past the backup's moment before stopping it.
        wait_until(lambda: complete_pairs(sqlite_notes(live)) > in_backup + 5)
    # Pairs were written before the backup's moment and after it, right up to it.
    assert before < in_backup < final_pairs(), (before, in_backup, final_pairs())
    events = 2 * in_backup
    assert "SQLite, " in result.stdout and f"{events} events" in result.stdout
    with closing(sqlite3.connect(out)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert db.execute("SELECT COUNT(*) FROM carelog_event").fetchone() == (events,)
    assert out.stat().st_mode & 0o777 == 0o600  # everyone's data, password hashes
    assert [p.name for p in out.parent.iterdir()] == ["nestling.backup"]  # no leftovers

    fresh = tmp_path / "fresh"  # a new machine: no database yet
    result = nestling(instance_env(fresh), "restore", str(out), "--yes")
    assert result.returncode == 0, result.stderr
    assert f"{events} events" in result.stdout
    restored, backed_up = sqlite_contents(fresh / "nestling.sqlite3"), sqlite_contents(out)
    assert restored.keys() == backed_up.keys()
    assert [name for name in backed_up if restored[name] != backed_up[name]] == []
    assert len(restored["carelog_event"][1]) == events


def test_sqlite_restore_refuses_garbage_and_a_postgresql_dump_and_changes_nothing(
    sqlite_template: Path, tmp_path: Path
) -> None:
    live = sqlite_copy(sqlite_template, tmp_path / "live" / "nestling.sqlite3")
    env = instance_env(live.parent)
    before = sqlite_contents(live)
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"\x00\xffnot a backup\n" * 500)
    dump = tmp_path / "pg.backup"
    dump.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 500)
    for bad, says in [
        (garbage, "is not a Nestling backup: it is neither a SQLite database nor"),
        (dump, "is a PostgreSQL backup, but this Nestling uses SQLite"),
    ]:
        result = nestling(env, "restore", str(bad), "--yes")
        assert result.returncode == 2
        assert says in result.stderr and "Nothing was changed." in result.stderr
        assert sqlite_contents(live) == before


def test_sqlite_restoring_an_older_backup_migrates_it(
    sqlite_template: Path, tmp_path: Path
) -> None:
    # The same instance as it was before the notifications app existed.
    old = sqlite_copy(sqlite_template, tmp_path / "old.backup")
    with closing(sqlite3.connect(old)) as db:
        tables = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'notifications_%'"
        ).fetchall()
        assert tables
        for (name,) in tables:
            db.execute(f'DROP TABLE "{name}"')
        db.execute("DELETE FROM django_migrations WHERE app = 'notifications'")
        db.commit()
    live = sqlite_copy(sqlite_template, tmp_path / "live" / "nestling.sqlite3")
    with closing(sqlite3.connect(live)) as db:
        db.execute(QUIET_HOURS_FOR_EVERYONE)
        db.commit()

    result = nestling(instance_env(live.parent), "restore", str(old), "--yes")

    assert result.returncode == 0, result.stderr
    assert "older version" in result.stdout
    assert "notifications.0001_initial" in result.stdout
    with closing(sqlite3.connect(live)) as db:
        applied = {
            row[0]
            for row in db.execute("SELECT name FROM django_migrations WHERE app = 'notifications'")
        }
        assert "0001_initial" in applied and len(applied) >= 2
        # Today's data in the newer tables went with the rest; they were made afresh.
        assert db.execute("SELECT COUNT(*) FROM notifications_quiethours").fetchone() == (0,)


# PostgreSQL ---------------------------------------------------------------------------

PG_HOST = os.environ.get("PGHOST_TEST", "127.0.0.1")
PG_PORT = int(os.environ.get("PGPORT_TEST", "5432"))
PG_USER = os.environ.get("PGUSER_TEST", "postgres")


def pg_connect(dbname: str = "postgres"):  # noqa: ANN201 - psycopg.Connection
    import psycopg

    return psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname, autocommit=True, connect_timeout=3
    )


def pg_url(name: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


class Databases:
    """Throwaway databases on the test server, dropped when the module is done."""

    def __init__(self) -> None:
        self.prefix = f"nestling_bk_{os.getpid()}_{secrets.token_hex(3)}"
        self.names: list[str] = []

    def create(self, label: str, template: str | None = None) -> str:
        name = f"{self.prefix}_{label}"
        with closing(pg_connect()) as conn:
            clause = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{clause}')
        self.names.append(name)
        return name

    def drop_all(self) -> None:
        with closing(pg_connect()) as conn:
            for name in reversed(self.names):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Databases, str]]:
    """The databases helper and a migrated template database holding the personas."""
    import psycopg

    try:
        pg_connect().close()
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT} as {PG_USER}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    databases = Databases()
    try:
        template = databases.create("template")
        python(instance_env(tmp_path_factory.mktemp("pg-template"), pg_url(template)), SEED)
        yield databases, template
    finally:
        databases.drop_all()


def dump_rows(path: Path) -> dict[str, list[str]]:
    """Each table's COPY header ("public.t (a, b)") and its rows as COPY text, sorted."""
    script = subprocess.run(
        ["pg_restore", "--data-only", "--file=-", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tables: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in script.splitlines():
        if current is not None:
            if line == "\\.":
                current.sort()
                current = None
            else:
                current.append(line)
        elif line.startswith("COPY ") and line.endswith(" FROM stdin;"):
            current = tables.setdefault(line.removeprefix("COPY ").removesuffix(" FROM stdin;"), [])
    return tables


def db_rows(dbname: str, tables: list[str]) -> dict[str, list[str]]:
    """The same as dump_rows, read from a live database with COPY … TO STDOUT."""
    found: dict[str, list[str]] = {}
    with closing(pg_connect(dbname)) as conn, conn.cursor() as cursor:
        for table in tables:
            data = bytearray()
            with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                for chunk in copy:
                    data += chunk
            found[table] = sorted(data.decode().splitlines())
    return found


def db_tables(dbname: str) -> set[str]:
    with closing(pg_connect(dbname)) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {name for (name,) in rows}


def db_notes(dbname: str) -> list[str]:
    with closing(pg_connect(dbname)) as conn:
        rows = conn.execute("SELECT details FROM carelog_event WHERE kind = 'note'").fetchall()
    return [details["text"] for (details,) in rows]


def dump_notes(rows: dict[str, list[str]]) -> list[str]:
    header = next(key for key in rows if key.startswith("public.carelog_event "))
    columns = header.split("(", 1)[1].rstrip(")").split(", ")
    at = columns.index("details")
    return [json.loads(line.split("\t")[at])["text"] for line in rows[header]]


def test_postgres_backup_while_another_process_writes_restores_that_moment(
    pg: tuple[Databases, str], tmp_path: Path
) -> None:
    databases, template = pg
    live = databases.create("live", template)
    env = instance_env(tmp_path / "data", pg_url(live))
    out = tmp_path / "nestling.backup"
    with writer_running(env, tmp_path) as final_pairs:
        before = complete_pairs(db_notes(live))
        result = nestling(env, "backup", str(out))
        assert result.returncode == 0, result.stderr
        rows = dump_rows(out)
        in_backup = complete_pairs(dump_notes(rows))
        wait_until(lambda: complete_pairs(db_notes(live)) > in_backup + 5)
    assert before < in_backup < final_pairs(), (before, in_backup, final_pairs())
    events = 2 * in_backup
    assert "PostgreSQL, " in result.stdout and f"{events} events" in result.stdout
    assert out.read_bytes().startswith(b"PGDMP")
    assert out.stat().st_mode & 0o777 == 0o600

    fresh = databases.create("fresh")  # an empty database on a new server
    result = nestling(instance_env(tmp_path / "data", pg_url(fresh)), "restore", str(out), "--yes")
    assert result.returncode == 0, result.stderr
    assert f"{events} events" in result.stdout
    assert db_tables(fresh) == {key.split(" ")[0].removeprefix("public.") for key in rows}
    restored = db_rows(fresh, list(rows))
    assert [table for table in rows if restored[table] != rows[table]] == []
    assert len(dump_notes(rows)) == events


def test_postgres_restore_refuses_garbage_and_a_sqlite_backup_and_changes_nothing(
    pg: tuple[Databases, str], tmp_path: Path
) -> None:
    databases, template = pg
    live = databases.create("untouched", template)
    env = instance_env(tmp_path / "data", pg_url(live))
    tables = [f"public.{name}" for name in sorted(db_tables(live))]
    before = db_rows(live, tables)
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"PGDMP" + b"\x00\xffnot really a dump" * 300)
    sqlite_backup = tmp_path / "sqlite.backup"
    with closing(sqlite3.connect(sqlite_backup)) as db:
        db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
    for bad, says in [
        (garbage, "is not a readable PostgreSQL backup"),
        (sqlite_backup, "is a SQLite backup, but this Nestling uses PostgreSQL"),
    ]:
        result = nestling(env, "restore", str(bad), "--yes")
        assert result.returncode == 2
        assert says in result.stderr and "Nothing was changed." in result.stderr
        assert db_rows(live, tables) == before


def test_postgres_restoring_an_older_backup_replaces_newer_tables_and_migrates(
    pg: tuple[Databases, str], tmp_path: Path
) -> None:
    databases, template = pg
    # The instance as it was before the notifications app existed...
    old = databases.create("old", template)
    with closing(pg_connect(old)) as conn:
        conn.execute("DELETE FROM django_migrations WHERE app = 'notifications'")
        for name in [n for n in db_tables(old) if n.startswith("notifications_")]:
            conn.execute(f'DROP TABLE "{name}" CASCADE')
    out = tmp_path / "old.backup"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={out}", pg_url(old)], check=True, timeout=120
    )
    # ...restored into today's version, whose notifications tables point at the members
    # table the restore must drop: plain `pg_restore --clean` fails on exactly this.
    live = databases.create("current", template)
    with closing(pg_connect(live)) as conn:
        conn.execute(QUIET_HOURS_FOR_EVERYONE)

    result = nestling(instance_env(tmp_path / "data", pg_url(live)), "restore", str(out), "--yes")

    assert result.returncode == 0, result.stderr
    assert "older version" in result.stdout and "notifications.0001_initial" in result.stdout
    with closing(pg_connect(live)) as conn:
        applied = conn.execute(
            "SELECT name FROM django_migrations WHERE app = 'notifications'"
        ).fetchall()
        assert ("0001_initial",) in applied
        assert conn.execute("SELECT COUNT(*) FROM notifications_quiethours").fetchone() == (0,)

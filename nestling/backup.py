"""Back up and restore the whole instance: every household's data, in one file.

SQLite is copied with its online backup API, which reads one consistent snapshot while
the server goes on writing (WAL lets a writer and the copying reader proceed together).
The copy goes to a temporary file beside OUT, passes `PRAGMA integrity_check` and is
then renamed over OUT, so OUT is never a half-written file. Restoring copies the backup
into the live database through the same API, in one write transaction: a running server
sees either the old data or the restored data, never a mix.

PostgreSQL is dumped with `pg_dump --format=custom` (also one snapshot) and restored with
pg_restore's `--clean --if-exists --no-owner`, applied by psql in a single transaction.
psql rather than `pg_restore --single-transaction` because restoring an older backup must
also drop the tables newer migrations created (e.g. a new app's), in that same
transaction: `--clean` only drops what the backup has, and a newer table pointing at an
old one makes the drop fail. Passwords travel in PGPASSWORD, never on a command line.

The two kinds of backup file are told apart by their first bytes. A restore refuses,
before changing anything, a file that is neither, one that isn't Nestling's, one of the
other database kind and one from a newer Nestling; it migrates one from an older Nestling.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connections

#: What a backup file holds: table names, events, applied migrations as (app, name).
_Contents = tuple[set[str], int, set[tuple[str, str]]]
_Inspector = Callable[[Path, str], _Contents]

SQLITE_HEADER = b"SQLite format 3\x00"
#: pg_dump's custom format ("PGDMP", then the archive version).
POSTGRES_HEADER = b"PGDMP"
#: A file holding these is a Nestling backup: Django's migration record and the care log.
REQUIRED_TABLES = ("django_migrations", "households_household", "carelog_baby", "carelog_event")
EVENTS_TABLE = "carelog_event"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
#: Seconds to wait for the server's writers to let go of the SQLite write lock.
SQLITE_BUSY_TIMEOUT = 30

#: libpq environment variables for the connection OPTIONS dj-database-url may set.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
# A TOC line of `pg_restore --list`: "215; 1259 16389 TABLE public carelog_event owner".
_TOC_TABLE = re.compile(r"^\d+;\s+\d+\s+\d+\s+TABLE\s+(?!DATA\s)(\S+)\s+(\S+)", re.MULTILINE)


class BackupError(Exception):
    """A backup or restore that can't go ahead; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BackupInfo:
    """A backup file: what kind, how big, and what it holds."""

    path: Path
    engine: str  # "sqlite" or "postgresql"
    size_bytes: int
    tables: int
    events: int


@dataclass(frozen=True)
class RestoreInfo:
    """What the database holds after a restore, and the migrations run to bring it up to date."""

    source: Path
    engine: str
    tables: int
    events: int
    migrations_applied: tuple[str, ...]


def backup(out: Path, using: str = "default") -> BackupInfo:
    """Write the whole database to OUT (replaced atomically if it exists).

    Safe while the server runs: the file is one consistent moment of the database.
    Raises BackupError when it can't be written or the copy fails its check.
    """
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        raise BackupError(
            f"{out} is a folder; give the backup file's name, e.g. {out}/nestling.backup"
        )
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    engine, settings = _database(using)
    try:
        if engine == SQLITE:
            return _backup_sqlite(_sqlite_path(settings), out)
        return _backup_postgres(settings, out)
    except OSError as exc:  # e.g. a folder we may not write to, or a full disk
        raise BackupError(f"could not write {out}: {exc.strerror or exc}") from exc


def describe(src: Path, using: str = "default") -> BackupInfo:
    """Check that SRC is a backup this instance can restore, and say what it holds.

    Changes nothing. Raises BackupError naming the problem: not a backup, not Nestling's,
    the other database kind, or from a newer Nestling.
    """
    src = _existing_file(src)
    engine, settings = _database(using)
    try:
        kind = file_kind(src)
    except OSError as exc:
        raise BackupError(f"could not read {src}: {exc.strerror or exc}") from exc
    if kind is None:
        raise BackupError(
            f"{src} is not a Nestling backup: it is neither a SQLite database nor a "
            "PostgreSQL dump (pg_dump --format=custom). Nothing was changed."
        )
    if kind != engine:
        raise BackupError(
            f"{src} is a {ENGINE_NAMES[kind]} backup, but this Nestling uses "
            f"{ENGINE_NAMES[engine]}: restore it into a Nestling that uses "
            f"{ENGINE_NAMES[kind]}. Nothing was changed."
        )
    if kind == SQLITE and _is_same_file(src, _sqlite_path(settings)):
        raise BackupError(f"{src} is the live database itself. Nothing was changed.")
    try:
        inspect = _inspect_sqlite if kind == SQLITE else _inspect_postgres
        tables, events, applied = inspect(src, str(src))
    except BackupError as exc:
        raise BackupError(f"{exc.message} Nothing was changed.") from exc
    _refuse_newer(src, applied)
    return BackupInfo(src, kind, src.stat().st_size, len(tables), events)


def restore(src: Path, using: str = "default") -> RestoreInfo:
    """Replace everything in the database with the backup SRC, then migrate it if it is older.

    Checks SRC first (see `describe`) and changes nothing when it is refused. The
    replacement is one transaction: on failure the database is as it was.
    """
    src = _existing_file(src)
    describe(src, using)
    engine, settings = _database(using)
    connection = connections[using]
    if engine == SQLITE:
        _restore_sqlite(src, _sqlite_path(settings))
    else:
        _restore_postgres(src, settings, using)
    # Whatever this process had open (schema cache, transaction state) described the old data.
    connection.close()
    applied = _migrate(using)
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(EVENTS_TABLE)}")
        (events,) = cursor.fetchone()
    return RestoreInfo(src, engine, len(tables), events, applied)


def file_kind(path: Path) -> str | None:
    """Which kind of backup a file is, from its first bytes: SQLITE, POSTGRESQL or None."""
    with Path(path).open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head.startswith(SQLITE_HEADER):
        return SQLITE
    if head.startswith(POSTGRES_HEADER):
        return POSTGRESQL
    return None


def database_label(using: str = "default") -> str:
    """The configured database in words, e.g. for a "replace everything in …?" question."""
    engine, settings = _database(using)
    if engine == SQLITE:
        return f"the SQLite database {_sqlite_path(settings)}"
    host = settings.get("HOST") or "the local socket"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"the PostgreSQL database {settings.get('NAME')!r} on {host}{port}"


# Shared helpers ------------------------------------------------------------------------


def _database(using: str) -> tuple[str, dict[str, Any]]:
    connection = connections[using]
    if connection.vendor not in (SQLITE, POSTGRESQL):
        raise BackupError(
            f"backups work with SQLite and PostgreSQL, not {connection.vendor}; "
            "use your database's own tools"
        )
    return connection.vendor, connection.settings_dict


def _existing_file(src: Path) -> Path:
    src = Path(src).expanduser().absolute()
    if not src.is_file():
        raise BackupError(f"{src} is not a file. Nothing was changed.")
    return src


def _refuse_newer(src: Path, applied: Iterable[tuple[str, str]]) -> None:
    """Refuse a backup whose migrations this code doesn't have: it came from a newer Nestling."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    ours = {app for app, _name in known}
    # Rows of apps this code has no migrations for (one removed since) don't matter.
    unknown = sorted(
        f"{app}.{name}" for app, name in applied if app in ours and (app, name) not in known
    )
    if unknown:
        raise BackupError(
            f"{src} comes from a newer version of Nestling: it has database changes this "
            f"version doesn't know ({', '.join(unknown[:3])}). Upgrade Nestling, then "
            "restore. Nothing was changed."
        )


def _migrate(using: str) -> tuple[str, ...]:
    """Apply the migrations a backup from an older Nestling lacks; return their names."""
    from django.core.management import call_command
    from django.db.migrations.exceptions import InconsistentMigrationHistory
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[using])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            call_command("migrate", database=using, interactive=False, verbosity=0)
    except (DatabaseError, InconsistentMigrationHistory) as exc:
        raise BackupError(
            f"the backup was restored, but bringing it up to date with this version failed: "
            f"{exc}. Run `nestling manage migrate` to see the details."
        ) from exc
    return tuple(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan)


def _temp_beside(out: Path) -> Path:
    # Same folder, so the final rename is atomic. mkstemp makes it owner-only (0600): a
    # backup holds every household's log, password hashes and notification addresses.
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    os.close(fd)
    return Path(name)


def _publish(tmp: Path, out: Path) -> None:
    """Make the finished temporary file OUT, durably: data first, then the rename."""
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    tmp.replace(out)
    # Record the rename too. Some file systems (network shares) can't sync a folder; the
    # backup is in place all the same, so that is no reason to report a failure.
    with suppress(OSError):
        dir_fd = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@contextmanager
def _written_beside(out: Path) -> Iterator[Path]:
    """A temporary path beside OUT, removed unless it was published as OUT."""
    tmp = _temp_beside(out)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def _checked_copy(inspect: _Inspector, tmp: Path, out: Path) -> tuple[int, int]:
    """Tables and events of a finished copy, or BackupError: OUT is then left as it was."""
    try:
        tables, events, _applied = inspect(tmp, "the new backup")
    except BackupError as exc:
        raise BackupError(f"{out} was not written: {exc.message}") from exc
    return len(tables), events


# SQLite --------------------------------------------------------------------------------


def _sqlite_path(settings: dict[str, Any]) -> Path:
    name = str(settings["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("the database is in memory: there is no file to back up or restore")
    return Path(name).expanduser().resolve()


def _read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: never creates the file, never writes to it.
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=SQLITE_BUSY_TIMEOUT)


def _is_same_file(a: Path, b: Path) -> bool:
    return a.exists() and b.exists() and a.samefile(b)


def _backup_sqlite(db: Path, out: Path) -> BackupInfo:
    if not db.exists():
        raise BackupError(f"there is no database at {db} yet: nothing to back up")
    live = (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
    if out.resolve() in live or _is_same_file(out, db):
        raise BackupError(f"{out} is the live database itself; write the backup elsewhere")
    with _written_beside(out) as tmp:
        try:
            with closing(_read_only(db)) as source, closing(sqlite3.connect(tmp)) as target:
                # All pages in one step: one read transaction, so one consistent snapshot.
                # (Page by page, SQLite restarts the copy whenever the server writes.)
                source.backup(target, pages=-1)
                # One self-contained file: no -wal beside it to lose on the way.
                target.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            raise BackupError(f"could not copy the database {db}: {exc}") from exc
        tables, events = _checked_copy(_inspect_sqlite, tmp, out)
        _publish(tmp, out)
    return BackupInfo(out, SQLITE, out.stat().st_size, tables, events)


def _inspect_sqlite(path: Path, label: str) -> _Contents:
    """Tables, events and applied migrations of a SQLite file; BackupError if it isn't sound."""
    try:
        with closing(_read_only(path)) as db:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                found = "; ".join(problems[:3])
                raise BackupError(f"{label} is damaged (SQLite's integrity check: {found}).")
            tables = {
                row[0]
                for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not row[0].startswith("sqlite_")
            }
            _require_tables(label, tables)
            (events,) = db.execute(f'SELECT COUNT(*) FROM "{EVENTS_TABLE}"').fetchone()
            applied = set(db.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{label} is damaged or not a SQLite database ({exc}).") from exc
    return tables, events, applied


def _require_tables(label: str, tables: set[str]) -> None:
    missing = [table for table in REQUIRED_TABLES if table not in tables]
    if missing:
        raise BackupError(
            f"{label} is not a Nestling backup: it has no {', '.join(missing)} "
            f"table{'s' if len(missing) > 1 else ''}."
        )


def _restore_sqlite(src: Path, db: Path) -> None:
    try:
        # Creates the database in a fresh data folder. The backup API writes the copy in
        # one transaction under the write lock, waiting (busy timeout) for the server.
        with (
            closing(_read_only(src)) as source,
            closing(sqlite3.connect(db, timeout=SQLITE_BUSY_TIMEOUT)) as target,
        ):
            source.backup(target, pages=-1)
    except sqlite3.Error as exc:
        raise BackupError(
            f"could not write the database {db}: {exc}. Nothing was changed."
        ) from exc


# PostgreSQL ----------------------------------------------------------------------------


class _ToolFailed(BackupError):
    """A PostgreSQL client tool exited with an error; the message is what it said."""


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    """The tools' environment: the connection details as libpq variables, password included."""
    env = dict(os.environ)
    for key, var in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings.get(key):
            env[var] = str(settings[key])
    for option, var in _LIBPQ_OPTIONS.items():
        value = (settings.get("OPTIONS") or {}).get(option)
        if value not in (None, ""):
            env[var] = str(value)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools (Debian: "
            "postgresql-client), the same major version as the server"
        )
    return path


def _said(stderr: str, returncode: int) -> str:
    said = " ".join(line.strip() for line in stderr.strip().splitlines()[-3:])
    return said.rstrip(".") or f"exit status {returncode}"


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    """Run a PostgreSQL client tool: its stdout, or _ToolFailed with what it said."""
    result = subprocess.run(
        [_tool(args[0]), *args[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise _ToolFailed(_said(result.stderr, result.returncode))
    return result.stdout


def _copy_rows(src: Path, table: str) -> Iterator[list[str]]:
    """TABLE's rows in a dump as lists of COPY text fields, streamed (a year of events is big)."""
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            [_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(src)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert process.stdout is not None
        inside = False
        with process.stdout:
            for line in process.stdout:
                line = line.removesuffix("\n")
                if inside and line == "\\.":
                    inside = False
                elif inside:
                    yield line.split("\t")
                elif line.startswith("COPY ") and line.endswith(" FROM stdin;"):
                    inside = True
        if (returncode := process.wait()) != 0:
            errors.seek(0)
            raise _ToolFailed(_said(errors.read(), returncode))


def _dump_tables(path: Path) -> set[str]:
    """The names of the tables in a dump, from its table of contents."""
    toc = _run(["pg_restore", "--list", str(path)])
    return {name for _schema, name in _TOC_TABLE.findall(toc)}


def _inspect_postgres(path: Path, label: str) -> _Contents:
    """Tables, events and applied migrations of a custom-format dump; BackupError if unsound."""
    try:
        tables = _dump_tables(path)
        _require_tables(label, tables)
        events = sum(1 for _row in _copy_rows(path, EVENTS_TABLE))
        # django_migrations' columns: id, app, name, applied.
        applied = {(row[1], row[2]) for row in _copy_rows(path, "django_migrations")}
    except _ToolFailed as exc:
        raise BackupError(f"{label} is not a readable PostgreSQL backup ({exc.message}).") from exc
    return tables, events, applied


def _backup_postgres(settings: dict[str, Any], out: Path) -> BackupInfo:
    with _written_beside(out) as tmp:
        try:
            # --no-password: fail at once rather than wait at a prompt nobody sees.
            _run(
                ["pg_dump", "--format=custom", "--no-password", f"--file={tmp}"], _pg_env(settings)
            )
        except _ToolFailed as exc:
            raise BackupError(f"pg_dump failed, so {out} was not written: {exc.message}") from exc
        tables, events = _checked_copy(_inspect_postgres, tmp, out)
        _publish(tmp, out)
    return BackupInfo(out, POSTGRESQL, out.stat().st_size, tables, events)


def _newer_tables(src: Path, using: str) -> list[str]:
    """Nestling's tables in the live database that the backup lacks, schema-qualified.

    A backup from an older Nestling lacks the tables later migrations created. They are
    dropped with the rest, so that migrating afterwards creates them afresh. Only the tables
    of Nestling's own models: anything else sharing the database is left alone.
    """
    connection = connections[using]
    in_backup = _dump_tables(src)
    ours = {*connection.introspection.django_table_names(include_views=False), "django_migrations"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid)"
        )
        live = cursor.fetchall()
    quote = connection.ops.quote_name
    return sorted(
        f"{quote(schema)}.{quote(name)}" for schema, name in live if name in ours - in_backup
    )


def _restore_postgres(src: Path, settings: dict[str, Any], using: str) -> None:
    try:
        drop = [f"DROP TABLE IF EXISTS {table} CASCADE;" for table in _newer_tables(src, using)]
        # The script holds every row in clear: a private folder (0700), removed straight after.
        with tempfile.TemporaryDirectory(prefix="nestling-restore-") as folder:
            script = Path(folder) / "restore.sql"
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    # Grants name roles the server restored to may not have, like owners.
                    "--no-privileges",
                    f"--file={script}",
                    str(src),
                ]
            )
            psql = ["psql", "--no-psqlrc", "--quiet", "--no-password", "--single-transaction"]
            psql.append("--set=ON_ERROR_STOP=1")
            if drop:
                psql.append(f"--command={' '.join(drop)}")
            _run([*psql, f"--file={script}"], _pg_env(settings))
    except _ToolFailed as exc:
        raise BackupError(f"restoring {src} failed: {exc.message}. Nothing was changed.") from exc

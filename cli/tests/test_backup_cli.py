"""`nestling backup` and `nestling restore` through typer's CliRunner, on the test database:
SQLite or PostgreSQL, whichever the suite runs on (nestling/tests/test_backup.py runs both
end to end, with another process writing during the backup)."""

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from typer.testing import CliRunner

from carelog.models import Event
from cli.main import app
from nestling.backup import file_kind

runner = CliRunner()
# Transactional: a backup reads what is committed, as it would from a running server.
pytestmark = pytest.mark.django_db(transaction=True)
ON_SQLITE = connection.vendor == "sqlite"


def run(*args: str, answer: str | None = None):
    return runner.invoke(app, list(args), input=answer, catch_exceptions=False)


def log_notes(people, *texts: str) -> list[int]:
    return [
        Event.objects.create(
            household=people.household,
            baby=people.baby,
            kind="note",
            start=timezone.now(),
            caregiver=people.alice,
            details={"text": text},
        ).pk
        for text in texts
    ]


def log_state() -> list[tuple[int, dict]]:
    return list(Event.objects.order_by("pk").values_list("pk", "details"))


def test_backup_writes_one_private_file_and_says_what_it_holds(people, tmp_path):
    log_notes(people, "one", "two", "three")
    out = tmp_path / "nestling.backup"

    result = run("backup", str(out))

    assert result.exit_code == 0, result.stderr
    engine = "SQLite" if ON_SQLITE else "PostgreSQL"
    assert result.stdout.startswith(f"Wrote {out} ({engine}, ")
    assert "tables, 3 events." in result.stdout
    assert file_kind(out) == connection.vendor
    assert out.stat().st_mode & 0o777 == 0o600
    assert list(tmp_path.iterdir()) == [out]


def test_backup_overwrites_an_older_backup(people, tmp_path):
    out = tmp_path / "nestling.backup"
    out.write_text("last week's")
    log_notes(people, "one")
    assert run("backup", str(out)).exit_code == 0
    assert file_kind(out) == connection.vendor


@pytest.mark.parametrize("answer", ["n\n", "\n", ""])
def test_restore_asks_first_and_changes_nothing_unless_told_yes(people, tmp_path, answer):
    out = tmp_path / "nestling.backup"
    log_notes(people, "one", "two")
    run("backup", str(out))
    log_notes(people, "after the backup")
    before = log_state()

    result = run("restore", str(out), answer=answer)

    assert result.exit_code == 1
    assert f"{out}: a " in result.stdout and " tables and 2 events." in result.stdout
    assert "Replace everything in the" in result.stdout
    assert "Nothing restored." in result.stdout
    assert log_state() == before


@pytest.mark.slow  # starts a process
@pytest.mark.parametrize("how", [("--yes",), ()])
def test_restore_brings_back_the_moment_of_the_backup(people, tmp_path, how):
    out = tmp_path / "nestling.backup"
    first, second, _third = log_notes(people, "one", "two", "three")
    run("backup", str(out))
    at_backup = log_state()
    log_notes(people, "after the backup")
    Event.objects.filter(pk=first).delete()
    Event.objects.filter(pk=second).update(details={"text": "edited"})

    result = run("restore", str(out), *how, answer=None if how else "y\n")

    assert result.exit_code == 0, result.stderr
    assert f"Restored {out}: " in result.stdout and "tables, 3 events." in result.stdout
    assert "older version" not in result.stdout
    assert log_state() == at_backup


def _sqlite_file(path: Path, tables: list[str]) -> Path:
    with closing(sqlite3.connect(path)) as db:
        for table in tables:
            db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
    return path


def _someone_elses_database(tmp_path: Path) -> Path:
    """A sound backup of the configured kind without Nestling's tables."""
    if ON_SQLITE:
        return _sqlite_file(tmp_path / "other.backup", ["invoices"])
    out = tmp_path / "other.backup"
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    args = ["pg_dump", "--format=custom", f"--file={out}", "--dbname=postgres"]
    args += [f"--host={settings['HOST']}", f"--port={settings['PORT']}"]
    args += [f"--username={settings['USER']}"]
    subprocess.run(args, env=env, check=True, timeout=60)
    return out


def _truncated_backup(tmp_path: Path) -> Path:
    whole = tmp_path / "whole.backup"
    run("backup", str(whole))
    cut = tmp_path / "cut.backup"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    return cut


def _other_kind(tmp_path: Path) -> Path:
    if ON_SQLITE:
        path = tmp_path / "pg.backup"
        path.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
        return path
    return _sqlite_file(tmp_path / "sqlite.backup", ["django_migrations"])


def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.backup"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.backup"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_garbage, "is not a Nestling backup: it is neither a SQLite database nor a PostgreSQL"),
        (_empty, "is not a Nestling backup"),
        (lambda tmp_path: tmp_path / "missing.backup", "is not a file"),
        (_someone_elses_database, "is not a Nestling backup: it has no django_migrations"),
        (_truncated_backup, "is damaged" if ON_SQLITE else "is not a readable PostgreSQL backup"),
        (
            _other_kind,
            "is a PostgreSQL backup, but this Nestling uses SQLite"
            if ON_SQLITE
            else "is a SQLite backup, but this Nestling uses PostgreSQL",
        ),
    ],
    ids=["garbage", "empty", "missing", "not-nestling", "truncated", "other-kind"],
)
def test_restore_refuses_what_it_cannot_restore_and_changes_nothing(people, tmp_path, make, says):
    log_notes(people, "keep me")
    bad = make(tmp_path)
    before = log_state()

    result = run("restore", str(bad), "--yes")

    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert says in result.stderr, result.stderr
    assert result.stderr.rstrip().endswith("Nothing was changed.")
    assert log_state() == before


def test_restore_refuses_a_backup_from_a_newer_version(people, tmp_path):
    recorder = MigrationRecorder(connection)
    recorder.record_applied("carelog", "9999_from_the_future")
    out = tmp_path / "future.backup"
    run("backup", str(out))
    recorder.record_unapplied("carelog", "9999_from_the_future")
    log_notes(people, "today")
    before = log_state()

    result = run("restore", str(out), "--yes")

    assert result.exit_code == 2
    assert "comes from a newer version of Nestling" in result.stderr
    assert "carelog.9999_from_the_future" in result.stderr
    assert "Upgrade Nestling, then restore." in result.stderr
    assert log_state() == before


def test_backup_needs_a_file_name_in_an_existing_folder(tmp_path):
    result = run("backup", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr
    result = run("backup", str(tmp_path / "no-such-folder" / "nestling.backup"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


@pytest.mark.skipif(not ON_SQLITE, reason="only SQLite keeps the database in a file")
def test_backup_and_restore_refuse_the_live_database_file_itself(people, tmp_path):
    live = Path(connection.settings_dict["NAME"])
    log_notes(people, "keep me")
    before = log_state()
    for args in (("backup", str(live)), ("backup", f"{live}-wal"), ("restore", str(live), "--yes")):
        result = run(*args)
        assert result.exit_code == 2
        assert "is the live database itself" in result.stderr
    assert log_state() == before

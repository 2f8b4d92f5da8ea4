"""`nestling log` refuses a mistyped year with one line naming the field, never a traceback
(issue 12: `--start 9999999h` stored year 886, `--start 99999999999h` crashed)."""

from datetime import UTC, datetime

import pytest
import time_machine
from typer.testing import CliRunner

from carelog.models import Event
from cli.main import app

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("0001-01-01T00:00", "start: The start is long before Sam was born"),
        ("9999999h", "start: The start is long before Sam was born"),  # year 886
        ("99999999999h", "start: “99999999999h” is too long ago; check the number."),
        ("99999999999999999999m", "start: “99999999999999999999m” is too long ago"),
        ("9999-12-31T23:59", "start: The start is in the future."),
    ],
)
def test_log_refuses_a_start_out_of_bounds_naming_it(people, when, message):
    result = run("log", "nappy", "--user", "alice", "--start", when, "--detail", "wet=true")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}"), result.stderr
    assert "Traceback" not in result.output
    assert not Event.objects.exists()


def test_an_end_too_long_ago_names_the_end(people):
    result = run("log", "sleep", "--user", "alice", "--start", "1h", "--end", "99999999999h")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: end: “99999999999h” is too long ago")


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("99999999999h", "is too long ago"),
        # Valid ISO 8601, but before year 1 once in UTC, which is how times are stored.
        ("0001-01-01T00:00+05:00", "is out of range; check the year"),
    ],
)
def test_events_since_out_of_range_names_since(people, since, message):
    result = run("events", "--user", "alice", "--since", since)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: since: “{since}” {message}"), result.stderr


def test_a_month_before_the_birth_is_still_accepted(people):
    result = run("log", "note", "--user", "alice", "--start", "2026-05-21T00:00",
                 "--detail", "text=First scan")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert Event.objects.get().kind == "note"

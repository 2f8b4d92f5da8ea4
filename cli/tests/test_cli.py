import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from typer.testing import CliRunner

from carelog import services
from carelog.models import Event
from cli.main import app
from households.models import ApiToken, hash_secret

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_token_create_prints_only_the_token_and_stores_it_hashed(people):
    result = run("token", "create", "--user", "bob")
    assert result.exit_code == 0
    raw = result.stdout.strip()
    assert raw.startswith("nst_") and "\n" not in raw
    assert ApiToken.objects.get(token_hash=hash_secret(raw)).membership == people.bob


def test_token_revoke_refuses_someone_elses_token(people):
    raw = run("token", "create", "--user", "alice").stdout.strip()
    token = ApiToken.objects.get(token_hash=hash_secret(raw))
    result = run("token", "revoke", str(token.pk), "--user", "charlie")
    assert result.exit_code == 2
    assert "No such token" in result.stderr
    assert run("token", "revoke", str(token.pk), "--user", "alice").exit_code == 0


def test_log_by_the_partner_with_details(people):
    result = run(
        "log",
        "feed",
        "--user",
        "alice",
        "--by",
        "Dad",
        "--start",
        "40m",
        "--end",
        "25m",
        "--detail",
        "method=bottle",
        "--detail",
        "amount_ml=120",
        "--with",
        "Mum",
    )
    assert result.exit_code == 0, result.stderr
    event = Event.objects.get()
    assert event.caregiver == people.bob
    assert event.details == {"method": "bottle", "amount_ml": 120}
    assert event.duration == timedelta(minutes=15)
    assert list(event.others_present.all()) == [people.alice]


def test_log_without_end_starts_a_timer(people):
    result = run("log", "sleep", "--user", "bob")
    assert "started timer" in result.stdout
    assert Event.objects.get().is_running


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dance"], "kind: Unknown kind"),
        (
            ["feed", "--detail", "method=bottle", "--detail", "amount_ml=-5", "--end", "5m"],
            "details.amount_ml",
        ),
        (["sleep", "--start", "1h", "--end", "2h"], "end: The end is before the start"),
        (["sleep", "--start", "2099-01-01T00:00"], "start: The start is in the future"),
        (["sleep", "--start", "yesterday-ish"], "start: “yesterday-ish” is not a time"),
        (["note", "--detail", "oops"], "detail: 'oops' should look like key=value"),
        (["sleep", "--by", "Papa"], "by: nobody called 'Papa'"),
    ],
)
def test_bad_input_gets_the_same_message_as_the_app_and_writes_nothing(people, args, message):
    result = run("log", *args, "--user", "alice")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not Event.objects.exists()


def test_events_are_scoped_to_your_household(people):
    services.log_event(people.alice, people.baby, "nappy", details={"wet": True})
    services.log_event(people.charlie, people.charlies_baby, "nappy", details={"dirty": True})
    mine = [
        json.loads(line) for line in run("events", "--json", "--user", "alice").stdout.splitlines()
    ]
    theirs = [
        json.loads(line)
        for line in run("events", "--json", "--user", "charlie").stdout.splitlines()
    ]
    assert [e["details"] for e in mine] == [{"wet": True, "dirty": False}]
    assert [e["details"] for e in theirs] == [{"wet": False, "dirty": True}]
    assert mine[0]["caregiver"]["name"] == "Mum"


def test_events_filter_by_kind_and_since(people):
    services.log_event(
        people.alice, people.baby, "nappy", start=NOW - timedelta(hours=5), details={"wet": True}
    )
    services.log_event(
        people.alice,
        people.baby,
        "sleep",
        start=NOW - timedelta(hours=2),
        end=NOW - timedelta(hours=1),
    )
    out = run("events", "--kind", "nappy", "--since", "6h", "--user", "alice").stdout
    assert "nappy" in out and "sleep" not in out
    assert run("events", "--since", "3h", "--user", "alice").stdout.count("\n") == 1
    assert run("events", "--kind", "dance", "--user", "alice").exit_code == 2


def test_createuser_checks_the_password(db):
    assert run("createuser", "nana", "--password", "short").exit_code == 2
    assert run("createuser", "nana", "--password", "a-long-enough-password").exit_code == 0
    assert (
        "username: That username is taken"
        in run("createuser", "nana", "--password", "another-long-password").stderr
    )

"""The command line speaks the member's own language, as the pages and the API do.

Each command a parent uses is run for Alice reading Spanish, then for Alice in the default
English: the Spanish output says it in Spanish and not one of the English sentences; the
English output is unchanged. Field names (`detail:`, `by:`), codes, ids and option names
stay as typed in both.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from typer.testing import CliRunner

from carelog.models import Event
from cli.main import app

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday
runner = CliRunner()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def run(*args: str, input: str | None = None):  # noqa: A002
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture(params=["es", ""], ids=["spanish", "english"])
def alice(request, people):
    """Alice, reading Nestling in Spanish, or in the default (British) English."""
    people.alice.language = request.param
    people.alice.save(update_fields=["language"])
    return people.alice


def says(alice, spanish: str, english: str, text: str) -> None:
    """``text`` says the Spanish for a Spanish reader and none of the English; the English
    for anyone else."""
    if alice.language == "es":
        assert spanish in text, text
        assert english not in text, text
    else:
        assert english in text, text


def test_logging_a_nappy(alice):
    result = run("log", "nappy", "--user", "alice", "--detail", "wet=true")
    assert result.exit_code == 0, result.output
    event = Event.objects.get()
    says(alice, "registrado: pañal #", "logged nappy #", result.stdout)
    assert f"#{event.pk} " in result.stdout and "2026-11-23 09:00" in result.stdout


def test_starting_a_feed_timer_then_listing_the_events(alice):
    started = run("log", "feed", "--user", "alice", "--start", "10m", "--detail", "method=breast")
    assert started.exit_code == 0, started.output
    says(alice, "cronómetro iniciado: toma #", "started timer: feed #", started.stdout)
    listed = run("events", "--user", "alice")
    assert listed.exit_code == 0, listed.output
    says(alice, "en marcha", "running", listed.stdout)
    # Day and month names in the reader's words too; the kind stays the code `--kind` takes.
    says(alice, "Lun 23 Nov 08:50", "Mon 23 Nov 08:50", listed.stdout)
    assert "feed" in listed.stdout


@pytest.mark.parametrize(
    ("args", "field", "spanish", "english"),
    [
        (["--detail", "oops"], "detail", "'oops' debería tener la forma clave=valor",
         "'oops' should look like key=value"),
        (["--by", "Papa"], "by", "no hay nadie llamado 'Papa' en este hogar",
         "nobody called 'Papa' in this household"),
        (["--start", "yesterday-ish"], "start", "“yesterday-ish” no es una hora",
         "“yesterday-ish” is not a time"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_then_says_what_is_wrong(alice, args, field, spanish, english):
    result = run("log", "nappy", "--user", "alice", "--detail", "wet=true", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {field}: "), result.stderr
    says(alice, spanish, english, result.stderr)
    assert not Event.objects.exists()


def test_an_unknown_kind_in_the_events_filter(alice):
    result = run("events", "--kind", "dance", "--user", "alice")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: kind: ")
    says(
        alice,
        "tipo desconocido 'dance'; usa uno de estos: feed, ",
        "unknown kind 'dance'; use one of: feed, ",
        result.stderr,
    )


def test_tokens_are_listed_and_revoked(alice):
    created = run("token", "create", "--user", "alice", "--name", "home")
    assert created.exit_code == 0 and created.stdout.startswith("nst_")  # the token, as it is
    listed = run("token", "list", "--user", "alice")
    assert listed.exit_code == 0, listed.output
    says(alice, "\tnunca usado", "\tnever used", listed.stdout)
    token_id = listed.stdout.split("\t")[0]
    revoked = run("token", "revoke", token_id, "--user", "alice")
    assert revoked.exit_code == 0, revoked.output
    says(alice, f"Token {token_id} revocado.", f"Revoked token {token_id}.", revoked.stdout)


def test_a_plan_not_made_yet(alice):
    result = run("plan", "show", "--user", "alice")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: plan: ")
    says(alice, "Mum aún no tiene plan (crea uno con `nestling plan create`)",
         "Mum has no plan yet (make one with `nestling plan create`)", result.stderr)  # fmt: skip


def test_the_insights_table_and_its_caveat(alice):
    result = run("insights", "--user", "alice")
    assert result.exit_code == 0, result.output
    says(alice, "quién cuida", "caregiver", result.stdout)
    says(alice, "intervalo del 95%", "95% interval", result.stdout)
    says(alice, "Nestling no es una herramienta de diagnóstico",
         "Nestling is not a diagnostic tool", result.stdout)  # fmt: skip


def test_deleting_asks_for_the_name_in_the_members_language(alice):
    result = run("delete-household", "--user", "alice", input="Alice\n")
    assert result.exit_code == 2  # the wrong name: nothing deleted
    says(alice, "Escribe el nombre del hogar", "Type the household's name", result.stdout)


def test_who_you_are_is_asked_before_anything_else(alice, monkeypatch):
    """With no --user there is nobody whose language to speak: English, as the default."""
    monkeypatch.delenv("NESTLING_USER", raising=False)
    result = run("log", "nappy", "--detail", "wet=true")
    assert result.exit_code == 2
    assert "say who you are: --user NAME" in result.stderr


def test_us_english_reads_diaper(people):
    people.alice.language = "en-us"
    people.alice.save(update_fields=["language"])
    result = run("log", "nappy", "--user", "alice", "--detail", "wet=true")
    assert result.exit_code == 0, result.output
    assert "logged diaper #" in result.stdout and "nappy" not in result.stdout

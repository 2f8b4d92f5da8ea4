"""`nestling export OUT.zip` and `nestling delete-household`."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
import time_machine
from typer.testing import CliRunner

from cli.main import app
from households.models import Household
from households.tests.test_portability import build_world, row_counts

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(people):
    return build_world(people.alice, people.bob, people.vera, people.baby)


def run(*args: str, input: str | None = None):  # noqa: A002
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_export_writes_the_zip(world, tmp_path):
    out = tmp_path / "ours.zip"
    result = run("export", str(out), "--user", "alice")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out} (")
    with zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read("nestling-export.json"))
        assert "events-feed.csv" in archive.namelist()
    assert data["exported_by"] == world.owner.pk
    assert world.partner_check_in.pk not in [c["id"] for c in data["check_ins"]]


def test_export_as_the_partner_from_the_environment(world, tmp_path, monkeypatch):
    monkeypatch.setenv("NESTLING_USER", "bob")
    out = tmp_path / "bob.zip"
    assert run("export", str(out)).exit_code == 0
    data = json.loads(zipfile.ZipFile(io.BytesIO(out.read_bytes())).read("nestling-export.json"))
    assert [c["id"] for c in data["check_ins"]] == [world.partner_check_in.pk]


def test_a_viewer_cannot_export(world, tmp_path):
    out = tmp_path / "vera.zip"
    result = run("export", str(out), "--user", "vera")
    assert result.exit_code == 2
    assert result.stderr == "error: Only members who can log care can export the household.\n"
    assert not out.exists()


def test_export_into_a_missing_folder_says_so(world, tmp_path):
    result = run("export", str(tmp_path / "nowhere" / "x.zip"), "--user", "alice")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: out: cannot write")


def test_delete_with_the_right_name(world):
    result = run("delete-household", "--confirm", "Alice and Bob", "--user", "alice")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Deleted the household Alice and Bob and everything in it.\n"
    assert not Household.objects.filter(name="Alice and Bob").exists()


def test_delete_asks_for_the_name_when_not_given(world):
    result = run("delete-household", "--user", "alice", input="Alice and Bob\n")
    assert result.exit_code == 0, result.stderr
    assert "Type the household's name" in result.stdout
    assert not Household.objects.filter(name="Alice and Bob").exists()


def test_a_wrong_name_deletes_nothing(world):
    counts = row_counts()
    result = run("delete-household", "--confirm", "Alice", "--user", "alice")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: confirm: Type the household's name, “Alice and Bob”, exactly as shown.\n"
    )
    assert row_counts() == counts


@pytest.mark.parametrize("who", ["bob", "vera"])
def test_only_the_owner_may_delete(world, who):
    counts = row_counts()
    result = run("delete-household", "--confirm", "Alice and Bob", "--user", who)
    assert result.exit_code == 2
    assert result.stderr == "error: Only the household's owner can delete it.\n"
    assert row_counts() == counts

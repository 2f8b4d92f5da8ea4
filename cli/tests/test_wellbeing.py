"""`nestling intake FILE|- [--json]` and `nestling checkin history`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from wellbeing.testing import make_check_in

STORY = Path("/work/shared/story.txt")
runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)


def test_intake_json_on_the_story(db):
    result = run("intake", str(STORY), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["concerns", "next_steps", "unread", "unread_notice", "safety"]
    assert data["unread"] == [] and data["unread_notice"] is None
    assert data["safety"]["tier"] >= 3 and data["safety"]["ask_screen"] is True
    assert data["safety"]["about"] == "partner"
    labels = {c["label"] for c in data["concerns"]}
    assert {"bonding_difficulty", "rejection_of_baby", "work_time_pressure"} <= labels
    assert "safety_risk_self" not in labels
    text = STORY.read_text()
    span = data["concerns"][0]["evidence"][0]
    assert text[span["start"] : span["end"]] == span["text"]
    assert data["next_steps"][0]["key"] == "help:gp"


def test_intake_from_stdin_as_text(db):
    result = run("intake", "-", stdin=STORY.read_text())
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Concerns")
    assert "Feelings about the baby (high, your partner)" in out and "“ruining our lives”" in out
    assert "1. [Soon] Your husband should speak to his doctor soon" in out
    assert "not a diagnostic tool" in out


def test_intake_names_a_missing_file_and_empty_text(db, tmp_path):
    result = run("intake", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = run("intake", "-", stdin="  ")
    assert result.exit_code == 2 and "text:" in result.stderr


@pytest.mark.parametrize("as_json", [False, True])
def test_checkin_history_lists_your_own(people, as_json):
    make_check_in(people.bob, "phq9", 12)
    make_check_in(people.bob, "gad2", 1)
    args = ["checkin", "history", "--user", "bob"] + (["--json"] if as_json else [])
    result = run(*args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    if as_json:
        assert {json.loads(line)["total"] for line in lines} == {12, 1}
    else:
        assert "12/27" in result.stdout and "PHQ-9" in result.stdout


def test_checkin_history_needs_a_known_user(people):
    result = run("checkin", "history", "--user", "nobody")
    assert result.exit_code == 2 and "no user called" in result.stderr

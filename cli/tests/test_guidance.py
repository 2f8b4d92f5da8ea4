"""`nestling plan show|create|rate` on the demo family."""

from __future__ import annotations

import json
from datetime import timedelta

import time_machine
from typer.testing import CliRunner

from cli.main import app
from guidance import selectors
from guidance.testing import Demo

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def dads(demo: Demo):
    return selectors.active_plan(demo.dad.household, demo.dad)


def test_plan_show_json(demo):
    result = run("plan", "show", "--user", "dad", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["member"]["display_name"] == "Dad" and data["level"] == 1
    assert len(data["sessions"]) == dads(demo).sessions.count()


def test_plan_show_as_text(demo):
    result = run("plan", "show", "--user", "dad")
    assert result.exit_code == 0
    assert result.stdout.startswith("Dad's plan from Sat 21 Nov, 4 weeks, level 1")
    assert "[yours]" in result.stdout and "[changed]" in result.stdout


def test_plan_rate_adapts_and_names_bad_input(demo):
    plan = dads(demo)
    row = plan.sessions.first()
    with time_machine.travel(row.start_at + timedelta(minutes=20), tick=False):
        bad = runner.invoke(
            app,
            [
                "plan",
                "rate",
                "--user",
                "dad",
                str(row.pk),
                "--baby",
                "content",
                "--confidence",
                "9",
            ],
        )
        assert bad.exit_code == 2 and "parent_confidence" in bad.stderr
        good = run(
            "plan", "rate", "--user", "dad", str(row.pk), "--baby", "content", "--confidence", "4"
        )
    assert good.exit_code == 0 and "Level now 1" in good.stdout
    row.refresh_from_db()
    assert row.status == "done"


def test_plan_create_and_no_plan(demo, people):
    result = run("plan", "create", "--user", "dad")
    assert result.exit_code == 0 and "Dad's plan" in result.stdout
    none = runner.invoke(app, ["plan", "show", "--user", "bob"])
    assert none.exit_code == 2 and "no plan yet" in none.stderr
    refused = runner.invoke(app, ["plan", "create", "--user", "bob"])
    assert refused.exit_code == 2 and "availability" in refused.stderr

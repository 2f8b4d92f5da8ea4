"""The same report from the API (GET /api/v1/report) and the CLI (`nestling report`)."""

from __future__ import annotations

from pathlib import Path

from django.test import Client
from typer.testing import CliRunner

from cli.main import app
from households.services import create_token

from .conftest import at, log

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def api_as(member) -> Client:
    _token, raw = create_token(member, "report test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_api_returns_a_pdf(people):
    log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    response = api_as(people.alice).get("/api/v1/report", {"days": 7, "include_checkins": True})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "nestling-report-sam-2026-11-17-to-2026-11-23.pdf" in response["Content-Disposition"]


def test_the_api_lets_a_viewer_read_and_refuses_an_outsider(people):
    assert api_as(people.vera).get("/api/v1/report").status_code == 200
    response = api_as(people.charlie).get("/api/v1/report", {"baby": people.baby.pk})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_api_names_the_field_of_a_bad_period(people):
    client = api_as(people.alice)
    response = client.get("/api/v1/report", {"from": "2026-11-01"})
    assert response.status_code == 422 and set(response.json()["errors"]) == {"to"}
    response = client.get("/api/v1/report", {"days": 0})
    assert response.status_code == 422 and set(response.json()["errors"]) == {"days"}


def test_the_api_operation_is_documented():
    text = DOCS.read_text()
    assert "`get_report`" in text and "GET `/report`" in text


def test_the_cli_writes_a_pdf(people, tmp_path):
    log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(
        app, ["report", "--user", "alice", "--out", str(out), "--days", "14"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "Sam, 10 Nov 2026 to 23 Nov 2026 (14 days, 1 entries)" in result.stdout


def test_the_cli_names_a_bad_period(people, tmp_path):
    out = tmp_path / "report.pdf"
    runner = CliRunner()
    result = runner.invoke(
        app, ["report", "--user", "alice", "--out", str(out), "--from", "2026-11-01"]
    )
    assert result.exit_code == 2 and "to: Give both" in result.stderr
    result = runner.invoke(
        app,
        ["report", "--user", "alice", "--out", str(out), "--from", "nope", "--to", "2026-11-01"],
    )
    assert result.exit_code == 2 and "from:" in result.stderr
    assert not out.exists()

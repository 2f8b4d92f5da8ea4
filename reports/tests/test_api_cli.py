"""The same report from the API (GET /api/v1/reports and /report) and the CLI
(`nestling report`)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from django.test import Client
from typer.testing import CliRunner

from cli.main import app
from households.services import create_token
from wellbeing.models import Visibility
from wellbeing.testing import make_check_in

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


# --- GET /api/v1/reports: period, format and paper as the page and the CLI take them -------


def page_size(content: bytes) -> tuple[int, int]:
    width, height = pypdfium2.PdfDocument(content)[0].get_size()
    return round(width), round(height)


def test_reports_gives_the_last_4_weeks_as_an_a4_pdf_by_default(people):
    log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    response = api_as(people.alice).get("/api/v1/reports")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and page_size(response.content) == (595, 842)
    assert (
        'attachment; filename="nestling-report-sam-2026-10-27-to-2026-11-23.pdf"'
        == response["Content-Disposition"]
    )


def test_reports_gives_a_standalone_html_file_for_a_week(people):
    log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    response = api_as(people.alice).get("/api/v1/reports", {"period": "week", "format": "html"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "nestling-report-sam-2026-11-17-to-2026-11-23.html" in response["Content-Disposition"]
    html = response.content.decode()
    assert html.startswith("<!doctype html>") and "<style>" in html
    assert "@page { size: A4; }" in html and "@media screen" in html  # styles inside it
    assert "<link" not in html and "src=" not in html  # nothing to fetch
    assert "17 Nov 2026 – 23 Nov 2026 (7 days)" in html
    assert 'aria-labelledby="report-feeds-t report-feeds-d"' in html


def test_reports_takes_two_dates_and_letter_paper(people):
    response = api_as(people.alice).get(
        "/api/v1/reports", {"period": "2026-11-01:2026-11-20", "paper": "letter"}
    )
    assert response.status_code == 200 and page_size(response.content) == (612, 792)
    assert "2026-11-01-to-2026-11-20.pdf" in response["Content-Disposition"]
    html = api_as(people.alice).get(
        "/api/v1/reports", {"period": "week", "paper": "letter", "format": "html"}
    )
    assert "@page { size: letter; }" in html.content.decode()


def test_reports_is_letter_for_a_us_household_and_the_old_report_follows_suit(people):
    client = api_as(people.charlie)
    assert page_size(client.get("/api/v1/reports").content) == (612, 792)
    assert page_size(client.get("/api/v1/report").content) == (612, 792)
    assert page_size(client.get("/api/v1/report", {"paper": "a4"}).content) == (595, 842)


@pytest.mark.parametrize(
    ("query", "field", "says"),
    [
        ({"period": "fortnight"}, "period", "'fortnight' is not a period"),
        ({"period": "2026-11-20:2026-11-01"}, "period", "The start date is after the end date."),
        ({"period": "2026-11-01:2026-12-01"}, "period", "The end date is in the future."),
        ({"format": "docx"}, "format", "'docx' is not a format. Use pdf or html."),
        ({"paper": "a3"}, "paper", "'a3' is not a paper size. Use a4 or letter."),
    ],
)
def test_reports_names_the_choice_that_is_wrong(people, query, field, says):
    response = api_as(people.alice).get("/api/v1/reports", query)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {field}
    assert says in response.json()["errors"][field]


def test_reports_lets_a_viewer_read_and_refuses_an_outsider(people):
    assert api_as(people.vera).get("/api/v1/reports").status_code == 200
    response = api_as(people.charlie).get("/api/v1/reports", {"baby": people.baby.pk})
    assert response.status_code == 404 and response.json()["detail"]
    assert Client().get("/api/v1/reports").status_code == 401


def test_reports_never_shows_a_partners_unshared_check_in(people):
    make_check_in(people.bob, "phq9", 17, partner=Visibility.EVERYTHING, at=at(20, 10))
    make_check_in(people.bob, "gad7", 9, reports=Visibility.BAND, at=at(21, 10))
    response = api_as(people.alice).get(
        "/api/v1/reports", {"format": "html", "include_checkins": "true"}
    )
    html = response.content.decode()
    assert "GAD-7" in html and "shared by them for reports" in html
    assert "PHQ-9" not in html and "Moderately severe" not in html


def test_reports_is_documented():
    text = DOCS.read_text()
    assert "`render_report`" in text and "GET `/reports`" in text
    assert "period=week&format=html" in text


# --- nestling report --period --format --paper ----------------------------------------------


def run(*args: str):
    return CliRunner().invoke(app, ["report", "--user", "alice", *args])


def test_the_cli_writes_a_weeks_html_file(people, tmp_path):
    log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    out = tmp_path / "week.html"
    result = run("--period", "week", "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.startswith("<!doctype html>") and "<style>" in html
    assert "17 Nov 2026 – 23 Nov 2026 (7 days)" in html
    assert "Sam, 17 Nov 2026 to 23 Nov 2026 (7 days, 1 entries); HTML on A4 paper." in result.stdout


def test_the_cli_takes_html_from_the_files_name(people, tmp_path):
    out = tmp_path / "report.html"
    assert run("--out", str(out)).exit_code == 0
    assert out.read_text().startswith("<!doctype html>")


def test_the_cli_takes_two_dates_and_letter_paper(people, tmp_path):
    out = tmp_path / "nov.pdf"
    result = run("--period", "2026-11-01:2026-11-20", "--paper", "letter", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert page_size(out.read_bytes()) == (612, 792)
    assert "Sam, 01 Nov 2026 to 20 Nov 2026 (20 days" in result.stdout
    assert "PDF on Letter paper." in result.stdout


def test_the_cli_month_is_the_default_and_a4_in_great_britain(people, tmp_path):
    out = tmp_path / "month.pdf"
    result = run("--period", "month", "--out", str(out))
    assert result.exit_code == 0 and page_size(out.read_bytes()) == (595, 842)
    assert "Sam, 27 Oct 2026 to 23 Nov 2026 (28 days" in result.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--period", "fortnight"], "period: 'fortnight' is not a period. Use week, month"),
        (["--period", "2026-11-20:2026-11-01"], "period: The start date is after the end date."),
        (["--period", "2026-11-31:2026-12-01"], "period: '2026-11-31' is not a date"),
        (["--period", "week", "--days", "3"], "period: give --period, or --days"),
        (["--period", "week", "--from", "2026-11-01"], "period: give --period, or --days"),
        (["--format", "docx"], "format: 'docx' is not a format. Use pdf or html."),
        (["--paper", "a3"], "paper: 'a3' is not a paper size. Use a4 or letter."),
    ],
)
def test_the_cli_names_the_option_that_is_wrong_and_writes_nothing(people, tmp_path, args, says):
    out = tmp_path / "report.pdf"
    result = run(*args, "--out", str(out))
    assert result.exit_code == 2 and says in result.stderr
    assert not out.exists()


def test_the_cli_speaks_the_language_the_person_chose(people, tmp_path):
    """As on the web: the report and the insights are in the member's own language."""
    from django.utils import translation

    people.bob.language = "es"
    people.bob.save()
    log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    out = tmp_path / "informe.html"
    with translation.override("en"):  # the command switches this process to Spanish
        result = CliRunner().invoke(
            app, ["report", "--user", "bob", "--format", "html", "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        insights = CliRunner().invoke(app, ["insights", "--user", "bob"])
    assert "resumen del registro de cuidados" in out.read_text()
    assert insights.exit_code == 0, insights.output
    assert "No se ha registrado ningún llanto" in insights.stdout

"""The report page and its PDF: who may see them, what they show."""

from __future__ import annotations

import re
from html import unescape

import pypdfium2
import pytest
from django.urls import reverse

from wellbeing.models import Visibility
from wellbeing.testing import make_check_in

from .conftest import at, log

PAGE = reverse("reports:page")
PDF = reverse("reports:pdf")


@pytest.fixture
def logged(people):
    for day in (18, 19, 20):
        log(people.alice, people.baby, "feed", at(day, 8), 20, method="breast")
    log(people.alice, people.baby, "note", at(20, 9), text="Very sleepy after his jabs.")
    return people


def pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def test_the_owner_sees_the_choices_and_a_preview(logged, client):
    client.force_login(logged.alice.user)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A report for the doctor" in html and "Download PDF" in html
    assert "27 Oct 2026 – 23 Nov 2026 (28 days)" in html
    assert "Very sleepy after his jabs." in html
    assert "Nestling is not a diagnostic tool" in html


def test_an_htmx_request_gets_the_fragment(logged, client):
    client.force_login(logged.alice.user)
    response = client.get(PAGE, {"period": "7"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="report-main"' in html
    assert "17 Nov 2026 – 23 Nov 2026 (7 days)" in html


def test_a_custom_period_with_a_bad_range_shows_the_error_and_no_report(logged, client):
    client.force_login(logged.alice.user)
    query = {"period": "custom", "from": "2026-11-20", "to": "2026-11-01"}
    for url in (PAGE, PDF):
        response = client.get(url, query)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert "The start date is after the end date." in html
        assert "Very sleepy" not in html


def test_a_custom_period_needs_both_dates(logged, client):
    client.force_login(logged.alice.user)
    response = client.get(PAGE, {"period": "custom", "from": "2026-11-01"})
    assert "Give both dates" in response.content.decode()


def test_the_pdf_holds_the_babys_name_and_the_period(logged, client):
    client.force_login(logged.alice.user)
    response = client.get(PDF, {"period": "custom", "from": "2026-11-01", "to": "2026-11-21"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "nestling-report-sam-2026-11-01-to-2026-11-21.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Sam" in text and "1 Nov 2026 – 21 Nov 2026 (21 days)" in text
    assert "not a diagnostic tool" in text


def test_a_viewer_may_download_the_report(logged, client):
    client.force_login(logged.vera.user)
    response = client.get(PDF)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_an_outsider_gets_404_for_another_households_baby(logged, client):
    client.force_login(logged.charlie.user)
    for url in (PAGE, PDF):
        response = client.get(url, {"baby": logged.baby.pk})
        assert response.status_code == 404
        assert b"Very sleepy" not in response.content


def test_an_outsider_sees_only_their_own_baby(logged, client):
    client.force_login(logged.charlie.user)
    html = client.get(PAGE).content.decode()
    assert "Max" in html and "Very sleepy" not in html


def test_a_baby_that_is_not_a_number_is_404(logged, client):
    client.force_login(logged.alice.user)
    assert client.get(PAGE, {"baby": "abc"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_pages_only_answer_get(logged, client):
    client.force_login(logged.alice.user)
    assert client.post(PAGE).status_code == 405
    assert client.post(PDF).status_code == 405


def test_the_partners_unshared_check_in_never_shows(logged, client):
    make_check_in(logged.bob, "phq9", 17, partner=Visibility.EVERYTHING, at=at(20, 10))
    client.force_login(logged.alice.user)
    html = client.get(PAGE, {"period": "28", "include_checkins": "on"}).content.decode()
    assert "Moderately severe" not in html
    assert "chose to include their check-ins; there were none" in html


def test_the_insights_page_links_to_the_report(logged, client):
    client.force_login(logged.alice.user)
    html = client.get(reverse("web:insights")).content.decode()
    assert f"{PAGE}?baby={logged.baby.pk}" in html


# --- the period and the paper, as the API and the CLI take them ----------------------------


def checked(html: str, name: str) -> list[str]:
    """The values of the checked radio buttons called `name`."""
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]+)"[^>]*\bchecked', html)


def page_size(content: bytes) -> tuple[int, int]:
    width, height = pypdfium2.PdfDocument(content)[0].get_size()
    return round(width), round(height)


def test_the_period_buttons_use_the_words_of_the_api_and_the_cli(logged, client):
    client.force_login(logged.alice.user)
    html = client.get(PAGE).content.decode()
    for value in ("week", "14", "month", "90", "custom"):
        assert f'name="period" value="{value}"' in html
    assert checked(html, "period") == ["month"]
    assert checked(html, "paper") == ["a4"]  # Alice's household is in Great Britain


@pytest.mark.parametrize(
    ("period", "words", "button"),
    [
        ("week", "17 Nov 2026 – 23 Nov 2026 (7 days)", "week"),
        ("7", "17 Nov 2026 – 23 Nov 2026 (7 days)", "week"),  # an older address
        ("28", "27 Oct 2026 – 23 Nov 2026 (28 days)", "month"),
        ("2026-11-01:2026-11-21", "1 Nov 2026 – 21 Nov 2026 (21 days)", "custom"),
    ],
)
def test_a_period_in_the_address_shows_that_report_and_its_button(
    logged, client, period, words, button
):
    client.force_login(logged.alice.user)
    html = client.get(PAGE, {"period": period}).content.decode()
    assert words in html
    assert checked(html, "period") == [button]


def test_a_period_of_dates_in_the_address_fills_in_both_dates(logged, client):
    client.force_login(logged.alice.user)
    html = client.get(PAGE, {"period": "2026-11-01:2026-11-21"}).content.decode()
    assert 'name="from" value="2026-11-01"' in html and 'name="to" value="2026-11-21"' in html


def test_a_bad_period_gets_the_message_the_api_and_cli_give(logged, client):
    client.force_login(logged.alice.user)
    for url in (PAGE, PDF):
        response = client.get(url, {"period": "fortnight"})
        assert response["Content-Type"].startswith("text/html")
        html = unescape(response.content.decode())
        assert "'fortnight' is not a period. Use week, month" in html
        assert "Very sleepy" not in html


def test_the_pdf_is_a4_by_default_and_letter_when_chosen(logged, client):
    client.force_login(logged.alice.user)
    assert page_size(client.get(PDF).content) == (595, 842)
    assert page_size(client.get(PDF, {"paper": "letter"}).content) == (612, 792)


def test_a_us_household_gets_letter_unless_it_chooses_a4(logged, client):
    client.force_login(logged.charlie.user)  # Charlie's household is in the United States
    html = client.get(PAGE).content.decode()
    assert checked(html, "paper") == ["letter"]
    assert page_size(client.get(PDF).content) == (612, 792)
    assert page_size(client.get(PDF, {"paper": "a4"}).content) == (595, 842)


def test_a_bad_paper_is_refused_with_the_shared_message(logged, client):
    client.force_login(logged.alice.user)
    response = client.get(PDF, {"paper": "a3"})
    assert response["Content-Type"].startswith("text/html")
    assert "'a3' is not a paper size. Use a4 or letter." in unescape(response.content.decode())


def test_the_preview_holds_the_charts_care_split_and_plan_sections(logged, client):
    client.force_login(logged.alice.user)
    html = client.get(PAGE).content.decode()
    assert "Day by day" in html and 'id="report-feeds-t"' in html
    assert "Who logged the care" in html and "Bonding plan" in html

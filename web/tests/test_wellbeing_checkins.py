"""Check-in pages: the form, the result in plain words, sharing, history and settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from safety.rules import load_rules
from wellbeing.models import CheckIn, WellbeingPreference
from wellbeing.testing import answers_for, make_check_in

from .conftest import HTMX, NOW


def _post_data(instrument: str, total: int, self_harm: int = 0, **extra: str) -> dict[str, str]:
    data = {f"item_{i}": str(a) for i, a in enumerate(answers_for(instrument, total, self_harm), 1)}
    return {"share_with_partner": "nothing", "share_with_reports": "nothing", **data, **extra}


def _message(rule_id: str) -> str:
    return next(r.message for r in load_rules().rules if r.id == rule_id)


def test_the_form_labels_every_question(people, client_as, frozen):
    response = client_as(people.bob).get(reverse("web:checkin-new", args=["phq9"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thoughts that you would be better off dead" in html
    for n in range(1, 10):
        assert f'for="id_item_{n}_0"' in html and f'id="id_item_{n}_0"' in html
    assert "Kroenke" in html  # the citation, in readable form
    assert "No permission required" not in html  # licensing notes are for us, not parents
    assert "not a diagnostic tool" in html


def test_a_spanish_reader_is_told_why_the_questions_are_in_english(people, client_as, frozen):
    english = client_as(people.bob).get(reverse("web:checkin-new", args=["phq9"])).content
    assert "exact words the questionnaire was tested with" not in english.decode()
    people.bob.language = "es"
    people.bob.save(update_fields=["language"])
    html = client_as(people.bob).get(reverse("web:checkin-new", args=["phq9"])).content.decode()
    assert "las palabras exactas con las que se probó el cuestionario" in html
    assert "Thoughts that you would be better off dead" in html  # the tested wording, unchanged


def test_the_viewer_gets_403_and_an_unknown_questionnaire_404(people, client_as, frozen):
    assert client_as(people.vera).get(reverse("web:checkin-new", args=["phq9"])).status_code == 403
    assert client_as(people.alice).get(reverse("web:checkin-new", args=["epds"])).status_code == 404


def test_wrong_method_is_405(people, client_as, frozen):
    c = client_as(people.alice)
    assert c.put(reverse("web:checkin-new", args=["phq9"])).status_code == 405
    row = make_check_in(people.alice)
    assert c.get(reverse("web:checkin-sharing", args=[row.pk])).status_code == 405
    assert c.post(reverse("web:checkin-detail", args=[row.pk])).status_code == 405
    assert c.post(reverse("web:checkin-history")).status_code == 405
    assert c.get(reverse("web:tell-partner")).status_code == 405


def test_missing_answers_re_render_with_errors_and_save_nothing(people, client_as, frozen):
    data = _post_data("phq9", 5)
    del data["item_4"]
    response = client_as(people.alice).post(reverse("web:checkin-new", args=["phq9"]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_item_4_error"' in html and "Choose one of the answers." in html
    assert 'value="' in html and "<html" in html
    assert not CheckIn.objects.exists()


def test_htmx_gets_the_form_fragment_back_on_error(people, client_as, frozen):
    response = client_as(people.alice).post(
        reverse("web:checkin-new", args=["phq2"]), {"item_1": "9"}, **HTMX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="checkin-form"') and "<html" not in html
    assert not CheckIn.objects.exists()


def test_htmx_success_navigates_to_the_result(people, client_as, frozen):
    response = client_as(people.alice).post(
        reverse("web:checkin-new", args=["phq2"]), _post_data("phq2", 1), **HTMX
    )
    row = CheckIn.objects.get()
    assert response["HX-Redirect"] == reverse("web:checkin-detail", args=[row.pk])


@pytest.mark.parametrize(
    ("total", "band", "rule"),
    [
        (3, "Below the mild range", "below_mild_range"),
        (7, "Mild", "mild_range"),
        (12, "Moderate", "phq9_at_cutoff"),
        (17, "Moderately severe", "phq9_more_severe"),
        (22, "Severe", "phq9_more_severe"),
    ],
)
def test_the_result_says_each_band_in_plain_words_with_its_source(
    people, client_as, frozen, total, band, rule
):
    c = client_as(people.alice)
    response = c.post(reverse("web:checkin-new", args=["phq9"]), _post_data("phq9", total))
    row = CheckIn.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:checkin-detail", args=[row.pk])
    html = c.get(response["Location"]).content.decode()
    assert f'<h2 id="band-h">{band}</h2>' in html
    assert f"{total} out of 27" in html
    assert _message(rule).replace("{short_name}", "PHQ-9").split("{")[0][:40] in html.replace(
        "&#x27;", "'"
    )
    assert "Where this comes from" in html
    assert "Kroenke, Spitzer &amp; Williams 2001, J Gen Intern Med" in html
    assert "Please get support now" not in html


def test_sharing_choices_are_saved_per_check_in(people, client_as, frozen):
    c = client_as(people.alice)
    c.post(
        reverse("web:checkin-new", args=["phq2"]),
        _post_data("phq2", 1, share_with_partner="band", share_with_reports="done"),
    )
    row = CheckIn.objects.get()
    assert (row.share_with_partner, row.share_with_reports) == ("band", "done")
    response = c.post(
        reverse("web:checkin-sharing", args=[row.pk]),
        {"share_with_partner": "nothing", "share_with_reports": "everything"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.share_with_partner, row.share_with_reports) == ("nothing", "everything")


def test_bad_sharing_value_changes_nothing(people, client_as, frozen):
    row = make_check_in(people.alice, partner="band")
    c = client_as(people.alice)
    c.post(reverse("web:checkin-sharing", args=[row.pk]), {"share_with_partner": "all"})
    row.refresh_from_db()
    assert row.share_with_partner == "band"


def test_history_draws_a_trend_for_the_answerer(people, client_as, frozen):
    for days, total in ((28, 18), (14, 12), (0, 7)):
        make_check_in(people.bob, "phq9", total, at=NOW - timedelta(days=days))
    html = client_as(people.bob).get(reverse("web:checkin-history")).content.decode()
    assert html.count('class="dot"') == 3
    assert "<polyline" in html and "Only you can see this page." in html


def test_history_htmx_gets_the_fragment(people, client_as, frozen):
    html = client_as(people.bob).get(reverse("web:checkin-history"), **HTMX).content.decode()
    assert "<html" not in html and 'id="history-main"' in html


def test_improvement_is_said_on_the_result(people, client_as, frozen):
    make_check_in(people.bob, "phq9", 16, at=NOW - timedelta(days=14))
    c = client_as(people.bob)
    response = c.post(reverse("web:checkin-new", args=["phq9"]), _post_data("phq9", 9))
    html = c.get(response["Location"]).content.decode()
    assert "7 points lower than last time" in html


def test_home_offers_the_weekly_quick_check_and_then_leaves_you_alone(people, client_as, frozen):
    c = client_as(people.bob)
    html = c.get(reverse("web:wellbeing")).content.decode()
    assert reverse("web:checkin-new", args=["phq2"]) in html
    make_check_in(people.bob, "phq2", 0)
    make_check_in(people.bob, "gad2", 0)
    html = c.get(reverse("web:wellbeing")).content.decode()
    assert "Nothing to do now" in html and "Monday 30 November" in html


def test_settings_save_and_refuse_a_future_date(people, client_as, frozen):
    c = client_as(people.bob)
    url = reverse("web:wellbeing-settings")
    assert c.get(url).status_code == 200
    data = {
        "share_with_partner": "band",
        "share_with_reports": "nothing",
        "respondent_role": "father",
        "on_treatment_since": "2027-01-01",
    }
    response = c.post(url, data)
    assert response.status_code == 422
    assert "That date is in the future." in response.content.decode()
    assert not WellbeingPreference.objects.exists()
    response = c.post(url, {**data, "on_treatment_since": "2026-09-01"})
    assert response.status_code == 302
    pref = WellbeingPreference.objects.get(membership=people.bob)
    assert (pref.share_with_partner, pref.respondent_role) == ("band", "father")
    assert client_as(people.vera).get(url).status_code == 403


def test_settings_htmx_error_returns_the_form_fragment(people, client_as, frozen):
    response = client_as(people.bob).post(
        reverse("web:wellbeing-settings"), {"share_with_partner": "all"}, **HTMX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="preferences-form"') and "<html" not in html
    assert not WellbeingPreference.objects.exists()


def test_home_full_page_and_htmx_fragment(people, client_as, frozen):
    c = client_as(people.bob)
    assert "<html" in c.get(reverse("web:wellbeing")).content.decode()
    fragment = c.get(reverse("web:wellbeing"), **HTMX).content.decode()
    assert "<html" not in fragment and 'id="wellbeing-main"' in fragment


def test_a_severe_band_offers_helplines_without_the_emergency_screen(people, client_as, frozen):
    row = make_check_in(people.bob, "phq9", 22)
    html = client_as(people.bob).get(reverse("web:checkin-detail", args=[row.pk])).content.decode()
    assert "People you can talk to" in html and "tel:116123" in html
    assert "Please get support now" not in html and "tel:999" not in html

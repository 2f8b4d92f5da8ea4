"""The Trends page: daily figures, honest "not enough data", growth on the WHO lines, the
next-nap window; who may see it; and the baby's sex on the baby form."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from carelog.models import Baby
from insights.growth import growth_centile

from .conftest import HTMX, NOW, make_event


def url(baby) -> str:
    return reverse("web:trends-baby", args=[baby.pk])


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def eight_feeds_a_day(people, days: int = 10) -> None:
    """Eight breastfeeds a day, every 3 hours from 00:30, on each of the last `days` days
    before NOW's (23 Nov 2026, London, where November is UTC)."""
    for d in range(1, days + 1):
        first = NOW.replace(hour=0, minute=30) - timedelta(days=d)
        for h in range(0, 24, 3):
            make_event(
                people.baby,
                "feed",
                by=people.alice,
                start=first + timedelta(hours=h),
                minutes=20,
                details={"method": "breast"},
            )


def nappies(people, days: tuple[int, ...]) -> None:
    for d in days:
        for h in (7, 11, 15, 19, 23):
            make_event(
                people.baby,
                "nappy",
                by=people.bob,
                start=NOW.replace(hour=h, minute=0) - timedelta(days=d),
                details={"wet": True},
            )


def test_owner_sees_feeds_per_day_with_chart_and_table(people, frozen, client_as):
    eight_feeds_a_day(people)
    response = client_as(people.alice).get(reverse("web:trends"))
    assert response.status_code == 200
    page = text(response)
    assert "Sam's trends" in page
    assert "8 feeds a day on average over the last 7 days." in page
    html = response.content.decode()
    assert 'id="trend-feeds-t"' in html  # the chart's <title>
    assert "<table" in html and "Sun 22 Nov" in page  # the data table, newest day first
    # Every chart has a heading, a sentence and a table.
    assert html.count('<section class="card chart-card trend-card"') == html.count("<table")


def test_days_without_nappies_are_left_out_of_the_average(people, frozen, client_as):
    nappies(people, days=(1, 2, 3, 6, 7))  # five of the last seven days, five nappies each
    page = text(client_as(people.alice).get(url(people.baby)))
    assert "5 nappies a day on average, over the 5 days logged in the last 7" in page


def test_not_enough_data_says_how_many_more_days(people, frozen, client_as):
    nappies(people, days=(1, 2))
    page = text(client_as(people.alice).get(url(people.baby)))
    assert (
        "Not enough data yet for an average: logged on 2 of the last 7 days. Log it on 1 more day"
        in page
    )
    assert "nappies a day on average" not in page


def test_kinds_never_logged_are_named_not_charted(people, frozen, client_as):
    eight_feeds_a_day(people, days=3)
    response = client_as(people.alice).get(url(people.baby))
    page = text(response)
    assert "Not logged yet" in page
    assert "Pumping" in page and 'id="trend-pump-t"' not in response.content.decode()


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("30", "over the 10 days logged in the last 30"),
        (
            "90",
            "Not enough data yet for an average: logged on 10 of the last 90 days. Log it on 4 more days",
        ),
        ("weeks", "Week 21 of age: 8 feeds a day (from 7 logged days)."),
        ("nonsense", "8 feeds a day on average over the last 7 days."),
    ],
)
def test_windows_and_weeks_of_age(people, frozen, client_as, view, expected):
    eight_feeds_a_day(people)
    page = text(client_as(people.alice).get(url(people.baby) + f"?days={view}"))
    assert expected in page


def test_growth_without_the_babys_sex_asks_for_it(people, frozen, client_as):
    make_event(
        people.baby,
        "growth",
        by=people.alice,
        start=NOW - timedelta(days=2),
        details={"weight_kg": 7.3},
    )
    response = client_as(people.alice).get(url(people.baby))
    page = text(response)
    assert "Add Sam's sex to see centiles" in page
    assert reverse("web:baby-edit", args=[people.baby.pk]) in response.content.decode()
    assert 'id="growth-weight_kg-t"' not in response.content.decode()


def test_growth_sits_on_the_who_centile_lines(people, frozen, client_as):
    Baby.objects.filter(pk=people.baby.pk).update(sex="female")
    measured = NOW - timedelta(days=2)
    make_event(people.baby, "growth", by=people.alice, start=measured, details={"weight_kg": 7.3})
    response = client_as(people.alice).get(url(people.baby))
    html = response.content.decode()
    assert 'id="growth-weight_kg-t"' in html
    assert html.count('<polyline class="ref"') == 5  # WHO 3rd, 15th, 50th, 85th, 97th
    expected = growth_centile(
        "weight_kg",
        7.3,
        sex="female",
        birth_date=people.baby.birth_date,
        observed_on=measured.date(),
    )
    assert f"{round(expected.centile)}th centile" in text(response)
    assert "WHO Child Growth Standards" in text(response)


def test_next_nap_is_labelled_as_the_familys_own_data(people, frozen, client_as):
    # On each of the last six nights the baby woke at 02:00 and slept again 105 to 130
    # minutes later; tonight the baby woke at 02:00 again.
    for d in range(1, 7):
        wake = NOW.replace(hour=2, minute=0) - timedelta(days=d)
        make_event(people.baby, "sleep", by=people.alice, start=wake - timedelta(hours=3),
                   minutes=180)  # fmt: skip
        make_event(people.baby, "sleep", by=people.alice, start=wake + timedelta(minutes=100 + 5 * d),
                   minutes=60)  # fmt: skip
    make_event(people.baby, "sleep", by=people.alice, start=NOW - timedelta(hours=4), minutes=180)
    page = text(client_as(people.alice).get(url(people.baby)))
    assert "Next sleep window" in page
    assert "From Sam's own last 7 days, not a norm: 6 awake times" in page
    assert "most often around 03:57" in page  # woke 02:00 + median 117.5 min


def test_partner_and_viewer_can_look(people, frozen, client_as):
    eight_feeds_a_day(people, days=3)
    assert client_as(people.bob).get(url(people.baby)).status_code == 200
    response = client_as(people.vera).get(url(people.baby))
    assert response.status_code == 200
    assert "Add a measurement" not in text(response)


def test_outsider_gets_404(people, frozen, client_as):
    response = client_as(people.charlie).get(url(people.baby))
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(people, client):
    response = client.get(url(people.baby))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_wrong_method_is_405(people, frozen, client_as):
    assert client_as(people.alice).post(url(people.baby)).status_code == 405


def test_htmx_gets_the_fragment_only(people, frozen, client_as):
    response = client_as(people.alice).get(url(people.baby) + "?days=30", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="trends-main"')
    assert "<html" not in html


def test_an_empty_log_has_no_figures(people, frozen, client_as):
    page = text(client_as(people.alice).get(url(people.baby)))
    assert "on average" not in page
    assert "No weight, length or head measurements logged yet." in page


def test_insights_links_to_trends(people, frozen, client_as):
    eight_feeds_a_day(people, days=1)
    html = client_as(people.alice).get(reverse("web:insights")).content.decode()
    assert url(people.baby) in html


# --- the baby's sex on the baby form ------------------------------------------------------


def test_the_baby_form_sets_and_clears_the_sex(people, frozen, client_as):
    edit = reverse("web:baby-edit", args=[people.baby.pk])
    form = {"name": "Sam", "birth_date": "2026-06-20", "due_date": "", "sex": "male"}
    response = client_as(people.alice).post(edit, form)
    assert response.status_code == 302
    people.baby.refresh_from_db()
    assert people.baby.sex == "male"
    client_as(people.alice).post(edit, {**form, "sex": ""})
    people.baby.refresh_from_db()
    assert people.baby.sex == ""


def test_a_new_baby_can_be_added_with_a_sex(people, frozen, client_as):
    form = {"name": "Ada", "birth_date": "2026-10-01", "due_date": "", "sex": "female"}
    client_as(people.alice).post(reverse("web:baby-new"), form)
    assert Baby.objects.get(name="Ada").sex == "female"


def test_an_unknown_sex_is_refused_by_the_form(people, frozen, client_as):
    edit = reverse("web:baby-edit", args=[people.baby.pk])
    response = client_as(people.alice).post(
        edit, {"name": "Sam", "birth_date": "2026-06-20", "sex": "other"}
    )
    assert response.status_code == 200
    people.baby.refresh_from_db()
    assert people.baby.sex == ""

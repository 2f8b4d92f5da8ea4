"""Clean pages (issue 13, item 7): no page shows our working notes — file names, section
numbers, "UNCONFIRMED", "inference", the brief or the help directory's gaps. Sources reach
parents only as readable names under "Where this comes from". And the crying plan's first
screen holds the three things that matter, with numbers to call."""

from __future__ import annotations

import html as html_lib

import pytest
from django.urls import reverse

from content.loader import INTERNAL_MARKERS, load_sources
from safety.help import load_help_directory, load_partner_path
from safety.rules import load_crying_plan
from wellbeing.testing import make_check_in

COUNTRIES = sorted(load_help_directory().countries)
PLAN = load_crying_plan()


def assert_clean(response) -> str:
    """The page's text, after checking it holds none of our working-note markers."""
    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    for marker in INTERNAL_MARKERS:
        assert marker.lower() not in page.lower(), marker
    for country in load_help_directory().countries.values():
        for gap in country.gaps:
            assert gap.note not in page
    return page


def _where_from(page: str) -> str:
    assert "Where this comes from" in page
    return page.split("Where this comes from", 1)[1]


@pytest.mark.parametrize("number", range(1, len(PLAN.numbered) + 1))
def test_every_screen_of_the_crying_plan_is_clean_and_says_where_it_comes_from(client, db, number):
    page = assert_clean(client.get(reverse("web:crying-plan"), {"step": number}))
    step = PLAN.numbered[number - 1]
    assert step.title in page and PLAN.always.title in page
    names = [s.name for s in (*step.cites, *PLAN.always.cites)]
    assert names and all(name in _where_from(page) for name in names)


def test_the_signed_in_crying_plan_is_clean_too(people, client_as, frozen):
    c = client_as(people.bob)
    for number in range(1, len(PLAN.numbered) + 1):
        assert_clean(c.get(reverse("web:crying-plan"), {"step": number}))


def test_the_first_screen_shows_the_three_things_with_numbers_to_call(people, client_as, frozen):
    people.household.country = "GB"
    people.household.save()
    page = assert_clean(client_as(people.bob).get(reverse("web:crying-plan")))
    first = [s for s in PLAN.numbered if s.key in PLAN.first_screen]
    assert [s.key for s in first] == ["put_down_safely", "step_away", "call_someone"]
    for step in first:
        assert step.title in page and step.text in page
    assert 'href="tel:999"' in page  # the emergency box
    assert 'href="tel:116123"' in page and 'href="sms:85258"' in page  # someone to call
    assert "Tell my partner I need them" in page
    assert f'href="?step={len(first) + 1}"' in page  # the rest, one tap away
    assert "ACT Health: Period of PURPLE crying" in _where_from(page)


def test_a_later_step_goes_back_to_the_first_screen(client, db):
    page = client.get(reverse("web:crying-plan"), {"step": 4, "country": "us"}).content.decode()
    assert 'href="?step=1&amp;country=US"' in page and 'href="?step=5&amp;country=US"' in page
    assert 'href="tel:911"' in page


@pytest.mark.parametrize("code", COUNTRIES)
def test_the_help_page_for_every_country_is_clean_signed_out(client, db, code):
    page = assert_clean(client.get(reverse("web:help-directory"), {"country": code}))
    country = load_help_directory().countries[code]
    if not country.has_emergency_number():
        assert country.no_number_text in page


@pytest.mark.parametrize("code", COUNTRIES)
def test_the_help_page_for_every_country_is_clean_signed_in(people, client_as, frozen, code):
    people.household.country = "" if code == "international" else code
    people.household.save()
    assert_clean(client_as(people.alice).get(reverse("web:help-directory")))


def test_the_partner_path_is_clean_and_names_its_sources(people, client_as, client, frozen):
    path = load_partner_path()
    page = assert_clean(client.get(reverse("web:partner-path")))
    assert all(p.text in page for s in path.sections for p in s.points)
    assert path.cites and all(source.name in _where_from(page) for source in path.cites)
    assert_clean(client_as(people.alice).get(reverse("web:partner-path")))


@pytest.mark.parametrize(
    ("instrument", "total", "self_harm"),
    [("phq9", 3, 0), ("phq9", 12, 0), ("phq9", 22, 0), ("phq9", 14, 2), ("phq2", 4, 0)]
    + [("gad7", 4, 0), ("gad7", 16, 0), ("gad2", 5, 0)],
)
def test_a_check_in_result_is_clean_and_names_its_sources(
    people, client_as, frozen, instrument, total, self_harm
):
    row = make_check_in(people.alice, instrument, total, self_harm=self_harm)
    response = client_as(people.alice).get(reverse("web:checkin-detail", args=[row.pk]))
    page = assert_clean(response)
    cites = load_sources().instruments[instrument]
    assert cites and all(source.name in _where_from(page) for source in cites)

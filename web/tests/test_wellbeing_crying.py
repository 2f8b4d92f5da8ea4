"""The "I'm at my limit" crying plan (safety.md §2), one tap from every page, and "How are
you doing right now?" after a long or intense cry the caregiver logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from safety.rules import load_crying_plan
from wellbeing.models import FrustrationCheck, SafetyScreening

from .conftest import HTMX, NOW, make_event


def test_the_plan_is_one_tap_from_today_and_every_page(people, client_as, frozen):
    c = client_as(people.bob)
    for url in (reverse("web:today"), reverse("web:wellbeing"), reverse("web:household")):
        html = c.get(url).content.decode()
        assert f'href="{reverse("web:crying-plan")}"' in html


def test_the_plan_goes_step_by_step_with_the_emergency_step_always_shown(client, db):
    plan = load_crying_plan()
    steps = [s for s in plan.steps if s.key != plan.always_visible]
    always = next(s for s in plan.steps if s.key == plan.always_visible)
    for n, step in enumerate(steps, 1):
        response = client.get(reverse("web:crying-plan"), {"step": n})
        assert response.status_code == 200
        html = response.content.decode().replace("&#x27;", "'")
        assert step.title in html and step.text in html
        assert always.title in html
    titles = [s.title for s in steps]
    assert titles.index("Put the baby down safely") < titles.index("Step away and breathe")
    assert "Never shake a baby" in titles


def test_the_plan_shows_the_households_emergency_number(people, client_as, frozen):
    html = client_as(people.charlie).get(reverse("web:crying-plan")).content.decode()
    assert 'href="tel:911"' in html


def test_the_plan_speaks_spanish_to_a_spanish_browser_and_person(people, client, client_as):
    plan = load_crying_plan().in_language("es")
    html = client.get(reverse("web:crying-plan"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert plan.title in html and plan.steps[0].title in html
    assert load_crying_plan().steps[0].title not in html
    assert "If anyone is in danger" not in html and "Si alguien está en peligro" in html
    people.bob.language = "es"
    people.bob.save(update_fields=["language"])
    html = client_as(people.bob).get(reverse("web:crying-plan"), {"step": 4}).content.decode()
    assert plan.always.title in html


def test_a_bad_step_falls_back_to_the_first(client, db):
    assert client.get(reverse("web:crying-plan"), {"step": "x"}).status_code == 200
    assert client.get(reverse("web:crying-plan"), {"step": "99"}).status_code == 200
    assert client.post(reverse("web:crying-plan")).status_code == 405


def _cry(people, *, by, minutes=40, intensity=2, ended_ago=5):
    start = NOW - timedelta(minutes=ended_ago + minutes)
    return make_event(
        people.baby, "cry", by=by, start=start, minutes=minutes, details={"intensity": intensity}
    )


def test_after_a_long_cry_the_caregiver_is_asked(people, client_as, frozen):
    cry = _cry(people, by=people.bob)
    html = (
        client_as(people.bob)
        .get(reverse("web:cry-check", args=[people.baby.pk]), **HTMX)
        .content.decode()
    )
    assert "How are you doing right now?" in html and f'value="{cry.pk}"' in html
    assert "<html" not in html


@pytest.mark.parametrize(
    ("who", "minutes", "intensity", "ended_ago"),
    [
        ("alice", 40, 2, 5),  # someone else was caring
        ("bob", 10, 2, 5),  # short and not intense
        ("bob", 40, 2, 180),  # hours ago: not "right now"
    ],
)
def test_no_question_otherwise(people, client_as, frozen, who, minutes, intensity, ended_ago):
    _cry(people, by=people.bob, minutes=minutes, intensity=intensity, ended_ago=ended_ago)
    html = (
        client_as(getattr(people, who))
        .get(reverse("web:cry-check", args=[people.baby.pk]), **HTMX)
        .content.decode()
    )
    assert "How are you doing right now?" not in html
    assert reverse("web:crying-plan") in html


def test_an_intense_short_cry_asks_once(people, client_as, frozen):
    cry = _cry(people, by=people.bob, minutes=5, intensity=3)
    c = client_as(people.bob)
    url = reverse("web:cry-check", args=[people.baby.pk])
    assert "How are you doing" in c.get(url, **HTMX).content.decode()
    c.post(reverse("web:how-are-you"), {"rating": "3", "cry": str(cry.pk)})
    assert "How are you doing" not in c.get(url, **HTMX).content.decode()


def test_the_cry_check_is_404_for_another_households_baby(people, client_as, frozen):
    url = reverse("web:cry-check", args=[people.charlies_baby.pk])
    assert client_as(people.bob).get(url, **HTMX).status_code == 404


def test_a_high_answer_opens_the_plan(people, client_as, frozen):
    cry = _cry(people, by=people.bob)
    response = client_as(people.bob).post(
        reverse("web:how-are-you"), {"rating": "8", "cry": str(cry.pk)}
    )
    screening = SafetyScreening.objects.get(membership=people.bob)
    assert response["Location"] == reverse("web:screen", args=[screening.pk])
    check = FrustrationCheck.objects.get()
    assert (check.rating, check.source, check.cry_event_id) == (8, "after_cry", cry.pk)
    # The plan's first steps lead the page, then the safety questions.
    html = client_as(people.bob).get(response["Location"]).content.decode()
    assert html.index(reverse("web:crying-plan")) < html.index('name="harm_baby_thoughts"')


def test_a_low_answer_just_thanks_you(people, client_as, frozen):
    response = client_as(people.bob).post(reverse("web:how-are-you"), {"rating": "2"})
    assert response["Location"] == reverse("web:wellbeing")
    assert FrustrationCheck.objects.get().source == "asked"


def test_a_bad_answer_re_renders_and_saves_nothing(people, client_as, frozen):
    response = client_as(people.bob).post(reverse("web:how-are-you"), {"rating": "11"})
    assert response.status_code == 422
    assert 'id="id_rating_error"' in response.content.decode()
    assert not FrustrationCheck.objects.exists()


def test_the_viewer_cannot_answer_and_wrong_method_is_405(people, client_as, frozen):
    assert (
        client_as(people.vera).post(reverse("web:how-are-you"), {"rating": "2"}).status_code == 403
    )
    assert client_as(people.bob).put(reverse("web:how-are-you")).status_code == 405
    assert client_as(people.bob).get(reverse("web:at-limit")).status_code == 405


def test_noting_an_at_limit_moment(people, client_as, frozen):
    c = client_as(people.bob)
    c.post(reverse("web:at-limit"))
    response = c.post(reverse("web:at-limit"), follow=True)
    assert FrustrationCheck.objects.filter(source="at_limit").count() == 2
    assert "second time or more this week" in response.content.decode()


def test_an_answer_cannot_be_tied_to_someone_elses_cry(people, client_as, frozen):
    theirs = make_event(
        people.charlies_baby,
        "cry",
        by=people.charlie,
        start=NOW - timedelta(minutes=50),
        minutes=40,
        details={"intensity": 3},
    )
    mums = _cry(people, by=people.alice)
    c = client_as(people.bob)
    c.post(reverse("web:how-are-you"), {"rating": "3", "cry": str(theirs.pk)})
    c.post(reverse("web:how-are-you"), {"rating": "3", "cry": str(mums.pk)})
    assert list(FrustrationCheck.objects.values_list("cry_event_id", flat=True)) == [None, None]

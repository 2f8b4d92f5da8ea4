from datetime import timedelta

import pytest
from django.urls import reverse

from carelog.models import Event

from .conftest import HTMX, NOW, make_event


def url(event):
    return reverse("web:timer-stop", args=[event.pk])


@pytest.fixture
def feed(people):
    return make_event(
        people.baby,
        "feed",
        by=people.alice,
        start=NOW - timedelta(minutes=14),
        running=True,
        details={"method": "breast", "side": "left"},
    )


@pytest.fixture
def cry(people):
    return make_event(
        people.baby,
        "cry",
        by=people.bob,
        start=NOW - timedelta(minutes=20),
        running=True,
        details={"intensity": 2, "purple": []},
    )


def test_partner_stops_a_feed_started_on_the_other_phone(people, client_as, frozen, feed):
    response = client_as(people.bob).post(url(feed))
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.end == NOW
    assert feed.details == {"method": "breast", "side": "left"}


def test_stopping_a_session_records_the_two_optional_taps(people, client_as, frozen):
    holding = make_event(
        people.baby, "holding", by=people.bob, start=NOW - timedelta(minutes=9), running=True
    )
    prefix = f"stop{holding.pk}"
    client_as(people.bob).post(
        url(holding), {f"{prefix}-baby_response": "fussy", f"{prefix}-parent_confidence": "3"}
    )
    holding.refresh_from_db()
    assert holding.end == NOW
    assert holding.details == {"baby_response": "fussy", "parent_confidence": 3}


def test_the_two_taps_can_be_skipped(people, client_as, frozen):
    walk = make_event(
        people.baby, "walk", by=people.bob, start=NOW - timedelta(minutes=30), running=True
    )
    client_as(people.bob).post(url(walk), {})
    walk.refresh_from_db()
    assert walk.end == NOW and walk.details == {}


def test_stopping_a_cry_records_intensity_ending_and_purple(people, client_as, frozen, cry):
    prefix = f"stop{cry.pk}"
    client_as(people.alice).post(
        url(cry),
        {
            f"{prefix}-intensity": "3",
            f"{prefix}-ended": "handed_over",
            f"{prefix}-purple": ["resists_soothing", "evening"],
        },
    )
    cry.refresh_from_db()
    assert cry.end == NOW
    assert cry.details == {
        "intensity": 3,
        "ended": "handed_over",
        "purple": ["resists_soothing", "evening"],
    }


def test_the_cry_stop_form_explains_purple_and_links_to_warning_signs(
    people, client_as, frozen, cry
):
    html = client_as(people.alice).get(url(cry)).content.decode()
    assert "Resists soothing — nothing you tried settled the baby" in html
    assert "National Center on Shaken Baby Syndrome" in html
    assert reverse("web:warning-signs") in html
    assert "How did it end?" in html


def test_htmx_get_is_the_form_fragment(people, client_as, frozen, cry):
    html = client_as(people.alice).get(url(cry), **HTMX).content.decode()
    assert html.lstrip().startswith(f'<form id="stop-{cry.pk}"')


def test_htmx_stop_returns_the_timers_and_refreshes_the_timeline(people, client_as, frozen, feed):
    response = client_as(people.alice).post(url(feed), **HTMX)
    assert response["HX-Trigger"] == "timeline-changed"
    assert response.content.decode().lstrip().startswith('<section id="timers"')
    assert f'id="timer-{feed.pk}"' not in response.content.decode()


def test_invalid_answer_re_renders_and_stops_nothing(people, client_as, frozen, cry):
    prefix = f"stop{cry.pk}"
    response = client_as(people.alice).post(url(cry), {f"{prefix}-intensity": "7"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#stop-{cry.pk}"
    assert "Select a valid choice" in response.content.decode()
    cry.refresh_from_db()
    assert cry.end is None


def test_a_timer_already_stopped_says_so(people, client_as, frozen, feed):
    Event.objects.filter(pk=feed.pk).update(end=NOW - timedelta(minutes=1))
    response = client_as(people.bob).post(url(feed))
    assert response.status_code == 200
    assert "This timer was already stopped." in response.content.decode()


def test_viewer_is_refused(people, client_as, feed):
    assert client_as(people.vera).post(url(feed)).status_code == 403
    assert client_as(people.vera).get(url(feed)).status_code == 403
    feed.refresh_from_db()
    assert feed.end is None


def test_outsider_gets_404(people, client_as, feed):
    assert client_as(people.charlie).post(url(feed)).status_code == 404
    assert client_as(people.charlie).get(url(feed)).status_code == 404


def test_wrong_method_is_405(people, client_as, feed):
    assert client_as(people.alice).put(url(feed)).status_code == 405


def test_opening_a_timer_stopped_on_the_other_phone_refreshes_the_timers(
    people, client_as, frozen, cry
):
    Event.objects.filter(pk=cry.pk).update(end=NOW)
    client = client_as(people.alice)
    response = client.get(url(cry), **HTMX)
    assert response["HX-Trigger"] == "timers-changed"
    assert "That timer was already stopped." in response.content.decode()
    assert client.get(url(cry))["Location"] == reverse("web:today-baby", args=[people.baby.pk])

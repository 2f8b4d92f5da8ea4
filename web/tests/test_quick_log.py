from datetime import timedelta

import pytest
from django.urls import reverse

from carelog.models import Event

from .conftest import HTMX, NOW, make_event


def url(baby, preset):
    return reverse("web:quick-log", args=[baby.pk, preset])


def test_one_tap_logs_a_nappy_at_once(people, client_as, frozen):
    response = client_as(people.alice).post(url(people.baby, "nappy-both"))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:today-baby", args=[people.baby.pk])
    event = Event.objects.get()
    assert (event.kind, event.details, event.start, event.end) == (
        "nappy",
        {"wet": True, "dirty": True},
        NOW,
        None,
    )
    assert event.caregiver == people.alice


def test_one_tap_starts_a_breastfeed_timer_for_the_partner(people, client_as, frozen):
    client_as(people.bob).post(url(people.baby, "feed-right"))
    event = Event.objects.get()
    assert event.is_running and event.caregiver == people.bob
    assert event.details == {"method": "breast", "side": "right"}


def test_a_second_timer_of_the_same_kind_is_refused_with_a_message(people, client_as, frozen):
    make_event(people.baby, "sleep", by=people.bob, start=NOW - timedelta(minutes=5), running=True)
    response = client_as(people.alice).post(url(people.baby, "sleep"), follow=True)
    assert Event.objects.count() == 1
    assert "already running (started by Dad)" in response.content.decode()


def test_htmx_gets_the_timers_fragment_and_a_trigger_for_the_timeline(people, client_as, frozen):
    response = client_as(people.alice).post(url(people.baby, "cry"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "timeline-changed"
    assert html.lstrip().startswith('<section id="timers"')
    assert "Started by Mum at 03:00" in html
    assert 'hx-swap-oob="true"' in html and "Timer started: Crying" in html
    assert "<html" not in html


def test_viewer_is_refused(people, client_as):
    response = client_as(people.vera).post(url(people.baby, "nappy-wet"))
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_outsider_gets_404(people, client_as):
    response = client_as(people.charlie).post(url(people.baby, "nappy-wet"))
    assert response.status_code == 404
    assert not Event.objects.exists()


def test_unknown_button_is_404(people, client_as):
    assert client_as(people.alice).post(url(people.baby, "juggling")).status_code == 404


@pytest.mark.parametrize("method", ["get", "put"])
def test_wrong_method_is_405(people, client_as, method):
    response = getattr(client_as(people.alice), method)(url(people.baby, "nappy-wet"))
    assert response.status_code == 405

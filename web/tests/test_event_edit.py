from datetime import UTC, datetime, timedelta

from django.urls import reverse

from .conftest import HTMX, NOW, make_event


def url(event):
    return reverse("web:event-edit", args=[event.pk])


def feed(people):
    return make_event(
        people.baby,
        "feed",
        by=people.alice,
        start=NOW - timedelta(hours=1),
        minutes=15,
        details={"method": "bottle", "amount_ml": 90},
    )


def test_the_form_shows_the_entry_in_local_time(people, client_as, frozen):
    event = make_event(
        people.baby,
        "sleep",
        by=people.bob,
        start=datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        minutes=45,
        others=(people.alice,),
    )
    html = client_as(people.alice).get(url(event)).content.decode()
    assert 'value="2026-07-01T13:00"' in html and 'value="2026-07-01T13:45"' in html
    assert f'value="{people.alice.pk}" id="id_others_present_0" checked' in html
    assert "as_timer" not in html


def test_partner_corrects_the_amount_and_caregiver(people, client_as, frozen):
    event = feed(people)
    data = {
        "start": "2026-11-23T02:00",
        "end": "2026-11-23T02:15",
        "caregiver": people.bob.pk,
        "method": "bottle",
        "amount_ml": "110",
    }
    response = client_as(people.bob).post(url(event), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.details == {"method": "bottle", "amount_ml": 110}
    assert event.caregiver == people.bob
    assert list(event.others_present.all()) == []


def test_a_running_timer_can_be_edited_and_keeps_running(people, client_as, frozen):
    event = make_event(
        people.baby, "sleep", by=people.bob, start=NOW - timedelta(minutes=30), running=True
    )
    data = {"start": "2026-11-23T02:20", "end": "", "caregiver": people.bob.pk, "location": "pram"}
    client_as(people.alice).post(url(event), data)
    event.refresh_from_db()
    assert event.is_running and event.start == NOW - timedelta(minutes=40)
    assert event.details == {"location": "pram"}


def test_invalid_edit_re_renders_and_changes_nothing(people, client_as, frozen):
    event = feed(people)
    data = {
        "start": "2026-11-23T02:00",
        "end": "2026-11-23T01:00",
        "caregiver": people.alice.pk,
        "method": "bottle",
        "amount_ml": "-5",
    }
    response = client_as(people.alice).post(url(event), data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="event-form"')
    assert "The end is before the start." in html or "greater than 0" in html
    event.refresh_from_db()
    assert event.details["amount_ml"] == 90 and event.duration == timedelta(minutes=15)


def test_viewer_is_refused(people, client_as):
    event = feed(people)
    assert client_as(people.vera).get(url(event)).status_code == 403
    assert client_as(people.vera).post(url(event), {}).status_code == 403


def test_outsider_gets_404(people, client_as):
    event = feed(people)
    assert client_as(people.charlie).get(url(event)).status_code == 404
    assert client_as(people.charlie).post(url(event), {}).status_code == 404


def test_wrong_method_is_405(people, client_as):
    assert client_as(people.alice).put(url(feed(people))).status_code == 405

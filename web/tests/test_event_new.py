from datetime import UTC, datetime

import pytest
from django.urls import reverse

from carelog.models import Event

from .conftest import HTMX, NOW


def url(baby, kind):
    return reverse("web:event-add", args=[baby.pk, kind])


def form(**fields):
    data = {"start": "2026-11-23T02:10", "caregiver": "", "others_present": []}
    data.update(fields)
    return data


def test_owner_logs_a_bottle_feed_in_local_time_stored_utc(people, client_as, frozen):
    # A London summer-time date: 14:00 local is 13:00 UTC.
    data = form(
        start="2026-07-01T14:00",
        end="2026-07-01T14:20",
        caregiver=people.bob.pk,
        others_present=[people.alice.pk],
        method="bottle",
        amount_ml="120",
        side="left",  # left over from tapping "breast" first: dropped, not refused
    )
    response = client_as(people.alice).post(url(people.baby, "feed"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.start == datetime(2026, 7, 1, 13, 0, tzinfo=UTC)
    assert event.end == datetime(2026, 7, 1, 13, 20, tzinfo=UTC)
    assert event.caregiver == people.bob and list(event.others_present.all()) == [people.alice]
    assert event.details == {"method": "bottle", "amount_ml": 120}
    assert event.created_by == people.alice


def test_partner_starts_a_timer_from_the_form(people, client_as, frozen):
    data = form(as_timer="on", caregiver=people.bob.pk)
    client_as(people.bob).post(url(people.baby, "holding"), data)
    event = Event.objects.get()
    assert event.is_running and event.kind == "holding"


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("nappy", {"wet": "on"}),
        ("note", {"text": "Rash on the cheek, seems fine."}),
        (
            "cry",
            {
                "end": "2026-11-23T02:40",
                "intensity": "3",
                "ended": "slept",
                "purple": ["unexpected", "evening"],
            },
        ),
        (
            "reading",
            {
                "end": "2026-11-23T02:20",
                "activity": "singing",
                "baby_response": "content",
                "parent_confidence": "5",
            },
        ),
        ("sleep", {"end": "2026-11-23T02:50", "location": "cot"}),
    ],
)
def test_every_kind_can_be_logged(people, client_as, frozen, kind, fields):
    response = client_as(people.alice).post(
        url(people.baby, kind), form(caregiver=people.alice.pk, **fields)
    )
    assert response.status_code == 302, response.content.decode()
    assert Event.objects.get().kind == kind


def test_the_form_defaults_to_now_and_me(people, client_as, frozen):
    html = client_as(people.bob).get(url(people.baby, "sleep")).content.decode()
    assert 'value="2026-11-23T03:00"' in html
    assert f'<option value="{people.bob.pk}" selected>Dad</option>' in html
    assert "Times are in Europe/London." in html
    # Every input has a label.
    for name in ["start", "end", "as_timer", "caregiver", "location_0"]:
        assert f'for="id_{name}"' in html


@pytest.mark.parametrize(
    ("kind", "fields", "field", "message"),
    [
        # The service checks the range; its error lands on the ml field.
        (
            "feed",
            {"end": "2026-11-23T02:20", "method": "bottle", "amount_ml": "900"},
            "amount_ml",
            "less than or equal to 500",
        ),
        ("sleep", {"end": "2026-11-23T01:00"}, "end", "The end is before the start."),
        (
            "sleep",
            {"start": "2026-11-23T09:00", "as_timer": "on"},
            "start",
            "The start is in the future.",
        ),
        ("sleep", {}, "end", "Give the end time, or tick"),
        ("nappy", {}, None, "a nappy is wet, dirty, both or dry"),
        (
            "feed",
            {"end": "2026-11-23T02:20", "method": "bottle", "amount_ml": "lots"},
            "amount_ml",
            "Enter a number.",
        ),
    ],
)
def test_invalid_input_re_renders_with_the_error_and_saves_nothing(
    people, client_as, frozen, kind, fields, field, message
):
    response = client_as(people.alice).post(
        url(people.baby, kind), form(caregiver=people.alice.pk, **fields)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    if field:
        assert f'id="id_{field}_error"' in html
    else:
        assert 'class="form-errors"' in html
    assert not Event.objects.exists()


def test_a_caregiver_from_another_household_is_refused(people, client_as, frozen):
    data = form(caregiver=people.charlie.pk, wet="on")
    response = client_as(people.alice).post(url(people.baby, "nappy"), data)
    assert "Select a valid choice" in response.content.decode()
    assert not Event.objects.exists()


def test_htmx_gets_the_form_fragment_and_a_client_redirect_on_success(people, client_as, frozen):
    client = client_as(people.alice)
    fragment = client.get(url(people.baby, "nappy"), **HTMX).content.decode()
    assert fragment.lstrip().startswith('<form id="event-form"') and "<html" not in fragment
    assert "<html" in client.get(url(people.baby, "nappy")).content.decode()
    invalid = client.post(url(people.baby, "nappy"), form(caregiver=people.alice.pk), **HTMX)
    assert invalid.content.decode().lstrip().startswith('<form id="event-form"')
    ok = client.post(url(people.baby, "nappy"), form(caregiver=people.alice.pk, dirty="on"), **HTMX)
    assert ok["HX-Redirect"] == reverse("web:today-baby", args=[people.baby.pk])


def test_unknown_kind_is_404(people, client_as):
    assert client_as(people.alice).get(url(people.baby, "juggling")).status_code == 404


def test_viewer_is_refused(people, client_as):
    client = client_as(people.vera)
    assert client.get(url(people.baby, "nappy")).status_code == 403
    assert client.post(url(people.baby, "nappy"), form(wet="on")).status_code == 403
    assert not Event.objects.exists()


def test_outsider_gets_404(people, client_as):
    client = client_as(people.charlie)
    assert client.get(url(people.baby, "nappy")).status_code == 404
    assert client.post(url(people.baby, "nappy"), form(wet="on")).status_code == 404


def test_wrong_method_is_405(people, client_as):
    assert client_as(people.alice).delete(url(people.baby, "nappy")).status_code == 405


def test_now_is_the_default_start(people, client_as, frozen):
    client_as(people.alice).post(
        url(people.baby, "nappy"),
        form(start=NOW.strftime("%Y-%m-%dT%H:%M"), wet="on", caregiver=people.alice.pk),
    )
    assert Event.objects.get().start == NOW

"""Possible crying on Today: one tap says who was with the baby, "Not crying" drops it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from carelog.models import CrySuggestion, Event

from .conftest import NOW, make_event


def today_url(baby):
    return reverse("web:today-baby", args=[baby.pk])


def possible_cry(people, start_ago=50, end_ago=36, baby=None) -> CrySuggestion:
    baby = baby or people.baby
    return CrySuggestion.objects.create(
        household_id=baby.household_id,
        baby=baby,
        detected_by=people.alice,
        start=NOW - timedelta(minutes=start_ago),
        end=NOW - timedelta(minutes=end_ago),
        confidence=0.8,
        source="device",
    )


def confirm_url(suggestion):
    return reverse("web:suggestion-confirm", args=[suggestion.pk])


def discard_url(suggestion):
    return reverse("web:suggestion-discard", args=[suggestion.pk])


def edit_url(suggestion):
    return reverse("web:suggestion-edit", args=[suggestion.pk])


# The card --------------------------------------------------------------------------------


def test_a_short_episode_is_shown_to_the_minute_with_its_end_rounded_up(people, client_as, frozen):
    suggestion = possible_cry(people)
    suggestion.start = NOW - timedelta(minutes=50, seconds=-28)  # 02:10:28
    suggestion.end = NOW - timedelta(minutes=50, seconds=-41)  # 02:10:41
    suggestion.save()
    html = client_as(people.bob).get(today_url(people.baby)).content.decode()
    assert "Possible crying 02:10–02:11" in html


def test_today_asks_about_possible_crying_with_a_button_per_member(people, client_as, frozen):
    suggestion = possible_cry(people)
    response = client_as(people.bob).get(today_url(people.baby))
    html = response.content.decode()
    # London time (GMT in November): 02:10–02:24.
    assert "Possible crying 02:10–02:24 — was it crying? Who was with Sam?" in html
    assert f'action="{confirm_url(suggestion)}"' in html
    for member in (people.alice, people.bob):
        assert f'name="carer" value="{member.pk}">{member.display_name}</button>' in html
    assert edit_url(suggestion) in html and discard_url(suggestion) in html
    assert "Not crying" in html
    # Near the top: above the one-tap log buttons.
    assert html.index('id="suggestions"') < html.index('class="quick"')


def test_the_card_uses_the_household_clock(people, client_as, frozen):
    people.household.clock = "12"
    people.household.save()
    possible_cry(people)
    html = client_as(people.alice).get(today_url(people.baby)).content.decode()
    assert "Possible crying 2:10 am–2:24 am" in html


def test_a_suggestion_from_another_day_says_which_day(people, client_as, frozen):
    possible_cry(people, start_ago=4 * 60, end_ago=4 * 60 - 10)  # 23:00 last night
    html = client_as(people.alice).get(today_url(people.baby)).content.decode()
    assert "Possible crying Sun 22 Nov, 23:00–23:10" in html


def test_at_most_three_then_and_n_more(people, client_as, frozen):
    for i in range(5):
        possible_cry(people, start_ago=200 - 30 * i, end_ago=195 - 30 * i)
    html = client_as(people.alice).get(today_url(people.baby)).content.decode()
    assert html.count('class="row suggestion"') == 3
    assert "and 2 more" in html


def test_no_card_without_pending_suggestions_or_for_another_baby(people, client_as, frozen):
    twin = people.household.babies.create(name="Robin", birth_date=people.baby.birth_date)
    possible_cry(people, baby=twin)
    answered = possible_cry(people, start_ago=100, end_ago=90)
    CrySuggestion.objects.filter(pk=answered.pk).update(status="discarded")
    html = client_as(people.alice).get(today_url(people.baby)).content.decode()
    assert 'id="suggestions"' not in html


def test_a_viewer_sees_no_card(people, client_as, frozen):
    possible_cry(people)
    html = client_as(people.vera).get(today_url(people.baby)).content.decode()
    assert "Possible crying" not in html


# The taps --------------------------------------------------------------------------------


def test_one_tap_logs_crying_credited_to_that_member(people, client_as, frozen):
    suggestion = possible_cry(people)
    response = client_as(people.alice).post(
        confirm_url(suggestion), {"carer": people.bob.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == today_url(people.baby)
    html = response.content.decode()
    assert "In the log: crying 02:10–02:24, with Dad." in html
    assert 'id="suggestions"' not in html
    event = Event.objects.get()
    assert (event.kind, event.caregiver, event.created_by) == ("cry", people.bob, people.alice)
    assert (event.start, event.end) == (suggestion.start, suggestion.end)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.event) == ("confirmed", event)


def test_a_tap_over_a_logged_cry_joins_it(people, client_as, frozen):
    logged = make_event(
        people.baby, "cry", by=people.bob, start=NOW - timedelta(minutes=45), minutes=5
    )
    suggestion = possible_cry(people)
    response = client_as(people.alice).post(
        confirm_url(suggestion), {"carer": people.alice.pk}, follow=True
    )
    assert "In the log: crying 02:10–02:24, with Dad." in response.content.decode()
    assert Event.objects.count() == 1
    logged.refresh_from_db()
    assert (logged.start, logged.end) == (suggestion.start, suggestion.end)


def test_not_crying_logs_nothing(people, client_as, frozen):
    suggestion = possible_cry(people)
    response = client_as(people.bob).post(discard_url(suggestion), follow=True)
    html = response.content.decode()
    assert "Noted: not crying. Nothing was logged." in html
    assert 'id="suggestions"' not in html
    assert not Event.objects.exists()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.resolved_by) == ("discarded", people.bob)


def test_a_second_tap_says_it_was_already_answered(people, client_as, frozen):
    suggestion = possible_cry(people)
    client = client_as(people.alice)
    client.post(discard_url(suggestion))
    response = client.post(confirm_url(suggestion), {"carer": people.alice.pk}, follow=True)
    assert "This was already marked as not crying." in response.content.decode()
    assert not Event.objects.exists()


def test_a_tap_without_a_member_logs_nothing(people, client_as, frozen):
    suggestion = possible_cry(people)
    response = client_as(people.alice).post(confirm_url(suggestion), {}, follow=True)
    assert 'class="message error' in response.content.decode()
    assert not Event.objects.exists()


def test_edit_shows_the_times_heard_and_saves_corrected_ones(people, client_as, frozen):
    suggestion = possible_cry(people)
    client = client_as(people.alice)
    page = client.get(edit_url(suggestion)).content.decode()
    assert 'value="2026-11-23T02:10"' in page and 'value="2026-11-23T02:24"' in page
    assert "Times are in Europe/London." in page
    response = client.post(
        edit_url(suggestion),
        {
            "start": "2026-11-23T02:05",
            "end": "2026-11-23T02:30",
            "carer": people.bob.pk,
            "others_present": [people.alice.pk],
        },
    )
    assert response.status_code == 302 and response["Location"] == today_url(people.baby)
    event = Event.objects.get()
    assert (event.start, event.end) == (NOW - timedelta(minutes=55), NOW - timedelta(minutes=30))
    assert event.caregiver == people.bob
    assert list(event.others_present.all()) == [people.alice]


def test_edit_with_an_end_before_the_start_shows_the_error_and_saves_nothing(
    people, client_as, frozen
):
    suggestion = possible_cry(people)
    response = client_as(people.alice).post(
        edit_url(suggestion),
        {"start": "2026-11-23T02:30", "end": "2026-11-23T02:05", "carer": people.alice.pk},
    )
    assert response.status_code == 200
    assert "The end must be after the start." in response.content.decode()
    assert not Event.objects.exists()


# Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["confirm", "discard", "edit"])
def test_another_household_gets_404(people, client_as, frozen, route):
    suggestion = possible_cry(people)
    url = reverse(f"web:suggestion-{route}", args=[suggestion.pk])
    client = client_as(people.charlie)
    assert client.post(url, {"carer": people.charlie.pk}).status_code == 404
    assert CrySuggestion.objects.get().status == "pending"
    assert not Event.objects.exists()


@pytest.mark.parametrize("route", ["confirm", "discard", "edit"])
def test_a_viewer_gets_403(people, client_as, frozen, route):
    suggestion = possible_cry(people)
    url = reverse(f"web:suggestion-{route}", args=[suggestion.pk])
    assert client_as(people.vera).post(url, {"carer": people.vera.pk}).status_code == 403
    assert CrySuggestion.objects.get().status == "pending"


@pytest.mark.parametrize("route", ["confirm", "discard"])
def test_a_get_is_405(people, client_as, frozen, route):
    suggestion = possible_cry(people)
    url = reverse(f"web:suggestion-{route}", args=[suggestion.pk])
    assert client_as(people.alice).get(url).status_code == 405


def test_the_forms_carry_the_csrf_token(people, client, frozen):
    client.handler.enforce_csrf_checks = True
    client.force_login(people.alice.user)
    suggestion = possible_cry(people)
    assert client.post(discard_url(suggestion)).status_code == 403  # no token
    html = client.get(today_url(people.baby)).content.decode()
    form = html[html.index(f'action="{discard_url(suggestion)}"') :]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]


# Pending is not logged ---------------------------------------------------------------------


def test_pending_suggestions_are_not_in_history_or_the_last_24_hours(people, client_as, frozen):
    possible_cry(people)
    client = client_as(people.alice)
    history = client.get(reverse("web:event-list", args=[people.baby.pk])).content.decode()
    assert '<li class="event" id=' not in history and "02:10" not in history
    today = client.get(today_url(people.baby)).content.decode()
    timeline = today[today.index('id="timeline"') :]
    assert "Nothing logged in the last 24 hours." in timeline


def test_a_spanish_reader_is_asked_in_spanish(people, client_as, frozen):
    people.bob.language = "es"
    people.bob.save()
    possible_cry(people)
    # The request switches this thread to Spanish; the override switches it back after.
    with translation.override(None):
        html = client_as(people.bob).get(today_url(people.baby)).content.decode()
    assert "Posible llanto 02:10–02:24: ¿era llanto? ¿Quién estaba con Sam?" in html
    assert "No era llanto" in html

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carelog.models import Baby, Event
from households.models import Household, Membership

from .conftest import HTMX, NOW, make_event, make_many_holdings


def today_url(baby):
    return reverse("web:today-baby", args=[baby.pk])


def test_owner_sees_timers_buttons_and_the_last_24_hours(people, client_as, frozen):
    make_event(
        people.baby,
        "feed",
        by=people.alice,
        start=NOW - timedelta(minutes=12),
        running=True,
        details={"method": "breast", "side": "left"},
    )
    make_event(
        people.baby,
        "holding",
        by=people.bob,
        start=NOW - timedelta(hours=2),
        minutes=25,
        details={"baby_response": "content", "parent_confidence": 4},
        others=(people.alice,),
    )
    make_event(
        people.baby,
        "nappy",
        by=people.alice,
        start=NOW - timedelta(hours=30),
        details={"wet": True},
    )
    response = client_as(people.alice).get(reverse("web:today"))
    assert response.status_code == 200
    html = response.content.decode()
    # The running timer, who started it and a Stop button.
    assert 'id="timers"' in html
    assert "Started by Mum at 03:48" not in html  # times are London time, not UTC+?
    assert "Started by Mum at 02:48" in html
    assert "12 min" in html
    assert reverse("web:timer-stop", args=[Event.objects.get(kind="feed").pk]) in html
    # Quick-log buttons.
    assert reverse("web:quick-log", args=[people.baby.pk, "nappy-wet"]) in html
    # The timeline, in words, with who was caring and who else was there.
    assert "Holding" in html and "25 min" in html
    assert "baby: content · felt 4/5" in html
    assert "Dad with Mum" in html
    # Older than 24 hours: not on Today.
    assert 'class="details">Wet<' not in html
    assert "Baby unwell?" in html


def test_partner_sees_the_same_day(people, client_as, frozen):
    make_event(people.baby, "sleep", by=people.alice, start=NOW - timedelta(hours=3), minutes=90)
    response = client_as(people.bob).get(today_url(people.baby))
    assert response.status_code == 200
    assert "1 h 30 min" in response.content.decode()


def test_viewer_sees_the_day_but_no_buttons(people, client_as, frozen):
    event = make_event(
        people.baby, "sleep", by=people.alice, start=NOW - timedelta(hours=3), minutes=90
    )
    response = client_as(people.vera).get(today_url(people.baby))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 h 30 min" in html
    assert "quick-button" not in html
    assert reverse("web:event-edit", args=[event.pk]) not in html


def test_outsider_gets_404(people, client_as):
    response = client_as(people.charlie).get(today_url(people.baby))
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(people, client):
    response = client.get(reverse("web:today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_a_person_without_a_household_is_sent_to_set_one_up(db, client, django_user_model):
    user = django_user_model.objects.create_user("newbie", password="x")
    client.force_login(user)
    response = client.get(reverse("web:today"))
    assert response["Location"] == reverse("web:household-new")


def test_a_household_without_a_baby_is_sent_to_add_one(db, client, django_user_model):
    user = django_user_model.objects.create_user("newbie", password="x")
    household = Household.objects.create(name="New")
    Membership.objects.create(household=household, user=user, display_name="Me", role="owner")
    client.force_login(user)
    response = client.get(reverse("web:today"))
    assert response["Location"] == reverse("web:baby-new")


def test_a_midnight_crossing_entry_is_in_the_24_hour_timeline(people, client_as):
    # 00:20 in London; the sleep went from 23:10 to 00:05.
    with time_machine.travel(NOW.replace(hour=0, minute=20), tick=False):
        now = NOW.replace(hour=0, minute=20)
        make_event(
            people.baby, "sleep", by=people.bob, start=now - timedelta(minutes=70), minutes=55
        )
        response = client_as(people.alice).get(reverse("web:today"))
    html = response.content.decode()
    assert "23:10" in html and "–00:05" in html
    assert "55 min" in html
    assert "Sunday 22 November" in html  # the day heading for the part before midnight


def test_a_long_sleep_that_started_more_than_24_hours_ago_but_ended_inside_shows(
    people, client_as, frozen
):
    make_event(people.baby, "sleep", by=people.bob, start=NOW - timedelta(hours=25), minutes=120)
    html = client_as(people.alice).get(reverse("web:today")).content.decode()
    assert "2 h 00 min" in html


def test_htmx_request_gets_a_fragment_not_the_page(people, client_as, frozen):
    client = client_as(people.alice)
    whole = client.get(today_url(people.baby)).content.decode()
    fragment = client.get(today_url(people.baby), **HTMX).content.decode()
    timers = client.get(today_url(people.baby), HTTP_HX_TARGET="timers", **HTMX).content.decode()
    timeline = client.get(
        today_url(people.baby), HTTP_HX_TARGET="timeline", **HTMX
    ).content.decode()
    assert "<html" in whole
    assert "<html" not in fragment and 'id="today-main"' in fragment
    assert timers.lstrip().startswith('<section id="timers"')
    assert timeline.lstrip().startswith('<section id="timeline"')


def test_several_babies_get_a_switcher_and_each_their_own_day(people, client_as, frozen):
    twin = Baby.objects.create(
        household=people.household, name="Alex", birth_date=date(2026, 6, 20)
    )
    make_event(
        twin, "nappy", by=people.alice, start=NOW - timedelta(hours=1), details={"dirty": True}
    )
    client = client_as(people.alice)
    html = client.get(today_url(people.baby)).content.decode()
    assert 'aria-label="Which baby"' in html
    assert 'class="details">Dirty<' not in html
    assert 'class="details">Dirty<' in client.get(today_url(twin)).content.decode()
    # "/" remembers the baby last looked at.
    assert 'class="details">Dirty<' in client.get(reverse("web:today")).content.decode()


def test_query_count_does_not_grow_with_history(
    people, client_as, frozen, django_assert_max_num_queries
):
    make_event(
        people.baby, "feed", by=people.alice, start=NOW, running=True, details={"method": "breast"}
    )
    make_many_holdings(people.baby, by=people.bob, with_=people.alice, count=4)
    client = client_as(people.alice)
    client.get(reverse("web:today"))  # the session remembers the baby
    rest = reverse("web:timeline-rest", args=[people.baby.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("web:today"))
    with CaptureQueriesContext(connection) as few_rest:
        client.get(rest, **HTMX)
    make_many_holdings(people.baby, by=people.bob, with_=people.alice, count=250)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("web:today"))
    assert response.status_code == 200
    html = response.content.decode()
    # Three rows are drawn; the rest wait behind "N more", fetched when opened.
    assert html.count('<li class="event" id=') == 3
    assert "251 more from the last 24 hours" in html and f'hx-get="{rest}"' in html
    with django_assert_max_num_queries(len(few_rest)):
        more = client.get(rest, **HTMX).content.decode()
    assert more.count('<li class="event" id=') == 251
    # A heading only where the day changes (the rows go back past midnight), never again for
    # the day of the rows above.
    assert more.count('<li class="day">') == 1


def test_the_rest_of_the_day_is_only_for_the_household(people, client_as, frozen):
    make_many_holdings(people.baby, by=people.bob, with_=people.alice, count=5)
    rest = reverse("web:timeline-rest", args=[people.baby.pk])
    assert client_as(people.charlie).get(rest).status_code == 404
    viewer = client_as(people.vera).get(rest).content.decode()
    assert viewer.count('<li class="event" id=') == 2 and "/edit/" not in viewer

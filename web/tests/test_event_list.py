from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import HTMX, NOW, make_event, make_many_holdings


def url(baby):
    return reverse("web:event-list", args=[baby.pk])


@pytest.fixture
def history(people):
    """Three days of entries: Mum's nappies every 2 h, Dad's holding every 6 h."""
    for hours in range(0, 72, 2):
        make_event(
            people.baby,
            "nappy",
            by=people.alice,
            start=NOW - timedelta(hours=hours, minutes=1),
            details={"wet": True},
        )
    for hours in range(0, 72, 6):
        make_event(
            people.baby,
            "holding",
            by=people.bob,
            start=NOW - timedelta(hours=hours, minutes=30),
            minutes=20,
        )


def test_newest_first_with_day_headings(people, client_as, frozen, history):
    html = client_as(people.alice).get(url(people.baby)).content.decode()
    assert html.count('<li class="event" id=') == 48
    assert html.index("Monday 23 November") < html.index("Sunday 22 November")
    assert html.index("02:59") < html.index("02:30") < html.index("00:59")


def test_pages_filters_and_day_in_local_time(people, client_as, frozen, history):
    client = client_as(people.alice)
    # 36 nappies + 12 holdings = 48; with 50 a page there's one page, so add more.
    for minutes in range(10):
        make_event(
            people.baby,
            "note",
            by=people.bob,
            start=NOW - timedelta(days=5, minutes=minutes),
            details={"text": "x"},
        )
    html = client.get(url(people.baby)).content.decode()
    assert "Page 1 of 2" in html
    assert html.count('<li class="event" id=') == 50
    page2 = client.get(url(people.baby), {"page": 2}).content.decode()
    assert page2.count('<li class="event" id=') == 8
    only_dad = client.get(url(people.baby), {"caregiver": people.bob.pk}).content.decode()
    assert only_dad.count('<li class="event" id=') == 22
    holdings = client.get(url(people.baby), {"kind": "holding"}).content.decode()
    assert holdings.count('<li class="event" id=') == 12
    day = client.get(url(people.baby), {"day": "2026-11-22"}).content.decode()
    # 22 Nov 00:00–24:00 London (= UTC in November): nappies at 02:59 - 2h steps...
    assert day.count('<li class="event" id=') == 12 + 4


def test_htmx_gets_the_list_fragment(people, client_as, frozen, history):
    html = client_as(people.alice).get(url(people.baby), {"kind": "nappy"}, **HTMX).content.decode()
    assert html.lstrip().startswith('<section id="event-list"')
    assert "<html" not in html


def test_viewer_can_read_but_gets_no_edit_buttons(people, client_as, frozen, history):
    html = client_as(people.vera).get(url(people.baby)).content.decode()
    assert 'class="event"' in html and ">Edit<" not in html


def test_outsider_gets_404(people, client_as):
    assert client_as(people.charlie).get(url(people.baby)).status_code == 404


def test_wrong_method_is_405(people, client_as):
    assert client_as(people.alice).post(url(people.baby)).status_code == 405


def test_history_link_goes_to_the_current_baby(people, client_as):
    response = client_as(people.alice).get(reverse("web:history"))
    assert response["Location"] == url(people.baby)


def test_query_count_does_not_grow_with_history(
    people, client_as, frozen, django_assert_max_num_queries
):
    make_many_holdings(people.baby, by=people.bob, with_=people.alice, count=3)
    client = client_as(people.alice)
    client.get(url(people.baby))
    with CaptureQueriesContext(connection) as few:
        client.get(url(people.baby), {"caregiver": people.bob.pk})
    make_many_holdings(people.baby, by=people.bob, with_=people.alice, count=400)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url(people.baby), {"page": 3, "caregiver": people.bob.pk})
    assert response.content.decode().count('<li class="event" id=') == 50

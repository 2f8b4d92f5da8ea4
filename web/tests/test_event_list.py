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


def rows(html: str) -> int:
    return html.count('<li class="event" id=')


def test_newest_first_grouped_by_day_in_two_screens(people, client_as, frozen, history):
    html = client_as(people.alice).get(url(people.baby)).content.decode()
    assert rows(html) == 10  # 48 entries; the first 10 fit two phone screens
    assert html.index("Monday 23 November") < html.index("Sunday 22 November")
    assert html.index("02:59") < html.index("02:30") < html.index("00:59")
    assert "Show older entries" in html and "Page 1 of" not in html


def test_show_older_entries_adds_the_next_rows_in_place(people, client_as, frozen, history):
    client = client_as(people.alice)
    more = client.get(url(people.baby), {"page": 2, "more": 1}, **HTMX).content.decode()
    assert more.lstrip().startswith("<li") and "<html" not in more and "<section" not in more
    assert rows(more) == 10
    assert "Show older entries" in more  # and the button for the rows after those
    # Rows 11-20 go on with Sunday 22 November, the day of row 10: its heading is not repeated…
    page1 = client.get(url(people.baby)).content.decode()
    assert ("Sunday 22 November" in page1) != ("Sunday 22 November" in more)
    last = client.get(url(people.baby), {"page": 5, "more": 1}, **HTMX).content.decode()
    assert rows(last) == 8 and "Show older entries" not in last
    # …and without JavaScript the button is a link to the next page, which links back.
    page2 = client.get(url(people.baby), {"page": 2}).content.decode()
    assert rows(page2) == 10 and "Newer" in page2 and "Page 2 of 5" in page2


def test_filters_and_day_in_local_time(people, client_as, frozen, history):
    client = client_as(people.alice)
    only_dad = client.get(url(people.baby), {"caregiver": people.bob.pk}).content.decode()
    assert rows(only_dad) == 10  # 10 of his 12 holdings
    holdings = client.get(url(people.baby), {"kind": "holding"}).content.decode()
    assert rows(holdings) == 10 and "Show older entries" in holdings
    day = client.get(url(people.baby), {"day": "2026-11-22"}).content.decode()
    # 22 Nov 00:00–24:00 London (= UTC in November): 12 nappies and 4 holdings, 10 a page.
    assert rows(day) == 10
    rest = client.get(url(people.baby), {"day": "2026-11-22", "page": 2}).content.decode()
    assert rows(rest) == 6


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
    # One more on a later page: the day of the row above, so its heading isn't repeated.
    with django_assert_max_num_queries(len(few) + 1):
        response = client.get(url(people.baby), {"page": 3, "caregiver": people.bob.pk})
    assert rows(response.content.decode()) == 10

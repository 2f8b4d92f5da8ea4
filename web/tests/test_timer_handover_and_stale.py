"""A timer the other parent started asks who was caring; a forgotten timer shows as
"still running?", blocks nothing and counts in no figure (issue 8, logging first)."""

from datetime import timedelta

from django.urls import reverse

from carelog import selectors, services
from carelog.models import Event

from .conftest import NOW


def test_stopping_the_other_parents_timer_asks_who_was_caring(people, client_as, frozen):
    timer = services.start_timer(people.alice, people.baby, "feed",
                                 details={"method": "breast", "side": "left"},
                                 start=NOW - timedelta(minutes=20))  # fmt: skip
    bob = client_as(people.bob)
    today = bob.get(reverse("web:today")).content.decode()
    # Not the one-tap stop form: the stop link that asks.
    assert reverse("web:timer-stop", args=[timer.pk]) in today
    form = bob.get(reverse("web:timer-stop", args=[timer.pk])).content.decode()
    assert "Who was caring?" in form and "Me (Dad)" in form
    response = bob.post(
        reverse("web:timer-stop", args=[timer.pk]), {f"stop{timer.pk}-caregiver": people.bob.pk}
    )
    assert response.status_code == 302
    timer.refresh_from_db()
    assert timer.end is not None and timer.caregiver == people.bob


def test_by_default_the_entry_stays_with_whoever_started_it(people, client_as, frozen):
    timer = services.start_timer(people.alice, people.baby, "sleep", start=NOW - timedelta(hours=1))
    bob = client_as(people.bob)
    bob.post(
        reverse("web:timer-stop", args=[timer.pk]), {f"stop{timer.pk}-caregiver": people.alice.pk}
    )
    timer.refresh_from_db()
    assert timer.end is not None and timer.caregiver == people.alice


def test_my_own_timer_still_stops_in_one_tap(people, client_as, frozen):
    timer = services.start_timer(people.alice, people.baby, "sleep", start=NOW - timedelta(hours=1))
    today = client_as(people.alice).get(reverse("web:today")).content.decode()
    assert f'hx-post="{reverse("web:timer-stop", args=[timer.pk])}"' in today
    assert "Who was caring?" not in today


def test_a_forgotten_timer_blocks_nothing_and_counts_nowhere(people, client_as, frozen):
    old = services.start_timer(people.alice, people.baby, "feed",
                               details={"method": "breast"}, start=NOW - timedelta(hours=5))  # fmt: skip
    html = client_as(people.alice).get(reverse("web:today")).content.decode()
    assert "Feed: still running?" in html
    assert reverse("web:event-edit", args=[old.pk]) in html
    # A new feed timer starts although the old one still runs.
    new = services.start_timer(people.alice, people.baby, "feed", details={"method": "breast"})
    assert new.is_running and Event.objects.filter(end=None, kind="feed").count() == 2
    records = selectors.event_records(people.household, people.baby)
    assert [r.start for r in records if r.kind == "feed"] == [new.start]


def test_the_api_stop_can_say_who_was_caring(people, frozen):
    from django.test import Client

    from households.services import create_token

    timer = services.start_timer(people.alice, people.baby, "sleep", start=NOW - timedelta(hours=1))
    _t, raw = create_token(people.bob, "t")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").post(
        f"/api/v1/timers/{timer.pk}/stop", {"caregiver": people.bob.pk},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["caregiver"]["id"] == people.bob.pk

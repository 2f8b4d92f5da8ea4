"""Taps kept on the phone while offline and sent later: each is stored once (its
client_key), at the moment it was tapped (tapped_at), within the usual time checks."""

from datetime import timedelta

from django.urls import reverse

from carelog.models import Event

from .conftest import HTMX, NOW, make_event

KEY = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"


def url(baby, preset):
    return reverse("web:quick-log", args=[baby.pk, preset])


def test_the_same_tap_sent_twice_is_stored_once(people, client_as, frozen):
    client = client_as(people.alice)
    first = client.post(url(people.baby, "nappy-wet"), {"client_key": KEY})
    again = client.post(url(people.baby, "nappy-wet"), {"client_key": KEY})
    assert first.status_code == again.status_code == 302
    event = Event.objects.get()
    assert (event.client_key, event.details["wet"]) == (KEY, True)


def test_the_key_may_come_as_a_header(people, client_as, frozen):
    client = client_as(people.alice)
    client.post(url(people.baby, "nappy-dirty"), headers={"Idempotency-Key": KEY})
    client.post(url(people.baby, "nappy-dirty"), headers={"Idempotency-Key": KEY})
    assert Event.objects.get().client_key == KEY


def test_a_resent_timer_start_gets_the_timers_not_an_already_running_error(
    people, client_as, frozen
):
    client = client_as(people.bob)
    client.post(url(people.baby, "sleep"), {"client_key": KEY}, **HTMX)
    response = client.post(url(people.baby, "sleep"), {"client_key": KEY}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "already running" not in html and "Timer started: Sleep" in html
    assert Event.objects.get().is_running


def test_taps_without_a_key_are_separate_entries(people, client_as, frozen):
    client = client_as(people.alice)
    client.post(url(people.baby, "nappy-wet"))
    client.post(url(people.baby, "nappy-wet"))
    assert Event.objects.filter(client_key=None).count() == 2


def test_a_kept_tap_starts_when_it_was_tapped(people, client_as, frozen):
    tapped = NOW - timedelta(minutes=40)
    client_as(people.alice).post(
        url(people.baby, "feed-left"),
        {"client_key": KEY, "tapped_at": tapped.isoformat().replace("+00:00", "Z")},
    )
    event = Event.objects.get()
    assert event.start == tapped and event.is_running


def test_a_tap_time_ahead_of_the_server_clock_counts_as_now(people, client_as, frozen):
    ahead = NOW + timedelta(minutes=30)
    client_as(people.alice).post(
        url(people.baby, "nappy-wet"), {"client_key": KEY, "tapped_at": ahead.isoformat()}
    )
    assert Event.objects.get().start == NOW


def test_a_tap_time_that_is_not_iso_8601_with_an_offset_is_ignored(people, client_as, frozen):
    client = client_as(people.alice)
    client.post(url(people.baby, "nappy-wet"), {"tapped_at": "yesterday"})
    client.post(url(people.baby, "nappy-dirty"), {"tapped_at": "2026-11-23T01:00:00"})
    assert [e.start for e in Event.objects.all()] == [NOW, NOW]


def test_a_tap_kept_since_before_the_birth_is_refused_by_the_usual_check(people, client_as, frozen):
    long_ago = people.baby.birth_date - timedelta(days=60)
    response = client_as(people.alice).post(
        url(people.baby, "nappy-wet"),
        {"client_key": KEY, "tapped_at": f"{long_ago.isoformat()}T10:00:00Z"},
        follow=True,
    )
    assert "long before Sam was born" in response.content.decode()
    assert not Event.objects.exists()


def test_a_kept_stop_ends_the_timer_when_it_was_tapped(people, client_as, frozen):
    timer = make_event(
        people.baby,
        "feed",
        by=people.alice,
        start=NOW - timedelta(minutes=50),
        running=True,
        details={"method": "breast", "side": "left"},
    )
    tapped = NOW - timedelta(minutes=20)
    response = client_as(people.alice).post(
        reverse("web:timer-stop", args=[timer.pk]), {"tapped_at": tapped.isoformat()}, **HTMX
    )
    assert response.status_code == 200
    timer.refresh_from_db()
    assert timer.end == tapped


def test_a_stop_sent_twice_stops_once(people, client_as, frozen):
    timer = make_event(
        people.baby,
        "feed",
        by=people.alice,
        start=NOW - timedelta(minutes=50),
        running=True,
        details={"method": "breast", "side": "left"},
    )
    client = client_as(people.alice)
    stop = reverse("web:timer-stop", args=[timer.pk])
    client.post(stop, {"tapped_at": (NOW - timedelta(minutes=20)).isoformat()}, **HTMX)
    client.post(stop, {"tapped_at": (NOW - timedelta(minutes=20)).isoformat()}, **HTMX)
    timer.refresh_from_db()
    assert timer.end == NOW - timedelta(minutes=20)
    assert Event.objects.count() == 1


def test_a_viewer_sending_a_kept_tap_is_refused(people, client_as, frozen):
    response = client_as(people.vera).post(url(people.baby, "nappy-wet"), {"client_key": KEY})
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_an_outsiders_kept_tap_gets_404(people, client_as, frozen):
    response = client_as(people.charlie).post(url(people.baby, "nappy-wet"), {"client_key": KEY})
    assert response.status_code == 404
    assert not Event.objects.exists()

"""Two parents can't log the same nap twice: overlapping sleeps of one baby, and overlapping
feeds from the same breast, are refused with a message naming the other entry, in every
interface."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from ninja.testing import TestClient
from typer.testing import CliRunner

from api.api import api
from carelog import services
from carelog.models import Event
from cli.main import app
from households.exceptions import InvalidInput

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 03:00 in London


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at(hh_mm: str) -> datetime:
    hour, minute = map(int, hh_mm.split(":"))
    return NOW.replace(hour=hour, minute=minute)


def sleep(people, start: str, end: str | None, by=None) -> Event:
    return services.log_event(by or people.bob, people.baby, "sleep", start=at(start),
                              end=at(end) if end else None)  # fmt: skip


def feed(people, start: str, end: str, side: str, method: str = "breast") -> Event:
    details = {"method": method, "side": side} if method == "breast" else {"method": method}
    return services.log_event(people.alice, people.baby, "feed", start=at(start), end=at(end),
                              details=details)  # fmt: skip


def test_a_second_sleep_over_the_same_nap_is_refused_naming_the_first(people):
    sleep(people, "01:10", "02:40")
    with pytest.raises(InvalidInput) as exc:
        sleep(people, "01:30", "02:50", by=people.alice)
    message = exc.value.errors["start"]
    assert "Sam already has a sleep from Mon 23 Nov 01:10 to 02:40, logged by Dad" in message
    assert Event.objects.filter(kind="sleep").count() == 1


def test_sleeps_that_only_touch_or_belong_to_another_baby_are_fine(people):
    from carelog.models import Baby

    sleep(people, "01:10", "02:00")
    sleep(people, "02:00", "02:30")  # starts as the other ends
    sleep(people, "00:30", "01:10")  # ends as the other starts
    twin = Baby.objects.create(household=people.baby.household, name="Kit",
                               birth_date=people.baby.birth_date)  # fmt: skip
    services.log_event(people.bob, twin, "sleep", start=at("01:20"), end=at("01:50"))
    assert Event.objects.filter(kind="sleep").count() == 4


def test_a_running_sleep_counts_until_now_but_a_forgotten_one_never_blocks(people):
    sleep(people, "02:00", None)
    with pytest.raises(InvalidInput):
        sleep(people, "01:30", "02:10")
    sleep(people, "01:30", "02:00")  # ends as the timer started
    Event.objects.filter(end__isnull=True).update(start=NOW - timedelta(hours=30))
    sleep(people, "02:10", "02:40")  # the timer was forgotten a day ago
    assert Event.objects.filter(kind="sleep").count() == 3


def test_feeds_overlap_only_from_the_same_breast(people):
    feed(people, "01:00", "01:20", "left")
    feed(people, "01:05", "01:15", "right")  # the other breast (a parent pumping, twins…)
    feed(people, "01:05", "01:15", "", method="bottle")
    with pytest.raises(InvalidInput) as exc:
        feed(people, "01:10", "01:30", "both")
    assert "a feed from the same breast from Mon 23 Nov 01:00 to 01:20" in exc.value.errors["start"]


def test_editing_or_stopping_into_an_overlap_is_refused_but_editing_itself_is_fine(people):
    first = sleep(people, "00:10", "01:00")
    second = sleep(people, "01:30", "02:00")
    services.update_event(people.alice, second, start=at("01:20"))  # moves within free time
    with pytest.raises(InvalidInput):
        services.update_event(people.alice, second, start=at("00:50"))
    services.update_event(people.alice, first, end=at("01:10"))  # itself is never "the other"
    running = sleep(people, "02:10", None)
    Event.objects.filter(pk=second.pk).update(start=at("02:30"), end=at("02:45"))
    with pytest.raises(InvalidInput):
        services.stop_timer(people.alice, running, end=at("02:40"))
    assert Event.objects.get(pk=running.pk).end is None


def test_the_page_api_and_cli_all_say_so(people, client):
    sleep(people, "01:10", "02:40")
    client.force_login(people.alice.user)
    response = client.post(
        reverse("web:event-add", args=[people.baby.pk, "sleep"]),
        {"start": "2026-11-23T01:20", "end": "2026-11-23T02:00", "caregiver": people.alice.pk},
    )
    assert response.status_code == 200
    assert "Sam already has a sleep from Mon 23 Nov 01:10 to 02:40" in response.content.decode()

    answer = TestClient(api).post(
        "/events",
        json={"baby": people.baby.pk, "kind": "sleep", "start": "2026-11-23T01:20:00Z",
              "end": "2026-11-23T02:00:00Z"},
        user=people.alice.user,
    )  # fmt: skip
    assert answer.status_code == 422
    assert "already has a sleep" in str(answer.json())

    result = CliRunner().invoke(
        app, ["log", "sleep", "--user", "alice", "--start", "2026-11-23T01:20",
              "--end", "2026-11-23T02:00"]
    )  # fmt: skip
    assert result.exit_code != 0
    assert "start: Sam already has a sleep" in result.output
    assert Event.objects.filter(kind="sleep").count() == 1

"""Insights computed ahead by the worker after the log changes (reports/refresh.py), through
the real queue (SqliteHuey) and the page a parent opens."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from carelog import selectors
from guidance import selectors as guidance_selectors
from reports import refresh
from reports.tasks import refresh_insights

from .conftest import NOW, at, log

PAGE = reverse("web:insights")


@pytest.fixture(autouse=True)
def clean_cache() -> None:
    cache.clear()


@pytest.fixture
def queue() -> Any:
    """The app's queue, emptied; tasks wait in it (no worker runs in tests)."""
    from huey.contrib.djhuey import HUEY

    HUEY.flush()
    yield HUEY
    HUEY.flush()


def _queued(huey: Any) -> list[Any]:
    return [t for t in (*huey.pending(), *huey.scheduled()) if t.name.endswith("refresh_insights")]


def _computed(people: Any) -> bool:
    household, baby = people.alice.household, people.baby
    availability = guidance_selectors.household_availability(household)
    return cache.get(selectors.insights_key(household, baby, NOW, availability)) is not None


def test_opening_insights_watches_the_baby(people, client):
    assert not refresh.is_watched(people.alice.household_id, people.baby.pk)
    client.force_login(people.alice.user)
    assert client.get(PAGE).status_code == 200
    assert refresh.is_watched(people.alice.household_id, people.baby.pk)


def test_an_unwatched_log_queues_nothing(people, queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    assert _queued(queue) == []


def test_a_burst_of_entries_queues_one_refresh(people, queue, django_capture_on_commit_callbacks):
    refresh.watch(people.alice.household_id, people.baby.pk)
    with django_capture_on_commit_callbacks(execute=True):
        for hour in (8, 10, 12):
            log(people.alice, people.baby, "feed", at(20, hour), 20, method="breast")
    tasks = _queued(queue)
    assert len(tasks) == 1
    assert tasks[0].args == (people.alice.household_id, people.baby.pk)


def test_the_refresh_fills_what_the_page_reads(people, queue, client, monkeypatch):
    log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    log(people.bob, people.baby, "cry", at(20, 18), 30)
    assert not _computed(people)
    refresh_insights.call_local(people.alice.household_id, people.baby.pk)
    assert _computed(people)

    # The page now reads the computed result: computing again would fail here.
    import insights

    def no(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the page computed the insights again")

    monkeypatch.setattr(insights, "compute_insights", no)
    client.force_login(people.alice.user)
    assert client.get(PAGE).status_code == 200


def test_a_change_after_the_refresh_is_not_served_stale(people, queue):
    log(people.alice, people.baby, "feed", at(20, 8), 20, method="breast")
    refresh.refresh(people.alice.household_id, people.baby.pk)
    assert _computed(people)
    log(people.alice, people.baby, "feed", at(20, 11), 20, method="breast")
    assert not _computed(people)  # the key follows the log


def test_a_deleted_baby_is_skipped(people, queue):
    assert refresh.refresh(people.alice.household_id, people.baby.pk + 1000) is False
    assert refresh.refresh(people.alice.household_id + 1000, people.baby.pk) is False


def test_a_bulk_change_refreshes_every_watched_baby(
    people, queue, django_capture_on_commit_callbacks
):
    """Imports and restores send no model signals; they name the household only."""
    from carelog import changes

    refresh.watch(people.alice.household_id, people.baby.pk)
    with django_capture_on_commit_callbacks(execute=True):
        changes.log_changed(people.alice.household_id)
    assert [t.args for t in _queued(queue)] == [(people.alice.household_id, people.baby.pk)]

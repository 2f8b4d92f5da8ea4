"""/insights says what it rests on: crying never logged, and a log that is only history."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from .conftest import make_event


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_log_without_crying_entries_reports_crying_as_not_logged(people, as_):
    make_event(people.baby, "feed", by=people.alice, minutes_ago=90, minutes=20)
    make_event(people.baby, "sleep", by=people.bob, minutes_ago=60, minutes=40)
    data = as_(people.alice).get("/insights").json()
    assert data["not_logged"] == ["crying"]
    assert data["caregivers"] == []
    assert data["crying"]["last_7_days_mean_cry_min"] is None
    assert data["findings"][0]["code"] == "crying_not_logged"
    assert data["is_history"] is False
    assert data["last_entry"] == "2026-11-23T02:00:00Z"  # the newest start


def test_a_logged_cry_is_reported(people, as_):
    make_event(people.baby, "cry", by=people.alice, minutes_ago=30, minutes=15)
    data = as_(people.alice).get("/insights").json()
    assert data["not_logged"] == []
    assert data["crying"]["last_7_days_mean_cry_min"] == 15.0


def test_an_old_log_is_history(people, as_):
    make_event(people.baby, "cry", by=people.alice, minutes_ago=60 * 24 * 40, minutes=15)
    data = as_(people.alice).get("/insights").json()
    assert data["is_history"] is True
    assert data["findings"][0]["code"] == "history"
    assert data["calm"]["top"] == []

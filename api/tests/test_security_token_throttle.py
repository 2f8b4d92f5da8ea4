"""Token guessing is throttled (issue 12, item 3): after ten wrong tokens from one address
in 15 minutes, that address gets 429 in the API's error shape for every token, right or
wrong, until the window ends. Other addresses, and the browser's session, carry on."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from ninja.testing import TestClient

from api.api import api
from households.services import create_token
from nestling.testing import PASSWORD

from .conftest import NOW

HOME = "10.0.0.1"
ELSEWHERE = "192.0.2.7"
LIMIT = 10


@pytest.fixture(autouse=True)
def _fresh_counts():
    """The counts live in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


def get_household(token: str, address: str = HOME):
    client = TestClient(api, headers={"Authorization": f"Bearer {token}"})
    return client.get("/household", META={"REMOTE_ADDR": address})


def guess(times: int, address: str = HOME) -> None:
    for n in range(times):
        assert get_household(f"nst_guess{n}", address).status_code == 401


def test_ten_wrong_tokens_are_each_answered_401(people):
    guess(LIMIT)


def test_the_eleventh_is_refused_with_429_in_the_api_error_shape(people):
    guess(LIMIT)
    response = get_household("nst_guess_again")
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many API requests with a wrong token came from your address. "
        "Try again in 15 minutes.",
        "errors": {},
    }
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60


def test_a_good_token_from_a_throttled_address_is_refused_too(people):
    _token, raw = create_token(people.alice)
    guess(LIMIT)
    assert get_household(raw).status_code == 429


def test_other_addresses_are_not_affected(people):
    _token, raw = create_token(people.alice)
    guess(LIMIT)
    assert get_household(raw, ELSEWHERE).status_code == 200
    assert get_household("nst_wrong", ELSEWHERE).status_code == 401


def test_a_good_token_does_not_count_and_does_not_reset(people):
    _token, raw = create_token(people.alice)
    guess(LIMIT - 1)
    for _ in range(20):
        assert get_household(raw).status_code == 200
    assert get_household("nst_wrong").status_code == 401
    assert get_household(raw).status_code == 429


def test_the_window_ends_fifteen_minutes_after_the_first_failure(people):
    _token, raw = create_token(people.alice)
    with time_machine.travel(NOW, tick=False) as clock:
        guess(LIMIT)
        clock.shift(timedelta(minutes=10))
        response = get_household(raw)
        assert response.status_code == 429
        assert "Try again in 5 minutes." in response.json()["detail"]
        clock.shift(timedelta(minutes=5, seconds=1))
        assert get_household(raw).status_code == 200


def test_through_the_urlconf_too_and_the_session_still_works(people):
    bad = {"Authorization": "Bearer nst_wrong"}
    client = Client(REMOTE_ADDR=HOME)
    for _ in range(LIMIT):
        assert client.get("/api/v1/household", headers=bad).status_code == 401
    response = client.get("/api/v1/household", headers=bad)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert set(json.loads(response.content)) == {"detail", "errors"}
    # The throttle is on tokens: the same address signed in through the web still works.
    assert client.login(username="alice", password=PASSWORD)
    assert client.get("/api/v1/household").status_code == 200

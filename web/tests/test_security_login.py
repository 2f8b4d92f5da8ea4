"""Login throttling (issue 12, item 3): five failures lock an account and an address for
15 minutes, the login page says so in plain words, and a locked-out attempt never reaches
the password hasher."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.backends import ModelBackend
from django.test import RequestFactory, override_settings
from django.urls import reverse

from nestling.middleware import client_address
from nestling.testing import PASSWORD

from .conftest import NOW

LOGIN = reverse("web:login")
HOME = "10.0.0.1"
ELSEWHERE = "192.0.2.7"


def log_in(client, username: str, password: str, address: str = HOME, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail(client, username: str, times: int, address: str = HOME, **extra) -> None:
    for _ in range(times):
        log_in(client, username, "wrong-guess", address, **extra)


def is_signed_in(client) -> bool:
    return client.get(reverse("web:today")).status_code == 200


def test_four_wrong_passwords_then_the_right_one_still_logs_in(people, client, frozen):
    fail(client, "alice", 4)
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("web:today")


def test_six_wrong_passwords_then_the_right_one_is_refused_with_the_message(people, client, frozen):
    fail(client, "alice", 6)
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts to log in" in page
    assert "Try again in 15 minutes." in page
    assert response["Retry-After"] == str(15 * 60)
    assert 'class="form-errors" role="alert"' in page  # where the page's errors go
    assert 'value="alice"' in page  # the username is kept
    assert not is_signed_in(client)


def test_the_fifth_failure_already_shows_the_message(people, client, frozen):
    fail(client, "alice", 4)
    response = log_in(client, "alice", "wrong-guess")
    assert response.status_code == 429
    assert "Try again in 15 minutes." in response.content.decode()


def test_a_locked_out_attempt_never_runs_the_password_hasher(people, client, frozen):
    fail(client, "alice", 5)
    with mock.patch.object(
        ModelBackend, "authenticate", autospec=True, side_effect=ModelBackend.authenticate
    ) as password_check:
        for password in ("wrong-guess", "another-guess", PASSWORD):
            assert log_in(client, "alice", password).status_code == 429
        assert log_in(client, "bob", PASSWORD).status_code == 429  # same address
        assert password_check.call_count == 0
        log_in(client, "charlie", PASSWORD, ELSEWHERE)  # not locked: the check runs
        assert password_check.call_count == 1


def test_a_different_account_from_the_same_address_is_refused(people, client, frozen):
    fail(client, "alice", 5)
    response = log_in(client, "bob", PASSWORD)
    assert response.status_code == 429
    assert "Try again in 15 minutes." in response.content.decode()


def test_guessing_many_accounts_from_one_address_locks_the_address(people, client, frozen):
    for username in ("alice", "bob", "vera", "charlie", "nobody"):
        fail(client, username, 1)
    assert log_in(client, "charlie", PASSWORD).status_code == 429


def test_the_same_account_from_another_address_is_refused(people, client, frozen):
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"):
        fail(client, "alice", 1, address)
    assert log_in(client, "alice", PASSWORD, ELSEWHERE).status_code == 429


def test_another_account_from_another_address_is_not_affected(people, client, frozen):
    fail(client, "alice", 6)
    response = log_in(client, "charlie", PASSWORD, ELSEWHERE)
    assert response.status_code == 302


def test_the_lock_lifts_fifteen_minutes_after_the_last_failure(people, client):
    with time_machine.travel(NOW, tick=False) as clock:
        fail(client, "alice", 5)
        clock.shift(timedelta(minutes=10))
        response = log_in(client, "alice", PASSWORD)
        assert response.status_code == 429
        assert "Try again in 5 minutes." in response.content.decode()
        clock.shift(timedelta(minutes=4, seconds=30))
        assert "Try again in 1 minute." in log_in(client, "alice", PASSWORD).content.decode()
        clock.shift(timedelta(seconds=31))
        response = log_in(client, "alice", PASSWORD)
        assert response.status_code == 302 and response["Location"] == reverse("web:today")


def test_failures_while_locked_do_not_extend_the_lock(people, client):
    with time_machine.travel(NOW, tick=False) as clock:
        fail(client, "alice", 5)
        clock.shift(timedelta(minutes=14))
        fail(client, "alice", 3)
        clock.shift(timedelta(minutes=1, seconds=1))
        assert log_in(client, "alice", PASSWORD).status_code == 302


def test_the_locked_page_keeps_where_the_person_was_going(people, client, frozen):
    fail(client, "alice", 5)
    response = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD, "next": "/wellbeing/"},
        REMOTE_ADDR=HOME,
    )
    assert 'name="next" value="/wellbeing/"' in response.content.decode()


def test_a_spoofed_forwarded_for_header_does_not_dodge_the_lock(people, client, frozen):
    # Not behind a proxy: X-Forwarded-For is the client's own word and is ignored.
    for n in range(5):
        fail(client, "alice", 1, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert log_in(client, "bob", PASSWORD).status_code == 429


@override_settings(NESTLING_CLIENT_IP_META="HTTP_X_FORWARDED_FOR")
def test_behind_the_proxy_each_client_is_counted_by_its_forwarded_address(people, client, frozen):
    proxy = "127.0.0.1"
    fail(client, "nobody", 5, proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    locked = log_in(client, "bob", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert locked.status_code == 429
    other = log_in(client, "bob", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("meta_key", "meta", "expected"),
    [
        ("", {"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
        ("", {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}, "192.0.2.1"),
        ("HTTP_X_FORWARDED_FOR", {"HTTP_X_FORWARDED_FOR": "198.51.100.9"}, "198.51.100.9"),
        # The client may send its own X-Forwarded-For; our proxy appends the real address.
        ("HTTP_X_FORWARDED_FOR", {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.9"}, "198.51.100.9"),
        ("HTTP_X_FORWARDED_FOR", {"HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
        ("HTTP_X_REAL_IP", {"HTTP_X_REAL_IP": "198.51.100.9"}, "198.51.100.9"),
        # A missing or garbled header counts the proxy itself, never raises.
        ("HTTP_X_FORWARDED_FOR", {"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
        ("HTTP_X_FORWARDED_FOR", {"HTTP_X_FORWARDED_FOR": "<script>"}, "127.0.0.1"),
    ],
)
def test_the_client_address(meta_key, meta, expected):
    request = RequestFactory().get("/", **{"REMOTE_ADDR": "127.0.0.1", **meta})
    with override_settings(NESTLING_CLIENT_IP_META=meta_key):
        assert client_address(request) == expected

"""Apprise, for real, against an endpoint on 127.0.0.1; and telling permanent failures
from temporary ones."""

import pytest

from households.exceptions import InvalidInput
from notifications import services, transport


def test_a_message_arrives(endpoint):
    assert transport.send(endpoint.url, "Title", "Body") == transport.Outcome(is_sent=True)
    assert endpoint.received[0]["title"] == "Title"
    assert endpoint.received[0]["message"] == "Body"


@pytest.mark.parametrize(
    ("status", "is_permanent"),
    [
        (400, True),
        (401, True),
        (403, True),
        (404, True),
        (408, False),
        (429, False),
        (500, False),
        (503, False),
    ],
)
def test_http_failures_are_classified(endpoint, status, is_permanent):
    endpoint.status = status
    outcome = transport.send(endpoint.url, "Title", "Body")
    assert not outcome.is_sent
    assert str(status) in outcome.error
    assert outcome.is_permanent is is_permanent


def test_nobody_listening_is_temporary():
    outcome = transport.send("json://127.0.0.1:1/", "Title", "Body")
    assert (outcome.is_sent, outcome.is_permanent) == (False, False)
    assert "Connection error" in outcome.error


def test_an_unusable_url_is_permanent():
    outcome = transport.send("nope://x", "Title", "Body")
    assert (outcome.is_sent, outcome.is_permanent) == (False, True)


@pytest.mark.parametrize(
    ("messages", "is_permanent"),
    [
        (["Failed to send: Unauthorized, error=401."], True),
        (["SMTP authentication failed"], True),
        (["Invalid token specified"], True),
        (["Failed to send: Servers are overloaded., error=503."], False),
        (["A Connection error occurred sending"], False),
        ([], False),
    ],
)
def test_classify(messages, is_permanent):
    assert transport.classify(messages) is is_permanent


@pytest.mark.parametrize(
    "url",
    [
        "ntfy://nestling-topic",
        "mailto://user:password@example.com",
        "tgram://123456789:abcdefghijklmnop/123456",
        "signal://localhost:8080/+441234567890/+441234567891",
        "json://127.0.0.1:8080/hook",
    ],
)
def test_services_people_use_are_accepted_and_masked(people, url):
    channel = services.add_channel(people.bob, "", url)
    assert channel.service and channel.display_url
    assert "password" not in channel.display_url
    assert "abcdefghijklmnop" not in channel.display_url


@pytest.mark.parametrize(
    ("name", "url", "field", "words"),
    [
        ("", "", "url", "Paste the address"),
        ("", "nope://x", "url", "Unparseable URL"),
        ("", "tgram://bad", "url", "Telegram"),
        ("", "https://example.com/", "url", "ntfy://my-topic"),
        ("x" * 61, "ntfy://topic", "name", "60 characters"),
    ],
)
def test_a_bad_channel_names_the_field(people, name, url, field, words):
    with pytest.raises(InvalidInput) as caught:
        services.add_channel(people.bob, name, url)
    assert set(caught.value.errors) == {field}
    assert words in caught.value.errors[field]


def test_a_member_has_at_most_ten_channels(people):
    for n in range(services.MAX_CHANNELS):
        services.add_channel(people.bob, "", f"ntfy://topic-{n}")
    with pytest.raises(InvalidInput) as caught:
        services.add_channel(people.bob, "", "ntfy://one-more")
    assert set(caught.value.errors) == {"url"}

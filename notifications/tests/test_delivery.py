"""Delivery through the real queue (SqliteHuey, immediate mode) and real Apprise, to an
HTTP endpoint on 127.0.0.1 started by the test: never the internet."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from redis.exceptions import ConnectionError as RedisConnectionError

from households.exceptions import InvalidInput
from notifications import selectors, services
from notifications.models import Delivery, Notification, Reminder, State

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    # Ticking: Apprise and the HTTP server need time to move.
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the enqueue) as if the test's transaction had committed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def remind(membership, due_at=None, key="session:1", kind="session", **extra):
    fields = {
        "kind": kind,
        "title": "Bath time with Sam",
        "body": "Tonight's session: the bath, 10 minutes.",
        "url": "/plans/",
        "due_at": due_at or NOW,
        "dedupe_key": key,
    }
    fields.update(extra)
    return services.schedule_reminder(membership, **fields)


def test_a_due_reminder_reaches_the_inbox_and_the_channel(
    people, endpoint, immediate_huey, on_commit
):
    services.add_channel(people.bob, "Phone", endpoint.url)
    with on_commit():
        reminder = remind(people.bob)
    reminder.refresh_from_db()
    assert reminder.state == State.SENT
    assert reminder.attempts == 1
    [note] = selectors.inbox(people.bob)
    assert (note.title, note.url, note.is_read) == ("Bath time with Sam", "/plans/", False)
    [message] = endpoint.received
    assert message["title"] == "Bath time with Sam"
    assert "Tonight's session: the bath" in message["message"]
    assert "http://127.0.0.1:8000/plans/" in message["message"]
    assert Delivery.objects.get().state == State.SENT


def test_a_future_reminder_waits_for_the_sweep_at_its_time(
    people, endpoint, immediate_huey, on_commit
):
    services.add_channel(people.bob, "", endpoint.url)
    with on_commit():
        reminder = remind(people.bob, due_at=NOW + timedelta(hours=1))
    assert not Notification.objects.exists()
    assert services.deliver_due_reminders(NOW + timedelta(minutes=59)) == 0
    assert services.deliver_due_reminders(NOW + timedelta(hours=1)) == 1
    reminder.refresh_from_db()
    assert reminder.state == State.SENT
    assert len(endpoint.received) == 1
    # A later sweep, or the queue's own task arriving late, finds nothing to do.
    assert services.deliver_due_reminders(NOW + timedelta(hours=2)) == 0
    assert services.process_reminder(reminder.pk, NOW + timedelta(hours=2)) is None
    assert Notification.objects.count() == 1


def test_the_same_key_moves_a_waiting_reminder_and_never_duplicates_a_sent_one(people):
    first = remind(people.bob, due_at=NOW + timedelta(hours=1))
    moved = remind(people.bob, due_at=NOW + timedelta(hours=2), title="Bath at 19:00")
    assert moved.pk == first.pk
    assert (moved.due_at, moved.title) == (NOW + timedelta(hours=2), "Bath at 19:00")
    services.deliver_due_reminders(NOW + timedelta(hours=2))
    again = remind(people.bob, due_at=NOW + timedelta(hours=3), title="Changed")
    assert again.state == State.SENT and again.title == "Bath at 19:00"
    assert Reminder.objects.count() == 1
    assert Notification.objects.count() == 1


def test_cancel_forgets_a_waiting_reminder(people):
    remind(people.bob, due_at=NOW + timedelta(hours=1))
    assert services.cancel_reminder(people.bob, "session:1") is True
    assert services.cancel_reminder(people.bob, "session:1") is False
    assert services.deliver_due_reminders(NOW + timedelta(hours=1)) == 0


def test_a_check_in_leaves_the_server_only_as_a_neutral_line(people, endpoint):
    services.add_channel(people.alice, "", endpoint.url)
    remind(
        people.alice,
        key="check-in:phq2:2026-11-23",
        kind="check_in",
        title="Your weekly mood check-in (PHQ-2)",
        body="Last week you scored 5: low mood most days.",
        url="/wellbeing/check-ins/phq2/",
    )
    services.deliver_due_reminders(NOW)
    [message] = endpoint.received
    assert message["title"] == "Nestling"
    assert message["message"] == "A check-in is due.\nhttp://127.0.0.1:8000/inbox/"
    assert Reminder.objects.get().is_sensitive
    # The inbox, inside Nestling and only for her, has the whole reminder.
    [note] = selectors.inbox(people.alice)
    assert note.body == "Last week you scored 5: low mood most days."


def test_the_sensitive_flag_hides_any_reminder_from_channels(people, endpoint):
    services.add_channel(people.bob, "", endpoint.url)
    remind(people.bob, sensitive=True, title="Talk to your GP about your medication")
    services.deliver_due_reminders(NOW)
    [message] = endpoint.received
    assert "medication" not in str(message)
    assert message["message"].startswith("You have a new reminder in Nestling.")


def test_quiet_hours_hold_channels_but_not_the_inbox(people, endpoint):
    # London is on GMT in November: 23:30 UTC is 23:30 local, inside 22:00–07:00.
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    services.add_channel(people.bob, "", endpoint.url)
    services.set_quiet_hours(people.bob, time(22, 0), time(7, 0))
    reminder = remind(people.bob, due_at=late)
    services.deliver_due_reminders(late)
    reminder.refresh_from_db()
    assert Notification.objects.filter(membership=people.bob).count() == 1
    assert endpoint.received == []
    assert reminder.state == State.PENDING
    morning = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    assert reminder.next_attempt_at == morning
    assert services.deliver_due_reminders(morning - timedelta(minutes=1)) == 0
    assert services.deliver_due_reminders(morning) == 1
    reminder.refresh_from_db()
    assert reminder.state == State.SENT
    assert len(endpoint.received) == 1
    assert Notification.objects.count() == 1


def test_a_temporary_failure_is_retried_and_then_delivered(people, endpoint):
    endpoint.status = 503
    services.add_channel(people.bob, "", endpoint.url)
    reminder = remind(people.bob)
    services.deliver_due_reminders(NOW)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.is_permanent) == (State.PENDING, 1, False)
    assert "503" in delivery.last_error
    assert delivery.next_attempt_at == NOW + timedelta(minutes=1)
    assert list(selectors.delivery_problems(people.bob)) == [delivery]
    endpoint.status = 200
    assert services.deliver_due_reminders(NOW + timedelta(minutes=1)) == 1
    reminder.refresh_from_db()
    delivery.refresh_from_db()
    assert (reminder.state, delivery.state, delivery.attempts) == (State.SENT, State.SENT, 2)
    assert len(endpoint.received) == 2
    assert list(selectors.delivery_problems(people.bob)) == []
    assert Notification.objects.count() == 1


def test_a_permanent_failure_stops_at_once_and_is_shown(people, endpoint):
    endpoint.status = 401
    channel = services.add_channel(people.bob, "Work email", endpoint.url)
    reminder = remind(people.bob)
    services.deliver_due_reminders(NOW)
    reminder.refresh_from_db()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.is_permanent) == (State.FAILED, 1, True)
    assert reminder.state == State.FAILED
    assert "401" in reminder.last_error
    channel.refresh_from_db()
    assert "401" in channel.last_error and channel.last_failed_at is not None
    assert list(selectors.delivery_problems(people.bob)) == [delivery]
    assert services.deliver_due_reminders(NOW + timedelta(days=1)) == 0
    assert len(endpoint.received) == 1
    # The inbox got it all the same.
    assert Notification.objects.filter(membership=people.bob).count() == 1


def test_temporary_failures_give_up_after_the_last_retry(people, endpoint):
    endpoint.status = 503
    services.add_channel(people.bob, "", endpoint.url)
    reminder = remind(people.bob)
    moment = NOW
    for wait in (timedelta(0), *services.RETRY_WAITS):
        moment += wait
        assert services.deliver_due_reminders(moment) == 1
    reminder.refresh_from_db()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.is_permanent) == (State.FAILED, False)
    assert delivery.attempts == len(services.RETRY_WAITS) + 1 == len(endpoint.received)
    assert reminder.state == State.FAILED


def test_one_channel_failing_does_not_resend_through_the_other(people, endpoint):
    services.add_channel(people.bob, "good", endpoint.url)
    services.add_channel(people.bob, "down", "json://127.0.0.1:1/")
    reminder = remind(people.bob)
    services.deliver_due_reminders(NOW)
    services.deliver_due_reminders(NOW + timedelta(minutes=1))
    assert len(endpoint.received) == 1
    reminder.refresh_from_db()
    assert reminder.state == State.PENDING
    assert Delivery.objects.get(channel__name="down").attempts == 2


def test_a_queue_that_is_down_loses_nothing(people, monkeypatch, on_commit):
    from notifications.tasks import deliver_reminder

    def down(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(deliver_reminder, "schedule", down)
    with on_commit():
        reminder = remind(people.bob, due_at=NOW + timedelta(minutes=5))
    assert services.deliver_due_reminders(NOW + timedelta(minutes=5)) == 1
    reminder.refresh_from_db()
    assert reminder.state == State.SENT


def test_reminders_without_channels_are_sent_to_the_inbox_alone(people):
    reminder = remind(people.alice)
    services.deliver_due_reminders(NOW)
    reminder.refresh_from_db()
    assert reminder.state == State.SENT
    assert selectors.unread_count(people.alice) == 1
    assert selectors.unread_count(people.bob) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "gossip"}, "kind"),
        ({"title": "  "}, "title"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"dedupe_key": ""}, "dedupe_key"),
        ({"due_at": datetime(2026, 11, 23, 12, 0)}, "due_at"),
    ],
)
def test_schedule_reminder_names_the_bad_field(people, change, field):
    with pytest.raises(InvalidInput) as caught:
        remind(people.bob, **change)
    assert set(caught.value.errors) == {field}
    assert not Reminder.objects.exists()

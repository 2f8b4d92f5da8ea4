"""A worker that dies at any point neither loses a reminder nor duplicates it in the inbox.

A dying worker is simulated by raising WorkerKilled (a BaseException, like the
KeyboardInterrupt or SystemExit a killed process sees) at the chosen step; "restarting"
is running the sweep again once the dead worker's claim has run out.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from notifications import services
from notifications.models import Delivery, Notification, Reminder, State

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
AFTER_CLAIM_RUNS_OUT = NOW + services.CLAIM_FOR


class WorkerKilled(BaseException):
    pass


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=True):
        yield


def crash_once(monkeypatch, name: str, after: bool = False) -> None:
    """Make services.<name> kill the worker the first time it runs (before or after it)."""
    real = getattr(services, name)
    calls = []

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1 and not after:
            raise WorkerKilled(name)
        result = real(*args, **kwargs)
        if len(calls) == 1:
            raise WorkerKilled(name)
        return result

    monkeypatch.setattr(services, name, dying)


@pytest.fixture
def due(people, endpoint):
    services.add_channel(people.bob, "Phone", endpoint.url)
    return services.schedule_reminder(
        people.bob, "session", "Bath time", "10 minutes", "/plans/", NOW, "session:bath"
    )


def restart_and_check(due, endpoint, sent_externally: int, state: str = State.SENT) -> None:
    # A restart before the claim runs out leaves the row alone: the dead worker might
    # still be alive and sending.
    assert services.deliver_due_reminders(AFTER_CLAIM_RUNS_OUT - timedelta(seconds=1)) == 0
    assert services.deliver_due_reminders(AFTER_CLAIM_RUNS_OUT) == 1
    due.refresh_from_db()
    assert due.state == state
    assert Notification.objects.filter(dedupe_key=due.dedupe_key).count() == 1
    assert len(endpoint.received) == sent_externally
    # And nothing more on later sweeps.
    assert services.deliver_due_reminders(AFTER_CLAIM_RUNS_OUT + timedelta(hours=1)) == 0
    assert Notification.objects.count() == 1


def test_killed_after_claiming_before_anything_was_sent(due, endpoint, monkeypatch):
    crash_once(monkeypatch, "_add_to_inbox")
    with pytest.raises(WorkerKilled):
        services.deliver_due_reminders(NOW)
    due.refresh_from_db()
    assert due.state == State.PENDING and due.claimed_until == AFTER_CLAIM_RUNS_OUT
    assert not Notification.objects.exists()
    restart_and_check(due, endpoint, sent_externally=1)


def test_killed_after_the_inbox_got_it(due, endpoint, monkeypatch):
    crash_once(monkeypatch, "_add_to_inbox", after=True)
    with pytest.raises(WorkerKilled):
        services.deliver_due_reminders(NOW)
    assert Notification.objects.count() == 1
    restart_and_check(due, endpoint, sent_externally=1)


def test_killed_after_sending_everything_before_finishing(due, endpoint, monkeypatch):
    crash_once(monkeypatch, "_finish")
    with pytest.raises(WorkerKilled):
        services.deliver_due_reminders(NOW)
    assert Delivery.objects.get().state == State.SENT
    restart_and_check(due, endpoint, sent_externally=1)


def test_killed_between_the_service_accepting_and_our_recording_it(due, endpoint, monkeypatch):
    # The one window where we can't know whether the channel has it. A session reminder
    # is not sent again (at most once, documented): the delivery says it may not have
    # arrived, and the inbox has exactly one.
    crash_once(monkeypatch, "_record")
    with pytest.raises(WorkerKilled):
        services.deliver_due_reminders(NOW)
    assert len(endpoint.received) == 1
    assert Delivery.objects.get().state == State.SENDING
    restart_and_check(due, endpoint, sent_externally=1, state=State.UNCONFIRMED)
    delivery = Delivery.objects.get()
    assert delivery.state == State.UNCONFIRMED and delivery.attempts == 1
    assert "may not have arrived" in delivery.last_error


def test_a_partner_notice_interrupted_mid_send_is_sent_again(people, endpoint, monkeypatch):
    # "Mum needs you now" is the one kind sent at least once: a duplicate beats a miss.
    services.add_channel(people.bob, "Phone", endpoint.url)
    notice = services.schedule_reminder(
        people.bob, "partner", "Mum needs you now", "", "/wellbeing/", NOW, "partner-notice:1"
    )
    crash_once(monkeypatch, "_record")
    with pytest.raises(WorkerKilled):
        services.deliver_due_reminders(NOW)
    assert len(endpoint.received) == 1
    restart_and_check(notice, endpoint, sent_externally=2)
    assert Delivery.objects.get().attempts == 2


def test_killed_after_claiming_the_delivery_before_the_send(due, endpoint, monkeypatch):
    # The claim is recorded first, so from the database this looks like the case above:
    # the message never left, and (at most once) it isn't sent on restart either.
    real = services.transport.send

    def dying(*args, **kwargs):
        raise WorkerKilled("send")

    monkeypatch.setattr(services.transport, "send", dying)
    with pytest.raises(WorkerKilled):
        services.deliver_due_reminders(NOW)
    monkeypatch.setattr(services.transport, "send", real)
    restart_and_check(due, endpoint, sent_externally=0, state=State.UNCONFIRMED)


def test_two_workers_cannot_both_claim_a_reminder(due):
    assert services.claim(due.pk, NOW) is True
    assert services.claim(due.pk, NOW) is False
    assert services.process_reminder(due.pk, NOW) is None
    assert services.claim(due.pk, AFTER_CLAIM_RUNS_OUT) is True


def test_a_reminder_that_keeps_crashing_is_given_up_not_retried_forever(due, monkeypatch):
    def broken(reminder):
        raise RuntimeError("bug")

    monkeypatch.setattr(services, "_add_to_inbox", broken)
    moment = NOW
    for _ in range(services.MAX_CLAIMS + 1):
        services.deliver_due_reminders(moment)
        moment += services.CLAIM_FOR
    services.deliver_due_reminders(moment)
    due.refresh_from_db()
    assert due.state == State.FAILED
    assert "Gave up" in due.last_error


def test_the_queue_losing_its_task_loses_no_reminder(people, django_capture_on_commit_callbacks):
    """The queue (not immediate) holds the task; flushing it, as a lost Redis would, leaves
    the row for the sweep."""
    from huey.contrib.djhuey import HUEY

    HUEY.storage.flush_all()
    with django_capture_on_commit_callbacks(execute=True):
        reminder = services.schedule_reminder(
            people.bob, "session", "Walk", "", "", NOW + timedelta(minutes=5), "session:walk"
        )
    # In the queue, with its eta (the consumer moves it to the schedule when it reads it).
    assert HUEY.pending_count() + HUEY.scheduled_count() == 1
    HUEY.storage.flush_all()
    assert services.deliver_due_reminders(NOW + timedelta(minutes=5)) == 1
    reminder.refresh_from_db()
    assert reminder.state == State.SENT
    assert Reminder.objects.count() == Notification.objects.count() == 1

"""The long-crying notice (issue 14): possible crying heard by one parent's device tells the
other parent, if they asked, once it lasts their chosen length. Through the real queue
(immediate mode) and real Apprise, to an HTTP endpoint on 127.0.0.1: never the internet."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from carelog.models import CrySuggestion
from carelog.suggestions import Episode, discard_suggestion, suggest_crying
from households.models import Membership
from households.services import set_cry_notice, set_language, set_listening
from notifications import selectors, services
from notifications.models import Kind, Notification, Reminder, State

# 03:00 in London (GMT in November): inside quiet hours of 22:00–07:00.
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock():
    # Ticking: Apprise and the HTTP server need time to move.
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def family(people):
    """Mum's phone listens; Dad asked to be told after 10 minutes."""
    set_listening(people.alice, True)
    set_cry_notice(people.bob, 10)
    return people


def heard(start_ago: float, end_ago: float) -> Episode:
    return Episode(NOW - timedelta(minutes=start_ago), NOW - timedelta(minutes=end_ago), 0.8)


def send(member, *episodes: Episode, source: str = "device") -> list[CrySuggestion]:
    return suggest_crying(member, None, list(episodes), source, now=NOW)


def notices(member=None) -> list[Reminder]:
    found = Reminder.objects.filter(kind=Kind.CRYING)
    return list(found if member is None else found.filter(membership=member))


def test_it_is_off_by_default(people):
    set_listening(people.alice, True)
    assert Membership.objects.get(pk=people.bob.pk).cry_notice_minutes == 0
    send(people.alice, heard(14, 2))
    assert notices() == []


def test_twelve_minutes_tell_the_other_parent_once_and_not_the_detectors_owner(
    family, endpoint, immediate_huey, django_capture_on_commit_callbacks
):
    set_cry_notice(family.alice, 5)  # her own phone heard it: she is not told
    services.add_channel(family.bob, "Phone", endpoint.url)
    with django_capture_on_commit_callbacks(execute=True):
        (suggestion,) = send(family.alice, heard(14, 2))
    [reminder] = notices()
    assert reminder.membership == family.bob
    assert reminder.dedupe_key == f"crying:{suggestion.pk}"
    assert reminder.state == State.SENT
    [note] = selectors.inbox(family.bob)
    assert note.title == "Sam: possible crying"
    assert note.body == (
        "Possible crying heard for 12 minutes (since 02:46). Open Today to confirm who was "
        "with Sam."
    )
    assert note.url == f"/babies/{family.baby.pk}/"
    # The channel gets the same plain words and a link to Today built from SITE_URL.
    [message] = endpoint.received
    assert message["title"] == "Sam: possible crying"
    assert message["message"] == f"{note.body}\nhttp://127.0.0.1:8000/babies/{family.baby.pk}/"
    assert not selectors.inbox(family.alice).exists()
    assert list(suggestion.told.all()) == [family.bob]


def test_widening_the_same_suggestion_or_sending_it_again_does_not_tell_again(family):
    (first,) = send(family.alice, heard(14, 2))
    (wider,) = send(family.alice, heard(2.5, 0.5))  # within a minute: the same crying
    (again,) = send(family.alice, heard(14, 2))  # a phone resending what it wasn't sure of
    assert first.pk == wider.pk == again.pk
    assert len(notices(family.bob)) == 1
    services.deliver_due_reminders(NOW)
    assert Notification.objects.filter(membership=family.bob).count() == 1


def test_eight_minutes_do_not_tell_and_widening_past_the_length_does_once(family):
    send(family.alice, heard(10, 2))
    assert notices() == []
    send(family.alice, heard(2.5, 0))  # now 10 minutes
    [reminder] = notices(family.bob)
    assert "for 10 minutes (since 02:50)" in reminder.body
    send(family.alice, heard(0.5, 0))
    assert len(notices()) == 1


def test_joining_two_suggestions_never_retells_who_was_told_about_either(family):
    send(family.alice, heard(30, 28))
    (later,) = send(family.alice, heard(26, 14))  # 12 minutes: Dad is told
    assert len(notices(family.bob)) == 1
    (joined,) = send(family.alice, heard(28, 26))  # bridges both into the earlier one
    assert joined.pk != later.pk and not CrySuggestion.objects.filter(pk=later.pk).exists()
    assert list(joined.told.all()) == [family.bob]
    assert len(notices(family.bob)) == 1


def test_quiet_hours_hold_the_channel_but_not_the_inbox(family, endpoint):
    services.add_channel(family.bob, "", endpoint.url)
    services.set_quiet_hours(family.bob, time(22, 0), time(7, 0))
    send(family.alice, heard(14, 2))
    services.deliver_due_reminders(NOW)
    [reminder] = notices()
    assert Notification.objects.filter(membership=family.bob).count() == 1
    assert endpoint.received == []
    assert reminder.state == State.PENDING
    morning = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    assert reminder.next_attempt_at == morning
    assert services.deliver_due_reminders(morning - timedelta(minutes=1)) == 0
    assert services.deliver_due_reminders(morning) == 1
    assert len(endpoint.received) == 1
    assert Notification.objects.count() == 1


def test_another_household_and_a_viewer_are_never_told(family):
    set_cry_notice(family.charlie, 5)
    Membership.objects.filter(pk=family.vera.pk).update(cry_notice_minutes=5)
    send(family.alice, heard(14, 2))
    assert [r.membership for r in notices()] == [family.bob]


def test_answered_suggestions_old_crying_and_recordings_tell_nobody(family):
    (suggestion,) = send(family.alice, heard(40, 38))
    discard_suggestion(family.alice, suggestion, now=NOW)
    send(family.alice, heard(40, 38))  # sent again: already answered, not asked again
    send(family.alice, heard(60, 45))  # 15 minutes, but ended 45 minutes ago
    send(family.alice, heard(14, 2), source="file")  # a recording checked afterwards
    assert notices() == []


def test_the_notice_is_in_the_readers_language_and_the_households_clock(family):
    set_language(family.bob, "es")
    family.household.clock = "12"
    family.household.save(update_fields=["clock"])
    send(family.alice, heard(14, 2))
    [reminder] = notices(family.bob)
    assert reminder.title == "Sam: posible llanto"
    assert reminder.body == (
        "Posible llanto durante 12 minutos (desde las 2:46 am). Abre Hoy para confirmar "
        "quién estaba con Sam."
    )


def test_an_answer_during_quiet_hours_withdraws_what_they_held(family, endpoint):
    """Mum answers the suggestion at 03:10; Dad's phone, held by quiet hours, must not buzz
    at 07:00 about crying that was dealt with hours before."""
    services.add_channel(family.bob, "", endpoint.url)
    services.set_quiet_hours(family.bob, time(22, 0), time(7, 0))
    (suggestion,) = send(family.alice, heard(14, 2))
    services.deliver_due_reminders(NOW)
    assert Notification.objects.get(membership=family.bob).read_at is None
    discard_suggestion(family.alice, suggestion, now=NOW + timedelta(minutes=10))
    [reminder] = notices()
    assert reminder.state == State.WITHDRAWN
    assert {d.state for d in reminder.deliveries.all()} == {State.WITHDRAWN}
    assert Notification.objects.get(membership=family.bob).read_at is not None
    morning = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    assert services.deliver_due_reminders(morning) == 0
    assert endpoint.received == []


def test_an_answer_before_any_delivery_forgets_the_notice(family, endpoint):
    (suggestion,) = send(family.alice, heard(14, 2))
    assert len(notices()) == 1  # queued, not yet delivered
    discard_suggestion(family.alice, suggestion, now=NOW)
    assert notices() == []
    assert services.deliver_due_reminders(NOW) == 0
    assert Notification.objects.filter(membership=family.bob).count() == 0

"""Actions on the inbox, channels, quiet hours and reminders. One function per action.

Delivery, step by step (docs/notifications.md tells it for people):

1. `schedule_reminder` stores a Reminder row and, once the transaction commits, asks the
   task queue to look at it at `due_at`. The row is the source of truth.
2. A worker (`deliver_reminder`, or the minute-by-minute `sweep_reminders`) calls
   `process_reminder`, which first *claims* the row with one conditional UPDATE. Two
   workers can't both win it; a worker that dies holding it loses it when the claim runs
   out (`CLAIM_FOR`), and the sweep picks the row up again.
3. The member's inbox gets the notification, keyed by the reminder's dedupe_key, so a
   second run can't add a second copy.
4. Each channel gets one Delivery row, unique per (reminder, channel): the idempotency
   key. During the member's quiet hours it waits until they end. Before each send the
   row is moved from pending to sending by one conditional UPDATE, committed before the
   service is called; then the outcome is recorded. A temporary failure goes back to
   pending with a growing wait; a permanent one (bad URL, refused credentials) stops.
5. The reminder is finished (sent, failed if a channel gave up, unconfirmed if a send
   was interrupted) when no channel is still waiting; otherwise it sleeps until the
   earliest wait ends.

The inbox is exactly once. A channel gets a message at most once, except a notice from
the partner (`RESEND_WHEN_UNSURE`): a delivery found still `sending` after its worker died
(we can't know whether the service got it) is recorded `unconfirmed` and not sent again,
while a partner notice is sent again, since missing one costs more than a duplicate.
docs/notifications.md gives the reasons.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from datetime import datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from households.exceptions import InvalidInput, NotFound
from households.models import Membership

from . import transport
from .models import Channel, Delivery, Kind, Notification, QuietHours, Reminder, State
from .quiet import quiet_until

logger = logging.getLogger(__name__)

#: How long a worker holds a reminder it claimed. Far longer than any send takes
#: (Apprise's own timeouts are seconds), short enough that a crash delays little.
CLAIM_FOR = timedelta(minutes=10)
#: Waits between attempts after a temporary failure; one more failure after the last
#: wait and the delivery is given up (recorded as failed, shown on the settings page).
RETRY_WAITS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
#: A reminder claimed this often without finishing is given up (a bug, not a network blip).
MAX_CLAIMS = 30
MAX_CHANNELS = 10
#: Kinds that are always sensitive, whatever the caller says: wellbeing never leaves the
#: server in clear text.
ALWAYS_SENSITIVE = frozenset({Kind.CHECK_IN})
#: Kinds sent again when a worker died mid-send and we can't tell whether the service got
#: the message (at least once). "Mum needs you now" arriving twice costs a glance;
#: not arriving can cost much more. Every other kind is at most once: a second bath
#: reminder buzzing a sleeping parent at night is the worse error, and the inbox has it.
#: So is a notice of possible crying: a detector's guess, a suggestion and not a monitor.
RESEND_WHEN_UNSURE = frozenset({Kind.PARTNER})


# --- the inbox ------------------------------------------------------------------------


def _queue_errors() -> tuple[type[Exception], ...]:
    """What a task queue that cannot be reached raises: SQLite's and the OS's errors, and
    Redis's when the Redis client is in use (it is imported only then, see nestling/lean.py)."""
    client = sys.modules.get("redis.exceptions")
    return (sqlite3.Error, OSError, *((client.RedisError,) if client is not None else ()))


def mark_read(membership: Membership, notification_id: int) -> Notification:
    """Mark one of the member's own notifications read. Raises NotFound for anyone else's."""
    notification = Notification.objects.filter(membership=membership, pk=notification_id).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(membership: Membership) -> int:
    """Mark every unread notification of the member read; return how many."""
    return Notification.objects.filter(membership=membership, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _add_to_inbox(reminder: Reminder) -> Notification:
    fields = {
        "kind": reminder.kind,
        "title": reminder.title,
        "body": reminder.body,
        "url": reminder.url,
        "created_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            notification, _created = Notification.objects.get_or_create(
                membership=reminder.membership, dedupe_key=reminder.dedupe_key, defaults=fields
            )
    except IntegrityError:
        # Another worker inserted it between our read and our write: theirs stands.
        notification = Notification.objects.get(
            membership=reminder.membership, dedupe_key=reminder.dedupe_key
        )
    return notification


# --- channels and quiet hours ---------------------------------------------------------


def add_channel(membership: Membership, name: str, url: str) -> Channel:
    """Add a notification service URL for the member, checked with Apprise first.

    Raises InvalidInput naming `url` (or `name`) when it can't be used.
    """
    url = url.strip()
    name = name.strip()
    if not url:
        raise InvalidInput({"url": _("Paste the address of a notification service.")})
    if len(url) > 2000:
        raise InvalidInput({"url": _("Use at most 2000 characters.")})
    if len(name) > 60:
        raise InvalidInput({"name": _("Use at most 60 characters.")})
    try:
        parsed = transport.parse_url(url)
    except transport.BadUrl as exc:
        reason = str(exc) or _("no service recognises it")
        raise InvalidInput(
            {
                "url": _(
                    "This is not a notification address we can use (%(reason)s). It should "
                    "look like ntfy://my-topic, mailto://user:password@example.com or "
                    "tgram://bot-token/chat-id."
                )
                % {"reason": reason}
            }
        ) from None
    if Channel.objects.filter(membership=membership).count() >= MAX_CHANNELS:
        raise InvalidInput(
            {"url": _("You have %(n)d channels already; remove one first.") % {"n": MAX_CHANNELS}}
        )
    return Channel.objects.create(
        membership=membership,
        name=name or parsed.service,
        url=url,
        display_url=parsed.display_url,
        service=parsed.service,
    )


def _own_channel(membership: Membership, channel_id: int) -> Channel:
    channel = Channel.objects.filter(membership=membership, pk=channel_id).first()
    if channel is None:
        raise NotFound(_("No such channel."))
    return channel


def remove_channel(membership: Membership, channel_id: int) -> None:
    """Remove one of the member's channels (its waiting deliveries go with it)."""
    _own_channel(membership, channel_id).delete()


def send_test(membership: Membership, channel_id: int) -> transport.Outcome:
    """Send a test message through one of the member's channels now, and record the result."""
    channel = _own_channel(membership, channel_id)
    outcome = transport.send(
        channel.url,
        _("Nestling"),
        _("This is a test from Nestling. Reminders will reach you here."),
    )
    _record_on_channel(channel, outcome)
    return outcome


def set_quiet_hours(
    membership: Membership, start: time | None, end: time | None
) -> QuietHours | None:
    """Set the member's quiet hours (household local time; may cross midnight), or clear
    them when both are None. Raises InvalidInput naming `start` or `end`."""
    if start is None and end is None:
        QuietHours.objects.filter(membership=membership).delete()
        return None
    if start is None:
        raise InvalidInput({"start": _("Say when quiet hours start, or clear both times.")})
    if end is None:
        raise InvalidInput({"end": _("Say when quiet hours end, or clear both times.")})
    if start == end:
        raise InvalidInput({"end": _("Quiet hours must end at a different time than they start.")})
    quiet, _created = QuietHours.objects.update_or_create(
        membership=membership, defaults={"start": start, "end": end}
    )
    return quiet


# --- reminders ------------------------------------------------------------------------


def _clean_reminder(
    kind: str, title: str, body: str, url: str, due_at: datetime, dedupe_key: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Unknown kind; use one of: %(kinds)s.") % {
            "kinds": ", ".join(Kind.values)
        }
    if not title.strip():
        errors["title"] = _("Give the reminder a title.")
    elif len(title) > 200:
        errors["title"] = _("Use at most 200 characters.")
    if len(body) > 2000:
        errors["body"] = _("Use at most 2000 characters.")
    if len(url) > 500 or (url and not url.startswith(("/", "https://", "http://"))):
        errors["url"] = _("Use a path in Nestling, like /plans/, or a full http(s) address.")
    if not dedupe_key.strip() or len(dedupe_key) > 200:
        errors["dedupe_key"] = _("Give a key of 1 to 200 characters that names this reminder.")
    if timezone.is_naive(due_at):
        errors["due_at"] = _("Give the time with its time zone.")
    return errors


def schedule_reminder(
    membership: Membership,
    kind: str,
    title: str,
    body: str,
    url: str,
    due_at: datetime,
    dedupe_key: str,
    sensitive: bool = False,
) -> Reminder:
    """Store a reminder for `membership` at `due_at` and queue its delivery.

    Idempotent by `dedupe_key` (per member): calling again with the same key updates a
    reminder still waiting (say, a session moved to another time) and leaves one already
    delivered alone. `sensitive` (always on for check-ins) keeps title and body inside
    Nestling: channels get a neutral line instead. Raises InvalidInput naming the field.
    """
    if errors := _clean_reminder(kind, title, body, url, due_at, dedupe_key):
        raise InvalidInput(errors)
    fields = {
        "kind": kind,
        "title": title.strip(),
        "body": body.strip(),
        "url": url,
        "is_sensitive": sensitive or kind in ALWAYS_SENSITIVE,
        "due_at": due_at,
        "next_attempt_at": due_at,
    }
    with transaction.atomic():
        reminder, created = Reminder.objects.select_for_update().get_or_create(
            membership=membership, dedupe_key=dedupe_key, defaults=fields
        )
        if not created:
            if reminder.state != State.PENDING or reminder.attempts:
                return reminder
            for name, value in fields.items():
                setattr(reminder, name, value)
            reminder.save(update_fields=[*fields])
        transaction.on_commit(partial(_enqueue, reminder.pk, due_at))
    return reminder


def cancel_reminder(membership: Membership, dedupe_key: str) -> bool:
    """Forget a reminder that hasn't been delivered yet; True if there was one."""
    deleted, _rows = Reminder.objects.filter(
        membership=membership, dedupe_key=dedupe_key, state=State.PENDING, attempts=0
    ).delete()
    return bool(deleted)


def withdraw_reminder(membership: Membership, dedupe_key: str, now: datetime | None = None) -> bool:
    """The reminder is no longer needed (what it asks about was answered): whatever of it
    has not gone out yet never will. Never delivered at all: forgotten. Already in the
    inbox with channels still waiting (quiet hours, retries): those deliveries are
    withdrawn, and the inbox entry is marked read. A send in progress is left to finish.
    True if anything was withdrawn."""
    now = now or timezone.now()
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .filter(membership=membership, dedupe_key=dedupe_key, state=State.PENDING)
            .first()
        )
        if reminder is None:
            return False
        if reminder.attempts == 0:
            reminder.delete()
            return True
        withdrawn = reminder.deliveries.filter(state=State.PENDING).update(
            state=State.WITHDRAWN, updated_at=now
        )
        # Channels added after it went to the inbox must not pick it up either.
        known = set(reminder.deliveries.values_list("channel_id", flat=True))
        for channel in Channel.objects.filter(membership=membership).exclude(pk__in=known):
            Delivery.objects.create(
                reminder=reminder, channel=channel, state=State.WITHDRAWN, next_attempt_at=now
            )
        if not reminder.deliveries.filter(state=State.SENDING).exists():
            reminder.state = State.WITHDRAWN
            reminder.finished_at = now
            reminder.claimed_until = None
            reminder.save(update_fields=["state", "finished_at", "claimed_until"])
        Notification.objects.filter(
            membership=membership, dedupe_key=dedupe_key, read_at__isnull=True
        ).update(read_at=now)
    return bool(withdrawn) or reminder.state == State.WITHDRAWN


def _enqueue(reminder_id: int, due_at: datetime) -> None:
    from .tasks import deliver_reminder

    try:
        if due_at > timezone.now():
            deliver_reminder.schedule(args=(reminder_id,), eta=due_at)
        else:
            deliver_reminder(reminder_id)
    except _queue_errors() as exc:
        # The row is stored; the sweep will deliver it within a minute of the queue's return.
        logger.warning(
            "Could not queue reminder %s (%s); the sweep will pick it up.", reminder_id, exc
        )


def deliver_due_reminders(now: datetime | None = None, limit: int = 500) -> int:
    """Process every reminder that is due and not held by a live worker; return how many.

    This is the sweep: it finds what the queue lost (a restart, a flushed Redis) or
    never had (a queue that was down when the reminder was stored).
    """
    now = now or timezone.now()
    due = (
        Reminder.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    processed = 0
    for pk in list(due):
        try:
            if process_reminder(pk, now) is not None:
                processed += 1
        except Exception:
            # One broken reminder must not hold up everyone else's. Its claim runs out
            # and a later sweep tries again, until MAX_CLAIMS gives it up for good.
            logger.exception("Reminder %s could not be processed; will retry.", pk)
    return processed


def claim(reminder_id: int, now: datetime) -> bool:
    """Take a due reminder for this worker, atomically. False if it isn't ours to take."""
    return bool(
        Reminder.objects.filter(pk=reminder_id, state=State.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + CLAIM_FOR, attempts=F("attempts") + 1)
    )


def process_reminder(reminder_id: int, now: datetime | None = None) -> Reminder | None:
    """Deliver one reminder as far as it can go now, and return it.

    Returns None when it wasn't ours to process (not due, already finished, or held by
    another worker). A returned reminder still `pending` has channels waiting (quiet
    hours, retries) until its `next_attempt_at`. Call it outside a transaction: each
    delivery's claim must be committed before its send for the claim to protect it.
    """
    now = now or timezone.now()
    if not claim(reminder_id, now):
        return None
    reminder = Reminder.objects.select_related("membership__household").get(pk=reminder_id)
    if reminder.attempts > MAX_CLAIMS:
        _give_up(reminder, now, _("Gave up after %(n)d attempts.") % {"n": MAX_CLAIMS})
        return reminder
    _add_to_inbox(reminder)
    _send_to_channels(reminder, now)
    _finish(reminder, now)
    return reminder


def _send_to_channels(reminder: Reminder, now: datetime) -> None:
    membership = reminder.membership
    channels = list(Channel.objects.filter(membership=membership))
    existing = {d.channel_id: d for d in reminder.deliveries.all()}
    waiting = []
    for channel in channels:
        delivery = existing.get(channel.pk)
        if delivery is None:
            delivery, _created = Delivery.objects.get_or_create(
                reminder=reminder, channel=channel, defaults={"next_attempt_at": now}
            )
        if delivery.state == State.SENDING:
            # We hold the reminder's claim, so the worker that took this delivery has
            # lost its own: it died (or hung past CLAIM_FOR) somewhere in the send.
            _settle_interrupted(reminder, delivery, now)
        if delivery.state == State.PENDING and delivery.next_attempt_at <= now:
            delivery.channel = channel
            waiting.append(delivery)
    if not waiting:
        return
    quiet = QuietHours.objects.filter(membership=membership).first()
    if quiet is not None:
        ends = quiet_until(now, membership.household.tz, quiet.start, quiet.end)
        if ends is not None:
            Delivery.objects.filter(pk__in=[d.pk for d in waiting]).update(
                next_attempt_at=ends, updated_at=now
            )
            return
    title, body = external_message(reminder)
    for delivery in waiting:
        if not _claim_delivery(delivery, now):
            continue
        outcome = transport.send(delivery.channel.url, title, body)
        _record(delivery, outcome, now)


def _claim_delivery(delivery: Delivery, now: datetime) -> bool:
    """Mark the delivery `sending` (the idempotency key), committed before the send.

    One conditional UPDATE, so of two workers that both get here only one sends; after
    this, no worker sends through this channel again unless we record a failure.
    """
    return bool(
        Delivery.objects.filter(pk=delivery.pk, state=State.PENDING).update(
            state=State.SENDING, attempts=F("attempts") + 1, updated_at=now
        )
    )


def _settle_interrupted(reminder: Reminder, delivery: Delivery, now: datetime) -> None:
    """Decide what a send interrupted by a dead worker becomes (module docstring)."""
    if reminder.kind in RESEND_WHEN_UNSURE:
        state = State.PENDING
        error = _("The last send was interrupted; sent again in case it never arrived.")
    else:
        state = State.UNCONFIRMED
        error = _(
            "Nestling stopped while sending this, so it may not have arrived. It is not "
            "sent again, so it can't arrive twice; it is in the inbox."
        )
    updated = Delivery.objects.filter(pk=delivery.pk, state=State.SENDING).update(
        state=state, last_error=error, next_attempt_at=now, updated_at=now
    )
    if updated:
        logger.warning(
            "Reminder %s via channel %s: send interrupted by a dead worker; %s.",
            reminder.pk,
            delivery.channel_id,
            "sending again" if state == State.PENDING else "not sending again",
        )
    delivery.refresh_from_db()


def external_message(reminder: Reminder) -> tuple[str, str]:
    """The title and body that leave the server for this reminder.

    A sensitive reminder (every check-in) says only that something is waiting, with a
    link to the inbox; its real title and body stay in Nestling.
    """
    if reminder.is_sensitive:
        line = (
            _("A check-in is due.")
            if reminder.kind == Kind.CHECK_IN
            else _("You have a new reminder in Nestling.")
        )
        return _("Nestling"), f"{line}\n{settings.SITE_URL}{reverse('web:inbox')}"
    link = reminder.url
    if link.startswith("/"):
        link = settings.SITE_URL + link
    # Services refuse an empty body, so a reminder with only a title repeats it.
    body = "\n".join(part for part in (reminder.body, link) if part) or reminder.title
    return reminder.title, body


def _record(delivery: Delivery, outcome: transport.Outcome, now: datetime) -> None:
    delivery.attempts += 1  # as _claim_delivery counted it in the database
    if outcome.is_sent:
        delivery.state = State.SENT
        delivery.sent_at = now
        delivery.last_error = ""
    else:
        delivery.last_error = outcome.error
        delivery.is_permanent = outcome.is_permanent
        if outcome.is_permanent or delivery.attempts > len(RETRY_WAITS):
            delivery.state = State.FAILED
        else:
            delivery.state = State.PENDING
            delivery.next_attempt_at = now + RETRY_WAITS[delivery.attempts - 1]
        logger.warning(
            "Reminder %s via channel %s failed (%s, attempt %d): %s",
            delivery.reminder_id,
            delivery.channel_id,
            "permanent" if outcome.is_permanent else "temporary",
            delivery.attempts,
            outcome.error,
        )
    delivery.save()
    _record_on_channel(delivery.channel, outcome, now)


def _record_on_channel(
    channel: Channel, outcome: transport.Outcome, now: datetime | None = None
) -> None:
    now = now or timezone.now()
    if outcome.is_sent:
        channel.last_sent_at = now
        channel.save(update_fields=["last_sent_at"])
    else:
        channel.last_failed_at = now
        channel.last_error = outcome.error
        channel.save(update_fields=["last_failed_at", "last_error"])


def _finish(reminder: Reminder, now: datetime) -> None:
    deliveries = list(reminder.deliveries.all())
    # A delivery still `sending` here had its send raise: the next run settles it.
    pending = [
        d.next_attempt_at if d.state == State.PENDING else now
        for d in deliveries
        if d.state in (State.PENDING, State.SENDING)
    ]
    failed = [d for d in deliveries if d.state == State.FAILED]
    unconfirmed = [d for d in deliveries if d.state == State.UNCONFIRMED]
    reminder.claimed_until = None
    reminder.last_error = next((d.last_error for d in failed + unconfirmed), "")
    if pending:
        reminder.next_attempt_at = min(pending)
        reminder.save(update_fields=["claimed_until", "last_error", "next_attempt_at"])
        return
    if failed:
        reminder.state = State.FAILED
    elif unconfirmed:
        reminder.state = State.UNCONFIRMED
    else:
        reminder.state = State.SENT
    reminder.finished_at = now
    reminder.save(update_fields=["claimed_until", "last_error", "state", "finished_at"])


def _give_up(reminder: Reminder, now: datetime, error: str) -> None:
    logger.error("Reminder %s: %s", reminder.pk, error)
    reminder.state = State.FAILED
    reminder.last_error = error
    reminder.claimed_until = None
    reminder.finished_at = now
    reminder.save(update_fields=["state", "last_error", "claimed_until", "finished_at"])

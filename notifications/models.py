"""The inbox, each member's notification channels and quiet hours, and reminders in flight.

A Reminder row is the source of truth for delivery: the task queue only says "look at
this row now". Whatever the queue loses (a worker restart, Redis flushed), the periodic
sweep finds again from the rows; whatever it repeats, the row's state refuses.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.models import Membership


class Kind(models.TextChoices):
    SESSION = "session", _("Bonding session")
    CHECK_IN = "check_in", _("Check-in")
    WEEKLY_MESSAGE = "weekly_message", _("Weekly message")
    PARTNER = "partner", _("From your partner")
    MEDICINE = "medicine", _("Medicine")
    CRYING = "crying", _("Possible crying")
    TEST = "test", _("Test")


class Notification(models.Model):
    """One message in a member's in-app inbox. Only that member ever sees it."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The same key never makes a second notification for the same member: a reminder
    # delivered twice after a crash still shows once.
    dedupe_key = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "dedupe_key"], name="unique_notification_per_member"
            )
        ]
        indexes = [models.Index(fields=["membership", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Channel(models.Model):
    """A notification service URL (Apprise syntax) a member asked to be reached through."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=60)
    # May hold a password or token; never shown back in full (see `display_url`).
    url = models.TextField(_("URL"))
    # Apprise's privacy form of the URL (secrets masked): what pages and the API show.
    display_url = models.CharField(max_length=500)
    service = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class QuietHours(models.Model):
    """A member's quiet hours, in the household's local time; may cross midnight."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="quiet_hours"
    )
    start = models.TimeField(_("quiet from"))
    end = models.TimeField(_("quiet until"))


class State(models.TextChoices):
    PENDING = "pending", _("Waiting")
    # A delivery a worker has taken and is handing to the service right now. Recorded
    # (committed) before the send: it is the idempotency key that stops a second worker,
    # or a restarted one, from sending the same reminder through the same channel again.
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The worker died between taking a delivery and recording how it went: the message
    # may or may not have arrived, and it is not sent again (docs/notifications.md).
    UNCONFIRMED = "unconfirmed", _("May not have arrived")
    # No longer needed before it went out (possible crying answered meanwhile): not sent.
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Reminder(models.Model):
    """Something to tell a member at `due_at`: into their inbox, then out to their channels."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200)
    # Sensitive reminders leave the server only as a neutral line (docs/notifications.md).
    is_sensitive = models.BooleanField(default=False)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When the sweep should look at this row next (due_at, then quiet-hours ends or retries).
    next_attempt_at = models.DateTimeField()
    # A worker claims the row until this moment; a crashed worker's claim simply runs out.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "dedupe_key"], name="unique_reminder_per_member"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.membership_id} at {self.due_at:%Y-%m-%d %H:%M}"


class Delivery(models.Model):
    """One reminder sent (or trying to be) through one channel."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # True when retrying can't help (a bad URL, refused credentials).
    is_permanent = models.BooleanField(default=False)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "channel"], name="unique_delivery_per_channel"
            )
        ]

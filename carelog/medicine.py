"""The "next dose from" reminder of a medicine entry with an interval from the label.

When a medicine entry carries ``interval_h`` (the hours the label says to wait), the person
who gave the dose gets a reminder through the notification queue once that interval has
passed. It says the next dose *may* be given if it is still needed; it never asks for a
dose, and nothing reminds earlier than the label allows. Editing the entry moves the
reminder; deleting it, or removing the interval, cancels it; a reminder whose time has
already passed (a dose logged late) is not sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Membership
from notifications import services as notifications
from notifications.models import Kind

from .models import Event


def _key(event_id: int) -> str:
    return f"medicine-next-dose:{event_id}"


def next_dose_at(event: Event) -> datetime | None:
    """When the label allows the next dose, or None for an entry without an interval."""
    hours = event.details.get("interval_h") if event.kind == "medicine" else None
    return event.start + timedelta(hours=float(hours)) if hours else None


def dose_too_soon(event: Event) -> Event | None:
    """The earlier dose of the same medicine whose label wait had not passed when ``event``
    was given, or None. Names are compared without case or surrounding spaces."""
    name = str(event.details.get("name", "")).strip().lower()
    if event.kind != "medicine" or not name:
        return None
    earlier = Event.objects.filter(
        household_id=event.household_id,
        baby_id=event.baby_id,
        kind="medicine",
        start__lt=event.start,
        start__gte=event.start - timedelta(hours=72),  # the longest interval allowed
    ).exclude(pk=event.pk)
    for other in earlier.order_by("-start"):
        if str(other.details.get("name", "")).strip().lower() != name:
            continue
        due = next_dose_at(other)
        return other if due is not None and event.start < due else None
    return None


def cancel_next_dose(event_id: int, household_id: int) -> None:
    """Forget the waiting reminder of this entry, whoever it was for."""
    for member in Membership.objects.filter(household_id=household_id):
        notifications.cancel_reminder(member, _key(event_id))


def sync_next_dose(event: Event, now: datetime | None = None) -> None:
    """Schedule, move or cancel the reminder so that it matches the entry as saved."""
    cancel_next_dose(event.pk, event.household_id)
    due = next_dose_at(event)
    if due is None or due <= (now or timezone.now()):
        return
    name = event.details.get("name") or _("the medicine")
    notifications.schedule_reminder(
        event.caregiver,
        Kind.MEDICINE,
        title=_("%(baby)s: the label's wait for %(name)s is over")
        % {"baby": event.baby.name, "name": name},
        body=_(
            "%(hours)s hours have passed since the last dose. Give another only if it is still "
            "needed, as the label says; if you are unsure, ask a pharmacist or your doctor."
        )
        % {"hours": f"{float(event.details['interval_h']):g}"},
        url=reverse("web:today-baby", args=[event.baby_id]),
        due_at=due,
        dedupe_key=_key(event.pk),
    )

"""Reads of the care log. Each takes the household first; nothing crosses households."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from households.exceptions import NotFound
from households.models import Household, Membership

from .kinds import KINDS
from .models import Baby, Event


def babies(household: Household) -> QuerySet[Baby]:
    return Baby.objects.filter(household=household)


def baby(household: Household, baby_id: int | str) -> Baby:
    """The household's baby with this id; NotFound for anyone else's."""
    found = Baby.objects.filter(household=household, pk=baby_id).first()
    if found is None:
        raise NotFound("No such baby.")
    return found


def event(household: Household, event_id: int | str) -> Event:
    found = _with_people(Event.objects.filter(household=household, pk=event_id)).first()
    if found is None:
        raise NotFound("No such event.")
    return found


def _with_people(qs: QuerySet[Event]) -> QuerySet[Event]:
    # Two queries whatever the number of events: one for events (+ caregiver, baby),
    # one for everyone present.
    return qs.select_related("caregiver", "baby").prefetch_related(
        Prefetch("others_present", queryset=Membership.objects.only("id", "display_name"))
    )


def events(
    household: Household,
    *,
    baby: Baby | None = None,
    kinds: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    caregiver_id: int | None = None,
) -> QuerySet[Event]:
    """Events newest first. `since`/`until` bound the start time (UTC-aware datetimes)."""
    qs = Event.objects.filter(household=household)
    if baby is not None:
        qs = qs.filter(baby=baby)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if since is not None:
        qs = qs.filter(start__gte=since)
    if until is not None:
        qs = qs.filter(start__lt=until)
    if caregiver_id is not None:
        qs = qs.filter(caregiver_id=caregiver_id)
    return _with_people(qs.order_by("-start", "-id"))


def running_timers(household: Household, baby: Baby | None = None) -> QuerySet[Event]:
    timed = [code for code, kind in KINDS.items() if kind.has_duration]
    qs = Event.objects.filter(household=household, end=None, kind__in=timed)
    if baby is not None:
        qs = qs.filter(baby=baby)
    return _with_people(qs.order_by("start"))

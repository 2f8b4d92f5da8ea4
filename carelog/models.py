from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from households.models import Household, Membership

from .kinds import KINDS, Kind


class Baby(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="babies")
    name = models.CharField(_("name"), max_length=60)
    birth_date = models.DateField(_("birth date"))
    # For babies born early: age is then counted from the due date ("corrected age").
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # Growth standards differ by sex (WHO 2006); blank: not given, so no centiles.
    SEX_CHOICES = [("female", _("Girl")), ("male", _("Boy"))]
    sex = models.CharField(_("sex"), max_length=6, choices=SEX_CHOICES, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["birth_date", "id"]
        verbose_name_plural = "babies"

    def __str__(self) -> str:
        return self.name

    def corrected_age(self, today: date) -> timedelta:
        """Age from the due date if the baby came early, else from birth."""
        start = (
            self.due_date if self.due_date and self.due_date > self.birth_date else self.birth_date
        )
        return today - start


def running_now(kind: str, end: datetime | None, flag: str) -> bool:
    """An entry is a running timer: a kind with a duration, no end yet, and not a flagged
    import (an imported entry with no end never becomes a timer)."""
    return end is None and KINDS[kind].has_duration and not flag


class Event(models.Model):
    KIND_CHOICES = [(code, kind.label) for code, kind in KINDS.items()]

    # Denormalised so every query can be scoped to the household in one index step.
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    start = models.DateTimeField()
    # Null while a timer runs, and for instants (nappy, note).
    end = models.DateTimeField(null=True, blank=True)
    caregiver = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    others_present = models.ManyToManyField(Membership, blank=True, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Brought in from another app: which format, and a key of the source row, so that
    # importing the same file again (or a later export holding it) adds nothing.
    source = models.CharField(max_length=30, blank=True, default="")
    fingerprint = models.CharField(max_length=40, null=True, blank=True)
    #: Why an entry is kept out of figures and is never a running timer: "no_end" (the
    #: source gave no end for something that lasts), "marker" (a sleep of a minute or
    #: less, a "put down" mark some apps log). Empty for everything else.
    flag = models.CharField(max_length=10, blank=True, default="")
    #: Made on the phone when a parent taps (a UUID), so a tap sent again after the
    #: connection dropped (the phone can't know whether the first one arrived) is stored
    #: once. Null for entries made any other way.
    client_key = models.CharField(max_length=64, null=True, blank=True)

    FLAG_NO_END = "no_end"
    FLAG_MARKER = "marker"

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "fingerprint"],
                condition=Q(fingerprint__isnull=False),
                name="event_unique_source_row",
            ),
            models.UniqueConstraint(
                fields=["household", "client_key"],
                condition=Q(client_key__isnull=False),
                name="event_unique_client_key",
            ),
        ]
        indexes = [
            models.Index(fields=["household", "baby", "-start"], name="event_baby_start"),
            models.Index(fields=["household", "kind", "-start"], name="event_kind_start"),
            # The household's log newest first (a page of events, with no baby or kind
            # chosen): without it the database sorts the whole log for every page.
            models.Index(fields=["household", "-start", "-id"], name="event_household_start"),
            # Running timers (and instants), asked for on every Today view; without this,
            # "end IS NULL" meant reading a year of entries. The condition has no bound
            # parameters, so SQLite can match it to the query and use the index.
            models.Index(
                fields=["household", "baby", "kind"],
                condition=Q(end__isnull=True),
                name="event_running",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.start:%Y-%m-%d %H:%M}"

    @property
    def kind_info(self) -> Kind:
        return KINDS[self.kind]

    @property
    def is_running(self) -> bool:
        return running_now(self.kind, self.end, self.flag)

    @property
    def duration(self) -> timedelta | None:
        return None if self.end is None else self.end - self.start


class ImportJob(models.Model):
    """An import started from the page or the API, run by the task queue's worker.

    The uploaded files are kept only until the import has run; the report stays so the
    family can see what came in and what was left out.
    """

    QUEUED, RUNNING, DONE, REFUSED, FAILED = "queued", "running", "done", "refused", "failed"
    STATES = [(s, s) for s in (QUEUED, RUNNING, DONE, REFUSED, FAILED)]

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=STATES, default=QUEUED)
    #: What the import was asked to do: format, time zone, baby, people, skip_bad_lines.
    options = models.JSONField(default=dict)
    #: [{"name": ..., "text": ...}] until the import has run, then emptied.
    files = models.JSONField(default=list)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.state})"


class CrySuggestion(models.Model):
    """Possible crying heard by a member's device, waiting for a parent to say whether it
    was crying (issue 14). Only the times and a confidence are kept, never sound.

    It is not an Event, so a pending suggestion counts in no figure, report or history:
    only the suggestion card and the API read this table. Confirming it logs (or joins) a
    crying Event through carelog.suggestions; discarding it just marks it.
    """

    PENDING, CONFIRMED, DISCARDED = "pending", "confirmed", "discarded"
    STATUSES = [(s, s) for s in (PENDING, CONFIRMED, DISCARDED)]
    #: Where the detector ran: the Nestling app on a phone ("device"), an open Nestling
    #: page ("page"), or a recording the family chose to check ("file").
    SOURCES = [(s, s) for s in ("device", "page", "file")]

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="cry_suggestions")
    #: Whose listening device heard it.
    detected_by = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()
    #: The detector's confidence that this was crying, 0 to 1.
    confidence = models.FloatField()
    source = models.CharField(max_length=6, choices=SOURCES)
    status = models.CharField(max_length=9, choices=STATUSES, default=PENDING)
    resolved_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    #: The crying entry it was confirmed as (made, or joined); null until then, and if
    #: that entry is deleted later.
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Members already sent the long-crying notice about it, so that its widening
    #: further, or a phone sending it again, never tells them twice.
    told = models.ManyToManyField(Membership, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [
            models.Index(
                fields=["household", "baby", "status", "start"], name="crysuggestion_status"
            )
        ]

    def __str__(self) -> str:
        return f"possible crying at {self.start:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.PENDING

"""Availability, what was already tried, and bonding plans with their sessions.

Times of day are local to the household (minutes since local midnight, like
``insights.records.WeeklySchedule``); a session's ``start_at`` is the same moment in UTC.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from carelog.models import Baby, Event
from households.models import Household, Membership


class Availability(models.Model):
    """A member's weekly free windows: ``days`` is 7 lists (Monday first) of
    ``[start_min, end_min]`` pairs, end exclusive, sorted and not overlapping."""

    class EnteredAs(models.TextChoices):
        FREE = "free", _("Free windows")
        WORK = "work", _("Work hours")

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="availability"
    )
    days = models.JSONField(default=list)
    # How the member entered it, so the editor can show it back the same way.
    entered_as = models.CharField(max_length=10, choices=EnteredAs.choices, default="free")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"availability of {self.membership}"


class Tried(models.Model):
    """Something a member already tried with the baby, and how it went."""

    class Outcome(models.TextChoices):
        WORKED = "worked", _("It worked")
        MIXED = "mixed", _("Mixed")
        FAILED = "failed", _("It didn't work")

    class State(models.TextChoices):
        FED_AND_RESTED = "fed_and_rested", _("Fed and rested")
        DUE_A_FEED = "due_a_feed", _("Due a feed")
        TIRED = "tired", _("Tired")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tried")
    family = models.CharField(_("what you tried"), max_length=40)
    outcome = models.CharField(_("how it went"), max_length=10, choices=Outcome.choices)
    # Local minutes since midnight; null when it was "at random times".
    start_min = models.PositiveSmallIntegerField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.family}: {self.outcome}"


class Plan(models.Model):
    """A bonding plan for one parent (``membership``). Only one is active per parent."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="plans")
    baby = models.ForeignKey(Baby, on_delete=models.CASCADE, related_name="plans")
    created_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    start_date = models.DateField()
    weeks = models.PositiveSmallIntegerField(default=4)
    level = models.PositiveSmallIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    has_overlap = models.BooleanField(default=True)
    # What planner.make_plan was given (calm windows, availability, sleep, tried, age…),
    # so the plan can adapt later to exactly the same inputs.
    inputs = models.JSONField(default=dict)
    # [{"code": ..., "key": ..., "values": {...}}]: each note's code and its sentence
    # (planner.Words as JSON), as the planner last wrote them; worded when shown.
    notes = models.JSONField(default=list)
    blocked_bands = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["household", "membership", "is_active"])]

    def __str__(self) -> str:
        return f"plan for {self.membership} from {self.start_date}"


class PlanSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Planned")
        STARTED = "started", _("Started")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    class Response(models.TextChoices):
        CONTENT = "content", _("Content")
        FUSSY = "fussy", _("Fussy")
        CRYING = "crying", _("Crying")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    local_start = models.TimeField()
    start_at = models.DateTimeField()
    activity_id = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    family = models.CharField(max_length=40)
    logs_as = models.CharField(max_length=20)
    minutes = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    # Why this session: planner.Words as JSON, worded when shown (reports.wording).
    reason = models.JSONField(default=list)
    is_owned_routine = models.BooleanField(default=False)
    is_changed_form = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default="scheduled")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    baby_response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    parent_confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "local_start", "id"]
        indexes = [models.Index(fields=["plan", "date"])]

    def __str__(self) -> str:
        return f"{self.activity_id} on {self.date} at {self.local_start:%H:%M}"

    @property
    def start_min(self) -> int:
        return self.local_start.hour * 60 + self.local_start.minute

    @property
    def reminder_key(self) -> str:
        """The same session (time and activity) in a remade plan has the same key, so a
        reminder already delivered for it is not sent again (issue 12, exactly once)."""
        return f"plan-session:{self.start_at:%Y%m%dT%H%MZ}:{self.activity_id}"

    @property
    def is_rated(self) -> bool:
        return bool(self.baby_response)

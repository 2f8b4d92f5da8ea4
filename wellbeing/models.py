"""Check-ins and who may see them, notices to a partner, and "how are you doing" ratings.

A check-in belongs to the person who answered. For each one they choose, separately for
their partner and for reports, how much is shared: nothing, only that it was done, the
band, or everything. Their WellbeingPreference holds the defaults (nothing, nothing).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from households.models import Membership


class Visibility(models.TextChoices):
    NOTHING = "nothing", _("Nothing")
    DONE = "done", _("Only that I did a check-in")
    BAND = "band", _("The result range")
    EVERYTHING = "everything", _("Everything, answers included")


#: Increasing order of what is shown; redaction compares positions in this list.
VISIBILITY_ORDER = [Visibility.NOTHING, Visibility.DONE, Visibility.BAND, Visibility.EVERYTHING]


class RespondentRole(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    OTHER = "other", _("Another parent or carer")


class WellbeingPreference(models.Model):
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="wellbeing_preference"
    )
    share_with_partner = models.CharField(
        _("share with my partner"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NOTHING,
    )
    share_with_reports = models.CharField(
        _("share in reports"), max_length=10, choices=Visibility.choices, default=Visibility.NOTHING
    )
    # Some instruments (the EPDS) use different cut-offs for mothers and fathers.
    respondent_role = models.CharField(
        _("I answer as"),
        max_length=10,
        choices=RespondentRole.choices,
        default=RespondentRole.OTHER,
    )
    # NICE NG222: some response is expected after about 4 weeks of treatment; knowing when
    # treatment started lets the result page suggest a review when it isn't helping.
    on_treatment_since = models.DateField(_("on treatment since"), null=True, blank=True)


class CheckIn(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="check_ins")
    instrument = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=40)
    # 0-based option index per item, in item order (scores come from the instrument).
    answers = models.JSONField()
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=40)
    band_label = models.CharField(max_length=120)
    role_used = models.CharField(max_length=20, default="any")
    is_positive = models.BooleanField()
    self_harm_flag = models.BooleanField(default=False)
    share_with_partner = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.NOTHING
    )
    share_with_reports = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.NOTHING
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["membership", "instrument", "created_at"])]


class PartnerNotice(models.Model):
    """ "Please be with me": created only when the person presses the button, and holding no
    answers, scores or text — only who asked and when."""

    class Kind(models.TextChoices):
        NEEDS_YOU = "needs_you", _("needs you")
        SHARED = "shared", _("shared a check-in")

    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+"
    )
    sender = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="wellbeing_notices"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.NEEDS_YOU)
    created_at = models.DateTimeField()
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class FrustrationCheck(models.Model):
    """A 0–10 "how are you doing right now" answer (after a hard cry, or "I'm at my limit")."""

    class Source(models.TextChoices):
        AFTER_CRY = "after_cry", _("after a crying episode")
        AT_LIMIT = "at_limit", _("I'm at my limit")
        ASKED = "asked", _("asked myself")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="frustration_checks"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    # A carelog Event id as a plain number: wellbeing does not depend on carelog (STYLE §2).
    cry_event_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]


class SafetyScreening(models.Model):
    """One same-session safety screen: what opened it, and the answers so far.

    Private to the member who answered: no selector ever shows it to anyone else, and it is
    never shared. It holds no free text, only the yes/no signals that opened it (e.g.
    ``{"passive_death_wish": true}``) and the yes/no answers.
    """

    class Origin(models.TextChoices):
        CHECK_IN = "checkin", _("a check-in answer")
        INTAKE = "intake", _("what you wrote")
        FRUSTRATION = "limit", _("an 'at my limit' answer")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="safety_screenings"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices)
    check_in = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topics = models.JSONField(default=list)
    about = models.CharField(max_length=10, default="writer")
    origin_signals = models.JSONField(default=dict)
    partner_words = models.JSONField(default=dict)
    answers = models.JSONField(default=dict)
    tier = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

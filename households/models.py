from __future__ import annotations

import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .units import Units


def hash_secret(raw: str) -> str:
    """Tokens and invitation codes are stored as SHA-256 digests, never in clear."""
    return hashlib.sha256(raw.encode()).hexdigest()


class Household(models.Model):
    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/London")
    # ISO 3166-1 alpha-2; selects the help directory (helplines) for this family.
    country = models.CharField(_("country"), max_length=2, default="GB")
    # How amounts are shown and typed (households/units.py). Everything is stored in SI;
    # households.services.create_household picks these from the country.
    volume_unit = models.CharField(
        _("volume"), max_length=4, choices=[("ml", "ml"), ("floz", "fl oz")], default="ml"
    )
    weight_unit = models.CharField(
        _("weight"), max_length=2, choices=[("kg", "kg"), ("lb", "lb and oz")], default="kg"
    )
    length_unit = models.CharField(
        _("length"), max_length=2, choices=[("cm", "cm"), ("in", "in")], default="cm"
    )
    temperature_unit = models.CharField(
        _("temperature"), max_length=1, choices=[("c", "°C"), ("f", "°F")], default="c"
    )
    clock = models.CharField(
        _("clock"), max_length=2, choices=[("24", "24-hour"), ("12", "12-hour")], default="24"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def units(self) -> Units:
        return Units.of(self)


#: The lengths a member may choose for the long-crying notice, in minutes (0: off).
CRY_NOTICE_CHOICES = [
    (0, _("Off")),
    (5, _("After 5 minutes")),
    (10, _("After 10 minutes")),
    (20, _("After 20 minutes")),
    (30, _("After 30 minutes")),
]


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        PARENT = "parent", _("Parent or carer")
        VIEWER = "viewer", _("Can only look")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    # One household per person keeps every query's scope obvious.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PARENT)
    display_name = models.CharField(_("display name"), max_length=40)
    # The language this person reads Nestling in (a code of settings.LANGUAGES); blank: the
    # browser's. Per person, not per household: two parents may read different languages.
    language = models.CharField(max_length=10, blank=True, default="")
    #: "Listen for crying on my devices": this person's phones may send possible crying
    #: (times only, never sound) as suggestions (carelog.suggestions). Off until they
    #: turn it on themselves; per person, like the language.
    listening = models.BooleanField(_("listen for crying on my devices"), default=False)
    #: "Tell me when the baby has been crying for a long stretch": after how many minutes
    #: of possible crying heard by *another* member's device this person gets a notice
    #: through their reminders (carelog.suggestions). 0, the default, is off.
    cry_notice_minutes = models.PositiveSmallIntegerField(
        _("tell me about long crying after"), choices=CRY_NOTICE_CHOICES, default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "display_name"], name="unique_display_name_per_household"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def can_write(self) -> bool:
        return self.role != self.Role.VIEWER

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class Invitation(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    display_name = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default="parent")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @staticmethod
    def new_code() -> str:
        return secrets.token_urlsafe(24)


class ApiToken(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, shown so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @staticmethod
    def new_token() -> str:
        return "nst_" + secrets.token_urlsafe(32)

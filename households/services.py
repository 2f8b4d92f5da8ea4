"""Actions on households, members, invitations and API tokens. One function per action."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import InvalidInput, NotAllowed, NotFound
from .models import CRY_NOTICE_CHOICES, ApiToken, Household, Invitation, Membership, hash_secret
from .units import (
    CLOCKS,
    LENGTH_UNITS,
    TEMPERATURE_UNITS,
    VOLUME_UNITS,
    WEIGHT_UNITS,
    defaults_for_country,
)

INVITATION_LIFETIME = timedelta(days=14)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _clean_household_fields(name: str, time_zone: str, country: str) -> tuple[str, str, str]:
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Give the household a name.")
    elif len(name) > 100:
        errors["name"] = _("Use at most 100 characters.")
    if time_zone not in _time_zones():
        errors["time_zone"] = _("“%(tz)s” is not a time zone; try one like Europe/London.") % {
            "tz": time_zone
        }
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        errors["country"] = _("Use the two-letter country code, like GB, US or IE.")
    if errors:
        raise InvalidInput(errors)
    return name, time_zone, country


def _clean_display_name(display_name: str) -> str:
    display_name = display_name.strip()
    if not display_name:
        raise InvalidInput({"display_name": _("Give a name the family uses, like Mum or Dad.")})
    if len(display_name) > 40:
        raise InvalidInput({"display_name": _("Use at most 40 characters.")})
    return display_name


def create_user(username: str, password: str, email: str = "") -> User:
    """Create a login. Raises InvalidInput naming `username` or `password`."""
    User = get_user_model()
    username = username.strip()
    if not username:
        raise InvalidInput({"username": _("Choose a username.")})
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput({"username": _("That username is taken.")})
    user = User(username=username, email=email.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput({"password": " ".join(exc.messages)}) from None
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def create_household(
    user: User, name: str, time_zone: str, country: str, display_name: str
) -> Membership:
    """Create a household with `user` as its owner and return the owner's membership."""
    name, time_zone, country = _clean_household_fields(name, time_zone, country)
    display_name = _clean_display_name(display_name)
    if Membership.objects.filter(user=user).exists():
        raise InvalidInput({"household": _("You already belong to a household.")})
    units = defaults_for_country(country)
    household = Household.objects.create(
        name=name,
        time_zone=time_zone,
        country=country,
        volume_unit=units.volume,
        weight_unit=units.weight,
        length_unit=units.length,
        temperature_unit=units.temperature,
        clock=units.clock,
    )
    return Membership.objects.create(
        household=household, user=user, role=Membership.Role.OWNER, display_name=display_name
    )


#: The household's unit settings, what each may be, and the words for a wrong one.
UNIT_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "volume_unit": (VOLUME_UNITS, "ml, floz"),
    "weight_unit": (WEIGHT_UNITS, "kg, lb"),
    "length_unit": (LENGTH_UNITS, "cm, in"),
    "temperature_unit": (TEMPERATURE_UNITS, "c, f"),
    "clock": (CLOCKS, "24, 12"),
}


def update_household(
    membership: Membership,
    name: str,
    time_zone: str,
    country: str,
    **units: str | None,
) -> Household:
    """Change the household's details and, by keyword, its units (volume_unit: ml or floz,
    weight_unit: kg or lb, length_unit: cm or in, temperature_unit: c or f, clock: 24 or
    12). A unit left out or None stays as it is; stored values are SI whatever is chosen.
    Raises NotAllowed for anyone but the owner, InvalidInput naming each bad field."""
    if not membership.is_owner:
        raise NotAllowed(_("Only the household's owner can change its details."))
    household = membership.household
    chosen: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, value in units.items():
        if field not in UNIT_FIELDS:
            raise TypeError(f"update_household() got an unexpected keyword argument {field!r}")
        if value is None:
            continue
        allowed, words = UNIT_FIELDS[field]
        if str(value) not in allowed:
            errors[field] = _("Choose one of %(choices)s.") % {"choices": words}
        else:
            chosen[field] = str(value)
    try:
        cleaned = _clean_household_fields(name, time_zone, country)
    except InvalidInput as exc:
        raise InvalidInput({**exc.errors, **errors}) from None
    if errors:
        raise InvalidInput(errors)
    household.name, household.time_zone, household.country = cleaned
    for field, value in chosen.items():
        setattr(household, field, value)
    household.save(update_fields=["name", "time_zone", "country", *chosen])
    return household


def invite_member(
    membership: Membership, display_name: str = "", role: str = Membership.Role.PARENT
) -> tuple[Invitation, str]:
    """Create an invitation; return it and the one-time code for the link (shown once)."""
    if not membership.can_write:
        raise NotAllowed(_("You can't invite people to this household."))
    if role not in (Membership.Role.PARENT, Membership.Role.VIEWER):
        raise InvalidInput({"role": _("Choose parent/carer or can-only-look.")})
    code = Invitation.new_code()
    invitation = Invitation.objects.create(
        household=membership.household,
        created_by=membership,
        code_hash=hash_secret(code),
        display_name=display_name.strip()[:40],
        role=role,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    return invitation, code


def find_invitation(code: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("household")
        .filter(code_hash=hash_secret(code), accepted_by=None, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation link has expired or was already used."))
    return invitation


@transaction.atomic
def accept_invitation(user: User, code: str, display_name: str) -> Membership:
    """Join the invitation's household as `display_name`."""
    invitation = find_invitation(code)
    display_name = _clean_display_name(display_name)
    if Membership.objects.filter(user=user).exists():
        raise InvalidInput({"household": _("You already belong to a household.")})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                household=invitation.household,
                user=user,
                role=invitation.role,
                display_name=display_name,
            )
    except IntegrityError:
        raise InvalidInput(
            {"display_name": _("Someone in this household already uses that name.")}
        ) from None
    # Claim the link in one conditional UPDATE: of two people using it at the same moment,
    # exactly one gets in (the other's membership is rolled back with this transaction).
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_by=None).update(
        accepted_by=membership
    )
    if claimed != 1:
        raise NotFound(_("This invitation link has expired or was already used."))
    return membership


def set_language(membership: Membership, language: str) -> Membership:
    """Choose the language `membership` reads Nestling in ("" for the browser's)."""
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in ("", *codes):
        raise InvalidInput(
            {"language": _("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}}
        )
    membership.language = language
    membership.save(update_fields=["language"])
    return membership


def set_listening(membership: Membership, listening: bool) -> Membership:
    """Turn "Listen for crying on my devices" on or off for `membership` alone.

    While it is on, that person's devices may send times of possible crying (never sound)
    as suggestions for a parent to confirm (carelog.suggestions). Raises NotAllowed for a
    member who can only look: their suggestions could never be stored."""
    if not membership.can_write:
        raise NotAllowed(_("You can look at this household but not change it."))
    membership.listening = bool(listening)
    membership.save(update_fields=["listening"])
    return membership


def set_cry_notice(membership: Membership, minutes: int) -> Membership:
    """Choose after how many minutes of possible crying, heard by another member's device,
    `membership` alone is told through their reminders (0: never, the default).

    The notice is a suggestion, not a monitor (carelog.suggestions sends it). Raises
    InvalidInput naming `cry_notice_minutes` for a length that isn't offered, NotAllowed
    for a member who can only look: they can't confirm what the notice asks about."""
    if not membership.can_write:
        raise NotAllowed(_("You can look at this household but not change it."))
    offered = [value for value, _label in CRY_NOTICE_CHOICES]
    if isinstance(minutes, bool) or minutes not in offered:
        raise InvalidInput(
            {
                "cry_notice_minutes": _("Choose one of: %(codes)s.")
                % {"codes": ", ".join(str(value) for value in offered)}
            }
        )
    membership.cry_notice_minutes = minutes
    membership.save(update_fields=["cry_notice_minutes"])
    return membership


@transaction.atomic
def update_member(
    membership: Membership,
    member_id: int,
    display_name: str | None = None,
    cry_notice_minutes: int | None = None,
) -> Membership:
    """Change a member's display name (your own, or anyone's if you own the household)
    and your own long-crying notice (nobody else's); None leaves a field as it is.

    Rights are checked before anything is written, with nothing to change too: NotAllowed
    for a member who can only look or who may not change `member_id`, NotFound for
    anyone outside the household, InvalidInput naming the field."""
    if not membership.can_write:
        raise NotAllowed(_("You can look at this household but not change it."))
    target = Membership.objects.filter(household=membership.household, pk=member_id).first()
    if target is None:
        raise NotFound(_("No such member."))
    if target.pk != membership.pk:
        if cry_notice_minutes is not None:
            raise NotAllowed(_("Only you can choose when you are told about long crying."))
        if not membership.is_owner:
            raise NotAllowed(_("Only the owner can rename other members."))
    if display_name is not None:
        target = rename_member(membership, target.pk, display_name)
    if cry_notice_minutes is not None:
        target = set_cry_notice(target, cry_notice_minutes)
    return target


def rename_member(membership: Membership, member_id: int, display_name: str) -> Membership:
    """Change a member's display name: your own, or anyone's if you own the household."""
    if not membership.can_write:
        raise NotAllowed(_("You can look at this household but not change it."))
    target = Membership.objects.filter(household=membership.household, pk=member_id).first()
    if target is None:
        raise NotFound(_("No such member."))
    if target.pk != membership.pk and not membership.is_owner:
        raise NotAllowed(_("Only the owner can rename other members."))
    target.display_name = _clean_display_name(display_name)
    try:
        with transaction.atomic():
            target.save(update_fields=["display_name"])
    except IntegrityError:
        raise InvalidInput(
            {"display_name": _("Someone in this household already uses that name.")}
        ) from None
    return target


def create_token(membership: Membership, name: str = "") -> tuple[ApiToken, str]:
    """Create a personal API token; return it and the raw token, which is never stored."""
    raw = ApiToken.new_token()
    token = ApiToken.objects.create(
        membership=membership,
        name=(name.strip() or _("API token"))[:60],
        token_hash=hash_secret(raw),
        prefix=raw[:10],
    )
    return token, raw


def revoke_token(membership: Membership, token_id: int) -> None:
    deleted, _rows = ApiToken.objects.filter(membership=membership, pk=token_id).delete()
    if not deleted:
        raise NotFound(_("No such token."))


def membership_for_token(raw: str) -> Membership | None:
    """The membership a bearer token belongs to, or None. Records when it was last used."""
    # token_hash is unique: no ordering to compile or sort (every API request comes here).
    found = ApiToken.objects.select_related("membership__household", "membership__user").filter(
        token_hash=hash_secret(raw)
    )[:1]
    token = next(iter(found), None)
    if token is None or not token.membership.user.is_active:
        return None
    now = timezone.now()
    # Write at most once a minute: a shortcut polling every second shouldn't hammer SQLite.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.membership

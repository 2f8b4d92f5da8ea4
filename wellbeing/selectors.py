"""Reads about check-ins, always through the eyes of a viewer.

A check-in belongs to the person who answered. Someone else in the household sees only
what the answerer chose to share with their partner; a member who can only look sees
nothing; another household does not exist (NotFound). Every read here returns
:class:`CheckInView` records that are already redacted, so no page, API route or command
can show more by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from carelog import selectors as carelog_selectors
from carelog.models import Event
from households.models import Membership
from scoring.cadence import CheckInPlan, CheckInRecord, plan_check_in

from . import registry
from .crying import ASK_WITHIN, is_hard_cry
from .exceptions import NotFound
from .models import (
    VISIBILITY_ORDER,
    CheckIn,
    FrustrationCheck,
    PartnerNotice,
    SafetyScreening,
    Visibility,
    WellbeingPreference,
)


@dataclass(frozen=True)
class CheckInView:
    """A check-in as one viewer may see it. Fields beyond ``level`` are None when hidden.

    ``level`` is "own" for the answerer, else the visibility shared ("done", "band" or
    "everything"); a check-in shared as "nothing" is never returned to anyone else.
    """

    id: int
    member_id: int
    member_name: str
    instrument: str
    instrument_name: str
    created_at: datetime
    level: str
    band: str | None = None
    band_label: str | None = None
    is_positive: bool | None = None
    total: int | None = None
    max_total: int | None = None
    answers: tuple[int, ...] | None = None
    self_harm_flag: bool | None = None
    share_with_partner: str | None = None
    share_with_reports: str | None = None

    @property
    def is_own(self) -> bool:
        return self.level == "own"


def _at_least(level: str, wanted: str) -> bool:
    return VISIBILITY_ORDER.index(Visibility(level)) >= VISIBILITY_ORDER.index(Visibility(wanted))


def redact(check_in: CheckIn, level: str) -> CheckInView:
    """Return ``check_in`` showing only what ``level`` allows ("own" shows everything)."""
    inst = registry.instruments().get(check_in.instrument)
    name = inst.short_name if inst else check_in.instrument
    shows_band = level == "own" or _at_least(level, Visibility.BAND)
    shows_all = level == "own" or _at_least(level, Visibility.EVERYTHING)
    return CheckInView(
        id=check_in.pk,
        member_id=check_in.membership_id,
        member_name=check_in.membership.display_name,
        instrument=check_in.instrument,
        instrument_name=name,
        created_at=check_in.created_at,
        level=level,
        band=check_in.band if shows_band else None,
        band_label=check_in.band_label if shows_band else None,
        is_positive=check_in.is_positive if shows_band else None,
        total=check_in.total if shows_all else None,
        max_total=(inst.max_total if inst else None) if shows_all else None,
        answers=tuple(check_in.answers) if shows_all else None,
        self_harm_flag=check_in.self_harm_flag if shows_all else None,
        share_with_partner=check_in.share_with_partner if level == "own" else None,
        share_with_reports=check_in.share_with_reports if level == "own" else None,
    )


def _partner_level(viewer: Membership, subject: Membership, check_in: CheckIn) -> str | None:
    """What ``viewer`` may see of ``subject``'s check-in: "own", a visibility, or None."""
    if viewer.household_id != subject.household_id:
        return None
    if viewer.pk == subject.pk:
        return "own"
    # Someone who can only look (a grandparent) is not the partner: they see nothing.
    if not viewer.can_write:
        return None
    level = check_in.share_with_partner
    return None if level == Visibility.NOTHING else level


def check_ins_visible_to(viewer: Membership, subject: Membership) -> list[CheckInView]:
    """Return ``subject``'s check-ins as ``viewer`` may see them, newest first.

    Raises NotFound when ``subject`` is in another household.
    """
    if viewer.household_id != subject.household_id:
        raise NotFound(_("No such member."))
    rows = CheckIn.objects.filter(membership=subject).select_related("membership")
    out = []
    for row in rows:
        level = _partner_level(viewer, subject, row)
        if level is not None:
            out.append(redact(row, level))
    return out


def visible_check_ins(viewer: Membership) -> list[CheckInView]:
    """Return the viewer's own check-ins and those others in the household shared, newest first."""
    rows = CheckIn.objects.filter(membership__household_id=viewer.household_id).select_related(
        "membership"
    )
    out = []
    for row in rows:
        level = _partner_level(viewer, row.membership, row)
        if level is not None:
            out.append(redact(row, level))
    return out


def check_in_for(viewer: Membership, check_in_id: int | str) -> CheckInView:
    """Return one check-in as ``viewer`` may see it; NotFound if it is not theirs to see.

    Unshared and other households' check-ins are NotFound, not NotAllowed: nobody learns
    that a check-in exists unless its owner shared at least that.
    """
    try:
        row = CheckIn.objects.select_related("membership").get(pk=int(check_in_id))
    except (CheckIn.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such check-in.")) from None
    level = _partner_level(viewer, row.membership, row)
    if level is None:
        raise NotFound(_("No such check-in."))
    return redact(row, level)


def own_check_in(owner: Membership, check_in_id: int | str) -> CheckIn:
    """Return the owner's own check-in row (for changes); NotFound for anyone else's."""
    try:
        return CheckIn.objects.select_related("membership").get(
            pk=int(check_in_id), membership=owner
        )
    except (CheckIn.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such check-in.")) from None


def own_screening(
    owner: Membership, screening_id: int | str, for_update: bool = False
) -> SafetyScreening:
    """Return the owner's own safety screening; NotFound for anyone else's (partners too)."""
    rows = SafetyScreening.objects.select_related("membership__household")
    if for_update:
        rows = rows.select_for_update()
    try:
        return rows.get(pk=int(screening_id), membership=owner)
    except (SafetyScreening.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("No such screen.")) from None


def check_ins_for_report(subject: Membership) -> list[CheckInView]:
    """Return ``subject``'s check-ins as a report may show them (their reports choice)."""
    out = []
    for row in CheckIn.objects.filter(membership=subject).select_related("membership"):
        if row.share_with_reports != Visibility.NOTHING:
            out.append(redact(row, row.share_with_reports))
    return out


def own_history(owner: Membership, instrument: str | None = None) -> list[CheckIn]:
    """The answerer's own check-ins, oldest first (for the trend chart)."""
    qs = CheckIn.objects.filter(membership=owner).select_related("membership")
    if instrument:
        qs = qs.filter(instrument=instrument)
    return list(qs.order_by("created_at", "id"))


def previous_check_in(owner: Membership, instrument: str, before: CheckIn) -> CheckIn | None:
    """The owner's last check-in with the same instrument before ``before``."""
    return (
        CheckIn.objects.filter(
            membership=owner, instrument=instrument, created_at__lt=before.created_at
        )
        .order_by("-created_at", "-id")
        .first()
    )


def preference(member: Membership) -> WellbeingPreference:
    """The member's wellbeing defaults (unsaved defaults when they never set any)."""
    found = WellbeingPreference.objects.filter(membership=member).first()
    return found or WellbeingPreference(membership=member)


def local_today(member: Membership) -> date:
    return timezone.now().astimezone(member.household.tz).date()


def check_in_plan(member: Membership, today: date | None = None) -> CheckInPlan:
    """What to offer ``member`` today under the cadence rule (scoring.cadence)."""
    tz = member.household.tz
    records = [
        CheckInRecord(row.instrument, row.created_at.astimezone(tz).date(), row.is_positive)
        for row in CheckIn.objects.filter(membership=member).only(
            "instrument", "created_at", "is_positive"
        )
    ]
    return plan_check_in(records, today or local_today(member))


def notices_for(member: Membership) -> list[PartnerNotice]:
    """Open notices for ``member`` from others in the household."""
    return list(
        PartnerNotice.objects.filter(
            recipient=member, dismissed_at=None, household_id=member.household_id
        ).select_related("sender")
    )


def partners(member: Membership) -> list[Membership]:
    """The other parents or carers in the household (members who can only look excluded)."""
    return [
        m
        for m in Membership.objects.filter(household_id=member.household_id).exclude(pk=member.pk)
        if m.can_write
    ]


def recent_frustration(member: Membership, days: int = 7) -> Iterable[FrustrationCheck]:
    since = timezone.now() - timedelta(days=days)
    return FrustrationCheck.objects.filter(membership=member, created_at__gte=since)


def has_answered_cry(member: Membership, cry_event_id: int) -> bool:
    return FrustrationCheck.objects.filter(membership=member, cry_event_id=cry_event_id).exists()


def hard_cry_to_ask(membership: Membership, baby_id: int) -> Event | None:
    """The caregiver's latest finished hard cry for this baby, not yet asked about."""
    baby = carelog_selectors.baby(membership.household, baby_id)
    since = timezone.now() - ASK_WITHIN
    cry = (
        carelog_selectors.events(membership.household, baby=baby, kinds=["cry"])
        .filter(caregiver=membership, end__isnull=False, end__gte=since)
        .order_by("-end")
        .first()
    )
    if cry is None or cry.end is None or has_answered_cry(membership, cry.pk):  # end: never None
        return None
    details = cry.details or {}
    if not is_hard_cry(cry.end - cry.start, details.get("intensity"), details.get("purple", [])):
        return None
    return cry


def own_cry(membership: Membership, event_id: int) -> bool:
    """Whether `event_id` is a cry this member cared for, in their household."""
    return (
        carelog_selectors.events(membership.household, kinds=["cry"])
        .filter(pk=event_id, caregiver=membership)
        .exists()
    )

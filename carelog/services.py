"""Actions on babies and the care log. Pages, API, CLI and the demo all call these.

Invariants live here, not in forms, so every way in gets the same checks and the same
messages: a known kind, details that fit it, end after start, nothing in the future
(beyond a little clock drift between two phones) and nothing long before the birth (a
mistyped year once took the family's insights down, issue 12), caregivers from this
household, and one running timer of a kind per baby (two parents tapping "start feed" at
once get one timer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from households.exceptions import InvalidInput, NotAllowed, NotFound
from households.models import Membership

from . import changes
from .kinds import KINDS, DetailsError, validate_details
from .medicine import cancel_next_dose, sync_next_dose
from .models import Baby, Event

#: Phones disagree about the time by a little; more than this in the future is a typo.
FUTURE_TOLERANCE = timedelta(minutes=5)
#: Nothing a baby does lasts longer than this in one go; a longer entry is a forgotten timer.
MAX_DURATION = timedelta(hours=16)
#: Parents sometimes note the last weeks of pregnancy (a scan, when contractions started),
#: so entries may start this long before the birth date; earlier is a mistyped date.
BEFORE_BIRTH = timedelta(days=30)
#: With only a due date to go on: a baby may come up to four months early (the bound
#: _clean_baby_fields puts between the two dates), plus the same room for pregnancy notes.
BEFORE_DUE_DATE = timedelta(days=120) + BEFORE_BIRTH
#: A family may bring years of history from another app (issue 9): a birth date further
#: back than this is a mistyped year.
BIRTH_YEARS_BACK = 18


def _require_writer(membership: Membership) -> None:
    if not membership.can_write:
        raise NotAllowed(_("You can look at this household's log but not change it."))


def _clean_baby_fields(
    name: str, birth_date: date | None, due_date: date | None
) -> tuple[str, date]:
    """The name and birth date as stored; InvalidInput saying what is wrong otherwise."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the baby's name.")
    elif len(name) > 60:
        errors["name"] = _("Use at most 60 characters.")
    today = timezone.now().date()
    if birth_date is None:
        errors["birth_date"] = _("Give the birth date.")
    elif birth_date > today + timedelta(days=1):
        errors["birth_date"] = _("The birth date can't be in the future.")
    elif birth_date < today - timedelta(days=BIRTH_YEARS_BACK * 366):
        errors["birth_date"] = _("That is more than %(years)d years ago; check the birth date.") % {
            "years": BIRTH_YEARS_BACK
        }
    if due_date is not None and birth_date is not None and abs(due_date - birth_date).days > 120:
        errors["due_date"] = _("The due date should be within four months of the birth date.")
    if errors or birth_date is None:  # a missing birth date is among the errors
        raise InvalidInput(errors)
    return name, birth_date


def _clean_sex(sex: str | None) -> str:
    """Return the sex as stored: "female", "male" or blank (not given)."""
    sex = (sex or "").strip()
    if sex not in ("", "female", "male"):
        raise InvalidInput({"sex": _("Choose girl or boy, or leave it blank.")})
    return sex


def add_baby(
    membership: Membership,
    name: str,
    birth_date: date | None,
    due_date: date | None = None,
    sex: str | None = None,
) -> Baby:
    """Add a baby to the member's household. `sex` is "female", "male" or blank."""
    _require_writer(membership)
    name, born = _clean_baby_fields(name, birth_date, due_date)
    sex = _clean_sex(sex)
    return Baby.objects.create(
        household=membership.household,
        name=name,
        birth_date=born,
        due_date=due_date,
        sex=sex,
    )


def update_baby(
    membership: Membership,
    baby: Baby,
    name: str,
    birth_date: date | None,
    due_date: date | None,
    sex: str | None = None,
) -> Baby:
    """Change a baby's details; `sex` None leaves it as it is, "" clears it."""
    _require_writer(membership)
    baby.name, born = _clean_baby_fields(name, birth_date, due_date)
    if sex is not None:
        baby.sex = _clean_sex(sex)
    baby.birth_date, baby.due_date = born, due_date
    baby.save(update_fields=["name", "birth_date", "due_date", "sex"])
    return baby


def _resolve_members(
    membership: Membership, caregiver: Membership | int | None, others: Iterable[Membership | int]
) -> tuple[Membership, list[Membership]]:
    others = list(others)
    if caregiver in (None, membership, membership.pk) and not others:
        return membership, []  # the usual entry: logged by the carer, nobody else there
    household_members = {m.pk: m for m in membership.household.members.all()}
    errors: dict[str, str] = {}
    caregiver_id = membership.pk if caregiver is None else _member_id(caregiver)
    who = household_members.get(caregiver_id)
    if who is None:
        errors["caregiver"] = _("The caregiver must be a member of this household.")
    present: list[Membership] = []
    for other in others:
        member = household_members.get(_member_id(other))
        if member is None:
            errors["others_present"] = _("Everyone present must be a member of this household.")
        elif member.pk != caregiver_id and member not in present:
            present.append(member)
    if errors or who is None:  # no caregiver is among the errors
        raise InvalidInput(errors)
    return who, present


def _member_id(member: Membership | int) -> int:
    return member.pk if isinstance(member, Membership) else member


def earliest_start(baby: Baby, tz: tzinfo) -> datetime:
    """Return the earliest time an entry for `baby` may start: local midnight (in `tz`, the
    household's zone) BEFORE_BIRTH before the birth date, or BEFORE_DUE_DATE before the due
    date for a baby with no birth date."""
    # The model requires a birth date today; the due-date rule is for a baby logged
    # before it is born, should the model ever allow that.
    if baby.birth_date is None and baby.due_date is not None:
        first = baby.due_date - BEFORE_DUE_DATE
    else:
        first = baby.birth_date - BEFORE_BIRTH
    return datetime.combine(first, time.min, tzinfo=tz)


def _check_times(
    kind: str, start: datetime, end: datetime | None, now: datetime, baby: Baby, tz: tzinfo
) -> None:
    errors: dict[str, str] = {}
    if timezone.is_naive(start) or (end is not None and timezone.is_naive(end)):
        raise InvalidInput({"start": _("Times need a time zone.")})
    earliest = earliest_start(baby, tz)
    if start > now + FUTURE_TOLERANCE:
        errors["start"] = _("The start is in the future.")
    elif start < earliest:
        # An end before the start is refused below, so naming the start covers both.
        errors["start"] = _(
            "The start is long before %(name)s was born: entries can start from %(date)s. "
            "Check the date."
        ) % {"name": baby.name, "date": formats.date_format(earliest.date())}
    if end is not None:
        if not KINDS[kind].has_duration:
            errors["end"] = _("A %(kind)s has no end time.") % {"kind": KINDS[kind].label}
        elif end < start:
            errors["end"] = _("The end is before the start.")
        elif end - start > MAX_DURATION:
            errors["end"] = _("That lasts more than 16 hours; check the times.")
        elif end > now + FUTURE_TOLERANCE:
            errors["end"] = _("The end is in the future.")
    if errors:
        raise InvalidInput(errors)


#: Breast sides that share a breast: a feed from "both" overlaps a feed from either side.
_BREASTS = {"left": {"left"}, "right": {"right"}, "both": {"left", "right"}}


def overlap_groups(kind: str, details: Mapping[str, Any]) -> set[str]:
    """What an entry may not overlap within one baby's log: "sleep" for a sleep, each breast
    a breast feed uses ("both" uses two); nothing for any other entry."""
    return {"sleep"} if kind == "sleep" else _breasts(kind, details)


def _breasts(kind: str, details: Mapping[str, Any]) -> set[str]:
    if kind != "feed" or details.get("method") != "breast":
        return set()
    return _BREASTS.get(str(details.get("side", "")), set())


def _check_overlap(
    baby: Baby,
    kind: str,
    start: datetime,
    end: datetime | None,
    details: Mapping[str, Any],
    now: datetime,
    tz: tzinfo,
    exclude: int | None = None,
) -> None:
    """Refuse a sleep that overlaps another sleep of the same baby, and a breast feed that
    overlaps another feed from the same breast, naming the other entry.

    Two parents logging the same nap is the usual cause. Entries only touching (one ends as
    the other starts) do not overlap. A running timer counts up to now, but a forgotten one
    (running longer than the kind lasts) never blocks a new entry, and imported entries
    without an end or marked as markers are not timers and are left out.
    """
    groups = overlap_groups(kind, details)
    if not groups:
        return
    until = end or now
    others = (
        Event.objects.filter(baby=baby, kind=kind, start__lt=max(until, start), flag="")
        .filter(Q(end__gt=start) | Q(end__isnull=True))
        .select_related("caregiver")
        .order_by("start")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    for other in others:
        if other.end is None:
            if now - other.start > KINDS[kind].stale_after:
                continue  # forgotten: "still running?", never in the way
            if end is not None and end <= other.start:
                continue
        if not groups & overlap_groups(kind, other.details):
            continue
        raise _overlap_error(baby, kind, other, tz)


def _overlap_error(baby: Baby, kind: str, other: Event, tz: tzinfo) -> InvalidInput:
    """The error naming ``other``, the entry in the way: when, and who logged it."""
    first = other.start.astimezone(tz)
    when = formats.date_format(first, "D j M") + " " + first.strftime("%H:%M")
    if other.end is None:
        span = _("started at %(when)s and still running") % {"when": when}
    else:
        span = _("from %(when)s to %(end)s") % {
            "when": when,
            "end": other.end.astimezone(tz).strftime("%H:%M"),
        }
    what = _("a sleep") if kind == "sleep" else _("a feed from the same breast")
    return InvalidInput(
        {
            "start": _(
                "%(name)s already has %(what)s %(span)s, logged by %(who)s. Change that "
                "entry, or pick times that don't overlap it."
            )
            % {
                "name": baby.name,
                "what": what,
                "span": span,
                "who": other.caregiver.display_name,
            }
        }
    )


def _clean_kind_details(kind: str, details: Mapping[str, Any] | None) -> dict[str, Any]:
    if kind not in KINDS:
        raise InvalidInput(
            {
                "kind": _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(KINDS)}
            }
        )
    try:
        return validate_details(kind, dict(details or {}))
    except DetailsError as exc:
        raise InvalidInput(exc.errors) from None


def _running_of_kind(baby: Baby, kind: str) -> Event | None:
    return (
        Event.objects.filter(
            household_id=baby.household_id, baby=baby, kind=kind, end=None, flag=""
        )
        .select_related("caregiver")
        .first()
    )


@transaction.atomic
def log_event(
    membership: Membership,
    baby: Baby,
    kind: str,
    start: datetime | None = None,
    end: datetime | None = None,
    caregiver: Membership | int | None = None,
    others_present: Iterable[Membership | int] = (),
    details: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    client_key: str | None = None,
) -> Event:
    """Record an event. With a duration kind and no end, it starts a running timer.

    `start` defaults to now; `caregiver` defaults to the member logging. Raises
    InvalidInput naming the field, and writes nothing, when any part is wrong.

    `client_key` is an idempotency key made by the phone (a UUID per tap): when the
    household already has an entry with that key, that entry is returned unchanged and
    nothing is written, so a tap sent twice is stored once. The key must name the same
    baby and kind as before; otherwise InvalidInput names `client_key`.
    """
    _require_writer(membership)
    if baby.household_id != membership.household_id:
        raise NotFound(_("No such baby."))
    if client_key is not None:
        client_key = _clean_client_key(client_key)
        existing = _event_by_client_key(membership, client_key)
        if existing is not None:
            return _same_entry(existing, baby, kind)
    now = now or timezone.now()
    cleaned = _clean_kind_details(kind, details)
    start = start or now
    _check_times(kind, start, end, now, baby, membership.household.tz)
    who, present = _resolve_members(membership, caregiver, others_present)
    if end is None and KINDS[kind].has_duration:
        _check_no_timer_running(baby, kind, now)
    _check_overlap(baby, kind, start, end, cleaned, now, membership.household.tz)
    try:
        event = _create_event(membership, baby, kind, start, end, who, cleaned, client_key)
    except IntegrityError:
        existing = _event_by_client_key(membership, client_key) if client_key else None
        if existing is None:
            raise
        return _same_entry(existing, baby, kind)
    if present:
        event.others_present.set(present)
    if kind == "medicine":
        sync_next_dose(event, now)
    return event


def _create_event(
    membership: Membership,
    baby: Baby,
    kind: str,
    start: datetime,
    end: datetime | None,
    caregiver: Membership,
    details: dict[str, Any],
    client_key: str | None,
) -> Event:
    # With a key, a savepoint, so that losing a race with the same key (the first send
    # still running when the phone retried) leaves the outer transaction usable. Without
    # one nothing unique can clash (fingerprints are only set by imports), so no savepoint.
    with transaction.atomic(savepoint=client_key is not None):
        return Event.objects.create(
            household_id=membership.household_id,
            baby=baby,
            kind=kind,
            start=start,
            end=end,
            caregiver=caregiver,
            details=details,
            created_by=membership,
            client_key=client_key,
        )


def _check_no_timer_running(baby: Baby, kind: str, now: datetime) -> None:
    """Refuse a second timer of ``kind`` for ``baby``, naming who started the first."""
    # Serialise timer starts for this baby so two phones can't both start one.
    Baby.objects.select_for_update().filter(pk=baby.pk).first()
    running = _running_of_kind(baby, kind)
    # A timer left running far longer than the kind lasts was forgotten: it shows as
    # "still running?" on Today and does not stand in the way of a new one.
    if running is not None and now - running.start <= KINDS[kind].stale_after:
        raise InvalidInput(
            {
                "kind": _("A %(kind)s timer is already running (started by %(who)s).")
                % {"kind": KINDS[kind].label.lower(), "who": running.caregiver.display_name}
            }
        )


#: Long enough for a UUID in any spelling; the column holds 64 characters.
CLIENT_KEY_MAX = 64


def _clean_client_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > CLIENT_KEY_MAX or not key.isprintable():
        raise InvalidInput(
            {"client_key": _("The idempotency key must be 1 to 64 printable characters.")}
        )
    return key


def _event_by_client_key(membership: Membership, key: str) -> Event | None:
    return Event.objects.filter(household_id=membership.household_id, client_key=key).first()


def _same_entry(existing: Event, baby: Baby, kind: str) -> Event:
    if existing.baby_id != baby.pk or existing.kind != kind:
        raise InvalidInput(
            {"client_key": _("This idempotency key was already used for a different entry.")}
        )
    return existing


def start_timer(membership: Membership, baby: Baby, kind: str, **fields: Any) -> Event:
    """Start a running timer for a kind with a duration."""
    if kind in KINDS and not KINDS[kind].has_duration:
        raise InvalidInput({"kind": _("A %(kind)s has no duration to time.") % {"kind": kind}})
    fields.pop("end", None)
    return log_event(membership, baby, kind, **fields)


@transaction.atomic
def stop_timer(
    membership: Membership,
    event: Event,
    end: datetime | None = None,
    details: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    caregiver: Membership | int | None = None,
) -> Event:
    """Stop a running timer (from any member's phone), merging in the closing details.

    `caregiver` says who was caring when the one stopping it is not who started it (the
    other parent took over); by default the entry stays with whoever started it."""
    _require_writer(membership)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.household_id != membership.household_id:
        raise NotFound(_("No such event."))
    if event.end is not None:
        raise InvalidInput({"end": _("This timer was already stopped.")})
    now = now or timezone.now()
    end = end or now
    merged = {**event.details, **{k: v for k, v in (details or {}).items() if v not in (None, "")}}
    cleaned = _clean_kind_details(event.kind, merged)
    if end - event.start > MAX_DURATION and end == now:
        raise InvalidInput(
            {"end": _("This timer ran for more than 16 hours; enter when it really ended.")}
        )
    _check_times(event.kind, event.start, end, now, event.baby, membership.household.tz)
    _check_overlap(
        event.baby, event.kind, event.start, end, cleaned, now, membership.household.tz, event.pk
    )
    fields = ["end", "details", "updated_at"]
    if caregiver is not None:
        who, present = _resolve_members(
            membership, caregiver, [m.pk for m in event.others_present.all()]
        )
        if who.pk != event.caregiver_id:
            event.caregiver = who
            fields.append("caregiver")
            event.others_present.set([m for m in present if m.pk != who.pk])
    event.end = end
    event.details = cleaned
    event.save(update_fields=fields)
    return event


_UNSET: Any = object()


@transaction.atomic
def update_event(
    membership: Membership,
    event: Event,
    *,
    start: datetime | None = _UNSET,
    end: datetime | None = _UNSET,
    caregiver: Membership | int | None = _UNSET,
    others_present: Iterable[Membership | int] = _UNSET,
    details: Mapping[str, Any] | None = _UNSET,
    now: datetime | None = None,
) -> Event:
    """Change an entry. Only the fields passed change; all checks run again."""
    _require_writer(membership)
    if event.household_id != membership.household_id:
        raise NotFound(_("No such event."))
    now = now or timezone.now()
    new_start = event.start if start is _UNSET or start is None else start
    new_end = event.end if end is _UNSET else end
    new_details = _clean_kind_details(event.kind, event.details if details is _UNSET else details)
    _check_times(event.kind, new_start, new_end, now, event.baby, membership.household.tz)
    _check_overlap(
        event.baby,
        event.kind,
        new_start,
        new_end,
        new_details,
        now,
        membership.household.tz,
        event.pk,
    )
    if caregiver is not _UNSET or others_present is not _UNSET:
        who, present = _resolve_members(
            membership,
            event.caregiver_id if caregiver is _UNSET else caregiver,
            list(event.others_present.all()) if others_present is _UNSET else others_present,
        )
        event.caregiver = who
        event.others_present.set(present)
    event.start, event.end, event.details = new_start, new_end, new_details
    event.save()
    if event.kind == "medicine":
        sync_next_dose(event, now)
    return event


@transaction.atomic
def delete_event(membership: Membership, event: Event) -> None:
    _require_writer(membership)
    if event.household_id != membership.household_id:
        raise NotFound(_("No such event."))
    if event.kind == "medicine":
        cancel_next_dose(event.pk, event.household_id)
    event.delete()


@transaction.atomic
def import_events(
    membership: Membership,
    baby: Baby,
    records: Iterable[Any],
    members_by_key: Mapping[str, Membership],
    now: datetime | None = None,
    batch_size: int = 2000,
) -> int:
    """Record many events at once, all or nothing; return how many were written.

    Each record has kind, start, end, caregiver (a key of `members_by_key`),
    others_present (keys) and details, like insights.records.EventRecord. Every record
    gets the same checks as log_event; the first bad one raises InvalidInput with its
    line number (1-based) in each field name, and nothing is written.
    """
    _require_writer(membership)
    if baby.household_id != membership.household_id:
        raise NotFound(_("No such baby."))
    now = now or timezone.now()
    tz = membership.household.tz
    for member in members_by_key.values():
        if member.household_id != membership.household_id:
            raise InvalidInput({"caregiver": _("Every caregiver must be in this household.")})
    written = 0
    pending: list[tuple[Event, list[Membership]]] = []
    for line, record in enumerate(records, start=1):
        try:
            details, who, present = _checked_record(record, baby, now, tz, members_by_key)
        except InvalidInput as exc:
            raise InvalidInput(
                {f"line {line}: {field}": message for field, message in exc.errors.items()}
            ) from None
        event = Event(
            household_id=membership.household_id,
            baby=baby,
            kind=record.kind,
            start=record.start,
            end=record.end,
            caregiver=who,
            details=details,
            created_by=membership,
        )
        pending.append((event, present))
        written += 1
        if len(pending) >= batch_size:
            _create_events(membership, pending)
    if pending:
        _create_events(membership, pending)
    return written


def _checked_record(
    record: Any,
    baby: Baby,
    now: datetime,
    tz: tzinfo,
    members_by_key: Mapping[str, Membership],
) -> tuple[dict[str, Any], Membership, list[Membership]]:
    """The record's cleaned details, caregiver and others present, checked as log_event
    checks them; InvalidInput otherwise."""
    details = _clean_kind_details(record.kind, record.details)
    _check_times(record.kind, record.start, record.end, now, baby, tz)
    who = members_by_key.get(record.caregiver)
    if who is None:
        raise InvalidInput(
            {"caregiver": _("Unknown caregiver “%(who)s”.") % {"who": record.caregiver}}
        )
    present = [
        members_by_key[key]
        for key in dict.fromkeys(record.others_present)
        if key in members_by_key and key != record.caregiver
    ]
    return details, who, present


def _create_events(membership: Membership, pending: list[tuple[Event, list[Membership]]]) -> None:
    """Write the pending events and who else was there, then empty ``pending``."""
    through = Event.others_present.through
    changes.log_changed(membership.household_id)  # bulk_create sends no signals
    created = Event.objects.bulk_create([event for event, _people in pending])
    links = [
        through(event_id=event.pk, membership_id=person.pk)
        for event, (_e, people) in zip(created, pending, strict=True)
        for person in people
    ]
    through.objects.bulk_create(links)
    pending.clear()

"""Possible crying heard by a family's own devices, as suggestions a parent confirms with one
tap (issue 14, parts 4 and 5).

A cry detector on a member's phone sends *episodes*: a start, an end and how sure it is
(0 to 1). Only times leave the phone, never sound. Episodes never enter the log by
themselves: each becomes a pending CrySuggestion, and only a parent saying "yes, and this
is who was with the baby" turns it into a crying entry, made by log_event like any other
so that every rule of the log applies. A pending suggestion is not an Event, so it counts
in no figure, report or history.

- Only a member who turned on "Listen for crying on my devices" (Membership.listening)
  may send episodes, and only one who can log care.
- Episodes are all checked before anything is written: a wrong one names its field
  (`episodes.2.end`) and nothing is stored.
- Detectors hear one long cry as several bursts, and a phone resends what it isn't sure
  arrived. So an episode overlapping a pending suggestion of the same baby, or starting
  within MERGE_GAP of one, widens that suggestion instead of adding another; and one that
  lies within a suggestion a parent already answered is not asked again.
- Confirming an episode that a crying entry already covers (logged by hand, or confirmed
  from another device) joins that entry, widened if the episode reaches outside it, so
  the same crying is never logged twice.
- A member who asked for it ("Tell me when the baby has been crying for a long stretch",
  Membership.cry_notice_minutes) is told through their reminders once a pending
  suggestion heard by someone else's device lasts their chosen length: once per
  suggestion (CrySuggestion.told), however much it widens later. It says only that
  possible crying was heard and for how long; it is a suggestion, not a monitor.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from households.exceptions import InvalidInput, NotAllowed, NotFound
from households.models import Membership
from households.units import format_clock
from notifications import services as notifications
from notifications.models import Kind

from .kinds import KINDS
from .models import Baby, CrySuggestion, Event
from .services import _resolve_members, earliest_start, log_event, update_event

#: Bursts of crying this close together are one episode (and join one crying entry).
MERGE_GAP = timedelta(seconds=60)
#: A detector runs on the phone's own clock; a little drift is fine, more is a wrong clock.
FUTURE_TOLERANCE = timedelta(minutes=1)
#: Longer than this in one go is a detector stuck on a noise (a fan, a washing machine),
#: not one episode of crying.
MAX_EPISODE = timedelta(hours=3)
#: A phone that was offline for a night sends a few dozen; this many is a broken client.
MAX_EPISODES = 500
SOURCES = tuple(code for code, _label in CrySuggestion.SOURCES)
#: Crying that ended longer ago than this is history, not news: a phone sending last
#: night's episodes in the morning tells nobody about them.
NOTICE_LATE_AFTER = timedelta(minutes=15)

CRY = "cry"


class Episode(NamedTuple):
    """One stretch of possible crying: aware datetimes and a confidence from 0 to 1."""

    start: datetime
    end: datetime
    confidence: float


def _require_writer(membership: Membership) -> None:
    if not membership.can_write:
        raise NotAllowed(_("You can look at this household's log but not change it."))


def _the_baby(membership: Membership, baby: Baby | None) -> Baby:
    if baby is None:
        babies = list(Baby.objects.filter(household_id=membership.household_id)[:2])
        if len(babies) == 1:
            return babies[0]
        raise InvalidInput({"baby": _("Say which baby.") if babies else _("Add the baby first.")})
    if baby.household_id != membership.household_id:
        raise NotFound(_("No such baby."))
    return baby


def _clean_episodes(
    episodes: Sequence[Any], baby: Baby, membership: Membership, now: datetime
) -> list[Episode]:
    if len(episodes) > MAX_EPISODES:
        raise InvalidInput(
            {"episodes": _("Send at most %(n)d episodes at a time.") % {"n": MAX_EPISODES}}
        )
    earliest = earliest_start(baby, membership.household.tz)
    errors: dict[str, str] = {}
    cleaned: list[Episode] = []
    for i, raw in enumerate(episodes):
        field = f"episodes.{i}"
        try:
            start, end, confidence = raw
        except (TypeError, ValueError):
            errors[field] = _("An episode is a start, an end and a confidence.")
            continue
        if not isinstance(start, datetime) or timezone.is_naive(start):
            errors[f"{field}.start"] = _("Times need a time zone.")
        elif not isinstance(end, datetime) or timezone.is_naive(end):
            errors[f"{field}.end"] = _("Times need a time zone.")
        elif start > now + FUTURE_TOLERANCE:
            errors[f"{field}.start"] = _("The start is in the future.")
        elif start < earliest:
            errors[f"{field}.start"] = _(
                "The start is long before %(name)s was born: entries can start from "
                "%(date)s. Check the date."
            ) % {"name": baby.name, "date": formats.date_format(earliest.date())}
        elif end <= start:
            errors[f"{field}.end"] = _("The end must be after the start.")
        elif end > now + FUTURE_TOLERANCE:
            errors[f"{field}.end"] = _("The end is in the future.")
        elif end - start > MAX_EPISODE:
            errors[f"{field}.end"] = _(
                "One episode can last at most 3 hours; send a longer stretch as several."
            )
        if (
            isinstance(confidence, bool)
            or not isinstance(confidence, numbers.Real)  # numpy's float32 too
            or not (math.isfinite(confidence) and 0 <= float(confidence) <= 1)
        ):
            errors[f"{field}.confidence"] = _("The confidence must be from 0 to 1.")
        if not any(name.startswith(f"{field}.") for name in errors):
            cleaned.append(Episode(start, end, float(confidence)))
    if errors:
        raise InvalidInput(errors)
    return cleaned


@transaction.atomic
def suggest_crying(
    membership: Membership,
    baby: Baby | None,
    episodes: Iterable[Episode | tuple[datetime, datetime, float]],
    source: str,
    now: datetime | None = None,
) -> list[CrySuggestion]:
    """Store episodes of possible crying heard by `membership`'s device as pending
    suggestions for `baby` (None: the household's only baby); return the suggestions
    they are now part of, each once, oldest first.

    `source` is "device", "page" or "file". An episode overlapping (or within MERGE_GAP
    of) a pending suggestion widens it and keeps the higher confidence; one lying within
    a suggestion already answered returns that one and adds nothing. A pending suggestion
    that now lasts long enough tells the other members who asked for the long-crying
    notice (`_tell_about_long_crying`). Raises InvalidInput naming the field (`listening`
    when the member has not turned listening on, `episodes.<n>.end` …) and then writes
    nothing; NotAllowed for a member who can only look.
    """
    _require_writer(membership)
    if not membership.listening:
        raise InvalidInput(
            {
                "listening": _(
                    "Listening for crying is off for you. Turn on “Listen for crying on my "
                    "devices” on the Household page first."
                )
            }
        )
    if source not in SOURCES:
        raise InvalidInput(
            {"source": _("Choose one of: %(codes)s.") % {"codes": ", ".join(SOURCES)}}
        )
    baby = _the_baby(membership, baby)
    now = now or timezone.now()
    cleaned = _clean_episodes(list(episodes), baby, membership, now)
    # One writer per baby at a time, so that two phones sending the same cry at once
    # merge into one suggestion rather than racing to make two.
    Baby.objects.select_for_update().filter(pk=baby.pk).first()
    found: dict[int, CrySuggestion] = {}
    for episode in sorted(cleaned):
        suggestion = _answered_already(baby, episode)
        if suggestion is None:
            suggestion, gone = _merge_or_add(membership, baby, episode, source)
            for pk in gone:
                found.pop(pk, None)
        found[suggestion.pk] = suggestion
    suggestions = sorted(found.values(), key=lambda s: (s.start, s.pk))
    for suggestion in suggestions:
        if suggestion.status == CrySuggestion.PENDING:
            _tell_about_long_crying(membership, suggestion, source, now)
    return suggestions


def _answered_already(baby: Baby, episode: Episode) -> CrySuggestion | None:
    return (
        CrySuggestion.objects.filter(
            household_id=baby.household_id,
            baby=baby,
            start__lte=episode.start,
            end__gte=episode.end,
        )
        .exclude(status=CrySuggestion.PENDING)
        .order_by("start", "id")
        .first()
    )


def _merge_or_add(
    membership: Membership, baby: Baby, episode: Episode, source: str
) -> tuple[CrySuggestion, list[int]]:
    """The pending suggestion `episode` is now part of, and the ids of pending ones it
    bridged into it (deleted)."""
    near = list(
        CrySuggestion.objects.filter(
            household_id=baby.household_id,
            baby=baby,
            status=CrySuggestion.PENDING,
            start__lte=episode.end + MERGE_GAP,
            end__gte=episode.start - MERGE_GAP,
        ).order_by("start", "id")
    )
    if not near:
        suggestion = CrySuggestion.objects.create(
            household_id=membership.household_id,
            baby=baby,
            detected_by=membership,
            start=episode.start,
            end=episode.end,
            confidence=episode.confidence,
            source=source,
        )
        return suggestion, []
    kept, *bridged = near
    kept.start = min(episode.start, *(s.start for s in near))
    kept.end = max(episode.end, *(s.end for s in near))
    kept.confidence = max(episode.confidence, *(s.confidence for s in near))
    kept.save(update_fields=["start", "end", "confidence"])
    gone = [s.pk for s in bridged]
    if gone:
        # Whoever was told about a bridged one was told about this crying.
        kept.told.add(
            *CrySuggestion.told.through.objects.filter(crysuggestion_id__in=gone)
            .values_list("membership_id", flat=True)
            .distinct()
        )
        CrySuggestion.objects.filter(pk__in=gone).delete()
    return kept, gone


def _tell_about_long_crying(
    sender: Membership, suggestion: CrySuggestion, source: str, now: datetime
) -> None:
    """Tell each member who asked for the long-crying notice, and whose length the pending
    `suggestion` now reaches, through their reminders (inbox, channels, quiet hours).

    Never the member whose device heard it (nor `sender`, whose device sent it now), nor
    a member who can only look, nor anyone already told about it; a recording checked
    afterwards (source "file") or crying that ended more than NOTICE_LATE_AFTER ago tells
    nobody: the notice is about now."""
    if source == "file" or suggestion.end < now - NOTICE_LATE_AFTER:
        return
    minutes = int((suggestion.end - suggestion.start).total_seconds() // 60)
    recipients = (
        Membership.objects.filter(
            household_id=suggestion.household_id,
            cry_notice_minutes__gt=0,
            cry_notice_minutes__lte=minutes,
        )
        .exclude(role=Membership.Role.VIEWER)
        .exclude(pk__in=[sender.pk, suggestion.detected_by_id])
        .exclude(pk__in=suggestion.told.values("pk"))
        .select_related("household")
    )
    for member in recipients:
        _schedule_crying_notice(member, suggestion, minutes, now)
        suggestion.told.add(member)


def _schedule_crying_notice(
    member: Membership, suggestion: CrySuggestion, minutes: int, now: datetime
) -> None:
    household = member.household
    since = timezone.localtime(suggestion.start, household.tz)
    # In the reader's language, not the sender's: the other parent may read Spanish.
    with translation.override(member.language or settings.LANGUAGE_CODE):
        title = _("%(name)s: possible crying") % {"name": suggestion.baby.name}
        body = ngettext(
            "Possible crying heard for %(minutes)d minute (since %(time)s). Open Today to "
            "confirm who was with %(name)s.",
            "Possible crying heard for %(minutes)d minutes (since %(time)s). Open Today to "
            "confirm who was with %(name)s.",
            minutes,
        ) % {
            "minutes": minutes,
            "time": format_clock(since.hour, since.minute, household.clock),
            "name": suggestion.baby.name,
        }
    notifications.schedule_reminder(
        member,
        Kind.CRYING,
        title,
        body,
        reverse("web:today-baby", args=[suggestion.baby_id]),
        due_at=now,
        dedupe_key=f"crying:{suggestion.pk}",
    )


def _pending(membership: Membership, suggestion: CrySuggestion) -> CrySuggestion:
    """`suggestion` locked and read again, if it is this household's and still pending."""
    _require_writer(membership)
    if suggestion.household_id != membership.household_id:
        raise NotFound(_("No such suggestion."))
    locked = CrySuggestion.objects.select_for_update().select_related("baby").get(pk=suggestion.pk)
    # Both parents may tap at once; the second learns it was already answered.
    if locked.status == CrySuggestion.CONFIRMED:
        raise InvalidInput({"status": _("This was already confirmed as crying.")})
    if locked.status == CrySuggestion.DISCARDED:
        raise InvalidInput({"status": _("This was already marked as not crying.")})
    return locked


def _people(
    membership: Membership,
    carer: Membership | int | None,
    others_present: Iterable[Membership | int],
) -> tuple[Membership, list[Membership]]:
    """Who was with the baby and who else was there, by log_event's own rule
    (services._resolve_members), except that the carer must be named (no id is 0)."""
    try:
        return _resolve_members(membership, 0 if carer is None else carer, others_present)
    except InvalidInput as exc:
        errors = dict(exc.errors)
        if errors.pop("caregiver", None) is not None:
            errors["carer"] = _("Choose who was with the baby, from this household.")
        raise InvalidInput(errors) from None


def _crying_at(baby: Baby, start: datetime, end: datetime, now: datetime) -> Event | None:
    """The baby's first crying entry overlapping start–end (or within MERGE_GAP of it),
    a crying timer still running included; a forgotten timer is left alone."""
    candidates = (
        Event.objects.filter(
            household_id=baby.household_id,
            baby=baby,
            kind=CRY,
            flag="",
            start__lte=end + MERGE_GAP,
        )
        .filter(Q(end__gte=start - MERGE_GAP) | Q(end__isnull=True))
        .order_by("start", "id")
    )
    for event in candidates:
        if event.end is None and now - event.start > KINDS[CRY].stale_after:
            continue
        return event
    return None


def _join(
    membership: Membership,
    event: Event,
    start: datetime,
    end: datetime,
    people: list[Membership],
    now: datetime,
) -> Event:
    """Widen `event` to cover start–end (a running timer keeps running) and count
    `people` as there; the entry keeps its caregiver."""
    changes: dict[str, Any] = {}
    if start < event.start:
        changes["start"] = start
    if event.end is not None and end > event.end:
        changes["end"] = end
    present = [m.pk for m in event.others_present.all()]
    newcomers = [m.pk for m in people if m.pk != event.caregiver_id and m.pk not in present]
    if newcomers:
        changes["others_present"] = present + newcomers
    if changes:
        update_event(membership, event, now=now, **changes)
    return event


@transaction.atomic
def confirm_suggestion(
    membership: Membership,
    suggestion: CrySuggestion,
    carer: Membership | int | None,
    others_present: Iterable[Membership | int] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime | None = None,
) -> CrySuggestion:
    """Say a pending suggestion was crying, and who was with the baby (`carer`, a member
    or a member's id; `others_present` too). `start` and `end` correct the detector's
    times (editing is confirming with other times).

    Logs a crying entry credited to `carer` through log_event, with all its checks; or,
    when a crying entry of that baby already overlaps the episode, joins it: the entry
    is widened to cover the episode and `carer` and the others are counted as there, so
    nothing is logged twice. Marks the suggestion confirmed, by `membership`, with the
    entry. Raises InvalidInput naming the field (`status` if it was already answered),
    NotAllowed for a member who can only look, NotFound for another household's.
    """
    suggestion = _pending(membership, suggestion)
    now = now or timezone.now()
    start = suggestion.start if start is None else start
    end = suggestion.end if end is None else end
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise InvalidInput({"start": _("Times need a time zone.")})
    if end <= start:
        raise InvalidInput({"end": _("The end must be after the start.")})
    who, present = _people(membership, carer, others_present)
    event = _crying_at(suggestion.baby, start, end, now)
    if event is None:
        event = log_event(
            membership,
            suggestion.baby,
            CRY,
            start=start,
            end=end,
            caregiver=who,
            others_present=present,
            now=now,
        )
    else:
        event = _join(membership, event, start, end, [who, *present], now)
    suggestion.status = CrySuggestion.CONFIRMED
    suggestion.resolved_by = membership
    suggestion.resolved_at = now
    suggestion.event = event
    suggestion.save(update_fields=["status", "resolved_by", "resolved_at", "event"])
    _withdraw_notices(suggestion, now)
    return suggestion


@transaction.atomic
def discard_suggestion(
    membership: Membership, suggestion: CrySuggestion, now: datetime | None = None
) -> CrySuggestion:
    """Say a pending suggestion was not crying. Nothing enters the log; the suggestion is
    kept, marked, so that the same episode sent again is not asked about again."""
    suggestion = _pending(membership, suggestion)
    suggestion.status = CrySuggestion.DISCARDED
    suggestion.resolved_by = membership
    suggestion.resolved_at = now or timezone.now()
    suggestion.save(update_fields=["status", "resolved_by", "resolved_at"])
    _withdraw_notices(suggestion, suggestion.resolved_at)
    return suggestion


def _withdraw_notices(suggestion: CrySuggestion, now: datetime) -> None:
    """An answered suggestion needs no notice: what quiet hours or a retry still hold of
    one is never sent (notifications.services.withdraw_reminder)."""
    for member in suggestion.told.all():
        notifications.withdraw_reminder(member, f"crying:{suggestion.pk}", now)

"""Reads of the care log. Each takes the household first; nothing crosses households."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from households.exceptions import NotFound
from households.models import Household, Membership
from insights.records import EventRecord, WeeklySchedule

from .kinds import KINDS
from .models import Baby, CrySuggestion, Event


def babies(household: Household) -> QuerySet[Baby]:
    return Baby.objects.filter(household=household)


def baby(household: Household, baby_id: int | str) -> Baby:
    """The household's baby with this id; NotFound for anyone else's."""
    found = next(iter(Baby.objects.filter(household=household, pk=baby_id)[:1]), None)
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


def cry_suggestions(
    household: Household, *, baby: Baby | None = None, status: str | None = CrySuggestion.PENDING
) -> QuerySet[CrySuggestion]:
    """Possible crying heard by the household's devices, oldest first: pending ones by
    default, `status` None for all. Only the suggestion card and the API read these; no
    figure does, so a pending suggestion counts nowhere."""
    qs = CrySuggestion.objects.filter(household=household)
    if baby is not None:
        qs = qs.filter(baby=baby)
    if status is not None:
        qs = qs.filter(status=status)
    return qs.select_related("baby", "detected_by", "resolved_by").order_by("start", "id")


def cry_suggestion(household: Household, suggestion_id: int | str) -> CrySuggestion:
    """The household's suggestion with this id; NotFound for anyone else's."""
    found = cry_suggestions(household, status=None).filter(pk=suggestion_id).first()
    if found is None:
        raise NotFound("No such suggestion.")
    return found


def running_timers(household: Household, baby: Baby | None = None) -> QuerySet[Event]:
    qs = Event.objects.filter(running(), household=household)
    if baby is not None:
        qs = qs.filter(baby=baby)
    return _with_people(qs.order_by("start"))


#: No entry lasts longer (carelog.services.MAX_DURATION): lets "still going at `since`"
#: be found through the start-time index instead of scanning a year of entries.
_LONGEST = timedelta(hours=16)


def running() -> Q:
    """Timers still running. Written as the partial index `event_running` is, so SQLite
    and PostgreSQL read that small index rather than every entry without an end."""
    instants = [code for code, kind in KINDS.items() if not kind.has_duration]
    return Q(end__isnull=True) & ~Q(kind__in=instants) & Q(flag="")


def overlapping(since: datetime) -> Q:
    """Entries that start after `since` or end after it (not timers still running: those
    come from running_timers). Bounded below through the start-time index."""
    return Q(start__gte=since - _LONGEST) & (Q(start__gte=since) | Q(end__gte=since))


def event_records(
    household: Household, baby: Baby, since: datetime | None = None
) -> list[EventRecord]:
    """The baby's log as plain records for the pure cores, oldest first.

    `since` keeps entries that start after it, end after it or are still running.
    Caregivers are keyed by membership id (as a string). Two or three queries whatever the
    length of the history; values() skips building model instances for 25,000 rows.
    """
    # Imported entries with no end and one-minute "put down" marks stay out of figures.
    events = Event.objects.filter(household=household, baby=baby, flag="")
    through = Event.others_present.through
    if since is None:
        rows = _columns(events.order_by("start", "id"))
        links = through.objects.filter(event__household=household, event__baby=baby)
    else:
        # Two index-friendly queries beat one OR that makes SQLite scan the whole log.
        found = {row[0]: row for row in _columns(events.filter(overlapping(since)).order_by())}
        for row in _columns(events.filter(running()).order_by()):
            found[row[0]] = row
        rows = sorted(found.values(), key=lambda row: (row[2], row[0]))
        links = through.objects.filter(event_id__in=list(found))
    # A forgotten timer (running far longer than its kind lasts) counts in no figure.
    now = timezone.now()
    rows = [
        row
        for row in rows
        if row[3] is not None
        or row[1] not in KINDS
        or not KINDS[row[1]].has_duration
        or now - row[2] <= KINDS[row[1]].stale_after
    ]
    present: dict[int, list[str]] = {}
    for event_id, member_id in links.values_list("event_id", "membership_id"):
        present.setdefault(event_id, []).append(str(member_id))
    return [
        EventRecord(
            kind=kind,
            start=start,
            end=end,
            caregiver=str(caregiver_id),
            others_present=tuple(present.get(event_id, ())),
            details=details or {},
        )
        for event_id, kind, start, end, caregiver_id, details in rows
    ]


_COLUMNS = ("id", "kind", "start", "end", "caregiver_id", "details")


def _instant(value: Any) -> datetime | None:
    """A stored time as an aware UTC datetime: PostgreSQL hands back an aware datetime,
    SQLite a naive one in UTC (or its text, read without Django's converter)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _columns(events: QuerySet[Event]) -> list[tuple[Any, ...]]:
    """(id, kind, start, end, caregiver_id, details) for every row, read straight from the
    database cursor: times parsed once each and details decoded once each, without
    Django's per-value converters (most of the time of a year's log, about 19,000 rows)."""
    sql, params = events.values_list(*_COLUMNS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    return [
        (
            event_id,
            kind,
            _instant(start),
            _instant(end),
            caregiver_id,
            details if not isinstance(details, str | bytes) else json.loads(details),
        )
        for event_id, kind, start, end, caregiver_id, details in raw
    ]


def log_version(household: Household, baby: Baby) -> tuple[int, int, str]:
    """A fingerprint that changes whenever the baby's log changes (add, edit, delete)."""
    stats = Event.objects.filter(household=household, baby=baby).aggregate(
        count=Count("id"), last_id=Max("id"), last_change=Max("updated_at")
    )
    last_change = stats["last_change"].isoformat() if stats["last_change"] else ""
    return stats["count"], stats["last_id"] or 0, last_change


#: Part of every insights cache key: raise it whenever the computed result or its JSON shape
#: changes, so a process never reads what an older release cached (a Finding without
#: ``params``, say) after an upgrade.
INSIGHTS_SHAPE = 3


def insights_key(
    household: Household,
    baby: Baby,
    now: datetime,
    availability: Mapping[str, WeeklySchedule] | None = None,
) -> str:
    """What a computed insights result depends on: the log's fingerprint, the household's
    time zone, the hour, and the free windows it was matched to (one aggregate query)."""
    version = log_version(household, baby)
    key = "insights:v{}:{}:{}:{}:{}:{}".format(
        INSIGHTS_SHAPE,
        household.pk,
        baby.pk,
        ":".join(map(str, version)),
        household.time_zone,
        now.strftime("%Y%m%d%H"),
    )
    if availability:
        key += ":" + hashlib.sha1(repr(sorted(availability.items())).encode()).hexdigest()
    return key


def insights_for(
    household: Household,
    baby: Baby,
    now: datetime | None = None,
    availability: Mapping[str, WeeklySchedule] | None = None,
) -> Any:
    """All insights (an insights.Insights) for the baby's log, cached until the log changes.

    The cache key is the log's fingerprint plus the hour, so a page view with no new data
    costs one aggregate query, while "the next 7 days" of calm windows still moves on.
    `availability` maps membership ids (as strings) to weekly free windows; calm windows
    are then matched to each person's free time. It is part of the cache key.
    """
    from insights import compute_insights

    now = now or timezone.now()
    key = insights_key(household, baby, now, availability)
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = compute_insights(
        event_records(household, baby),
        baby.birth_date,
        household.time_zone,
        now,
        due_date=baby.due_date,
        availability=availability,
    )
    cache.set(key, result, timeout=60 * 60 * 2)
    return result


def kinds_used(baby: Baby, since: datetime) -> dict[str, int]:
    """How many of each kind were logged for `baby` since `since` (one small grouped query,
    for Today's buttons)."""
    # order_by(): the model's default ordering would otherwise join the GROUP BY.
    rows = (
        Event.objects.filter(baby=baby, start__gte=since)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    return dict(rows)


#: How far back "since you were last here" looks at most.
HANDOVER_LOOKBACK = timedelta(hours=36)


def handover_for(
    household: Household, baby: Baby, membership: Membership, now: datetime | None = None
) -> Any:
    """What `membership` needs to know coming on duty (an insights.Handover)."""
    from insights import handover

    now = now or timezone.now()
    since = now - HANDOVER_LOOKBACK
    recent = [
        record for record in event_records(household, baby, since=since) if record.start <= now
    ]
    return handover(recent, str(membership.pk), now, first_visit=membership.created_at)

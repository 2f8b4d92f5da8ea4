"""Actions on availability, what was tried, bonding plans and their sessions. Pages, API, CLI
and the demo all call these.

The thinking lives in the pure `planner` core; this module feeds it the household's own
data and keeps the results:

1. `create_plan` reads the parent's availability, the baby's calm windows (insights, from
   the care log), the baby's usual sleep (`guidance.sleep`) and what was tried, calls
   `planner.make_plan`, stores the sessions and schedules a reminder before each one.
2. `start_session` logs the session in the care log as the activity's kind, with the
   plan's parent as caregiver (and the partner present at the "partner nearby" levels).
3. `rate_session` puts the baby's response and the parent's confidence on that event and
   the session, replays every rating so far through `planner.adapt_plan`, and replaces
   the sessions still to come (the same day included) and their reminders.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import transaction
from django.db.models import DurationField, F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import planner
from carelog import selectors as carelog_selectors
from carelog import services as carelog
from carelog.models import Baby
from households.exceptions import InvalidInput, NotAllowed, NotFound
from households.models import Household, Membership
from households.units import Units, format_clock
from insights.records import MINUTES_PER_DAY, TimeWindow, WeeklySchedule
from notifications import services as notifications
from parsers.times import hhmm

from . import content, selectors
from .models import Availability, Plan, PlanSession, Tried
from .sleep import usual_sleep

logger = logging.getLogger(__name__)

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: How far back the baby's usual sleep is read from the log.
SLEEP_LOOKBACK = timedelta(days=28)
#: A session's reminder comes this long before it, or when the parent's free time starts
#: if that is later (a reminder at work for a session at 22:00 is no use).
REMINDER_BEFORE = timedelta(minutes=30)
#: Which carer gets the "primary" weekly message: most care minutes over this period.
LOAD_LOOKBACK = timedelta(days=28)
#: Weekly messages arrive at this local time on the first day of each week of age.
MESSAGE_AT = time(9, 0)
CARE_KINDS = ("feed", "bath", "play", "reading", "walk", "holding", "skin_to_skin", "soothing")


# --- availability ------------------------------------------------------------------------


def invert(windows: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the free time of a day outside ``windows`` (e.g. work hours)."""
    free: list[tuple[int, int]] = []
    cursor = 0
    for start, end in sorted(windows):
        if start > cursor:
            free.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < MINUTES_PER_DAY:
        free.append((cursor, MINUTES_PER_DAY))
    return free


def _clean_days(days: Sequence[Sequence[Sequence[int]]]) -> list[list[list[int]]]:
    if len(days) != 7:
        raise InvalidInput({"days": _("Give the windows for all 7 days, Monday first.")})
    errors: dict[str, str] = {}
    cleaned: list[list[list[int]]] = []
    for weekday, windows in enumerate(days):
        name = WEEKDAYS[weekday]
        pairs = []
        for window in windows:
            start, end = (int(v) for v in window)
            if not (0 <= start <= MINUTES_PER_DAY and 0 <= end <= MINUTES_PER_DAY):
                errors[name] = _("Times must be between 00:00 and 24:00.")
            elif end <= start:
                errors[name] = _("A window ends (%(end)s) before it starts (%(start)s).") % {
                    "end": hhmm(end),
                    "start": hhmm(start),
                }
            else:
                pairs.append((start, end))
        pairs.sort()
        for (_s1, e1), (s2, _e2) in zip(pairs, pairs[1:], strict=False):
            if s2 < e1:
                errors.setdefault(name, _("Two windows overlap; join them into one."))
        cleaned.append([[s, e] for s, e in pairs])
    if errors:
        raise InvalidInput(errors)
    return cleaned


def set_availability(
    membership: Membership,
    days: Sequence[Sequence[Sequence[int]]],
    entered_as: str = Availability.EnteredAs.FREE,
    member: Membership | None = None,
) -> Availability:
    """Store a member's weekly availability: 7 lists (Monday first) of (start, end) local
    minutes since midnight, end exclusive (1440 = midnight at the end of the day).

    With ``entered_as="work"`` the windows are work hours and the free time stored is what
    lies outside them. Your own, or, for the owner, any member's (``member``). Raises
    InvalidInput naming the weekday ("monday") of the first bad window; writes nothing then.
    """
    target = _target(membership, member)
    if entered_as not in Availability.EnteredAs.values:
        raise InvalidInput({"entered_as": _("Use “free” or “work”.")})
    cleaned = _clean_days(days)
    if entered_as == Availability.EnteredAs.WORK:
        cleaned = [[list(w) for w in invert([(s, e) for s, e in day])] for day in cleaned]
    row, _created = Availability.objects.update_or_create(
        membership=target, defaults={"days": cleaned, "entered_as": entered_as}
    )
    return row


def _target(membership: Membership, member: Membership | None) -> Membership:
    """The member acted for: yourself, or (owner only) another member of the household."""
    if not membership.can_write:
        raise NotAllowed(_("You can look at this household's plans but not change them."))
    if member is None or member.pk == membership.pk:
        return membership
    if member.household_id != membership.household_id:
        raise NotFound(_("No such member."))
    if not membership.is_owner:
        raise NotAllowed(_("Only the household's owner can do this for someone else."))
    if not member.can_write:
        raise InvalidInput({"member": _("This member can only look, so has no plan.")})
    return member


# --- what was tried ----------------------------------------------------------------------


def record_tried(
    membership: Membership,
    family: str,
    outcome: str,
    start_min: int | None = None,
    state: str = "",
    note: str = "",
    member: Membership | None = None,
) -> Tried:
    """Record something already tried with the baby and how it went (the planner offers a
    family that failed only in a changed form). ``start_min`` is the local time of day it
    was usually tried, None for "at random times"."""
    target = _target(membership, member)
    errors: dict[str, str] = {}
    known = dict(content.families())
    if family not in known:
        errors["family"] = _("Unknown activity “%(family)s”; use one of: %(known)s.") % {
            "family": family,
            "known": ", ".join(known),
        }
    if outcome not in Tried.Outcome.values:
        errors["outcome"] = _("Use one of: %(values)s.") % {
            "values": ", ".join(Tried.Outcome.values)
        }
    if start_min is not None and not 0 <= start_min < MINUTES_PER_DAY:
        errors["start_min"] = _("Give a time of day between 00:00 and 23:59.")
    if state and state not in Tried.State.values:
        errors["state"] = _("Use one of: %(values)s.") % {"values": ", ".join(Tried.State.values)}
    if len(note) > 200:
        errors["note"] = _("Use at most 200 characters.")
    if errors:
        raise InvalidInput(errors)
    return Tried.objects.create(
        membership=target,
        family=family,
        outcome=outcome,
        start_min=start_min,
        state=state,
        note=note.strip(),
    )


def delete_tried(membership: Membership, tried_id: int) -> None:
    """Forget one of your own entries of what was tried (the owner may forget anyone's)."""
    row = Tried.objects.filter(
        pk=tried_id, membership__household_id=membership.household_id
    ).first()
    if row is None:
        raise NotFound(_("No such entry."))
    _target(membership, row.membership)
    row.delete()


# --- plans -------------------------------------------------------------------------------


def _baby(household: Household, baby: Baby | None) -> Baby:
    if baby is not None:
        if baby.household_id != household.pk:
            raise NotFound(_("No such baby."))
        return baby
    first = carelog_selectors.babies(household).first()
    if first is None:
        raise InvalidInput({"baby": _("Add the baby first.")})
    return first


def _schedule_json(schedule: WeeklySchedule) -> list[list[list[int]]]:
    return [[[w.start_min, w.end_min] for w in day] for day in schedule.days]


def _schedule_from(days: Sequence[Sequence[Sequence[int]]]) -> WeeklySchedule:
    return WeeklySchedule(days=tuple(tuple(TimeWindow(s, e) for s, e in day) for day in days))


def _inputs_json(inputs: planner.PlanInputs) -> dict[str, Any]:
    return {
        "baby_age_weeks": inputs.baby_age_weeks,
        "calm_windows": [dataclasses.asdict(w) for w in inputs.calm_windows],
        "availability": _schedule_json(inputs.availability),
        "baby_sleep_windows": _schedule_json(inputs.baby_sleep_windows),
        "tried": [dataclasses.asdict(t) for t in inputs.tried],
        "level": inputs.level,
        "start_date": inputs.start_date.isoformat(),
        "timezone": inputs.timezone,
        "weeks": inputs.weeks,
        "baby_name": inputs.baby_name,
    }


def _inputs_from(data: Mapping[str, Any]) -> planner.PlanInputs:
    library = content.library()
    return planner.PlanInputs(
        activities=library.activities,
        baby_age_weeks=data["baby_age_weeks"],
        calm_windows=tuple(planner.CalmWindow(**w) for w in data["calm_windows"]),
        availability=_schedule_from(data["availability"]),
        baby_sleep_windows=_schedule_from(data["baby_sleep_windows"]),
        tried=tuple(planner.Tried(**t) for t in data["tried"]),
        level=data["level"],
        start_date=date.fromisoformat(data["start_date"]),
        timezone=data["timezone"],
        weeks=data["weeks"],
        baby_name=data["baby_name"],
        level_names=tuple(
            (n, lv.name, lv.partner_role, lv.is_solo) for n, lv in sorted(library.levels.items())
        ),
    )


def _outcome(row: PlanSession) -> planner.SessionOutcome | None:
    if not row.baby_response or row.parent_confidence is None:
        return None
    return planner.SessionOutcome(
        date=row.date,
        activity_id=row.activity_id,
        baby_response=row.baby_response,
        parent_confidence=row.parent_confidence,
        start_min=row.start_min,
    )


def planner_plan(plan: Plan) -> planner.Plan:
    """Return the stored plan as the planner core's Plan (sessions with their outcomes)."""
    inputs = _inputs_from(plan.inputs)
    sessions = tuple(
        planner.PlannedSession(
            date=row.date,
            local_start=row.local_start,
            start_utc=row.start_at,
            activity_id=row.activity_id,
            title=row.title,
            family=row.family,
            logs_as=row.logs_as,
            minutes=row.minutes,
            level=row.level,
            reason=tuple(planner.Words.from_json(w) for w in row.reason),
            is_owned_routine=row.is_owned_routine,
            is_changed_form=row.is_changed_form,
            outcome=_outcome(row),
        )
        for row in plan.sessions.all()
    )
    return planner.Plan(
        start_date=inputs.start_date,
        weeks=inputs.weeks,
        timezone=inputs.timezone,
        level=plan.level,
        sessions=sessions,
        notes=tuple(planner.PlanNote(n["code"], planner.Words.from_json(n)) for n in plan.notes),
        has_overlap=plan.has_overlap,
        inputs=inputs,
        blocked_bands=tuple(plan.blocked_bands),
    )


def notes_json(notes: Iterable[planner.PlanNote]) -> list[dict[str, Any]]:
    """The plan's notes as stored: each note's code and its sentence."""
    return [{"code": n.code, **n.words.as_json()} for n in notes]


def _session_row(plan: Plan, s: planner.PlannedSession) -> PlanSession:
    return PlanSession(
        plan=plan,
        date=s.date,
        local_start=s.local_start,
        start_at=s.start_utc,
        activity_id=s.activity_id,
        title=s.title,
        family=s.family,
        logs_as=s.logs_as,
        minutes=s.minutes,
        level=s.level,
        reason=[w.as_json() for w in s.reason],
        is_owned_routine=s.is_owned_routine,
        is_changed_form=s.is_changed_form,
    )


def age_weeks(baby: Baby, today: date) -> int:
    return max(0, baby.corrected_age(today).days // 7)


@transaction.atomic
def create_plan(
    membership: Membership,
    member: Membership | None = None,
    baby: Baby | None = None,
    now: datetime | None = None,
    weeks: int = 4,
) -> Plan:
    """Make a new 4-week plan for ``member`` (default: yourself; another member: owner
    only), replacing their active plan and its reminders.

    Sessions go where the parent's availability meets the baby's calm windows (from the
    log), outside the baby's usual sleep; sessions that would already have started are
    left out. The level carries over from the plan it replaces (a new plan starts at 1-2).
    Raises InvalidInput ("availability") when the parent has not entered their free time.
    """
    target = _target(membership, member)
    household = membership.household
    baby = _baby(household, baby)
    now = now or timezone.now()
    tz = household.time_zone
    free = selectors.schedule_of(selectors.availability(target))
    if free is None:
        raise InvalidInput(
            {"availability": _("Enter when you are free first (or your work hours).")}
        )
    calm, sleep = _calm_and_sleep(household, baby, now)
    previous = selectors.active_plan(household, target)
    level = previous.level if previous is not None else 1
    today = now.astimezone(ZoneInfo(tz)).date()
    result = planner.make_plan(
        content.library().activities,
        age_weeks(baby, today),
        calm,
        free,
        sleep,
        _tried_for_planner(target),
        level,
        today,
        tz,
        weeks,
        baby_name=baby.name,
        levels=content.library().levels,
    )
    if previous is not None:
        _retire(previous)
    return _save_plan(membership, target, baby, today, weeks, result, free, now)


def _save_plan(
    membership: Membership,
    target: Membership,
    baby: Baby,
    today: date,
    weeks: int,
    result: planner.Plan,
    free: WeeklySchedule,
    now: datetime,
) -> Plan:
    """Store the planner's plan for ``target``, its sessions still to come and their
    reminders."""
    plan = Plan.objects.create(
        household=membership.household,
        membership=target,
        baby=baby,
        created_by=membership,
        start_date=today,
        weeks=weeks,
        level=result.level,
        has_overlap=result.has_overlap,
        inputs=_inputs_json(result.inputs),
        notes=notes_json(result.notes),
        blocked_bands=list(result.blocked_bands),
    )
    rows = PlanSession.objects.bulk_create(
        [_session_row(plan, s) for s in result.sessions if s.start_utc > now]
    )
    for row in rows:
        _remind(plan, row, free, now)
    return plan


def _calm_and_sleep(
    household: Household, baby: Baby, now: datetime
) -> tuple[list[planner.CalmWindow], WeeklySchedule]:
    """The baby's calm windows (from the log's insights) and usual sleep (the last
    SLEEP_LOOKBACK), for the planner."""
    everyone = selectors.household_availability(household)
    insights = carelog_selectors.insights_for(household, baby, now=now, availability=everyone)
    calm = planner.calm_windows_from_insights(insights.calm)
    since = now - SLEEP_LOOKBACK
    sleep = usual_sleep(
        carelog_selectors.event_records(household, baby, since=since),
        household.time_zone,
        since,
        now,
    )
    return calm, sleep


def _tried_for_planner(target: Membership) -> list[planner.Tried]:
    """What ``target`` has tried, for the activities the library still has."""
    families = {a.family for a in content.library().activities}
    return [
        planner.Tried(
            t.family,
            t.outcome,
            start_min=t.start_min,
            state=t.state or None,
        )
        for t in selectors.tried(target)
        if t.family in families
    ]


def _retire(plan: Plan) -> None:
    plan.is_active = False
    plan.save(update_fields=["is_active"])
    for row in plan.sessions.filter(status=PlanSession.Status.SCHEDULED):
        notifications.cancel_reminder(plan.membership, row.reminder_key)


def _local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


def reminder_due(row: PlanSession, free: WeeklySchedule | None, tz: str) -> datetime:
    """When to remind: 30 minutes before, but not before the free window the session is in."""
    due = row.start_at - REMINDER_BEFORE
    if free is None:
        return due
    for window in free.days[row.date.weekday()]:
        if window.start_min <= row.start_min < window.end_min:
            opens = datetime.combine(
                row.date, time(window.start_min // 60, window.start_min % 60), ZoneInfo(tz)
            ).astimezone(UTC)
            return max(due, opens)
    return due


def _remind(plan: Plan, row: PlanSession, free: WeeklySchedule | None, now: datetime) -> None:
    if row.start_at <= now:
        return
    tz = plan.household.time_zone
    clock = Units.of(plan.household).clock
    # In the language of the parent whose plan it is, whoever made it.
    language = plan.membership.language or translation.get_language() or "en"
    with translation.override(language):
        title = _("%(time)s: %(title)s (%(minutes)s min)") % {
            "time": format_clock(row.local_start.hour, row.local_start.minute, clock),
            "title": content.title_in(row.activity_id, row.title, language),
            "minutes": row.minutes,
        }
        body = _("Open your plan to see what to do and why this time.")
    notifications.schedule_reminder(
        plan.membership,
        "session",
        title,
        body,
        f"/plans/{plan.pk}/#session-{row.pk}",
        reminder_due(row, free, tz),
        row.reminder_key,
    )


def _require_changer(membership: Membership, plan: Plan) -> None:
    if plan.household_id != membership.household_id:
        raise NotFound(_("No such plan."))
    if not selectors.can_change(membership, plan):
        raise NotAllowed(
            _("Only %(who)s (or the household's owner) can change this plan.")
            % {"who": plan.membership.display_name}
        )


def _partners(plan: Plan) -> list[Membership]:
    return [m for m in plan.household.members.all() if m.pk != plan.membership_id and m.can_write]


def _is_solo(level: int) -> bool:
    return content.library().levels[level].is_solo


def _event_details(row: PlanSession, rating: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Details for the logged event: a feed is a bottle feed (feeds carry no rating in the
    care log, the session keeps it); reading or singing says which."""
    if row.logs_as == "feed":
        return {"method": "bottle"}
    details: dict[str, Any] = dict(rating or {})
    if row.logs_as == "reading":
        details["activity"] = "singing" if row.family == "singing" else "reading"
    return details


@transaction.atomic
def start_session(
    membership: Membership, plan: Plan, row: PlanSession, now: datetime | None = None
) -> PlanSession:
    """Start a session: a running timer in the care log, of the activity's kind, with the
    plan's parent as caregiver and the partner present at the "partner nearby" levels.
    Only sessions of today or earlier can start."""
    _require_changer(membership, plan)
    now = now or timezone.now()
    if row.plan_id != plan.pk:
        raise NotFound(_("No such session."))
    if row.status != PlanSession.Status.SCHEDULED:
        raise InvalidInput({"session": _("This session was already started.")})
    if row.date > _local(now, plan.household.time_zone).date():
        raise InvalidInput({"session": _("This session is on a later day.")})
    others = [] if _is_solo(row.level) else _partners(plan)
    event = carelog.start_timer(
        membership,
        plan.baby,
        row.logs_as,
        caregiver=plan.membership,
        others_present=others,
        details=_event_details(row),
        now=now,
    )
    row.event = event
    row.status = PlanSession.Status.STARTED
    row.save(update_fields=["event", "status"])
    notifications.cancel_reminder(plan.membership, row.reminder_key)  # if not yet sent
    return row


def _clean_rating(baby_response: str, parent_confidence: Any) -> int:
    errors: dict[str, str] = {}
    if baby_response not in PlanSession.Response.values:
        errors["baby_response"] = _("Use content, fussy or crying.")
    try:
        confidence = int(parent_confidence)
    except (TypeError, ValueError):
        confidence = 0
    if not 1 <= confidence <= 5:
        errors["parent_confidence"] = _("Give your confidence from 1 to 5.")
    if errors:
        raise InvalidInput(errors)
    return confidence


@transaction.atomic
def rate_session(
    membership: Membership,
    plan: Plan,
    row: PlanSession,
    baby_response: str,
    parent_confidence: int,
    now: datetime | None = None,
) -> PlanSession:
    """Record how a session went, on the session and on its care-log event, then adapt the
    plan: every rating so far goes through `planner.adapt_plan`, and the sessions still to
    come (the same day included) and their reminders are replaced.

    A session that was never started is logged now as having just happened. Raises
    InvalidInput naming ``baby_response`` or ``parent_confidence``; nothing is written then.
    """
    _require_changer(membership, plan)
    now = now or timezone.now()
    if row.plan_id != plan.pk:
        raise NotFound(_("No such session."))
    confidence = _clean_rating(baby_response, parent_confidence)
    if row.is_rated:
        raise InvalidInput({"session": _("This session was already rated.")})
    if row.date > _local(now, plan.household.time_zone).date():
        raise InvalidInput({"session": _("This session is on a later day.")})
    rating = {"baby_response": baby_response, "parent_confidence": confidence}
    event_rating = {} if row.logs_as == "feed" else rating
    event = row.event
    if event is None:
        others = [] if _is_solo(row.level) else _partners(plan)
        event = carelog.log_event(
            membership,
            plan.baby,
            row.logs_as,
            start=now - timedelta(minutes=row.minutes),
            end=now,
            caregiver=plan.membership,
            others_present=others,
            details=_event_details(row, event_rating),
            now=now,
        )
    elif event.end is None:
        event = carelog.stop_timer(membership, event, details=event_rating, now=now)
    elif event_rating:
        event = carelog.update_event(
            membership, event, details={**event.details, **event_rating}, now=now
        )
    row.event = event
    row.status = PlanSession.Status.DONE
    row.baby_response = baby_response
    row.parent_confidence = confidence
    row.rated_at = now
    row.save(update_fields=["event", "status", "baby_response", "parent_confidence", "rated_at"])
    notifications.cancel_reminder(plan.membership, row.reminder_key)  # if not yet sent
    adapt(plan, now)
    return row


def _key(s: planner.PlannedSession | PlanSession) -> tuple[date, int]:
    return (s.date, s.start_min)


def adapt(plan: Plan, now: datetime | None = None) -> Plan:
    """Replay every rated session through `planner.adapt_plan` and replace the scheduled
    sessions after the last rated one (and their reminders) with the adapted plan's."""
    now = now or timezone.now()
    rows = list(plan.sessions.all())
    outcomes = [o for o in (_outcome(r) for r in rows) if o is not None]
    if not outcomes:
        return plan
    adapted = planner.adapt_plan(planner_plan(plan), outcomes)
    cut = max(_key(r) for r in rows if r.is_rated)
    waiting = {
        (r.date, r.start_min, r.activity_id): r
        for r in rows
        if r.status == PlanSession.Status.SCHEDULED and _key(r) > cut
    }
    taken = {_key(r) for r in rows if r.status != PlanSession.Status.SCHEDULED}
    # The core keeps the day's cap (one session on weekdays, two at weekends) itself; this
    # second guard also counts rows the core doesn't see, such as sessions started but not
    # yet rated, so a day can never fill up twice.
    per_day: dict[date, int] = {}
    for r in rows:
        if r.status != PlanSession.Status.SCHEDULED or _key(r) <= cut:
            per_day[r.date] = per_day.get(r.date, 0) + 1
    free = selectors.schedule_of(selectors.availability(plan.membership))
    for s in adapted.sessions:
        if s.outcome is not None or _key(s) <= cut or s.start_utc <= now or _key(s) in taken:
            continue
        if per_day.get(s.date, 0) >= planner.sessions_cap(s.date):
            continue
        per_day[s.date] = per_day.get(s.date, 0) + 1
        row = waiting.pop((s.date, s.start_min, s.activity_id), None)
        if row is None:
            row = _session_row(plan, s)
            row.save()
        else:
            # The same session stays (its reminder too); its level and reason may change.
            row.level, row.minutes = s.level, s.minutes
            row.reason = [w.as_json() for w in s.reason]
            row.is_changed_form, row.is_owned_routine = s.is_changed_form, s.is_owned_routine
            row.save(
                update_fields=["level", "reason", "minutes", "is_changed_form", "is_owned_routine"]
            )
        _remind(plan, row, free, now)
    for row in waiting.values():
        notifications.cancel_reminder(plan.membership, row.reminder_key)
        row.delete()
    plan.level = adapted.level
    plan.notes = notes_json(adapted.notes)
    plan.blocked_bands = list(adapted.blocked_bands)
    plan.save(update_fields=["level", "notes", "blocked_bands"])
    return plan


def weekly_review(plan: Plan, today: date | None = None) -> planner.WeeklyReview:
    """Return the review of the plan's rated sessions for the 7 days ending ``today``
    (local; default: the household's today)."""
    today = today or _local(timezone.now(), plan.household.time_zone).date()
    outcomes = [o for o in (_outcome(r) for r in plan.sessions.all()) if o is not None]
    return planner.weekly_review(
        outcomes,
        plan=planner_plan(plan),
        week_ending=today,
        baby_name=plan.baby.name,
    )


# --- weekly messages ---------------------------------------------------------------------


def primary_carer(household: Household, baby: Baby, now: datetime | None = None) -> int | None:
    """Return the id of the member with the most care minutes over the last 4 weeks.

    Cached for the hour: it feeds Today's weekly message on every page view, and summing
    four weeks of durations is the slowest query there.
    """
    now = now or timezone.now()
    key = f"primary-carer:{baby.pk}:{now:%Y%m%d%H}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    rows = (
        carelog_selectors.events(
            household, baby=baby, kinds=list(CARE_KINDS), since=now - LOAD_LOOKBACK
        )
        .exclude(end=None)
        .order_by()
        .values("caregiver_id")
        .annotate(total=Sum(F("end") - F("start"), output_field=DurationField()))
        .order_by("-total")
    )
    top = rows.first()
    primary = top["caregiver_id"] if top else None
    cache.set(key, primary or 0, 60 * 60)
    return primary


def weekly_message(
    membership: Membership, baby: Baby, now: datetime | None = None
) -> tuple[planner.WeeklyMessage, str, int]:
    """Return this week's message for ``membership`` (its role, the baby's week of age)."""
    now = now or timezone.now()
    today = _local(now, membership.household.time_zone).date()
    week = age_weeks(baby, today)
    primary = primary_carer(membership.household, baby, now)
    role = "primary" if primary in (None, membership.pk) else "partner"
    return content.messages().for_week(week, role), role, week


def schedule_weekly_messages(household: Household, now: datetime | None = None) -> int:
    """Schedule this week's and next week's message for every member who can write, at
    09:00 local on the first day of each week of age (now, if that has passed). The key
    is per baby and week, so running this daily never sends one twice. Returns how many
    reminders were scheduled."""
    now = now or timezone.now()
    tz = ZoneInfo(household.time_zone)
    baby = carelog_selectors.babies(household).first()
    if baby is None:
        return 0
    # Age counts from the due date for a baby born early (Baby.corrected_age).
    origin = baby.due_date if baby.due_date and baby.due_date > baby.birth_date else baby.birth_date
    count = 0
    for member in household.members.all():
        if not member.can_write:
            continue
        _message, role, week = weekly_message(member, baby, now)
        for number in (week, week + 1):
            if number > 52:
                break
            # In the member's own language, whoever's request or task schedules it.
            language = member.language or translation.get_language() or "en"
            text = content.messages().for_week(number, role).in_language(language)
            first_day = origin + timedelta(days=7 * number)
            due = max(datetime.combine(first_day, MESSAGE_AT, tz).astimezone(UTC), now)
            with translation.override(language):
                title = _("Week %(week)s with %(baby)s") % {"week": number, "baby": baby.name}
            notifications.schedule_reminder(
                member,
                "weekly_message",
                title,
                f"{text.baby_now}\n\n{text.connect}\n\n{text.care}",
                "/plans/",
                due,
                f"weekly-message:{baby.pk}:{number}",
            )
            count += 1
    return count


#: Check-in reminders arrive at this local time (or at once, if it has passed that day).
CHECK_IN_AT = time(19, 30)


def schedule_check_in_reminders(household: Household, now: datetime | None = None) -> int:
    """Remind each parent once when a check-in is due by the cadence rule (weekly quick
    check, full form when it matters), never more than once a calendar week, so a check
    someone chose to skip doesn't turn into daily nagging. Reminders are sensitive: an
    outside channel only hears "A check-in is due." Returns how many were scheduled."""
    from wellbeing import selectors as wellbeing_selectors

    now = now or timezone.now()
    tz = ZoneInfo(household.time_zone)
    today = now.astimezone(tz).date()
    count = 0
    for member in household.members.all():
        if not member.can_write:
            continue
        plan = wellbeing_selectors.check_in_plan(member, today)
        if not plan.offers:
            continue
        year, week, _day = today.isocalendar()
        due = max(datetime.combine(today, CHECK_IN_AT, tz).astimezone(UTC), now)
        notifications.schedule_reminder(
            member,
            "check_in",
            _("A check-in is due"),
            _("A short, private check-in is waiting for you. Only you see the answers."),
            "/wellbeing/",
            due,
            f"check-in:{year}-W{week:02d}",
            sensitive=True,
        )
        count += 1
    return count

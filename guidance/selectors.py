"""Reads of availability, what was tried, plans and sessions. Each takes the household (or a
membership) first; nothing crosses households. A parent's plan is visible to everyone in
the household (it is not private like a check-in); who may change it is `can_change`."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from households.exceptions import NotFound
from households.models import Household, Membership
from insights.records import TimeWindow, WeeklySchedule

from .models import Availability, Plan, PlanSession, Tried


def availability(membership: Membership) -> Availability | None:
    return Availability.objects.filter(membership=membership).first()


def schedule_of(row: Availability | None) -> WeeklySchedule | None:
    """Return a stored availability as the pure cores' WeeklySchedule (None if not set)."""
    if row is None or len(row.days) != 7:
        return None
    return WeeklySchedule(
        days=tuple(tuple(TimeWindow(int(s), int(e)) for s, e in day) for day in row.days)
    )


def household_availability(household: Household) -> dict[str, WeeklySchedule]:
    """Every member's availability that is set, keyed by membership id (as a string), the
    shape `carelog.selectors.insights_for` takes."""
    out: dict[str, WeeklySchedule] = {}
    for row in Availability.objects.filter(membership__household=household):
        schedule = schedule_of(row)
        if schedule is not None:
            out[str(row.membership_id)] = schedule
    return out


def tried(membership: Membership) -> QuerySet[Tried]:
    return Tried.objects.filter(membership=membership)


def plans(household: Household, member: Membership | None = None) -> QuerySet[Plan]:
    """The household's plans, newest first; only `member`'s when given."""
    qs = Plan.objects.filter(household=household).select_related("membership", "baby")
    if member is not None:
        qs = qs.filter(membership=member)
    return qs


def plan(household: Household, plan_id: int | str) -> Plan:
    """The household's plan with this id; NotFound for anyone else's."""
    found = plans(household).filter(pk=plan_id).first()
    if found is None:
        raise NotFound("No such plan.")
    return found


def active_plan(household: Household, member: Membership) -> Plan | None:
    """The member's current plan, if they have one."""
    return plans(household, member).filter(is_active=True).first()


def session(plan: Plan, session_id: int | str) -> PlanSession:
    """One session of `plan`; NotFound otherwise."""
    found = PlanSession.objects.filter(plan=plan, pk=session_id).select_related("event").first()
    if found is None:
        raise NotFound("No such session.")
    return found


def sessions_on(plan: Plan, day: date) -> list[PlanSession]:
    return list(plan.sessions.filter(date=day))


def today_sessions(household: Household, member: Membership, today: date) -> list[PlanSession]:
    """The sessions of `member`'s active plan on `today` (local), in time order."""
    current = active_plan(household, member)
    return sessions_on(current, today) if current is not None else []


def can_change(membership: Membership, plan: Plan) -> bool:
    """Whether `membership` may start, rate or replace `plan`: its parent or the owner."""
    return (
        membership.household_id == plan.household_id
        and membership.can_write
        and (membership.pk == plan.membership_id or membership.is_owner)
    )

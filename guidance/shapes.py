"""The JSON shape of a plan, shared by the API (GET /plans…) and `nestling plan show --json`."""

from __future__ import annotations

from typing import Any

from households.models import Membership

from . import selectors
from .models import Plan, PlanSession


def session_json(row: PlanSession) -> dict[str, Any]:
    """One session of a plan."""
    return {
        "id": row.pk,
        "date": row.date,
        "local_start": row.local_start,
        "start_at": row.start_at,
        "activity_id": row.activity_id,
        "title": row.title,
        "family": row.family,
        "logs_as": row.logs_as,
        "minutes": row.minutes,
        "level": row.level,
        "reason": row.reason,
        "is_owned_routine": row.is_owned_routine,
        "is_changed_form": row.is_changed_form,
        "status": row.status,
        "event": row.event_id,
        "baby_response": row.baby_response or None,
        "parent_confidence": row.parent_confidence,
    }


def plan_json(me: Membership, plan: Plan, with_sessions: bool = True) -> dict[str, Any]:
    """The JSON shape shared by the API and `nestling plan show --json`."""
    return {
        "id": plan.pk,
        "member": {"id": plan.membership_id, "display_name": plan.membership.display_name},
        "baby": plan.baby_id,
        "start_date": plan.start_date,
        "weeks": plan.weeks,
        "level": plan.level,
        "is_active": plan.is_active,
        "has_overlap": plan.has_overlap,
        "can_change": selectors.can_change(me, plan),
        "notes": plan.notes,
        "sessions": [session_json(r) for r in plan.sessions.all()] if with_sessions else None,
    }

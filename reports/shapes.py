"""The JSON shapes of what Nestling tells the family, shared by the API and the command
line's --json: the insights (the core's figures with each carer's name beside their id)
and the bonding plan (its sentences as keys and values, with their words)."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from carelog import selectors
from carelog.models import Baby
from guidance import selectors as guidance_selectors
from guidance.models import Plan, PlanSession
from households.models import Household, Membership
from households.units import Units
from planner import WeeklyReview
from reports import refresh, wording


def insights_json(me: Membership, baby: Baby) -> dict[str, Any]:
    """The JSON shape shared by the API and `nestling insights --json`, each finding worded
    in the active language; asking keeps the baby's insights computed ahead by the worker
    (reports/refresh.py)."""
    refresh.watch(me.household_id, baby.pk)
    names = _names(me.household)
    data = household_insights_json(me.household, baby, names)
    return {**data, "findings": wording.findings_json(data["findings"], names, baby.name)}


def _names(household: Household) -> dict[str, str]:
    return {str(m.pk): m.display_name for m in household.members.all()}


def household_insights_json(
    household: Household, baby: Baby, names: dict[str, str] | None = None
) -> dict[str, Any]:
    """The JSON shape of ``baby``'s insights.

    Cached as plain data beside the computed result, under the same key plus the members'
    names: a process that finds it (the command line, an API call) answers without
    importing the statistics at all, which is most of a cold start's time.
    """
    availability = guidance_selectors.household_availability(household)
    names = _names(household) if names is None else names
    key = "json:" + selectors.insights_key(household, baby, timezone.now(), availability)
    key += ":" + hashlib.sha1(repr(sorted(names.items())).encode()).hexdigest()
    found: dict[str, Any] | None = cache.get(key)
    if found is not None:
        return found
    data = _insights_json(household, baby, availability, names)
    cache.set(key, data, timeout=60 * 60 * 2)
    return data


def _insights_json(
    household: Household, baby: Baby, availability: Any, names: dict[str, str]
) -> dict[str, Any]:
    from insights import as_json

    result = selectors.insights_for(household, baby, availability=availability)
    data = as_json(result)
    caregivers = []
    for row in data["caregivers"]:
        caregivers.append(
            {
                "caregiver": row["caregiver"],
                "name": names.get(row["caregiver"], row["caregiver"]),
                "sessions": row["sessions"],
                "sessions_cried": row["sessions_cried"],
                "raw_ratio": row["raw_ratio"],
                "adjusted_ratio": row["adjusted_ratio"],
                "ci_low": row["ci_low"],
                "ci_high": row["ci_high"],
                "adjusted_method": row["adjusted_method"],
                "explained_by_timing": row["explained_by_timing"],
                "verdict": row["verdict"],
                "more_sessions_needed": row["more_sessions_needed"],
                "detail": row,
            }
        )
    findings = data["findings"]
    return {
        "baby": baby.pk,
        "now": data["now"],
        "timezone": data["timezone"],
        "events_used": data["events_used"],
        "sessions_used": data["sessions_used"],
        "caregivers": caregivers,
        "findings": findings,
        "crying": data["crying"],
        "calm": data["calm"],
        "load": data["load"],
        "not_logged": data["not_logged"],
        "last_entry": data["last_entry"],
        "is_history": data["is_history"],
    }


# --- the bonding plan: GET /plans…, `nestling plan show --json` ---------------------------


def words_json(words: Any, clock: str) -> dict[str, Any]:
    """A stored sentence (planner.Words as JSON) with its words in the active language."""
    return {
        "key": words["key"],
        "values": words.get("values", {}),
        "text": wording.plan_text(words, clock),
    }


def session_json(row: PlanSession, clock: str | None = None) -> dict[str, Any]:
    """One session of a plan; ``reason`` in the active language, ``reasons`` as sentences."""
    clock = clock or Units.of(row.plan.household).clock
    reasons = [words_json(w, clock) for w in row.reason]
    return {
        "id": row.pk,
        "date": row.date,
        "local_start": row.local_start,
        "start_at": row.start_at,
        "activity_id": row.activity_id,
        "title": wording.activity_title(row.activity_id, row.title),
        "family": row.family,
        "logs_as": row.logs_as,
        "minutes": row.minutes,
        "level": row.level,
        "reason": " ".join(r["text"] for r in reasons),
        "reasons": reasons,
        "is_owned_routine": row.is_owned_routine,
        "is_changed_form": row.is_changed_form,
        "status": row.status,
        "event": row.event_id,
        "baby_response": row.baby_response or None,
        "parent_confidence": row.parent_confidence,
    }


def plan_json(me: Membership, plan: Plan, with_sessions: bool = True) -> dict[str, Any]:
    """The JSON shape shared by the API and `nestling plan show --json`."""
    clock = Units.of(plan.household).clock
    return {
        "id": plan.pk,
        "member": {"id": plan.membership_id, "display_name": plan.membership.display_name},
        "baby": plan.baby_id,
        "start_date": plan.start_date,
        "weeks": plan.weeks,
        "level": plan.level,
        "is_active": plan.is_active,
        "has_overlap": plan.has_overlap,
        "can_change": guidance_selectors.can_change(me, plan),
        "notes": [{"code": n["code"], **words_json(n, clock)} for n in plan.notes],
        "sessions": (
            [session_json(r, clock) for r in plan.sessions.all()] if with_sessions else None
        ),
    }


def review_json(review: WeeklyReview, household: Household) -> dict[str, Any]:
    """The weekly review with its sentences and times of day in the active language."""
    clock = Units.of(household).clock
    data = dataclasses.asdict(review)
    data["by_time_of_day"] = [
        {**band, "name": wording.band_text(band["band"])} for band in data["by_time_of_day"]
    ]
    data["sentences"] = [words_json(w.as_json(), clock) for w in review.sentences]
    return data

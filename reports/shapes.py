"""The JSON shape of the insights, shared by GET /api/v1/insights and `nestling insights
--json`: the core's figures with each carer's name beside their id."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from carelog import selectors
from carelog.models import Baby
from guidance import selectors as guidance_selectors
from households.models import Household, Membership
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
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
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

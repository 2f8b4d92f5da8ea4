"""Insights: findings first, then the charts; and the handover card on Today.

The numbers all come from the pure `insights` core through `carelog.selectors.insights_for`
(cached per household until the log changes, so a repeat view costs one aggregate query).
web/presenters/insights.py words them and turns them into chart inputs, following
crying.md's rules and care-load.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from carelog import selectors
from carelog.describe import format_duration
from carelog.labels import ENDINGS, METHODS, SIDES
from carelog.models import Baby
from guidance import selectors as guidance_selectors
from households.models import Membership
from households.units import METRIC, Units, format_value
from reports import refresh

from ..access import MemberRequest, member_view, pick_baby
from ..htmx import render_page
from ..presenters.insights import insights_context

PAGE = "web/insights/insights.html"


def _names(membership: Membership) -> dict[str, str]:
    return {str(m.pk): m.display_name for m in membership.household.members.all()}


@require_safe
@member_view
def insights_page(
    request: MemberRequest, membership: Membership, baby_id: int | None = None
) -> HttpResponse:
    """Findings in plain words first, then the charts beneath them."""
    baby = pick_baby(request, membership, baby_id)
    if baby is None:
        if membership.can_write:
            return redirect("web:baby-new")
        return render(request, "web/carelog/no_baby.html")
    now = timezone.now()
    refresh.watch(membership.household_id, baby.pk)
    result = selectors.insights_for(
        membership.household,
        baby,
        now=now,
        availability=guidance_selectors.household_availability(membership.household),
    )
    context = {
        "baby": baby,
        "babies": request.babies,
        "nav": "insights",
        "computed_at": result.now,
        **insights_context(result, _names(membership), baby),
    }
    return render_page(request, PAGE, context, "insights-main")


# --- the handover card on Today ---------------------------------------------------------


def _feed_words(feed: Any, units: Units = METRIC) -> str:
    if feed.method == "breast" and feed.side in SIDES:
        return str(SIDES[feed.side]).capitalize()
    if feed.method == "bottle" and feed.amount_ml:
        return _("Bottle, %(amount)s") % {"amount": format_value(feed.amount_ml, "volume", units)}
    if feed.method in METHODS:
        return str(METHODS[feed.method])
    return _("Feed")


def handover_context(membership: Membership, baby: Baby, now: datetime) -> dict[str, Any]:
    """The "since you were last here" card for the signed-in member (reads ~36 h of log)."""
    h = selectors.handover_for(membership.household, baby, membership, now=now)
    names = _names(membership)
    feed = None
    if h.last_feed is not None:
        f = h.last_feed
        feed = {
            "what": _feed_words(f, membership.household.units),
            "who": names.get(f.caregiver, ""),
            "ago": format_duration(timedelta(minutes=f.minutes_ago)),
            "running": f.end is None,
        }
    sleep = None
    if h.asleep_min is not None:
        sleep = _("Asleep for %(d)s") % {"d": format_duration(timedelta(minutes=h.asleep_min))}
    elif h.awake_min is not None:
        sleep = _("Awake for %(d)s") % {"d": format_duration(timedelta(minutes=h.awake_min))}
        if h.last_sleep is not None:
            sleep += _(" (last sleep %(d)s)") % {
                "d": format_duration(timedelta(minutes=h.last_sleep.duration_min))
            }
    endings: dict[str, int] = {}
    for cry in h.cries:
        label = str(ENDINGS.get(cry.ended, _("not noted"))).lower() if cry.ended else _("not noted")
        endings[label] = endings.get(label, 0) + 1
    return {
        "handover": {
            "since": h.since,
            "feed": feed,
            "sleep": sleep,
            "nappies": h.nappies,
            "wet": h.wet_nappies,
            "dirty": h.dirty_nappies,
            "cries": len(h.cries),
            "cry_time": format_duration(timedelta(minutes=h.cry_min)),
            "endings": ", ".join(
                f"{label} ×{n}" if n > 1 else label for label, n in endings.items()
            ),
            "running": len(h.running),
            "entries": h.entries_since,
            "days_ago": (timezone.localtime(now).date() - timezone.localtime(h.since).date()).days,
        }
    }

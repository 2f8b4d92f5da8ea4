"""Trends: the daily figures a parent checks (sleep, feeds, bottles, nappies, pumping, tummy
time), growth on the WHO centile lines, and a next-nap window from the family's own log.

The numbers come from the pure `insights.trends` core through
`carelog.trend_selectors.trends_for` (cached until the log changes); web/presenters/trends.py
words them, in the household's units, and turns them into chart inputs.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from carelog import trend_selectors
from households.models import Membership

from ..access import MemberRequest, member_view, pick_baby
from ..htmx import render_page
from ..presenters.trends import VIEWS, trends_context

PAGE = "web/insights/trends.html"


@require_safe
@member_view
def trends_page(
    request: MemberRequest, membership: Membership, baby_id: int | None = None
) -> HttpResponse:
    """Daily trends over 7, 30 or 90 days or by week of age, growth and the next nap."""
    baby = pick_baby(request, membership, baby_id)
    if baby is None:
        if membership.can_write:
            return redirect("web:baby-new")
        return render(request, "web/carelog/no_baby.html")
    view = request.GET.get("days", "7")
    if view not in VIEWS:
        view = "7"
    trends = trend_selectors.trends_for(membership.household, baby, now=timezone.now())
    context = {
        "baby": baby,
        "babies": request.babies,
        "nav": "insights",
        "can_write": membership.can_write,
        **trends_context(trends, baby, view, membership.household.units),
    }
    return render_page(request, PAGE, context, "trends-main")

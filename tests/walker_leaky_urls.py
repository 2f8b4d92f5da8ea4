"""Nestling's URLconf plus routes that must not pass the route walker (test_route_walker.py).

Each is a mistake the walker exists to catch: a lookup by primary key alone, a write with
no role check, a check-in scoped to the household but not to what its owner shared, the
same in a second NinjaAPI, and a route with an id the walker has no value for.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_POST, require_safe
from ninja import NinjaAPI

from api.auth import BearerToken
from carelog.models import Baby, Event
from nestling.urls import urlpatterns as nestling_urlpatterns
from wellbeing.models import CheckIn


@require_safe
@login_required
def event_notes(request: HttpRequest, event_id: int) -> JsonResponse:
    return JsonResponse(Event.objects.get(pk=event_id).details)


@require_POST
@login_required
def baby_rename(request: HttpRequest, baby_id: int) -> HttpResponse:
    Baby.objects.filter(pk=baby_id).update(name="Renamed")
    return HttpResponse(status=204)


@require_safe
@login_required
def check_in_band(request: HttpRequest, check_in_id: int) -> HttpResponse:
    household = request.user.membership.household  # type: ignore[union-attr]
    row = get_object_or_404(CheckIn, pk=check_in_id, membership__household=household)
    return HttpResponse(row.band_label)


@login_required
def gizmo(request: HttpRequest, gizmo_id: int) -> HttpResponse:
    return HttpResponse("a gizmo")


leaky_api = NinjaAPI(urls_namespace="leaky-api", auth=BearerToken(), docs_url=None)


@leaky_api.get("/events/{event_id}/notes", operation_id="leaky_event_notes")
def api_event_notes(request: HttpRequest, event_id: int) -> dict[str, Any]:
    return Event.objects.get(pk=event_id).details


urlpatterns = [
    *nestling_urlpatterns,
    path("leaky/events/<int:event_id>/notes/", event_notes),
    path("leaky/babies/<int:baby_id>/rename/", baby_rename),
    path("leaky/checkins/<int:check_in_id>/band/", check_in_band),
    path("leaky/gizmos/<int:gizmo_id>/", gizmo),
    path("leaky-api/", leaky_api.urls),
]

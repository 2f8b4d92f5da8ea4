"""The JSON API, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

One router per area, each calling the same services and selectors as the web pages.
Every error, whatever raised it, leaves through the handlers below in one shape:
{"detail": "...", "errors": {field: message}}. docs/api.md describes it all.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from households.exceptions import NestlingError

from . import (
    babies,
    events,
    guidance,
    household,
    insights,
    notifications,
    timers,
    tokens,
    wellbeing,
)
from .auth import BearerToken, Session, Throttled
from .errors import JSONParser, body, field_errors, http_error_body

api = NinjaAPI(
    title="Nestling API",
    version="1",
    description=(
        "The care log of one household, for scripts, shortcuts and home automation. "
        "Authenticate with a personal API token (`Authorization: Bearer <token>`) or the "
        "web app's session (with the CSRF token on writes). See docs/api.md."
    ),
    urls_namespace="api",
    auth=[BearerToken(), Session()],
    parser=JSONParser(),
)

for area in (
    household,
    babies,
    events,
    timers,
    insights,
    tokens,
    notifications,
    wellbeing,
    guidance,
):
    api.add_router("", area.router)


@api.exception_handler(NestlingError)
def nestling_error(request: HttpRequest, exc: NestlingError) -> HttpResponse:
    return api.create_response(
        request, body(exc.message, getattr(exc, "errors", None)), status=exc.status
    )


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    found = field_errors(exc.errors)
    detail = "; ".join(f"{field}: {message}" for field, message in found.items())
    return api.create_response(request, body(detail, found), status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    response = api.create_response(
        request, http_error_body(exc, exc.message), status=exc.status_code
    )
    if isinstance(exc, AuthenticationError):
        response["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, body(_("Not found.")), status=404)

"""The JSON API, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

One router per area, each calling the same services and selectors as the web pages.
Every error, whatever raised it, leaves through the handlers below in one shape:
{"detail": "...", "errors": {field: message}}. docs/api.md describes it all.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger

from households.exceptions import NestlingError

from . import (
    babies,
    events,
    guidance,
    household,
    imports,
    insights,
    notifications,
    portability,
    suggestions,
    timers,
    tokens,
    wellbeing,
)
from .auth import BearerToken, Session, Throttled
from .errors import JSONParser, body, field_errors, http_error_body
from .rendering import UTCRenderer


class LocalSwagger(Swagger):
    """The docs page from our own static files, always: ninja is not an installed app (so
    processes that never serve the API don't import it), and its fallback loads a CDN."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: object) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": True,  # the session needs the CSRF token on writes
        }
        return render(request, self.template, context)


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
    renderer=UTCRenderer(),
    docs=LocalSwagger(),
)

for area in (
    household,
    babies,
    events,
    timers,
    suggestions,
    insights,
    tokens,
    notifications,
    wellbeing,
    guidance,
):
    api.add_router("", area.router)
api.add_router("", portability.router)
api.add_router("", imports.router)
api.add_router("", "api.reports.router")
api.add_router("", "api.trends.router")


@api.exception_handler(NestlingError)
def nestling_error(request: HttpRequest, exc: NestlingError) -> HttpResponse:
    return api.create_response(
        request, body(exc.message, getattr(exc, "errors", None)), status=exc.status
    )


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # An id in the path that isn't a whole number (/events/abc) names nothing, like an
    # id that doesn't exist: 404, which every operation with a path id declares.
    if any(err.get("loc", ("",))[0] == "path" for err in exc.errors):
        return not_found(request, Http404())
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


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django raises this (a SuspiciousOperation, answered as an HTML 400) when the body is
    # longer than DATA_UPLOAD_MAX_MEMORY_SIZE. Nothing has been read or saved.
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE).replace("\xa0", " ")
    detail = _("The request body is too large: at most %(limit)s.") % {"limit": limit}
    return api.create_response(request, body(detail), status=413)

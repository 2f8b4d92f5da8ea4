"""Full page or fragment: the one place that decides what an htmx request gets back."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request as django-htmx's middleware (settings.MIDDLEWARE) leaves every one, for
    the type checker: the way django-htmx's docs advise typing `request.htmx`."""

    htmx: HtmxDetails


def render_page(
    request: HtmxRequest,
    template: str,
    context: dict[str, Any],
    fragment: str,
    status: int = 200,
) -> HttpResponse:
    """Render `template` whole, or just its `fragment` partial for an htmx request."""
    name = f"{template}#{fragment}" if request.htmx else template
    return HttpResponse(render_to_string(name, context, request), status=status)


def render_fragment(
    request: HttpRequest,
    name: str | None,
    context: dict[str, Any],
    trigger: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render one partial (or nothing) plus the pending messages, swapped out-of-band."""
    body = render_to_string(name, context, request) if name else ""
    body += render_to_string("web/base.html#messages", {"oob": True}, request)
    response = HttpResponse(body, status=status)
    if trigger:
        response["HX-Trigger"] = trigger
    return response


def done(request: HtmxRequest, to: str, *args: Any) -> HttpResponse:
    """After a successful POST: redirect, or ask htmx to navigate (its client redirect)."""
    response = redirect(to, *args)
    if request.htmx:
        return HttpResponseClientRedirect(response["Location"])
    return response


def posted(request: HttpRequest) -> Any:
    """The POST data to bind a form to (even when empty), or None for a GET."""
    return request.POST if request.method == "POST" else None

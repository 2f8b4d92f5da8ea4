"""Request wiring: timing, private caching, who the client is, and the login throttle's gate.

- Server-Timing: each response says how long the app took, so benchmarks (and a browser's
  network panel) can see server time apart from the network.
- Cache-Control: a signed-in response holds a family's care log or a parent's check-ins;
  no shared cache, and no browser history on a shared tablet, may keep a copy.
- The client's address, for the login and API token throttles (docs/security.md).
- Each person's language: the one they chose (Membership.language, kept in their session
  so that no request pays a query for it), else what the browser asks for.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.2f}"
        return response


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in caller.

    Signed in means a session (pages, and the API from the browser) or an API token (ninja
    sets `request.auth`). Every such page may show health or wellbeing data, so the rule
    is the whole signed-in site rather than a list of pages that would go stale. Static
    files never get here: WhiteNoise answers them further up the stack.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or getattr(request, "auth", None):
            response["Cache-Control"] = "private, no-store"
        return response


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, as the login and token throttles count it.

    Directly on the network, the socket's address (REMOTE_ADDR); a header can't change it.
    With NESTLING_BEHIND_PROXY=true the socket is the proxy, so the address is the last
    entry of NESTLING_CLIENT_IP_HEADER (X-Forwarded-For by default): the one our own
    proxy appended. Entries before it came from the client and could be anything.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    header = settings.NESTLING_CLIENT_IP_META
    if not header:
        return remote
    forwarded = request.META.get(header, "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        # A proxy that didn't send the header: count the proxy itself, which at worst
        # throttles every client together. Never raise: the login page must still load.
        return remote


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes: no types
    """django-axes' gate, first in AUTHENTICATION_BACKENDS: a locked-out login is refused
    here, before ModelBackend runs the password hasher.

    authenticate() without a request (Django's test client `login()`, a shell) comes from
    inside the machine, not the network: axes can't count it by address, so it passes
    through to the password check instead of failing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        # django-axes ships no types; its authenticate() returns None or raises.
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]  # axes: no types


#: The session key holding the signed-in person's language ("" for the browser's).
LANGUAGE_SESSION_KEY = "nestling_language"


def _chosen_language(user: Any) -> str:
    """The language `user` chose ("" for the browser's): one small query."""
    from households.models import Membership

    return Membership.objects.filter(user=user).values_list("language", flat=True).first() or ""


def remember_language(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """On login: keep the person's chosen language in their session (user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[LANGUAGE_SESSION_KEY] = _chosen_language(user)


class PersonLanguageMiddleware:
    """Speak the language the signed-in person chose; after LocaleMiddleware (the browser's
    choice) and AuthenticationMiddleware (who it is)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            language = request.session.get(LANGUAGE_SESSION_KEY)
            if language is None:
                language = request.session[LANGUAGE_SESSION_KEY] = _chosen_language(user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)

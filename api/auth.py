"""Who is calling: a personal API token, or the browser's session (with CSRF checks).

Both resolve to the caller's Membership, which becomes `request.auth`; every operation
then scopes its work to that membership's household.

The bearer check runs first. It stays silent without an Authorization header, so the
session check can run, and it refuses a bad token outright (401) instead of falling back
to the session: a script with a revoked token must learn that, not get a CSRF error.

Failed token attempts are counted per address (the same address the login throttle uses),
in the cache (Redis when REDIS_URL is set, so every app process agrees). After
NESTLING_TOKEN_FAILURE_LIMIT failures in one window of AXES_COOLOFF_TIME, that address
gets 429 for every token, good or bad, until the window ends: a guesser learns nothing more.
"""

from __future__ import annotations

import math
import time
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer

from households.exceptions import NotAllowed
from households.models import Membership
from households.selectors import membership_of
from households.services import membership_for_token


class NoHousehold(NotAllowed):
    """Logged in, but not yet part of a household."""


class BearerToken(HttpBearer):
    """`Authorization: Bearer nst_…`: a personal API token made at /tokens or in the app."""

    def authenticate(self, request: HttpRequest, token: str) -> Membership:
        address = get_client_ip_address(request) or "unknown"
        refuse_if_throttled(address)
        membership = membership_for_token(token.strip())
        if membership is None:
            record_token_failure(address)
            raise AuthenticationError(
                message=_("This API token is not valid; it may have been revoked.")
            )
        return membership


def _keys(address: str) -> tuple[str, str]:
    return f"nestling:token-failures:{address}", f"nestling:token-window-ends:{address}"


def record_token_failure(address: str) -> None:
    """Count one failed token attempt from `address` in its current window."""
    count_key, ends_key = _keys(address)
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    # add() only creates: the first failure opens the window, later ones don't move it.
    cache.add(ends_key, time.time() + window, window)
    cache.add(count_key, 0, window)
    try:
        # incr is atomic in Redis, so parallel guesses can't slip past the limit by
        # overwriting each other's counts. The file cache of a one-machine install reads
        # and writes again (two guesses at the same instant may count once), and gives the
        # entry a fresh default lifetime: the window's own end is put back just below.
        cache.incr(count_key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(count_key, 1, window)
    ends = cache.get(ends_key)
    if ends is not None:
        cache.touch(count_key, max(1, math.ceil(ends - time.time())))


class Throttled(HttpError):
    """429 with how long to wait, sent as Retry-After by the API's error handler."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(429, message)
        self.retry_after = retry_after


def refuse_if_throttled(address: str) -> None:
    """Raise 429 if `address` has used up its failed token attempts for this window."""
    count_key, ends_key = _keys(address)
    if (cache.get(count_key) or 0) < settings.NESTLING_TOKEN_FAILURE_LIMIT:
        return
    seconds_left = (cache.get(ends_key) or time.time()) - time.time()
    minutes = max(1, math.ceil(seconds_left / 60))
    raise Throttled(
        ngettext(
            "Too many API requests with a wrong token came from your address. "
            "Try again in %(minutes)d minute.",
            "Too many API requests with a wrong token came from your address. "
            "Try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
        retry_after=max(1, math.ceil(seconds_left)),
    )


class Session(APIKeyCookie):
    """The web app's login session. Writes need the CSRF token (X-CSRFToken header)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        # Check CSRF only for a logged-in session, so a caller with no credentials at
        # all hears "log in" (401), not "CSRF failed" (403).
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Membership:
        membership = membership_of(request.user)
        if membership is None:
            raise NoHousehold(
                _("You are logged in but not part of a household yet; create or join one first.")
            )
        return membership


def caller(request: HttpRequest) -> Membership:
    """The authenticated caller's membership (set by one of the checks above)."""
    membership = getattr(request, "auth", None)  # ninja's; HttpRequest does not declare it
    if not isinstance(membership, Membership):
        raise TypeError("caller() is for operations behind BearerToken or Session")
    return membership

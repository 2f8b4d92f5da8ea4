"""Who is calling: a personal API token, or the browser's session (with CSRF checks).

Both resolve to the caller's Membership, which becomes `request.auth`; every operation
then scopes its work to that membership's household.

The bearer check runs first. It stays silent without an Authorization header, so the
session check can run, and it refuses a bad token outright (401) instead of falling back
to the session: a script with a revoked token must learn that, not get a CSRF error.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
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
        membership = membership_for_token(token.strip())
        if membership is None:
            raise AuthenticationError(
                message=_("This API token is not valid; it may have been revoked.")
            )
        return membership


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
    return request.auth  # type: ignore[attr-defined,return-value]

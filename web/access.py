"""How every page finds the signed-in member, and how service errors become HTTP answers.

Each page view is wrapped in `member_view`: it loads the person's membership (with the
household), switches Django's current time zone to the household's so forms read and
templates show local times, and turns the services' NotFound into 404 and NotAllowed into
403 — the healthchecks pattern, with the household as the scope of every lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone

from carelog import selectors as carelog_selectors
from carelog.models import Baby
from households.exceptions import NotAllowed, NotFound
from households.models import Membership
from households.selectors import membership_of

from .htmx import HtmxRequest

View = Callable[..., HttpResponseBase]


class SignedInRequest(HtmxRequest):
    """The request of a view behind `login_required`, for the type checker: the way
    django-stubs advises typing a user who is known to be signed in."""

    user: User


class MemberRequest(SignedInRequest):
    """A page view's request, for the type checker: `member_view` sets `membership`, and
    `pick_baby` sets `babies` (read only by the views that call it)."""

    membership: Membership
    babies: list[Baby]


def member_view(view: View) -> View:
    """Require a signed-in member; a person without a household is sent to set one up."""

    @login_required
    @wraps(view)
    def wrapper(request: MemberRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        membership = membership_of(request.user)
        if membership is None:
            return redirect("web:household-new")
        request.membership = membership
        with timezone.override(membership.household.tz):
            try:
                return view(request, membership, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from None
            except NotAllowed as exc:
                raise PermissionDenied(exc.message) from None

    return wrapper


def require_writer(membership: Membership) -> None:
    """403 for members who can only look (checked before showing a form that changes things)."""
    if not membership.can_write:
        raise PermissionDenied("This member can only look.")


def pick_baby(request: MemberRequest, membership: Membership, baby_id: int | None) -> Baby | None:
    """The baby in the URL (404 if not this household's), else the one last looked at.

    Sets `request.babies` (for the switcher) and remembers the choice in the session.
    """
    babies = list(carelog_selectors.babies(membership.household))
    request.babies = babies
    if baby_id is not None:
        baby = next((b for b in babies if b.pk == baby_id), None)
        if baby is None:
            raise Http404("No such baby.")
    else:
        remembered = request.session.get("baby_id")
        baby = next((b for b in babies if b.pk == remembered), babies[0] if babies else None)
    if baby is not None and request.session.get("baby_id") != baby.pk:
        request.session["baby_id"] = baby.pk
    return baby

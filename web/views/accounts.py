"""Signing up, in and out, and joining a household through an invitation link.

Logging in is Django's LoginView (web/urls.py); `locked_out` is the page it turns into
when django-axes refuses a login for too many failures (docs/security.md).
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import Max, Q
from django.forms.utils import ErrorList
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from households import services
from households.exceptions import InvalidInput, NotFound
from households.selectors import membership_of

from ..forms import JoinForm, SignupForm, SignupJoinForm
from ..htmx import posted


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create a login, sign in, then set up a household."""
    if request.user.is_authenticated:
        return redirect("web:today")
    form = SignupForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(
                form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("web:household-new")
    return render(request, "web/accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    """Join a household from an invitation link: sign up here, or log in first."""
    try:
        invitation = services.find_invitation(code)
    except NotFound as exc:
        return render(request, "web/accounts/join.html", {"problem": exc.message}, status=404)
    context = {"invitation": invitation, "code": code}
    if request.user.is_authenticated and membership_of(request.user) is not None:
        context["problem"] = _("You already belong to a household, so you can't join another.")
        return render(request, "web/accounts/join.html", context)
    is_new_user = not request.user.is_authenticated
    form_class = SignupJoinForm if is_new_user else JoinForm
    form = form_class(posted(request), initial={"display_name": invitation.display_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if request.user.is_authenticated:
                    user = request.user
                else:
                    user = services.create_user(data["username"], data["password"])
                services.accept_invitation(user, code, data["display_name"])
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        except NotFound as exc:
            return render(request, "web/accounts/join.html", {"problem": exc.message}, status=404)
        else:
            if is_new_user:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to %(household)s.") % {"household": invitation.household.name}
            )
            return redirect("web:today")
    context["form"] = form
    return render(request, "web/accounts/join.html", context)


class LockedOutForm(AuthenticationForm):
    """The login form as a locked-out person sees it: their username kept, one message, and
    no authenticate() behind it (validating would be one more guess)."""

    def __init__(self, request: HttpRequest, username: str, message: str) -> None:
        super().__init__(request, initial={"username": username})
        self.message = message

    def non_field_errors(self) -> ErrorList:
        return self.error_class([self.message], error_class="nonfield")


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page with "Too many attempts", for axes' AXES_LOCKOUT_CALLABLE (429)."""
    username = get_client_username(request, credentials) or ""
    minutes = _minutes_locked(request, username)
    message = ngettext(
        "Too many attempts to log in, so logging in is paused to keep your family's log "
        "safe. Try again in %(minutes)d minute.",
        "Too many attempts to log in, so logging in is paused to keep your family's log "
        "safe. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    context = {
        "form": LockedOutForm(request, username, message),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    response = render(request, "web/accounts/login.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def _minutes_locked(request: HttpRequest, username: str) -> int:
    """Whole minutes until the lock lifts: a lock ends one cool-off after the last failure
    that counts towards it, whether it's on this address or on this account."""
    cool_off = get_cool_off(request) or timedelta()
    last = AccessAttempt.objects.filter(
        Q(ip_address=getattr(request, "axes_ip_address", None)) | Q(username=username),
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(last=Max("attempt_time"))["last"]
    remaining = (last or timezone.now()) + cool_off - timezone.now()
    return max(1, math.ceil(remaining.total_seconds() / 60))

"""Signing up, in and out, and joining a household through an invitation link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
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
                user = request.user
                if is_new_user:
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

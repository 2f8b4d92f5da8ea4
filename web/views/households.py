"""Setting up a household, its members, invitations, babies and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carelog import selectors as carelog_selectors
from carelog import services as carelog_services
from households import selectors, services
from households.exceptions import InvalidInput
from households.models import Membership
from households.selectors import membership_of
from nestling.middleware import LANGUAGE_SESSION_KEY

from ..access import MemberRequest, SignedInRequest, member_view, require_writer
from ..forms import (
    UNIT_SETTINGS,
    BabyForm,
    HouseholdForm,
    InviteForm,
    LanguageForm,
    ListeningForm,
    NewHouseholdForm,
    RenameForm,
    TokenForm,
)
from ..htmx import done, posted, render_fragment, render_page

PAGE = "web/households/household.html"


@require_http_methods(["GET", "POST"])
@login_required
def household_new(request: SignedInRequest) -> HttpResponse:
    """Create a household; the person creating it becomes its owner."""
    if membership_of(request.user) is not None:
        return redirect("web:today")
    form = NewHouseholdForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_household(
                request.user, data["name"], data["time_zone"], data["country"], data["display_name"]
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            return redirect("web:baby-new")
    return render(request, "web/households/household_new.html", {"form": form})


def _page_context(membership: Membership, **extra: Any) -> dict[str, Any]:
    household = membership.household
    context: dict[str, Any] = {
        "nav": "household",
        "members": list(selectors.members(household)),
        "babies": list(carelog_selectors.babies(household)),
        "tokens": list(selectors.tokens(membership)),
        "invite_form": InviteForm(),
        "token_form": TokenForm(),
        "language_form": LanguageForm(initial={"language": membership.language}),
        "listening_form": ListeningForm(
            initial={
                "listening": membership.listening,
                "cry_notice_minutes": membership.cry_notice_minutes,
            }
        ),
        "household_form": HouseholdForm(
            initial={
                "name": household.name,
                "time_zone": household.time_zone,
                "country": household.country,
                **{name: getattr(household, name) for name in UNIT_SETTINGS},
            }
        ),
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
@member_view
def household(request: MemberRequest, membership: Membership) -> HttpResponse:
    """The household page; a POST (owner only) changes its name, time zone, country or
    units (amounts, weight, length, temperature and the clock)."""
    extra: dict[str, Any] = {
        "new_invite_link": request.session.pop("new_invite_link", None),
        "new_token": request.session.pop("new_token", None),
    }
    if request.method == "POST":
        form = HouseholdForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_household(
                    membership, data["name"], data["time_zone"], data["country"], **form.units()
                )
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
            else:
                messages.success(request, _("Household details saved."))
                return done(request, "web:household")
        extra["household_form"] = form
        return render_page(request, PAGE, _page_context(membership, **extra), "details")
    return render_page(request, PAGE, _page_context(membership, **extra), "household")


@require_POST
@member_view
def my_language(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Choose the language you read Nestling in; your partner keeps theirs."""
    form = LanguageForm(request.POST)
    if form.is_valid():
        try:
            services.set_language(membership, form.cleaned_data["language"])
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            request.session[LANGUAGE_SESSION_KEY] = membership.language
            if membership.language:
                translation.activate(membership.language)
            messages.success(request, _("Language saved."))
            return redirect("web:household")
    return render_page(
        request, PAGE, _page_context(membership, language_form=form), "household", status=400
    )


@require_POST
@member_view
def my_listening(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Turn "Listen for crying on my devices" on or off, and choose when you are told about
    a long stretch of crying; your partner's settings stay as they are."""
    require_writer(membership)
    form = ListeningForm(request.POST)
    if not form.is_valid():  # only a length that isn't offered: unticked is simply off
        return render_page(
            request, PAGE, _page_context(membership, listening_form=form), "household", status=400
        )
    was_listening, was_minutes = membership.listening, membership.cry_notice_minutes
    services.set_listening(membership, form.cleaned_data["listening"])
    minutes = form.cleaned_data["cry_notice_minutes"]
    if minutes is not None:
        services.set_cry_notice(membership, minutes)
    if membership.cry_notice_minutes != was_minutes:
        if membership.cry_notice_minutes:
            messages.success(
                request,
                _("You will be told after %(minutes)d minutes of possible crying.")
                % {"minutes": membership.cry_notice_minutes},
            )
        else:
            messages.success(request, _("Notices about long crying are off."))
    if membership.listening != was_listening or membership.cry_notice_minutes == was_minutes:
        if membership.listening:
            messages.success(request, _("Listening for crying is on for your devices."))
        else:
            messages.success(request, _("Listening for crying is off for your devices."))
    return redirect(reverse("web:household") + "#listening")


@require_http_methods(["GET", "POST"])
@member_view
def member_rename(request: MemberRequest, membership: Membership, member_id: int) -> HttpResponse:
    """Change a display name: your own, or anyone's if you own the household."""
    target = selectors.members(membership.household).filter(pk=member_id).first()
    if target is None:
        raise Http404("No such member.")
    require_writer(membership)
    if target.pk != membership.pk and not membership.is_owner:
        raise PermissionDenied("Only the owner can rename other members.")
    form = RenameForm(posted(request), initial={"display_name": target.display_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_member(membership, target.pk, form.cleaned_data["display_name"])
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Name changed."))
            return done(request, "web:household")
    return render_page(
        request,
        "web/households/member_rename.html",
        {"form": form, "target": target},
        "rename-form",
    )


@require_POST
@member_view
def invitation_new(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Create an invitation link, shown once."""
    form = InviteForm(request.POST)
    link = None
    if form.is_valid():
        try:
            _invitation, code = services.invite_member(
                membership, form.cleaned_data["display_name"], form.cleaned_data["role"]
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            link = settings.SITE_URL + reverse("web:join", args=[code])
    if not request.htmx:
        if link:
            request.session["new_invite_link"] = link
        else:
            messages.error(request, _("Check the invitation form."))
        return redirect(reverse("web:household") + "#invite")
    return render_fragment(
        request,
        PAGE + "#invite",
        {"invite_form": InviteForm() if link else form, "new_invite_link": link},
    )


@require_POST
@member_view
def token_new(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Create a personal API token; the raw token is shown once and never stored."""
    form = TokenForm(request.POST)
    raw = None
    if form.is_valid():
        _token, raw = services.create_token(membership, form.cleaned_data["name"])
    if not request.htmx:
        request.session["new_token"] = raw
        return redirect(reverse("web:household") + "#tokens")
    return render_fragment(
        request,
        PAGE + "#tokens",
        {
            "tokens": list(selectors.tokens(membership)),
            "token_form": TokenForm(),
            "new_token": raw,
        },
    )


@require_POST
@member_view
def token_revoke(request: MemberRequest, membership: Membership, token_id: int) -> HttpResponse:
    services.revoke_token(membership, token_id)
    messages.success(request, _("Token revoked; anything using it will stop working."))
    if not request.htmx:
        return redirect(reverse("web:household") + "#tokens")
    return render_fragment(
        request,
        PAGE + "#tokens",
        {"tokens": list(selectors.tokens(membership)), "token_form": TokenForm()},
    )


@require_http_methods(["GET", "POST"])
@member_view
def baby_new(request: MemberRequest, membership: Membership) -> HttpResponse:
    require_writer(membership)
    form = BabyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            baby = carelog_services.add_baby(
                membership, data["name"], data["birth_date"], data["due_date"], data["sex"]
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("%(name)s added.") % {"name": baby.name})
            return done(request, "web:today-baby", baby.pk)
    return render_page(
        request, "web/households/baby_form.html", {"form": form, "baby": None}, "baby-form"
    )


@require_http_methods(["GET", "POST"])
@member_view
def baby_edit(request: MemberRequest, membership: Membership, baby_id: int) -> HttpResponse:
    baby = carelog_selectors.baby(membership.household, baby_id)
    require_writer(membership)
    initial = {
        "name": baby.name,
        "birth_date": baby.birth_date,
        "due_date": baby.due_date,
        "sex": baby.sex,
    }
    form = BabyForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            carelog_services.update_baby(
                membership, baby, data["name"], data["birth_date"], data["due_date"], data["sex"]
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Saved."))
            return done(request, "web:household")
    return render_page(
        request, "web/households/baby_form.html", {"form": form, "baby": baby}, "baby-form"
    )

"""The inbox, and each member's notification settings: channels, quiet hours, problems.

Everything here is personal: a member sees and changes only their own notifications,
channels and quiet hours (the partner's are NotFound, like another household's).
Viewers too have an inbox, so the pages don't require write access.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from households.exceptions import InvalidInput
from households.models import Membership
from notifications import selectors, services

from ..access import MemberRequest, member_view
from ..forms import ServiceErrorsMixin
from ..htmx import done, posted, render_fragment, render_page

INBOX = "web/notifications/inbox.html"
CHANNELS = "web/notifications/channels.html"


class ChannelForm(ServiceErrorsMixin, forms.Form):
    url = forms.CharField(
        label=_lazy("Notification address"),
        max_length=2000,
        widget=forms.TextInput(
            {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
        help_text=_lazy(
            "Any service Apprise supports: ntfy://my-topic, mailto://user:password@example.com, "
            "tgram://bot-token/chat-id, signal://… It may hold a password; it is never shown "
            "again in full."
        ),
    )
    name = forms.CharField(
        label=_lazy("Name (optional)"),
        max_length=60,
        required=False,
        help_text=_lazy("So you can tell channels apart, like “My phone”."),
    )


class QuietHoursForm(ServiceErrorsMixin, forms.Form):
    start = forms.TimeField(
        label=_lazy("Quiet from"),
        required=False,
        widget=forms.TimeInput({"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=_lazy("Quiet until"),
        required=False,
        widget=forms.TimeInput({"type": "time"}, format="%H:%M"),
        help_text=_lazy(
            "In the household's time zone. 22:00 to 07:00 crosses midnight. Leave both "
            "empty for no quiet hours. The inbox always gets reminders at once."
        ),
    )


# --- the inbox ------------------------------------------------------------------------


def _inbox_context(membership: Membership) -> dict[str, Any]:
    return {
        "nav": "inbox",
        "notifications": list(selectors.inbox(membership)[:100]),
        "unread": selectors.unread_count(membership),
    }


@require_GET
@member_view
def inbox(request: MemberRequest, membership: Membership) -> HttpResponse:
    """The member's own notifications, newest first."""
    return render_page(request, INBOX, _inbox_context(membership), "inbox")


@require_POST
@member_view
def inbox_read(
    request: MemberRequest, membership: Membership, notification_id: int
) -> HttpResponse:
    """Mark one notification read; with `open`, go on to where it points."""
    notification = services.mark_read(membership, notification_id)
    target = notification.url
    if "open" in request.POST and target:
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = ""
        if target:
            return done(request, target)
    if request.htmx:
        return render_fragment(request, f"{INBOX}#inbox", _inbox_context(membership))
    return redirect("web:inbox")


@require_POST
@member_view
def inbox_read_all(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Mark every notification read."""
    services.mark_all_read(membership)
    if request.htmx:
        return render_fragment(request, f"{INBOX}#inbox", _inbox_context(membership))
    return redirect("web:inbox")


# --- channels and quiet hours -----------------------------------------------------------


def _channels_context(membership: Membership, **extra: Any) -> dict[str, Any]:
    quiet = selectors.quiet_hours(membership)
    context: dict[str, Any] = {
        "nav": "inbox",
        "channels": list(selectors.channels(membership)),
        "problems": list(selectors.delivery_problems(membership)),
        "quiet": quiet,
        "channel_form": ChannelForm(),
        "quiet_form": QuietHoursForm(
            initial={"start": quiet.start, "end": quiet.end} if quiet else None
        ),
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
@member_view
def channels(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Your channels; a POST adds one (checked with Apprise first)."""
    if request.method == "POST":
        form = ChannelForm(posted(request))
        if form.is_valid():
            try:
                services.add_channel(
                    membership, form.cleaned_data["name"], form.cleaned_data["url"]
                )
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
            else:
                messages.success(request, _("Channel added. Send a test to check it works."))
                return done(request, "web:channels")
        return render_page(
            request,
            CHANNELS,
            _channels_context(membership, channel_form=form),
            "channels",
        )
    return render_page(request, CHANNELS, _channels_context(membership), "settings")


@require_POST
@member_view
def channel_delete(request: MemberRequest, membership: Membership, channel_id: int) -> HttpResponse:
    services.remove_channel(membership, channel_id)
    messages.success(request, _("Channel removed."))
    return done(request, "web:channels")


@require_POST
@member_view
def channel_test(request: MemberRequest, membership: Membership, channel_id: int) -> HttpResponse:
    """Send a test message now and say how it went."""
    outcome = services.send_test(membership, channel_id)
    if outcome.is_sent:
        messages.success(request, _("Test sent. Check that it arrived."))
    else:
        messages.error(
            request, _("The test could not be sent: %(error)s") % {"error": outcome.error}
        )
    return done(request, "web:channels")


@require_POST
@member_view
def quiet_hours(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Set or clear quiet hours."""
    form = QuietHoursForm(request.POST)
    if form.is_valid():
        try:
            services.set_quiet_hours(
                membership, form.cleaned_data["start"], form.cleaned_data["end"]
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Quiet hours saved."))
            return done(request, "web:channels")
    return render_page(request, CHANNELS, _channels_context(membership, quiet_form=form), "quiet")

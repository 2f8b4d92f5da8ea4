"""Download everything (a zip), and delete the household for good (owner only, typing its
name to confirm). The work is in households/portability.py; docs/export.md."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from households.exceptions import InvalidInput
from households.models import Membership
from households.portability import delete_household, export_filename, export_household

from ..access import MemberRequest, member_view, require_writer
from ..forms import ServiceErrorsMixin
from ..htmx import done, posted, render_page


class DeleteHouseholdForm(ServiceErrorsMixin, forms.Form):
    confirm = forms.CharField(
        label=gettext_lazy("Type the household's name to confirm"),
        max_length=100,
        widget=forms.TextInput({"autocomplete": "off", "spellcheck": "false"}),
    )


@require_safe
@member_view
def export(request: MemberRequest, membership: Membership) -> HttpResponse:
    """The household as a zip download; members who can only look get 403."""
    require_writer(membership)
    response = HttpResponse(export_household(membership), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(membership.household)}"'
    )
    return response


@require_http_methods(["GET", "POST"])
@member_view
def delete(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Ask for the household's name, then delete it with everything in it (owner only)."""
    if not membership.is_owner:
        raise PermissionDenied("Only the household's owner can delete it.")
    household = membership.household
    form = DeleteHouseholdForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            delete_household(membership, form.cleaned_data["confirm"])
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            # The owner's login went with the household (unless a server admin's): end
            # the session here too, so the browser holds nothing of it.
            logout(request)
            messages.success(
                request,
                _("The household %(name)s and everything in it are deleted.")
                % {"name": household.name},
            )
            return done(request, "web:login")
    return render_page(
        request,
        "web/households/household_delete.html",
        {"form": form, "household": household, "nav": "household"},
        "delete-form",
    )

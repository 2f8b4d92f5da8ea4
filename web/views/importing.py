"""Bring in another app's history: upload, check (a dry run with the people in the file),
then import in the background with a progress view. The work is in carelog/importing.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from carelog import importing
from carelog import selectors as carelog_selectors
from carelog.models import ImportJob
from households.exceptions import InvalidInput
from households.models import Membership
from households.selectors import members
from importers import formats

from ..access import MemberRequest, member_view, require_writer
from ..forms import DateInput, ServiceErrorsMixin, set_choices
from ..htmx import render_page

PAGE = "web/households/import.html"
JOB_PAGE = "web/households/import_job.html"
#: A job still queued after this long means no worker is taking tasks.
WORKER_WAIT = timedelta(seconds=20)
SHOW_SKIPPED = 30


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(ServiceErrorsMixin, forms.Form):
    # django-stubs reads a field named `files` as BaseForm.files (the upload dict); the
    # form's metaclass moves declared fields into base_fields, so nothing is shadowed.
    files = MultipleFileField(  # type: ignore[assignment]  # django-stubs, see above
        label=gettext_lazy("The export file(s)"),
        widget=MultipleFileInput({"accept": ".csv,.txt,.json,.zip"}),
        help_text=gettext_lazy(
            "One CSV, several (apps that export one file per kind), or a zip of them."
        ),
    )
    baby = forms.ChoiceField(label=gettext_lazy("Whose history is it"))
    new_baby_name = forms.CharField(
        label=gettext_lazy("New baby's name"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Only for “A baby not in Nestling yet”."),
    )
    new_baby_birth_date = forms.DateField(
        label=gettext_lazy("Their birth date"), required=False, widget=DateInput()
    )
    tz = forms.CharField(
        label=gettext_lazy("Time zone the log was kept in"),
        max_length=60,
        help_text=gettext_lazy("Exports carry no time zone; e.g. Europe/London."),
    )
    format = forms.ChoiceField(label=gettext_lazy("App"), required=False)
    skip_bad_lines = forms.BooleanField(
        label=gettext_lazy("Import the rest if some lines can't be read (they are listed)"),
        required=False,
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        babies = list(carelog_selectors.babies(membership.household))
        set_choices(
            self,
            "baby",
            [*((str(b.pk), b.name) for b in babies), ("new", _("A baby not in Nestling yet"))],
        )
        set_choices(
            self,
            "format",
            [
                ("", _("Find out from the file")),
                *((code, module.LABEL) for code, module in formats().items()),
            ],
        )
        self.initial.setdefault("tz", membership.household.time_zone)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns; its stub says it may be None
        if data.get("baby") == "new":
            if not data.get("new_baby_name"):
                self.add_error("new_baby_name", _("Give the baby's name."))
            if not data.get("new_baby_birth_date"):
                self.add_error("new_baby_birth_date", _("Give the birth date."))
        return data

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        new = data["baby"] == "new"
        return importing.options_of(
            fmt=data.get("format") or None,
            tz=data["tz"],
            baby_id=None if new else int(data["baby"]),
            baby_name=data["new_baby_name"] if new else None,
            birth_date=data["new_baby_birth_date"] if new else None,
            skip_bad_lines=data.get("skip_bad_lines", False),
        )


def _people_choices(membership: Membership) -> list[tuple[str, str]]:
    return [("", _("Me (%(name)s)") % {"name": membership.display_name})] + [
        (m.display_name, m.display_name) for m in members(membership.household)
    ]


@require_http_methods(["GET", "POST"])
@member_view
def import_page(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Upload and check. The check is a dry run: nothing is written until "Import"."""
    require_writer(membership)
    form = ImportForm(request.POST or None, request.FILES or None, membership=membership)
    context: dict[str, Any] = {"form": form, "jobs": _recent_jobs(membership)}
    if request.method == "POST" and form.is_valid():
        try:
            sources = importing.read_files(
                (upload.name, upload.read()) for upload in form.cleaned_data["files"]
            )
            options = form.options()
            report = importing.preview(membership, sources, options)
        except InvalidInput as exc:
            form.add_service_errors(
                {
                    ("tz" if k == "tz" else "files" if k in ("file", "format") else "baby"): v
                    for k, v in exc.errors.items()
                }  # fmt: skip
            )
        else:
            # Kept on a job that is not queued until the family confirms; an earlier
            # unconfirmed one of this member's is dropped with its files.
            ImportJob.objects.filter(
                household_id=membership.household_id,
                membership=membership,
                options__confirmed=False,
            ).delete()
            job = ImportJob.objects.create(
                household_id=membership.household_id,
                membership=membership,
                options={**options, "confirmed": False},
                files=[{"name": f.name, "text": f.text} for f in sources],
                report=report.as_json(),
            )
            return redirect("web:import-job", job.pk)
    return render_page(request, PAGE, context, "import-form")


def _recent_jobs(membership: Membership) -> list[ImportJob]:
    return list(
        ImportJob.objects.filter(household_id=membership.household_id, membership=membership)
        .exclude(options__confirmed=False)
        .only("id", "state", "created_at", "report")[:5]
    )


@require_http_methods(["GET", "POST"])
@member_view
def import_job(request: MemberRequest, membership: Membership, job_id: int) -> HttpResponse:
    """A checked import waiting for "Import" (with the people mapping), or one running or
    done, with its progress and report."""
    job = importing.job_of(membership, job_id)
    draft = job.options.get("confirmed") is False
    people = sorted(job.report.get("unmapped_people", {})) if draft else []
    if request.method == "POST" and draft:
        require_writer(membership)
        mapping = {
            person: request.POST.get(f"person-{i}", "")
            for i, person in enumerate(people)
            if request.POST.get(f"person-{i}")
        }
        job.options = {
            **job.options,
            "people": mapping,
            "skip_bad_lines": bool(request.POST.get("skip_bad_lines"))
            or job.options.get("skip_bad_lines", False),
            "confirmed": True,
        }
        job.report = {}
        job.save(update_fields=["options", "report"])
        from carelog.tasks import run_import

        run_import(job.pk)
        return redirect("web:import-job", job.pk)
    report = job.report or {}
    skipped = report.get("skipped", [])
    context = {
        "job": job,
        "draft": draft,
        "report": report,
        "imported": sorted(report.get("imported", {}).items()),
        "total": sum(report.get("imported", {}).values()),
        "skipped": skipped[:SHOW_SKIPPED],
        "more_skipped": max(0, len(skipped) - SHOW_SKIPPED),
        "people": [
            (f"person-{i}", person, report["unmapped_people"][person])
            for i, person in enumerate(people)
        ],  # fmt: skip
        "people_choices": _people_choices(membership),
        "label": formats()[report["format"]].LABEL if report.get("format") else "",
        "waiting_for_worker": job.state == ImportJob.QUEUED
        and not draft
        and timezone.now() - job.created_at > WORKER_WAIT,
        "polling": not draft and job.state in (ImportJob.QUEUED, ImportJob.RUNNING),
    }
    return render_page(request, JOB_PAGE, context, "job")

"""The "report for the doctor" page (choices and a preview) and its PDF download.

Both read the same GET form, so the preview and the PDF always show the same report. The
period and the paper are read by reports.choices, as the API and the CLI read them. The
signed-in member and the baby are found the way every page finds them (web.access): a
baby of another household is 404, and members who can only look may make a report too
(it only reads the log; their report never holds anyone's check-ins).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from carelog.models import Baby
from households.exceptions import InvalidInput
from households.models import Membership
from reports.build import ReportData, build_report
from reports.choices import default_paper, paper_from_text, period_from_text
from reports.forms import ReportForm

from ..access import MemberRequest, member_view, pick_baby
from ..htmx import render_page

PAGE = "reports/page.html"


def _report(
    request: MemberRequest, membership: Membership
) -> tuple[Baby | None, ReportForm, ReportData | None, str]:
    """Return (baby, form, report data or None when the form has errors, paper size)."""
    raw_baby = request.GET.get("baby", "")
    try:
        baby_id = int(raw_baby) if raw_baby else None
    except ValueError:
        raise Http404("No such baby.") from None
    baby = pick_baby(request, membership, baby_id)
    babies = request.babies
    bound = request.GET or None
    household = membership.household
    paper = default_paper(household)
    form = ReportForm(bound, babies=babies, paper=paper, initial={"baby": baby and baby.pk})
    if baby is None or (form.is_bound and not form.is_valid()):
        return baby, form, None, paper
    try:
        paper = paper_from_text(household, form.paper_text())
        period = period_from_text(household.tz, form.period_text())
    except InvalidInput as exc:
        for name, message in exc.errors.items():
            form.add_error(name if name in form.fields else "period", message)
        return baby, form, None, paper
    data = build_report(membership, baby, period, include_checkins=form.wants_checkins)
    return baby, form, data, paper


def _page(
    request: MemberRequest,
    membership: Membership,
    baby: Baby | None,
    form: ReportForm,
    data: ReportData | None,
) -> HttpResponse:
    if baby is None:
        return render(request, "web/carelog/no_baby.html")
    context: dict[str, Any] = {
        "form": form,
        "baby": baby,
        "babies": request.babies,
        "nav": "insights",
        "data": data,
    }
    if data is not None:
        from reports.render import report_context  # WeasyPrint and the statistics, on first use

        context.update(report_context(data))
    return render_page(request, PAGE, context, "report-main")


@require_safe
@member_view
def report_page(request: MemberRequest, membership: Membership) -> HttpResponse:
    """Choose the baby, the period, the paper and the check-ins; see the report below the
    choices."""
    baby, form, data, _paper = _report(request, membership)
    return _page(request, membership, baby, form, data)


@require_safe
@member_view
def report_pdf(request: MemberRequest, membership: Membership) -> HttpResponse:
    """The same report as a PDF to download; the page again if a choice needs fixing."""
    baby, form, data, paper = _report(request, membership)
    if data is None:
        return _page(request, membership, baby, form, data)
    return pdf_response(data, paper)


def pdf_response(data: ReportData, paper: str) -> HttpResponse:
    from reports.render import render_report_pdf, report_filename

    response = HttpResponse(render_report_pdf(data, paper), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(data)}"'
    return response

"""The report for the doctor as a PDF (reports/build.py says what is in it)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from carelog import selectors
from households.exceptions import NotFound
from reports.build import MAX_DAYS, build_report, resolve_period
from reports.render import render_report_pdf, report_filename

from .auth import caller
from .errors import errors

router = Router(tags=["reports"])

#: The 200 answer is a file, not JSON: declared here so the schema says what comes back.
_PDF = {
    "responses": {
        200: {
            "description": "An A4 PDF of one or two pages for a month.",
            "headers": {
                "Content-Disposition": {
                    "description": "attachment; filename=nestling-report-<baby>-<from>-to-<to>.pdf",
                    "schema": {"type": "string"},
                }
            },
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/report",
    response=errors(401, 403, 404, 422),
    operation_id="get_report",
    openapi_extra=_PDF,
)
def get_report(
    request: HttpRequest,
    baby: int | None = None,
    days: Annotated[
        int | None,
        Query(description=f"The last N days, today included (1–{MAX_DAYS}; default 28)."),
    ] = None,
    date_from: Annotated[
        date | None, Query(alias="from", description="First day, with `to`.")
    ] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day, with `from`.")] = None,
    include_checkins: bool = False,
) -> HttpResponse:
    """The report for the doctor as a PDF: feeds, sleep and nappies per logged day, crying,
    the caregiver comparison, growth, temperatures, medicines, notes, points to note and
    sources. Your own check-ins only with `include_checkins=true`; a partner's only as far
    as they shared them with reports. Members who can only look may read it too."""
    me = caller(request)
    if baby is not None:
        chosen = selectors.baby(me.household, baby)
    else:
        chosen = selectors.babies(me.household).first()
        if chosen is None:
            raise NotFound("Add a baby first.")
    if date_from is not None or date_to is not None:
        period = resolve_period(me.household.tz, first=date_from, last=date_to)
    else:
        period = resolve_period(me.household.tz, days=days)
    data = build_report(me, chosen, period, include_checkins=include_checkins)
    response = HttpResponse(render_report_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(data)}"'
    return response

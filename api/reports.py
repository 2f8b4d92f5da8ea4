"""The report for the doctor as a PDF or a standalone HTML file (reports/build.py says what
is in it). `GET /reports` takes the period, paper and format as the page and the CLI do
(reports.choices); `GET /report` is the first form of it, kept for existing clients."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from carelog import selectors
from carelog.models import Baby
from households.exceptions import NotFound
from households.models import Membership
from reports.build import MAX_DAYS, ReportData, build_report, resolve_period
from reports.choices import format_from_text, paper_from_text, period_from_text

from .auth import caller
from .errors import errors

router = Router(tags=["reports"])


def _file(description: str, types: dict[str, str]) -> dict[str, Any]:
    """The 200 answer is a file, not JSON: declared so the schema says what comes back."""
    return {
        "responses": {
            200: {
                "description": description,
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment; filename=nestling-report-<baby>-<from>-"
                        "to-<to>.pdf (or .html)",
                        "schema": {"type": "string"},
                    }
                },
                "content": {
                    media: {"schema": {"type": "string", "format": fmt}}
                    for media, fmt in types.items()
                },
            }
        }
    }


_PDF = _file("A PDF (A4 or Letter) of one or two pages for a month.", {"application/pdf": "binary"})
_PDF_OR_HTML = _file(
    "A PDF (`format=pdf`, the default) or one standalone HTML file, its styles inside "
    "(`format=html`).",
    {"application/pdf": "binary", "text/html": "html"},
)


def _baby(me: Membership, baby: int | None) -> Baby:
    if baby is not None:
        return selectors.baby(me.household, baby)
    chosen = selectors.babies(me.household).first()
    if chosen is None:
        raise NotFound("Add a baby first.")
    return chosen


def _download(data: ReportData, output: str, paper: str) -> HttpResponse:
    from reports.render import CONTENT_TYPES, render_report, report_filename  # WeasyPrint

    response = HttpResponse(render_report(data, output, paper), content_type=CONTENT_TYPES[output])
    response["Content-Disposition"] = f'attachment; filename="{report_filename(data, output)}"'
    return response


_PAPER = "`a4` or `letter`; default: `letter` for a household in the US or Canada, else `a4`."


@router.get(
    "/reports",
    response=errors(401, 403, 404, 422),
    operation_id="render_report",
    openapi_extra=_PDF_OR_HTML,
)
def render_report_file(
    request: HttpRequest,
    baby: int | None = None,
    period: Annotated[
        str | None,
        Query(
            description="`week` (the last 7 days, today included), `month` (the last 4 "
            f"weeks; the default), a number of days (1–{MAX_DAYS}), or `FROM:TO` as "
            "`YYYY-MM-DD:YYYY-MM-DD`."
        ),
    ] = None,
    output: Annotated[str | None, Query(alias="format", description="`pdf` or `html`.")] = None,
    paper: Annotated[str | None, Query(description=_PAPER)] = None,
    include_checkins: bool = False,
) -> HttpResponse:
    """The report for the doctor for a period, as a PDF or one standalone HTML file: feeds,
    sleep, nappies and crying day by day (charts), the caregiver comparison, the care
    split, bonding-plan progress, growth, temperatures, medicines, notes, points to note
    and sources. Your own check-ins only with `include_checkins=true`; a partner's only
    as far as they shared them with reports. Members who can only look may read it too."""
    me = caller(request)
    chosen_format = format_from_text(output)
    size = paper_from_text(me.household, paper)
    chosen = _baby(me, baby)
    chosen_period = period_from_text(me.household.tz, period)
    data = build_report(me, chosen, chosen_period, include_checkins=include_checkins)
    return _download(data, chosen_format, size)


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
    paper: Annotated[str | None, Query(description=_PAPER)] = None,
    include_checkins: bool = False,
) -> HttpResponse:
    """The report for the doctor as a PDF, the period given as `days` or `from` and `to`
    (`GET /reports` takes `period=week|month|FROM:TO` and can give HTML too). Your own
    check-ins only with `include_checkins=true`; a partner's only as far as they shared
    them with reports. Members who can only look may read it too."""
    me = caller(request)
    size = paper_from_text(me.household, paper)
    chosen = _baby(me, baby)
    if date_from is not None or date_to is not None:
        chosen_period = resolve_period(me.household.tz, first=date_from, last=date_to)
    else:
        chosen_period = resolve_period(me.household.tz, days=days)
    data = build_report(me, chosen, chosen_period, include_checkins=include_checkins)
    return _download(data, "pdf", size)

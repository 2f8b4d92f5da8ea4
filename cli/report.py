"""`nestling report`: the report for the doctor, written to a PDF or a standalone HTML file.

The period, paper and format are read by reports.choices, the rule the page and the API
use, so a bad value gets the same message everywhere (`period: ...`, `paper: ...`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

# The options of `nestling report`, one alias each, so that the command reads as its steps.
OutOption = Annotated[
    Path,
    typer.Option(
        "--out", help="Where to write it, e.g. report.pdf or report.html.", dir_okay=False
    ),
]
UserOption = Annotated[
    str | None, typer.Option("--user", help="Who is making the report (or NESTLING_USER).")
]
BabyOption = Annotated[str | None, typer.Option(help="Which baby, if there are several.")]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="week (the last 7 days), month (the last 4 weeks; the default), a number "
        "of days, or FROM:TO as YYYY-MM-DD:YYYY-MM-DD.",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="pdf or html (one standalone file). Default: html if --out ends in .html, else pdf.",
    ),
]
PaperOption = Annotated[
    str | None,
    typer.Option(
        "--paper",
        help="a4 or letter. Default: letter for a household in the US or Canada, else a4.",
    ),
]
DaysOption = Annotated[
    int | None, typer.Option(help="The last N days, today included (like --period N).")
]
CheckinsOption = Annotated[
    bool,
    typer.Option(
        "--include-checkins/--no-checkins",
        help="Add your own check-in results (your partner's appear only if they shared "
        "them with reports).",
    ),
]
FromOption = Annotated[
    str | None, typer.Option("--from", help="First day (YYYY-MM-DD), with --to.")
]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")]


def report_cmd(
    out: OutOption,
    user: UserOption = None,
    baby: BabyOption = None,
    period: PeriodOption = None,
    output_format: FormatOption = None,
    paper: PaperOption = None,
    days: DaysOption = None,
    include_checkins: CheckinsOption = False,
    date_from: FromOption = None,
    date_to: ToOption = None,
) -> None:
    """Write the report for the doctor (feeds, sleep, nappies and crying day by day, the
    caregiver comparison, care split, bonding plan, growth, medicines, notes) as a PDF or
    an HTML file. Nestling is not a diagnostic tool: the figures are what you logged."""
    from cli.main import _baby, _membership, fail, field_error, run_service, setup_django

    setup_django()
    from reports.build import build_report
    from reports.choices import format_from_text, paper_from_text
    from reports.render import render_report

    me = _membership(user)  # first: every message after this is in the member's language
    if period is not None and (days is not None or date_from or date_to):
        raise fail(
            field_error("period", _("give --period, or --days, or --from and --to, not several"))
        )
    if output_format is None and out.suffix.lower() in {".html", ".htm"}:
        output_format = "html"
    chosen_format = run_service(format_from_text, output_format)
    chosen = _baby(me, baby)
    size = run_service(paper_from_text, me.household, paper)
    chosen_period = _chosen_period(me.household.tz, period, days, date_from, date_to)
    data = run_service(build_report, me, chosen, chosen_period, include_checkins=include_checkins)
    try:
        out.write_bytes(render_report(data, chosen_format, size))
    except OSError as exc:
        raise fail(
            field_error(
                "out",
                _("cannot write %(path)s: %(reason)s") % {"path": out, "reason": exc.strerror},
            )
        ) from None
    _echo_written(out, data, chosen_format, size)


def _day(value: str | None, field: str) -> date | None:
    from cli.main import fail, field_error

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(
            field_error(
                field, _("%(value)s is not a date (use 2026-11-23)") % {"value": repr(value)}
            )
        ) from None


def _chosen_period(
    tz: Any, period: str | None, days: int | None, date_from: str | None, date_to: str | None
) -> Any:
    """The report's period: from --from and --to, else --days, else --period."""
    from cli.main import run_service
    from reports.build import resolve_period
    from reports.choices import period_from_text

    first, last = _day(date_from, "from"), _day(date_to, "to")
    if first is not None or last is not None:
        return run_service(resolve_period, tz, first=first, last=last)
    if days is not None:
        return run_service(resolve_period, tz, days=days)
    return run_service(period_from_text, tz, period)


def _echo_written(out: Path, data: Any, chosen_format: str, size: str) -> None:
    from cli.main import local_date

    p = data.period
    typer.echo(
        _(
            "Wrote %(path)s: %(baby)s, %(first)s to %(last)s (%(days)s, %(entries)s); "
            "%(format)s on %(paper)s paper."
        )
        % {
            "path": out,
            "baby": data.baby.name,
            "first": local_date(p.first_day, "d M Y"),
            "last": local_date(p.last_day, "d M Y"),
            "days": ngettext("%(n)d day", "%(n)d days", p.days) % {"n": p.days},
            # Translators: how many entries the report holds.
            "entries": _("%(n)d entries") % {"n": data.entries},
            "format": chosen_format.upper(),
            "paper": "A4" if size == "a4" else pgettext("paper size", "Letter"),
        }
    )

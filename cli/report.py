"""`nestling report`: the report for the doctor, written to a PDF or a standalone HTML file.

The period, paper and format are read by reports.choices, the rule the page and the API
use, so a bad value gets the same message everywhere (`period: ...`, `paper: ...`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext


def report_cmd(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Where to write it, e.g. report.pdf or report.html.", dir_okay=False
        ),
    ],
    user: Annotated[
        str | None, typer.Option("--user", help="Who is making the report (or NESTLING_USER).")
    ] = None,
    baby: Annotated[str | None, typer.Option(help="Which baby, if there are several.")] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="week (the last 7 days), month (the last 4 weeks; the default), a number "
            "of days, or FROM:TO as YYYY-MM-DD:YYYY-MM-DD.",
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="pdf or html (one standalone file). Default: html if --out ends in .html, "
            "else pdf.",
        ),
    ] = None,
    paper: Annotated[
        str | None,
        typer.Option(
            "--paper",
            help="a4 or letter. Default: letter for a household in the US or Canada, else a4.",
        ),
    ] = None,
    days: Annotated[
        int | None, typer.Option(help="The last N days, today included (like --period N).")
    ] = None,
    include_checkins: Annotated[
        bool,
        typer.Option(
            "--include-checkins/--no-checkins",
            help="Add your own check-in results (your partner's appear only if they shared "
            "them with reports).",
        ),
    ] = False,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD), with --to.")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
) -> None:
    """Write the report for the doctor (feeds, sleep, nappies and crying day by day, the
    caregiver comparison, care split, bonding plan, growth, medicines, notes) as a PDF or
    an HTML file. Nestling is not a diagnostic tool: the figures are what you logged."""
    from cli.main import (
        _baby,
        _membership,
        fail,
        field_error,
        local_date,
        run_service,
        setup_django,
    )

    setup_django()
    from reports.build import build_report, resolve_period
    from reports.choices import format_from_text, paper_from_text, period_from_text
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

    def day(value: str | None, field: str) -> date | None:
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

    first, last = day(date_from, "from"), day(date_to, "to")
    tz = me.household.tz
    if first is not None or last is not None:
        chosen_period = run_service(resolve_period, tz, first=first, last=last)
    elif days is not None:
        chosen_period = run_service(resolve_period, tz, days=days)
    else:
        chosen_period = run_service(period_from_text, tz, period)

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

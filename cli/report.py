"""`nestling report`: the report for the doctor, written to a PDF file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer


def report_cmd(
    out: Annotated[
        Path, typer.Option("--out", help="Where to write the PDF, e.g. report.pdf.", dir_okay=False)
    ],
    user: Annotated[
        str | None, typer.Option("--user", help="Who is making the report (or NESTLING_USER).")
    ] = None,
    baby: Annotated[str | None, typer.Option(help="Which baby, if there are several.")] = None,
    days: Annotated[int, typer.Option(help="The last N days, today included.")] = 28,
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
    """Write the report for the doctor (feeds, sleep, nappies, crying, growth, medicines,
    notes) as a PDF. Nestling is not a diagnostic tool: the figures are what you logged."""
    from cli.main import _baby, _membership, fail, run_service, setup_django

    setup_django()
    from reports.build import build_report, resolve_period
    from reports.render import render_report_pdf

    me = _membership(user)
    chosen = _baby(me, baby)

    def day(value: str | None, field: str) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise fail(f"{field}: {value!r} is not a date (use 2026-11-23)") from None

    first, last = day(date_from, "from"), day(date_to, "to")
    if first is not None or last is not None:
        period = run_service(resolve_period, me.household.tz, first=first, last=last)
    else:
        period = run_service(resolve_period, me.household.tz, days=days)
    data = run_service(build_report, me, chosen, period, include_checkins=include_checkins)
    try:
        out.write_bytes(render_report_pdf(data))
    except OSError as exc:
        raise fail(f"out: can't write {out}: {exc.strerror}") from None
    typer.echo(
        f"Wrote {out}: {data.baby.name}, {period.first_day:%d %b %Y} to "
        f"{period.last_day:%d %b %Y} ({period.days} days, {data.entries} entries)."
    )

"""`nestling import`: bring another app's export into a household (carelog.importing)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.main import _membership, fail, setup_django

#: Skipped lines listed in full up to this many; the JSON always lists all.
SHOW_SKIPPED = 40


def _pairs(values: list[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        source, sep, member = value.partition("=")
        if not sep or not source.strip() or not member.strip():
            raise fail(f"as: {value!r} is not SOURCE=MEMBER (e.g. --as M=Mum)")
        pairs[source.strip()] = member.strip()
    return pairs


def _zone(name: str | None) -> Any:
    if name is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(f"tz: {name!r} is not a time zone; use a name like Europe/London") from None


def _print_report(report: Any, console: Any) -> None:
    from rich.table import Table

    verb = "Would import" if report.dry_run else ("Imported" if report.written else "Checked")
    title = f"{verb} from {report.label}" + (f" for {report.baby}" if report.baby else "")
    console.print(f"[b]{title}[/b]")
    table = Table(show_edge=False)
    table.add_column("Kind")
    table.add_column("Entries", justify="right")
    for kind, count in sorted(report.imported.items()):
        table.add_row(kind, str(count))
    table.add_row("[b]total[/b]", f"[b]{report.total}[/b]")
    console.print(table)
    if report.first and report.last:
        console.print(f"From {report.first:%Y-%m-%d} to {report.last:%Y-%m-%d} (UTC).")
    if report.duplicates:
        console.print(
            f"{report.duplicates} rows were already here (or repeated) and were left out."
        )
    if report.as_notes:
        kept = ", ".join(f"{label} ({n})" for label, n in report.as_notes.items())
        console.print(f"Kept as notes (no kind of their own here): {kept}.")
    if report.flags:
        words = {
            "dst_ambiguous": "at a time the clocks went back (the first of the two taken)",
            "dst_nonexistent": "at a time the clocks skipped (moved forward by the gap)",
            "dst_settled": "at a clock change, settled by the row's own duration",
            "marker": "sleeps of a minute or less (kept, left out of totals)",
            "no_end": "with no end (kept, never a running timer, left out of totals)",
        }
        for flag, count in sorted(report.flags.items()):
            console.print(f"{count} {words.get(flag, flag)}.")
    if report.unmapped_people:
        names = ", ".join(f"{p} ({n})" for p, n in report.unmapped_people.items())
        console.print(
            f"People in the file not matched to a member: {names}; credited to you. "
            "Use --as SOURCE=MEMBER to credit them."
        )
    if report.unattributed:
        console.print(f"{report.unattributed} rows say nobody's name; credited to you.")
    if report.other_babies:
        others = ", ".join(f"{b} ({n})" for b, n in report.other_babies.items())
        console.print(f"Rows for other children left out: {others}. Import them with --baby.")
    for remark in report.remarks:
        console.print(remark)
    if report.skipped:
        console.print(f"[b]{len(report.skipped)} lines could not be imported:[/b]")
        for problem in report.skipped[:SHOW_SKIPPED]:
            console.print(f"  {problem.file} line {problem.line}: {problem.reason}", markup=False)
        if len(report.skipped) > SHOW_SKIPPED:
            console.print(f"  … and {len(report.skipped) - SHOW_SKIPPED} more (--json lists all).")
        if report.dry_run:
            console.print(
                "Importing stops at these lines unless you fix them or add --skip-bad-lines."
            )


def import_cmd(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="The export file(s): one CSV, several (one per kind), or a zip."),
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Who is importing (or NESTLING_USER).")
    ] = None,
    baby: Annotated[str | None, typer.Option(help="Which baby the history is for.")] = None,
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="Adds the baby if new: YYYY-MM-DD.")
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(help="Time zone the log was kept in (default: the household's)."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="huckleberry, babyconnect, nighp, glow, nursingtimer, babybuddy or nestling "
            "(default: detected from the headers).",
        ),
    ] = None,
    as_: Annotated[
        list[str] | None,
        typer.Option("--as", help="SOURCE=MEMBER: credit a person in the file (repeatable)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count; write nothing.")
    ] = False,
    skip_bad_lines: Annotated[
        bool,
        typer.Option("--skip-bad-lines", help="Import the rest when some lines fail (listed)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    babybuddy_url: Annotated[
        str | None,
        typer.Option("--babybuddy-url", help="Read from a Baby Buddy server instead of files."),
    ] = None,
    babybuddy_token: Annotated[
        str | None, typer.Option("--babybuddy-token", help="That server's API token.")
    ] = None,
    new_household: Annotated[
        bool,
        typer.Option(
            "--new-household",
            help="A Nestling export: recreate its whole household here (members, babies, "
            "entries, plans, settings) instead of adding entries to yours.",
        ),
    ] = False,
) -> None:
    """Import another app's export (Huckleberry, Baby Connect, Baby Tracker, Glow/Hatch,
    Nursing Timer, Baby Buddy, Nestling). Safe to run again: rows already here are skipped."""
    from rich.console import Console

    setup_django()
    from carelog.importing import ImportRefused, import_files, read_files
    from households.exceptions import InvalidInput, NestlingError
    from importers.base import ImportFormatError

    console = Console(stderr=as_json)
    if new_household:
        _recreate_household(files or [], user, as_json)
        return
    born = None
    if birth_date:
        try:
            born = date.fromisoformat(birth_date)
        except ValueError:
            raise fail(f"birth-date: {birth_date!r} is not a date (YYYY-MM-DD)") from None
    if babybuddy_url:
        if not babybuddy_token:
            raise fail("babybuddy-token: give the Baby Buddy API token too")
        from importers.babybuddy import fetch_api

        try:
            sources = fetch_api(babybuddy_url, babybuddy_token)
        except ImportFormatError as exc:
            raise fail(f"babybuddy-url: {exc}") from None
        fmt = fmt or "babybuddy"
    else:
        if not files:
            raise fail("file: give the export file(s) to import")
        raw = []
        for path in files:
            try:
                raw.append((path.name, path.read_bytes()))
            except OSError as exc:
                raise fail(f"file: cannot read {path}: {exc.strerror}") from None
        try:
            sources = read_files(raw)
        except InvalidInput as exc:
            raise fail("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None
    membership = _membership(user)
    progress_bar = None
    if not as_json:
        from rich.progress import Progress

        progress_bar = Progress(console=console, transient=True)
    task = None

    def progress(done: int, total: int) -> None:
        nonlocal task
        if progress_bar is None or total < 5000:
            return
        if task is None:
            progress_bar.start()
            task = progress_bar.add_task("Checking rows", total=total)
        progress_bar.update(task, completed=done)

    try:
        report = import_files(
            membership,
            sources,
            baby_name=baby,
            birth_date=born,
            tz=_zone(tz),
            fmt=fmt,
            people=_pairs(as_ or []),
            dry_run=dry_run,
            skip_bad_lines=skip_bad_lines,
            progress=progress,
        )
    except ImportRefused as exc:
        if progress_bar is not None:
            progress_bar.stop()
        if as_json:
            typer.echo(json.dumps(exc.report.as_json(), ensure_ascii=False))
        else:
            _print_report(exc.report, console)
        raise fail(exc.message) from None
    except InvalidInput as exc:
        raise fail("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None
    except NestlingError as exc:
        raise fail(exc.message) from None
    finally:
        if progress_bar is not None:
            progress_bar.stop()
    if as_json:
        typer.echo(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        _print_report(report, console)


def _recreate_household(files: list[Path], owner: str | None, as_json: bool) -> None:
    """`nestling import EXPORT.zip --new-household`: the export's household, whole."""
    from households.exceptions import InvalidInput
    from households.portability import import_household

    if len(files) != 1:
        raise fail("file: give exactly one Nestling export (.zip) with --new-household")
    try:
        data = files[0].read_bytes()
    except OSError as exc:
        raise fail(f"file: cannot read {files[0]}: {exc.strerror}") from None
    try:
        household = import_household(data, owner_username=owner)
    except InvalidInput as exc:
        raise fail("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None
    from carelog.models import Baby, Event

    summary = {
        "household": household.name,
        "members": [m.user.username for m in household.members.select_related("user")],
        "babies": list(Baby.objects.filter(household=household).values_list("name", flat=True)),
        "events": Event.objects.filter(household=household).count(),
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        typer.echo(
            f"Recreated {summary['household']}: {len(summary['members'])} members "
            f"({', '.join(summary['members'])}), babies {', '.join(summary['babies'])}, "
            f"{summary['events']:,} entries. New logins have no password yet: set one with "
            "`nestling manage changepassword USERNAME`."
        )

"""`nestling import`: bring another app's export into a household (carelog.importing)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from cli.main import _membership, fail, field_error, kind_label, setup_django, speak_as

#: Skipped lines listed in full up to this many; the JSON always lists all.
SHOW_SKIPPED = 40


def _pairs(values: list[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        source, sep, member = value.partition("=")
        if not sep or not source.strip() or not member.strip():
            raise fail(
                field_error(
                    "as",
                    _("%(value)s is not SOURCE=MEMBER (e.g. --as M=Mum)") % {"value": repr(value)},
                )
            )
        pairs[source.strip()] = member.strip()
    return pairs


def _zone(name: str | None) -> Any:
    if name is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(
            field_error(
                "tz",
                _("%(name)s is not a time zone; use a name like Europe/London")
                % {"name": repr(name)},
            )
        ) from None


def _print_report(report: Any, console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    said = {"source": report.label, "baby": report.baby}
    if report.dry_run:
        with_baby, without = (
            _("Would import from %(source)s for %(baby)s"),
            _("Would import from %(source)s"),
        )
    elif report.written:
        with_baby, without = (
            _("Imported from %(source)s for %(baby)s"),
            _("Imported from %(source)s"),
        )
    else:
        with_baby, without = (
            _("Checked from %(source)s for %(baby)s"),
            _("Checked from %(source)s"),
        )
    title = (with_baby if report.baby else without) % said
    console.print(f"[b]{escape(title)}[/b]")
    table = Table(show_edge=False)
    table.add_column(_("Kind"))
    table.add_column(_("Entries"), justify="right")
    for kind, count in sorted(report.imported.items()):
        table.add_row(kind_label(kind), str(count))
    table.add_row(f"[b]{escape(pgettext('a sum', 'total'))}[/b]", f"[b]{report.total}[/b]")
    console.print(table)
    if report.first and report.last:
        console.print(
            _("From %(first)s to %(last)s (UTC).")
            % {"first": f"{report.first:%Y-%m-%d}", "last": f"{report.last:%Y-%m-%d}"},
            markup=False,
        )
    if report.duplicates:
        console.print(
            ngettext(
                "%(n)d row was already here (or repeated) and was left out.",
                "%(n)d rows were already here (or repeated) and were left out.",
                report.duplicates,
            )
            % {"n": report.duplicates},
            markup=False,
        )
    if report.as_notes:
        kept = ", ".join(f"{label} ({n})" for label, n in report.as_notes.items())
        console.print(
            _("Kept as notes (no kind of their own here): %(kinds)s.") % {"kinds": kept},
            markup=False,
        )
    for flag, count in sorted(report.flags.items()):
        console.print(_flag_line(flag, count), markup=False)
    if report.unmapped_people:
        names = ", ".join(f"{p} ({n})" for p, n in report.unmapped_people.items())
        console.print(
            _(
                "People in the file not matched to a member: %(names)s; credited to you. "
                "Use --as SOURCE=MEMBER to credit them."
            )
            % {"names": names},
            markup=False,
        )
    if report.unattributed:
        console.print(
            ngettext(
                "%(n)d row says nobody's name; credited to you.",
                "%(n)d rows say nobody's name; credited to you.",
                report.unattributed,
            )
            % {"n": report.unattributed},
            markup=False,
        )
    if report.other_babies:
        others = ", ".join(f"{b} ({n})" for b, n in report.other_babies.items())
        console.print(
            _("Rows for other children left out: %(babies)s. Import them with --baby.")
            % {"babies": others},
            markup=False,
        )
    for remark in report.remarks:
        console.print(remark, markup=False)
    if report.skipped:
        n = len(report.skipped)
        skipped = ngettext(
            "%(n)d line could not be imported:", "%(n)d lines could not be imported:", n
        ) % {"n": n}
        console.print(f"[b]{escape(skipped)}[/b]")
        for problem in report.skipped[:SHOW_SKIPPED]:
            console.print(
                "  "
                + _("%(file)s line %(line)s: %(reason)s")
                % {"file": problem.file, "line": problem.line, "reason": problem.reason},
                markup=False,
            )
        if n > SHOW_SKIPPED:
            console.print(
                "  " + _("… and %(n)d more (--json lists all).") % {"n": n - SHOW_SKIPPED},
                markup=False,
            )
        if report.dry_run:
            console.print(
                _("Importing stops at these lines unless you fix them or add --skip-bad-lines."),
                markup=False,
            )


def _flag_line(flag: str, n: int) -> str:
    """One line for the rows carrying ``flag`` (carelog.importing), ``n`` of them."""
    if flag == "dst_ambiguous":
        text = ngettext(
            "%(n)d row at a time the clocks went back (the first of the two taken).",
            "%(n)d rows at a time the clocks went back (the first of the two taken).",
            n,
        )
    elif flag == "dst_nonexistent":
        text = ngettext(
            "%(n)d row at a time the clocks skipped (moved forward by the gap).",
            "%(n)d rows at a time the clocks skipped (moved forward by the gap).",
            n,
        )
    elif flag == "dst_settled":
        text = ngettext(
            "%(n)d row at a clock change, settled by the row's own duration.",
            "%(n)d rows at a clock change, settled by each row's own duration.",
            n,
        )
    elif flag == "marker":
        text = ngettext(
            "%(n)d sleep of a minute or less (kept, left out of totals).",
            "%(n)d sleeps of a minute or less (kept, left out of totals).",
            n,
        )
    elif flag == "no_end":
        text = ngettext(
            "%(n)d row with no end (kept, never a running timer, left out of totals).",
            "%(n)d rows with no end (kept, never a running timer, left out of totals).",
            n,
        )
    else:
        return f"{n} {flag}."
    return text % {"n": n}


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
    membership = _membership(user)  # first: every message after this is in their language
    born = None
    if birth_date:
        try:
            born = date.fromisoformat(birth_date)
        except ValueError:
            raise fail(
                field_error(
                    "birth-date",
                    _("%(value)s is not a date (YYYY-MM-DD)") % {"value": repr(birth_date)},
                )
            ) from None
    if babybuddy_url:
        if not babybuddy_token:
            raise fail(field_error("babybuddy-token", _("give the Baby Buddy API token too")))
        from importers.babybuddy import fetch_api

        try:
            sources = fetch_api(babybuddy_url, babybuddy_token)
        except ImportFormatError as exc:
            raise fail(field_error("babybuddy-url", str(exc))) from None
        fmt = fmt or "babybuddy"
    else:
        if not files:
            raise fail(field_error("file", _("give the export file(s) to import")))
        raw = []
        for path in files:
            try:
                raw.append((path.name, path.read_bytes()))
            except OSError as exc:
                raise fail(field_error("file", _cannot_read(path, exc))) from None
        try:
            sources = read_files(raw)
        except InvalidInput as exc:
            raise fail("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None
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
            task = progress_bar.add_task(_("Checking rows"), total=total)
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

    speak_as(owner)
    if len(files) != 1:
        raise fail(
            field_error("file", _("give exactly one Nestling export (.zip) with --new-household"))
        )
    try:
        data = files[0].read_bytes()
    except OSError as exc:
        raise fail(field_error("file", _cannot_read(files[0], exc))) from None
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
        members, events = summary["members"], summary["events"]
        said = {
            "household": summary["household"],
            "members": ngettext("%(n)d member", "%(n)d members", len(members))
            % {"n": len(members)},
            "usernames": ", ".join(members),
            "babies": ", ".join(summary["babies"]),
            "entries": ngettext("%(n)s entry", "%(n)s entries", events)
            % {"n": number_format(events, force_grouping=True)},
        }
        typer.echo(
            _(
                "Recreated %(household)s: %(members)s (%(usernames)s), babies %(babies)s, "
                "%(entries)s. New logins have no password yet: set one with "
                "`nestling manage changepassword USERNAME`."
            )
            % said
        )


def _cannot_read(path: Path, exc: OSError) -> str:
    return _("cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}

"""`nestling import`: bring another app's export into a household (carelog.importing)."""

from __future__ import annotations

import json
from collections.abc import Callable
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


def _report_title(report: Any) -> str:
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
    return (with_baby if report.baby else without) % said


def _print_kinds(report: Any, console: Any) -> None:
    """The entries of each kind, and their total, as a table."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_edge=False)
    table.add_column(_("Kind"))
    table.add_column(_("Entries"), justify="right")
    for kind, count in sorted(report.imported.items()):
        table.add_row(kind_label(kind), str(count))
    table.add_row(f"[b]{escape(pgettext('a sum', 'total'))}[/b]", f"[b]{report.total}[/b]")
    console.print(table)


def _print_tallies(report: Any, console: Any) -> None:
    """When the entries run, and what was left out, kept as notes or flagged."""
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


def _print_people(report: Any, console: Any) -> None:
    """Rows credited to the importer, and rows for other children."""
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


def _print_skipped(report: Any, console: Any) -> None:
    """The lines that could not be imported, the first SHOW_SKIPPED of them in full."""
    from rich.markup import escape

    if not report.skipped:
        return
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


def _print_report(report: Any, console: Any) -> None:
    from rich.markup import escape

    console.print(f"[b]{escape(_report_title(report))}[/b]")
    _print_kinds(report, console)
    _print_tallies(report, console)
    _print_people(report, console)
    for remark in report.remarks:
        console.print(remark, markup=False)
    _print_skipped(report, console)


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


# The options of `nestling import`, one alias each, so that the command reads as its steps.
FilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="The export file(s): one CSV, several (one per kind), or a zip."),
]
UserOption = Annotated[
    str | None, typer.Option("--user", help="Who is importing (or NESTLING_USER).")
]
BabyOption = Annotated[str | None, typer.Option(help="Which baby the history is for.")]
BirthDateOption = Annotated[
    str | None, typer.Option("--birth-date", help="Adds the baby if new: YYYY-MM-DD.")
]
TzOption = Annotated[
    str | None,
    typer.Option(help="Time zone the log was kept in (default: the household's)."),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="huckleberry, babyconnect, nighp, glow, nursingtimer, babybuddy or nestling "
        "(default: detected from the headers).",
    ),
]
AsOption = Annotated[
    list[str] | None,
    typer.Option("--as", help="SOURCE=MEMBER: credit a person in the file (repeatable)."),
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Check and count; write nothing.")]
SkipBadLinesOption = Annotated[
    bool,
    typer.Option("--skip-bad-lines", help="Import the rest when some lines fail (listed)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
BabybuddyUrlOption = Annotated[
    str | None,
    typer.Option("--babybuddy-url", help="Read from a Baby Buddy server instead of files."),
]
BabybuddyTokenOption = Annotated[
    str | None, typer.Option("--babybuddy-token", help="That server's API token.")
]
NewHouseholdOption = Annotated[
    bool,
    typer.Option(
        "--new-household",
        help="A Nestling export: recreate its whole household here (members, babies, "
        "entries, plans, settings) instead of adding entries to yours.",
    ),
]


def import_cmd(
    files: FilesArgument = None,
    user: UserOption = None,
    baby: BabyOption = None,
    birth_date: BirthDateOption = None,
    tz: TzOption = None,
    fmt: FormatOption = None,
    as_: AsOption = None,
    dry_run: DryRunOption = False,
    skip_bad_lines: SkipBadLinesOption = False,
    as_json: JsonOption = False,
    babybuddy_url: BabybuddyUrlOption = None,
    babybuddy_token: BabybuddyTokenOption = None,
    new_household: NewHouseholdOption = False,
) -> None:
    """Import another app's export (Huckleberry, Baby Connect, Baby Tracker, Glow/Hatch,
    Nursing Timer, Baby Buddy, Nestling). Safe to run again: rows already here are skipped."""
    from rich.console import Console

    setup_django()
    console = Console(stderr=as_json)
    if new_household:
        _recreate_household(files or [], user, as_json)
        return
    membership = _membership(user)  # first: every message after this is in their language
    born = _birth_date(birth_date)
    if babybuddy_url:
        sources = _fetch_babybuddy(babybuddy_url, babybuddy_token)
        fmt = fmt or "babybuddy"
    else:
        sources = _read_sources(files)
    report = _run_import(
        membership,
        sources,
        console,
        as_json,
        baby_name=baby,
        birth_date=born,
        tz=_zone(tz),
        fmt=fmt,
        people=_pairs(as_ or []),
        dry_run=dry_run,
        skip_bad_lines=skip_bad_lines,
    )
    _show_report(report, console, as_json)


def _birth_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(
            field_error(
                "birth-date", _("%(value)s is not a date (YYYY-MM-DD)") % {"value": repr(value)}
            )
        ) from None


def _fetch_babybuddy(url: str, token: str | None) -> Any:
    """The entries of a Baby Buddy server, read through its API."""
    from importers.base import ImportFormatError

    if not token:
        raise fail(field_error("babybuddy-token", _("give the Baby Buddy API token too")))
    from importers.babybuddy import fetch_api

    try:
        return fetch_api(url, token)
    except ImportFormatError as exc:
        raise fail(field_error("babybuddy-url", str(exc))) from None


def _read_sources(files: list[Path] | None) -> Any:
    """The named files, read and decoded (carelog.importing.read_files)."""
    from carelog.importing import read_files
    from households.exceptions import InvalidInput

    if not files:
        raise fail(field_error("file", _("give the export file(s) to import")))
    raw = []
    for path in files:
        try:
            raw.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise fail(field_error("file", _cannot_read(path, exc))) from None
    try:
        return read_files(raw)
    except InvalidInput as exc:
        raise fail("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None


def _run_import(membership: Any, sources: Any, console: Any, as_json: bool, **options: Any) -> Any:
    """Import ``sources`` with ``options`` (carelog.importing.import_files), showing a
    progress bar for a long file; a refused import's report is shown before the error."""
    from carelog.importing import ImportRefused, import_files
    from households.exceptions import InvalidInput, NestlingError

    progress_bar = None
    if not as_json:
        from rich.progress import Progress

        progress_bar = Progress(console=console, transient=True)
    try:
        return import_files(membership, sources, progress=_progress(progress_bar), **options)
    except ImportRefused as exc:
        if progress_bar is not None:
            progress_bar.stop()
        _show_report(exc.report, console, as_json)
        raise fail(exc.message) from None
    except InvalidInput as exc:
        raise fail("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None
    except NestlingError as exc:
        raise fail(exc.message) from None
    finally:
        if progress_bar is not None:
            progress_bar.stop()


def _progress(progress_bar: Any) -> Callable[[int, int], None]:
    """The import's progress callback: a bar, started once a file has 5,000 rows or more."""
    task = None

    def progress(done: int, total: int) -> None:
        nonlocal task
        if progress_bar is None or total < 5000:
            return
        if task is None:
            progress_bar.start()
            task = progress_bar.add_task(_("Checking rows"), total=total)
        progress_bar.update(task, completed=done)

    return progress


def _show_report(report: Any, console: Any, as_json: bool) -> None:
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

    members = [m.user.username for m in household.members.select_related("user")]
    babies = list(Baby.objects.filter(household=household).values_list("name", flat=True))
    events = Event.objects.filter(household=household).count()
    if as_json:
        summary = {
            "household": household.name,
            "members": members,
            "babies": babies,
            "events": events,
        }
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        said = {
            "household": household.name,
            "members": ngettext("%(n)d member", "%(n)d members", len(members))
            % {"n": len(members)},
            "usernames": ", ".join(members),
            "babies": ", ".join(babies),
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

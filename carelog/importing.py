"""Bring another app's history into a household: the one import service behind the CLI,
the import page and the API.

The parsers in `importers` turn files into entries; this checks every entry with the same
rules as an entry typed into the app (carelog.services), maps the source's people to
members, drops what is already stored (each row keeps a fingerprint of its source row; a
row whose cells a spreadsheet rewrote has another fingerprint, so a row that means exactly
what an imported entry already means, same baby, kind, times and details, is dropped too)
and writes all or nothing. A line that fails a check is reported with its reason; by default
nothing is written, and with `skip_bad_lines` the rest is written and the report says
exactly what was left out. Nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from households.exceptions import InvalidInput, NestlingError, NotFound
from households.models import Membership
from importers import formats
from importers import parse as parse_files
from importers.base import (
    MARKER,
    NO_END,
    Entry,
    ImportFormatError,
    Parsed,
    Problem,
    SourceFile,
)

from . import changes, services
from .kinds import KINDS, DetailsError, validate_details
from .models import Baby, Event, ImportJob

BATCH = 2000


@dataclass
class ImportReport:
    format: str
    label: str
    baby: str = ""
    dry_run: bool = False
    written: bool = False
    imported: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    skipped: list[Problem] = field(default_factory=list)
    notes: int = 0
    as_notes: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    #: Rows naming a source person no member was mapped to, credited to the importer.
    unmapped_people: Counter[str] = field(default_factory=Counter)
    #: Rows that name no one, credited to the importer.
    unattributed: int = 0
    #: Rows for other children in the same export, left for another import.
    other_babies: Counter[str] = field(default_factory=Counter)
    remarks: list[str] = field(default_factory=list)
    #: Imported sleeps (and breast feeds from the same breast) that overlap another entry of
    #: the same baby: kept as the app had them, counted so the family can check them.
    overlaps: Counter[str] = field(default_factory=Counter)
    first: datetime | None = None
    last: datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.imported.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "baby": self.baby,
            "dry_run": self.dry_run,
            "written": self.written,
            "imported": dict(sorted(self.imported.items())),
            "duplicates": self.duplicates,
            "skipped": [{"file": p.file, "line": p.line, "reason": p.reason} for p in self.skipped],
            "notes": self.notes,
            "kept_as_notes": dict(self.as_notes),
            "flagged": dict(self.flags),
            "unmapped_people": dict(self.unmapped_people),
            "unattributed": self.unattributed,
            "other_babies": dict(self.other_babies),
            "remarks": list(self.remarks),
            "overlapping": dict(self.overlaps),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


class ImportRefused(NestlingError):
    """Some lines failed their checks and the import was all-or-nothing: nothing written."""

    def __init__(self, report: ImportReport) -> None:
        lines = len(report.skipped)
        super().__init__(
            f"{lines} line{'s' if lines != 1 else ''} could not be imported, so nothing was "
            "written. Fix them in the file, or import the rest with --skip-bad-lines "
            "(the lines left out are listed)."
        )
        self.report = report


def _member_lookup(membership: Membership) -> dict[str, Membership]:
    found: dict[str, Membership] = {}
    for member in membership.household.members.select_related("user"):
        found[member.display_name.casefold()] = member
        found[member.user.username.casefold()] = member
    return found


def _people(membership: Membership, people: Mapping[str, str]) -> dict[str, Membership]:
    """Source person -> member, from "A=Mum" pairs; InvalidInput naming an unknown member."""
    members = _member_lookup(membership)
    mapped: dict[str, Membership] = {}
    for source, name in people.items():
        member = members.get(name.strip().casefold())
        if member is None:
            raise InvalidInput(
                {
                    "as": f"No member called “{name}” in this household (for {source}); "
                    f"members: {', '.join(sorted({m.display_name for m in members.values()}))}."
                }
            )
        mapped[source.strip().casefold()] = member
    return mapped


def _babies_for(
    membership: Membership,
    entries: list[Entry],
    baby: Baby | None,
    baby_name: str | None,
    birth_date: date | None,
    dry_run: bool,
) -> tuple[Callable[[Entry], Baby | None], str]:
    """Which household baby each entry goes to (None: another child, left out)."""
    household = membership.household
    named = sorted({e.baby.strip() for e in entries if e.baby and e.baby.strip()})
    babies = list(Baby.objects.filter(household=household))
    by_name = {b.name.casefold(): b for b in babies}
    if baby is None and baby_name:
        baby = by_name.get(baby_name.strip().casefold())
        if baby is None:
            baby = _new_baby(membership, baby_name, birth_date, dry_run)
    if baby is not None:
        return _for_chosen(baby, named)
    return _by_their_names(entries, babies, by_name, named)


def _new_baby(
    membership: Membership, baby_name: str, birth_date: date | None, dry_run: bool
) -> Baby:
    """The baby ``baby_name``, new here: added (only checked, on a dry run)."""
    if birth_date is None:
        raise InvalidInput(
            {
                "baby": f"No baby called “{baby_name}” here. Give their birth date "
                "(--birth-date YYYY-MM-DD) to add them."
            }
        )
    if dry_run:
        # Checked as add_baby would, without writing anything.
        services._clean_baby_fields(baby_name, birth_date, None)
        return Baby(household=membership.household, name=baby_name.strip(), birth_date=birth_date)
    return services.add_baby(membership, baby_name, birth_date)


def _for_chosen(chosen: Baby, named: list[str]) -> tuple[Callable[[Entry], Baby | None], str]:
    """Every entry for ``chosen``; when the export names several children, only theirs."""
    if len(named) > 1:
        wanted = chosen.name.casefold()
        if wanted not in {n.casefold() for n in named}:
            raise InvalidInput(
                {
                    "baby": f"This export holds several children ({', '.join(named)}); "
                    f"none is called “{chosen.name}”. Say which with --baby."
                }
            )
        return (
            lambda e: chosen if not e.baby or e.baby.strip().casefold() == wanted else None
        ), chosen.name
    return (lambda e: chosen), chosen.name


def _by_their_names(
    entries: list[Entry], babies: list[Baby], by_name: dict[str, Baby], named: list[str]
) -> tuple[Callable[[Entry], Baby | None], str]:
    """No baby named: match the export's children to the household's by name."""
    if not babies:
        raise InvalidInput({"baby": "Add the baby first, or give --baby NAME --birth-date DATE."})
    if not named and len(babies) == 1:
        only = babies[0]
        return (lambda e: only), only.name
    if (
        named
        and all(n.casefold() in by_name for n in named)
        and (len(babies) == 1 or all(e.baby for e in entries))
    ):
        fallback = babies[0] if len(babies) == 1 else None
        return (
            lambda e: by_name.get(e.baby.strip().casefold()) if e.baby else fallback
        ), ", ".join(named)
    found = f" The export names: {', '.join(named)}." if named else ""
    raise InvalidInput({"baby": f"Say which baby this history is for with --baby NAME.{found}"})


def _problem(entry: Entry, errors: Mapping[str, str]) -> Problem:
    reason = "; ".join(f"{name.removeprefix('details.')}: {msg}" for name, msg in errors.items())
    return Problem(entry.file, entry.line, f"{KINDS[entry.kind].label} — {reason}")


def _check(entry: Entry, baby: Baby, tz: tzinfo, now: datetime) -> dict[str, Any]:
    """The entry's cleaned details, or InvalidInput/DetailsError as services would raise."""
    if entry.kind not in KINDS:
        raise InvalidInput({"kind": f"unknown kind {entry.kind}"})
    details = validate_details(entry.kind, entry.details)
    services._check_times(entry.kind, entry.start, entry.end, now, baby, tz)
    return details


def read_files(paths: Iterable[tuple[str, bytes]]) -> list[SourceFile]:
    """Uploaded or named files as SourceFiles: Excel workbooks as one CSV per sheet, zips
    opened (a Nestling export, or an app's files zipped together), text decoded as UTF-8 (with or without a byte-order mark) or
    UTF-16 (with one, as a spreadsheet's "Unicode text" save writes it), falling back to
    Windows-1252, which is what older phone exports use."""
    import io
    import zipfile

    from importers.base import ImportFormatError
    from importers.spreadsheet import is_workbook, workbook_files

    out: list[SourceFile] = []
    for name, data in paths:
        if is_workbook(data):
            try:
                out.extend(workbook_files(name, data))
            except ImportFormatError as exc:
                raise InvalidInput({"file": str(exc)}) from None
            continue
        if data[:4] == b"PK\x03\x04":
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    members = [
                        (info.filename, archive.read(info))
                        for info in archive.infolist()
                        if not info.is_dir() and info.file_size < 200 * 1024 * 1024
                    ]
            except zipfile.BadZipFile:
                raise InvalidInput({"file": f"{name}: not a readable zip file."}) from None
            out.extend(read_files(members))
            continue
        try:
            if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a spreadsheet's "Unicode text" save
                text = data.decode("utf-16")
            else:
                text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        # A NUL never belongs in a text export, and PostgreSQL can't store one (the queued
        # job keeps the files' text): a stray one is dropped, not a reason to fail.
        out.append(SourceFile(name, text.replace("\x00", "")))
    return out


@transaction.atomic
def import_files(
    membership: Membership,
    files: list[SourceFile],
    *,
    baby: Baby | None = None,
    baby_name: str | None = None,
    birth_date: date | None = None,
    tz: tzinfo | None = None,
    fmt: str | None = None,
    people: Mapping[str, str] | None = None,
    dry_run: bool = False,
    skip_bad_lines: bool = False,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Import `files` for `membership`'s household and return the report.

    Raises InvalidInput for a problem with the request (format, baby, people), and
    ImportRefused (carrying the report) when lines fail and `skip_bad_lines` is off.
    With `dry_run`, everything is checked and counted and nothing is written. One
    transaction: a refused import leaves no trace, not even a baby it would have added.
    """
    services._require_writer(membership)
    if baby is not None and baby.household_id != membership.household_id:
        raise NotFound("No such baby.")
    if not files:
        raise InvalidInput({"file": "Give at least one file to import."})
    tz = tz or membership.household.tz
    now = now or timezone.now()
    parsed = _parse(files, tz, fmt)
    module = formats()[parsed.format]
    mapped = _people(membership, people or {})
    baby_of, baby_label = _babies_for(
        membership, parsed.entries, baby, baby_name, birth_date, dry_run
    )
    report = ImportReport(
        format=parsed.format,
        label=module.LABEL,
        baby=baby_label,
        dry_run=dry_run,
        skipped=list(parsed.problems),
        as_notes=Counter(parsed.as_notes),
        remarks=list(parsed.remarks),
    )
    ready = _check_entries(membership, parsed.entries, baby_of, mapped, report, tz, now, progress)
    report.skipped.sort(key=lambda p: (p.file, p.line))
    _count_overlaps(report, ready)
    if progress is not None:
        progress(len(parsed.entries), len(parsed.entries))
    if report.skipped and not skip_bad_lines and not dry_run:
        raise ImportRefused(report)
    if dry_run or not ready:
        return report
    _write(membership, parsed.format, ready)
    report.written = True
    return report


def _parse(files: list[SourceFile], tz: tzinfo, fmt: str | None) -> Parsed:
    try:
        return parse_files(files, tz, fmt)
    except ImportFormatError as exc:
        raise InvalidInput({"format": str(exc)}) from None


def _check_entries(
    membership: Membership,
    entries: list[Entry],
    baby_of: Callable[[Entry], Baby | None],
    mapped: Mapping[str, Membership],
    report: ImportReport,
    tz: tzinfo,
    now: datetime,
    progress: Callable[[int, int], None] | None,
) -> list[tuple[Any, ...]]:
    """Check each entry and count it in ``report``: the rows to insert, in file order.

    Left out (and counted): entries for another child, rows already stored (by fingerprint,
    or by meaning when a spreadsheet rewrote the cells) and entries failing their checks.
    """
    known = set(
        Event.objects.filter(household_id=membership.household_id, fingerprint__isnull=False)
        .values_list("fingerprint", flat=True)
        .iterator(chunk_size=5000)
    )
    stored = _imported_meanings(membership.household_id)
    seen: set[str] = set()
    ready: list[tuple[Any, ...]] = []
    total = len(entries)
    for index, entry in enumerate(entries, start=1):
        if progress is not None and index % 500 == 0:
            progress(index, total)
        target = baby_of(entry)
        if target is None:
            report.other_babies[entry.baby or "?"] += 1
            continue
        key = entry.fingerprint or None
        if key is not None and (key in known or key in seen):
            report.duplicates += 1
            continue
        try:
            details = _check(entry, target, tz, now)
        except InvalidInput as exc:
            report.skipped.append(_problem(entry, exc.errors))
            continue
        except DetailsError as exc:
            report.skipped.append(_problem(entry, exc.errors))
            continue
        meaning = _meaning(target.pk, entry.kind, entry.start, entry.end, details)
        if meaning in stored:
            report.duplicates += 1
            continue
        stored.add(meaning)
        if key is not None:
            seen.add(key)
        who = _caregiver(entry, mapped, membership, report)
        flag = _flag(entry, report)
        _tally(entry, details, report)
        ready.append((target.pk, entry.kind, entry.start, entry.end, who.pk, details, key, flag))
    return ready


def _caregiver(
    entry: Entry, mapped: Mapping[str, Membership], membership: Membership, report: ImportReport
) -> Membership:
    """The member the entry's person maps to; the importer (counted) when none does."""
    if entry.person:
        who = mapped.get(entry.person.strip().casefold())
        if who is None:
            report.unmapped_people[entry.person] += 1
            who = membership
        return who
    report.unattributed += 1
    return membership


def _flag(entry: Entry, report: ImportReport) -> str:
    """The event's flag (a marker, or no end), counting the entry's flags in ``report``."""
    flag = ""
    if MARKER in entry.flags:
        flag = Event.FLAG_MARKER
    elif NO_END in entry.flags or (entry.end is None and KINDS[entry.kind].has_duration):
        flag = Event.FLAG_NO_END
    for name in entry.flags:
        report.flags[name] += 1
    if flag == Event.FLAG_NO_END and NO_END not in entry.flags:
        report.flags[NO_END] += 1
    return flag


def _tally(entry: Entry, details: Mapping[str, Any], report: ImportReport) -> None:
    report.imported[entry.kind] += 1
    if details.get("note") or entry.kind == "note":
        report.notes += 1
    report.first = min(report.first or entry.start, entry.start)
    report.last = max(report.last or entry.start, entry.start)


def _write(membership: Membership, source: str, ready: list[tuple[Any, ...]]) -> None:
    try:
        _insert(membership, source, ready)
    except IntegrityError:
        raise InvalidInput(
            {"file": "Another import of the same rows finished first; run this one again."}
        ) from None


def _plain(value: Any) -> Any:
    """A details value in one canonical form (4.0 and 4 are the same amount)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _meaning(
    baby: int, kind: str, start: datetime, end: datetime | None, details: Mapping[str, Any]
) -> tuple[Any, ...]:
    """What an entry says, whatever file or cells it came from."""
    return (baby, kind, start, end, json.dumps(_plain(dict(details)), sort_keys=True))


def _imported_meanings(household_id: int) -> set[tuple[Any, ...]]:
    """The meaning of every entry an earlier import wrote (they keep a fingerprint)."""
    rows = (
        Event.objects.filter(household_id=household_id, fingerprint__isnull=False)
        .order_by()
        .values_list("baby_id", "kind", "start", "end", "details")
        .iterator(chunk_size=5000)
    )
    return {_meaning(b, k, s, e, d or {}) for b, k, s, e, d in rows}


def _count_overlaps(report: ImportReport, ready: list[tuple[Any, ...]]) -> None:
    """Count the imported sleeps and breast feeds that overlap an earlier one of the same
    baby (among the imported rows and what the household already has), and say so.

    The app refuses such an entry when a parent types it (carelog.services); an import keeps
    what the other app recorded rather than failing, and reports it instead.
    """
    spans: dict[tuple[int, str], list[tuple[datetime, datetime, bool]]] = {}
    for baby, kind, start, end, _who, details, _key, flag in ready:
        if end is not None and not flag:
            for group in services.overlap_groups(kind, details):
                spans.setdefault((baby, group), []).append((start, end, True))
    for (baby, group), rows in spans.items():
        first, last = min(r[0] for r in rows), max(r[1] for r in rows)
        kind = "sleep" if group == "sleep" else "feed"
        existing = Event.objects.filter(
            baby_id=baby, kind=kind, start__lt=last, end__gt=first, flag=""
        ).values_list("start", "end", "details")
        rows.extend(
            (s, e, False)
            for s, e, d in existing
            if e is not None and group in services.overlap_groups(kind, d)  # end__gt: never None
        )
        rows.sort(key=lambda r: (r[0], r[1]))
        reach: datetime | None = None
        for start, end, imported in rows:
            if reach is not None and start < reach and imported:
                report.overlaps[kind] += 1
            reach = end if reach is None else max(reach, end)
    for kind, n in sorted(report.overlaps.items()):
        what = (
            ngettext("%(n)d sleep overlaps", "%(n)d sleeps overlap", n)
            if kind == "sleep"
            else ngettext("%(n)d breast feed overlaps", "%(n)d breast feeds overlap", n)
        ) % {"n": n}
        report.remarks.append(
            _(
                "%(what)s another of the same baby (kept as the app had them; check them in "
                "History)."
            )
            % {"what": what}
        )


_COLUMNS = (
    "household", "baby", "kind", "start", "end", "caregiver", "details",
    "created_by", "created_at", "updated_at", "source", "fingerprint", "flag",
)  # fmt: skip


def _column(name: str) -> str:
    """The database column of Event's field `name` (each of _COLUMNS is a stored field)."""
    field = Event._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise LookupError(f"Event.{name} is not a stored field")
    return field.column


@transaction.atomic
def _insert(membership: Membership, source: str, ready: list[tuple[Any, ...]]) -> None:
    """Insert the checked entries with one prepared statement per batch.

    bulk_create builds a model instance and prepares every value through its field (most
    of a 100,000-row import); these values are already checked, so they are only adapted
    for the database the way those fields would.
    """
    changes.log_changed(membership.household_id)  # raw inserts send no signals
    ops = connection.ops
    meta = Event._meta
    json_field = meta.get_field("details")
    columns = ", ".join(ops.quote_name(_column(name)) for name in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"
    stamp = ops.adapt_datetimefield_value(timezone.now())
    household, member = membership.household_id, membership.pk
    adapt = ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for at in range(0, len(ready), BATCH):
            rows = [
                (
                    household,
                    baby,
                    kind,
                    adapt(start),
                    None if end is None else adapt(end),
                    caregiver,
                    json_field.get_db_prep_save(details, connection),
                    member,
                    stamp,
                    stamp,
                    source,
                    key,
                    flag,
                )
                for baby, kind, start, end, caregiver, details, key, flag in ready[at : at + BATCH]
            ]
            cursor.executemany(sql, rows)


# -- Imports run by the worker (page and API) --------------------------------------------

#: Progress is written to the job row this often (rows checked).
PROGRESS_EVERY = 2000


def options_of(
    *,
    fmt: str | None = None,
    tz: str | None = None,
    baby_id: int | None = None,
    baby_name: str | None = None,
    birth_date: date | None = None,
    people: Mapping[str, str] | None = None,
    skip_bad_lines: bool = False,
) -> dict[str, Any]:
    """The options of an import as stored on its job (JSON-safe)."""
    return {
        "format": fmt or None,
        "tz": tz or None,
        "baby_id": baby_id,
        "baby_name": baby_name or None,
        "birth_date": birth_date.isoformat() if birth_date else None,
        "people": dict(people or {}),
        "skip_bad_lines": bool(skip_bad_lines),
    }


def _call(
    membership: Membership,
    files: list[SourceFile],
    options: Mapping[str, Any],
    *,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from .selectors import baby as baby_of

    tz = None
    if options.get("tz"):
        try:
            tz = ZoneInfo(options["tz"])
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput({"tz": f"“{options['tz']}” is not a time zone."}) from None
    baby = baby_of(membership.household, options["baby_id"]) if options.get("baby_id") else None
    born = options.get("birth_date")
    return import_files(
        membership,
        files,
        baby=baby,
        baby_name=options.get("baby_name"),
        birth_date=date.fromisoformat(born) if born else None,
        tz=tz,
        fmt=options.get("format"),
        people=options.get("people") or {},
        dry_run=dry_run,
        skip_bad_lines=bool(options.get("skip_bad_lines")),
        progress=progress,
    )


def preview(
    membership: Membership, files: list[SourceFile], options: Mapping[str, Any]
) -> ImportReport:
    """What an import would do (a dry run), for the page and API to show first."""
    return _call(membership, files, options, dry_run=True)


def start_job(
    membership: Membership, files: list[SourceFile], options: Mapping[str, Any]
) -> ImportJob:
    """Queue an import for the worker; the job row shows its progress and report."""
    services._require_writer(membership)
    if not files:
        raise InvalidInput({"file": "Give at least one file to import."})
    job = ImportJob.objects.create(
        household_id=membership.household_id,
        membership=membership,
        options=dict(options),
        files=[{"name": f.name, "text": f.text} for f in files],
    )
    from .tasks import run_import

    transaction.on_commit(lambda: run_import(job.pk))
    return job


def run_job(job_id: int) -> ImportJob | None:
    """Run a queued import (the worker calls this). Idempotent: a job runs once."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != ImportJob.QUEUED or job.options.get("confirmed") is False:
            # Gone, already run (a task delivered twice), or checked but not yet confirmed.
            return job
        job.state = ImportJob.RUNNING
        job.save(update_fields=["state"])
    files = [SourceFile(f["name"], f["text"]) for f in job.files]

    def progress(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        report = _call(job.membership, files, job.options, dry_run=False, progress=progress)
        job.state, job.report = ImportJob.DONE, report.as_json()
    except ImportRefused as exc:
        job.state, job.report, job.error = ImportJob.REFUSED, exc.report.as_json(), exc.message
    except InvalidInput as exc:
        job.state, job.error = ImportJob.FAILED, " ".join(exc.errors.values())
    except NestlingError as exc:
        job.state, job.error = ImportJob.FAILED, exc.message
    job.files = []  # the family's files are not kept once read
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "report", "error", "files", "finished_at"])
    ImportJob.objects.filter(pk=job.pk).update(done=models.F("total"))
    return job


def job_of(membership: Membership, job_id: int | str) -> ImportJob:
    """The household's import job with this id, started by this member; NotFound otherwise."""
    job = ImportJob.objects.filter(
        household_id=membership.household_id, membership=membership, pk=job_id
    ).first()
    if job is None:
        raise NotFound("No such import.")
    return job

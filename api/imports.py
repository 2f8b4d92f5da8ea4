"""Imports of other apps' exports: check first, then run in the background
(carelog/importing.py; the formats are in docs/import.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from carelog import importing
from carelog.models import ImportJob
from households.exceptions import InvalidInput

from .auth import caller
from .errors import errors

router = Router(tags=["imports"])

#: Whole upload, all files together. A 100,000-row export is about 6 MB.
MAX_UPLOAD = 50 * 1024 * 1024


class ImportOptions(Schema):
    format: str | None = Field(
        None,
        description="huckleberry, babyconnect, nighp, glow, nursingtimer, babybuddy or "
        "nestling; detected from the files when omitted.",
    )
    tz: str | None = Field(
        None, description="IANA zone the log was kept in; default: the household's."
    )
    baby: int | None = Field(None, description="The baby's id.")
    baby_name: str | None = Field(None, description="Or the baby's name (added if new).")
    birth_date: date | None = Field(None, description="Birth date, to add the baby by name.")
    people: list[str] = Field(
        default_factory=list, description="SOURCE=MEMBER pairs, e.g. M=Mum: who a row names."
    )
    skip_bad_lines: bool = Field(False, description="Import the rest when some lines fail.")
    dry_run: bool = Field(False, description="Check and count only: answer 200 with the report.")


class SkippedLine(Schema):
    file: str
    line: int
    reason: str


class ImportReportOut(Schema):
    format: str
    baby: str
    dry_run: bool
    written: bool
    imported: dict[str, int] = Field(description="Entries by kind.")
    duplicates: int = Field(description="Rows already here (or repeated), left out.")
    skipped: list[SkippedLine]
    notes: int
    kept_as_notes: dict[str, int]
    flagged: dict[str, int] = Field(
        description="dst_ambiguous, dst_nonexistent, dst_settled, marker, no_end."
    )
    unmapped_people: dict[str, int]
    unattributed: int
    other_babies: dict[str, int]
    remarks: list[str]
    overlapping: dict[str, int] = Field(
        default_factory=dict,
        description="Imported sleeps and breast feeds overlapping another of the same baby, "
        "by kind: kept as the app had them (a parent typing one is refused), for checking.",
    )
    first: str | None
    last: str | None


class ImportJobOut(Schema):
    id: int
    state: str = Field(description="queued, running, done, refused or failed.")
    done: int = Field(description="Rows checked so far.")
    total: int
    report: ImportReportOut | None = None
    error: str = ""


def _files(uploads: list[UploadedFile]) -> list[Any]:
    if not uploads:
        raise InvalidInput({"files": "Attach at least one export file."})
    if sum(upload.size or 0 for upload in uploads) > MAX_UPLOAD:
        raise InvalidInput({"files": "The files are over 50 MB together; import them in parts."})
    return importing.read_files((upload.name or "file", upload.read()) for upload in uploads)


def _people(pairs: list[str]) -> dict[str, str]:
    people: dict[str, str] = {}
    for pair in pairs:
        source, sep, member = pair.partition("=")
        if not sep or not source.strip() or not member.strip():
            raise InvalidInput({"people": f"“{pair}” is not SOURCE=MEMBER (e.g. M=Mum)."})
        people[source.strip()] = member.strip()
    return people


def job_out(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "report": job.report or None,
        "error": job.error,
    }


@router.post(
    "/imports",
    response={200: ImportReportOut, 202: ImportJobOut, **errors(400, 401, 403, 404, 413, 422)},
    operation_id="start_import",
)
def start_import(
    request: HttpRequest,
    files: File[list[UploadedFile]],
    options: Form[ImportOptions],
) -> Any:
    """Import another app's export (multipart: `files` plus the options as form fields).

    With `dry_run` the files are checked and counted and the report comes back at once
    (200). Otherwise the import is queued (202) and `GET /imports/{id}` shows its progress
    and, when done, the same report. Importing the same rows again adds nothing.
    """
    me = caller(request)
    sources = _files(files)
    stored = importing.options_of(
        fmt=options.format,
        tz=options.tz,
        baby_id=options.baby,
        baby_name=options.baby_name,
        birth_date=options.birth_date,
        people=_people(options.people),
        skip_bad_lines=options.skip_bad_lines,
    )
    if options.dry_run:
        return Status(200, importing.preview(me, sources, stored).as_json())
    # Checked before it is queued, so a wrong baby or format is answered now, not later.
    importing.preview(me, sources, stored)
    job = importing.start_job(me, sources, stored)
    return Status(202, job_out(job))


@router.get(
    "/imports/{job_id}",
    response={200: ImportJobOut, **errors(401, 403, 404)},
    operation_id="get_import",
)
def get_import(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """An import you started: queued, running (rows checked of total), done with its
    report, refused (lines failed and skip_bad_lines was off: nothing written, the report
    lists them) or failed."""
    return job_out(importing.job_of(caller(request), job_id))

"""Nestling's own export (households/portability.py): a zip holding nestling-export.json,
read here so that one household's history can be merged into another through the normal
import service (a partner's export, or an old instance's).

Only the JSON is read; the events-<kind>.csv files in the same zip repeat it for
spreadsheets and are passed over (a remark says so). Times in the JSON are instants with
their UTC offset, so no daylight-saving guessing happens here. Who cared is the caregiver's
display name in the exporting household, for the service to map to a member. A row keeps
the fingerprint it already had (a row imported from another app, so that importing that
app's file again still adds nothing); any other row gets one from its values.

Pure Python, no Django. The format's name, version and kinds live here so that the export
(which may use Django) and this reader agree.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

from .base import MARKER, NO_END, Entry, ImportFormatError, Parsed, SourceFile, fingerprint

FORMAT = "nestling"
LABEL = "Nestling"

#: The marker and version written into every export; a reader refuses any other version.
FORMAT_MARKER: Final = "nestling-export"
VERSION: Final = 1
JSON_NAME = "nestling-export.json"

#: carelog.kinds.KINDS codes, and those that last (have an end); checked against carelog
#: by importers/tests/test_nestling_format.py, as this module may not import Django.
KINDS = frozenset(
    {
        "feed", "sleep", "nappy", "bath", "play", "reading", "walk", "holding", "skin_to_skin",
        "soothing", "cry", "tummy_time", "solids", "pump", "growth", "temperature",
        "medicine", "potty", "note",
    }
)  # fmt: skip
DURATION_KINDS = frozenset(
    {
        "feed", "sleep", "bath", "play", "reading", "walk", "holding", "skin_to_skin",
        "soothing", "cry", "tummy_time", "pump",
    }
)  # fmt: skip

#: Event.flag values as entry flags.
_FLAGS = {"no_end": NO_END, "marker": MARKER}


def load(text: str) -> dict[str, Any] | None:
    """The export's top-level object if `text` is a Nestling export (any version), else None.

    Judged by content: a JSON object whose "format" is FORMAT_MARKER.
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("{") or f'"{FORMAT_MARKER}"' not in stripped:
        return None
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT_MARKER:
        return None
    return data


def sniff(files: list[SourceFile]) -> bool:
    return any(load(f.text) is not None for f in files)


def parse_instant(value: Any) -> datetime | None:
    """An ISO 8601 time with an offset as an aware UTC datetime; None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def _event_lines(text: str, count: int) -> list[int]:
    """The 1-based line of each event. The export writes one event per line after the line
    holding `"events": [`; if the file was reformatted since, the event's position is used."""
    lines = text.split("\n")  # not splitlines(): a note may hold U+2028
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith('"events": ['):
            if number + count <= len(lines) and all(
                lines[number + i].lstrip().startswith("{") for i in range(count)
            ):
                return [number + 1 + i for i in range(count)]
            break
    return list(range(1, count + 1))


def _names(rows: Any, field: str) -> dict[int, str]:
    """Row id -> the row's `field`, for the members or babies of an export."""
    if not isinstance(rows, list):
        return {}
    return {
        r["id"]: str(r.get(field) or "")
        for r in rows
        if isinstance(r, dict) and isinstance(r.get("id"), int)
    }


def _kept_fingerprint(event: dict[str, Any]) -> str:
    """The fingerprint an event already had (Event.fingerprint: at most 40 characters)."""
    value = event.get("fingerprint")
    return value if isinstance(value, str) and 0 < len(value) <= 40 else ""


def parse(files: list[SourceFile], tz: tzinfo) -> Parsed:
    parsed = Parsed(FORMAT)
    exports = [(f, data) for f in files if (data := load(f.text)) is not None]
    if not exports:
        raise ImportFormatError("No nestling-export.json in these files.")
    others = [f.name for f in files if all(f is not e for e, _d in exports)]
    if others:
        shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        one = len(others) == 1
        parsed.remarks.append(
            f"Read the entries from {exports[0][0].name}; the other "
            f"{'file' if one else f'{len(others)} files'} beside it ({shown}) "
            f"{'repeats' if one else 'repeat'} them for spreadsheets and "
            f"{'was' if one else 'were'} not read."
        )
    for source, data in exports:
        version = data.get("version")
        if version != VERSION:
            raise ImportFormatError(
                f"{source.name} is a Nestling export of version {version!r}; this Nestling "
                f"reads version {VERSION}. Export again from an up-to-date Nestling."
            )
        _parse_export(source, data, parsed)
    parsed.remarks.append(
        "People are named as the exporting household named them (its members' display "
        "names); who else was present and who wrote each entry are not carried over."
    )
    return parsed


def _parse_export(source: SourceFile, data: dict[str, Any], parsed: Parsed) -> None:
    events = data.get("events")
    if not isinstance(events, list):
        raise ImportFormatError(f"{source.name} has no list of events.")
    people = _names(data.get("members"), "display_name")
    babies = _names(data.get("babies"), "name")
    for line, event in zip(_event_lines(source.text, len(events)), events, strict=True):
        entry = _entry(source.name, line, event, people, babies, parsed)
        if entry is not None:
            parsed.entries.append(entry)


def _entry(
    file: str,
    line: int,
    event: Any,
    people: dict[Any, str],
    babies: dict[Any, str],
    parsed: Parsed,
) -> Entry | None:
    if not isinstance(event, dict):
        parsed.problem(file, line, f"an event should be a JSON object, not {event!r}")
        return None
    kind = event.get("kind")
    kind = kind if isinstance(kind, str) else repr(kind)
    start = parse_instant(event.get("start"))
    if start is None:
        parsed.problem(file, line, f"start: “{event.get('start')}” is not a time with an offset")
        return None
    end = parse_instant(event.get("end")) if event.get("end") is not None else None
    if event.get("end") is not None and end is None:
        parsed.problem(file, line, f"end: “{event.get('end')}” is not a time with an offset")
        return None
    details = event.get("details") or {}
    if not isinstance(details, dict):
        parsed.problem(file, line, f"details: {details!r} is not a JSON object")
        return None
    caregiver, child = event.get("caregiver"), event.get("baby")
    person = (people.get(caregiver) if isinstance(caregiver, int) else None) or None
    baby = (babies.get(child) if isinstance(child, int) else None) or None
    if kind not in KINDS:
        # A kind from a newer Nestling: kept, as a note saying what it was.
        parsed.as_notes[kind] += 1
        text = f"{kind}: {json.dumps(details, ensure_ascii=False, sort_keys=True)}"
        return Entry(
            file,
            line,
            "note",
            start,
            None,
            {"text": text[:4000]},
            person,
            baby,
            fingerprint=_kept_fingerprint(event)
            or fingerprint(FORMAT, kind, start.isoformat(), text, person, baby),
        )
    flag = event.get("flag")
    flags = {_FLAGS[flag]} if isinstance(flag, str) and flag in _FLAGS else set()
    if end is None and kind in DURATION_KINDS:
        flags.add(NO_END)  # a running timer in the exporting household is not one here
    key = _kept_fingerprint(event) or fingerprint(
        FORMAT,
        kind,
        start.isoformat(),
        end.isoformat() if end else "",
        baby,
        person,
        json.dumps(details, ensure_ascii=False, sort_keys=True),
    )
    return Entry(file, line, kind, start, end, dict(details), person, baby, flags, key)

"""Baby Tracker by Nighp (babytrackers.com): one CSV per activity, told apart by its header.

Facts from ../shared/domain/tracker-formats.md §3. The five files are diaper, nursing,
sleep, pump and expressed (a bottle of expressed milk); one import may pass any subset.
Times are "M/D/YY, HH:MM" (quoted because of the comma; a 12-hour clock with AM/PM is read
too, since whether the app follows the phone's setting is unconfirmed). Sleep, nursing and
pump rows give a start and minutes, so their end is the start instant plus the minutes in
elapsed time. Amounts carry their unit in the header ("Left amount (oz.)"). The pump file
has no Baby column: pumping belongs to the parent. Rows often lack the trailing Note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from .base import (
    MARKER,
    NO_END,
    Entry,
    Parsed,
    SourceFile,
    by_header,
    date_order,
    fingerprint,
    headed_files,
    header_key,
    ml_from,
    ordered,
    parse_local,
    read_rows,
    span,
)

FORMAT = "nighp"
LABEL = "Baby Tracker (Nighp)"

_DATES = ("%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d")
_SEPARATORS = (", ", ",", " ")
_CLOCKS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p")
_TIME_FORMATS = tuple(f"{d}{s}{c}" for d in _DATES for s in _SEPARATORS for c in _CLOCKS)

_AMOUNT = re.compile(r"^(?:(left|right|total) )?amount\((.+)\)$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
_SIDE_MINUTES = ("left duration(min)", "right duration(min)")
_NAPPY = {
    "wet": {"wet": True},
    "dirty": {"dirty": True},
    "mixed": {"wet": True, "dirty": True},
    "dry": {"dry": True},
}


class _RowError(Exception):
    """A row we cannot read; the message names the column and the value."""


def _key(cell: str) -> str:
    """A header cell for comparison: "Duration (minutes)" and "Duration(minutes)" alike."""
    return header_key(cell).replace(" (", "(")


def _file_kind(header: list[str]) -> str | None:
    """Which of the five Nighp files a header belongs to, or None."""
    keys = {_key(cell) for cell in header if cell.strip()}
    if "time" not in keys:
        return None
    has_baby = "baby" in keys
    amounts = {m.group(1) for k in keys if (m := _AMOUNT.match(k))}
    sides = "start side" in keys and set(_SIDE_MINUTES) <= keys
    if has_baby and "status" in keys:
        return "diaper"
    if has_baby and "duration(minutes)" in keys:
        return "sleep"
    if sides and has_baby and not amounts:
        return "nursing"
    if sides and not has_baby and amounts:
        return "pump"
    if has_baby and amounts == {None} and not sides:
        return "expressed"
    return None


def _header(file: SourceFile) -> tuple[int, list[str]] | None:
    return next(read_rows(file.text), None)


def sniff(files: list[SourceFile]) -> bool:
    """True when every non-empty file has the header of one of Nighp's five files."""
    headers = [h for h in (_header(f) for f in files) if h is not None]
    return bool(headers) and all(_file_kind(cells) is not None for _, cells in headers)


# -- Cells -------------------------------------------------------------------------------


def _quantity(row: dict[str, str], column: str, label: str) -> float | None:
    """A non-negative number from `column`; None when empty; _RowError when not a number."""
    value = row.get(column, "")
    if not value:
        return None
    if not _NUMBER.match(value):
        raise _RowError(f"{label} “{value}” is not a number")
    amount = float(value.replace(",", "."))
    if amount < 0:
        raise _RowError(f"{label} “{value}” is negative")
    return amount


def _volume(row: dict[str, str], column: str, unit: str, label: str) -> float | None:
    amount = _quantity(row, column, label)
    if amount is None:
        return None
    try:
        return ml_from(amount, unit)
    except ValueError:
        raise _RowError(f"{label}: unknown volume unit “{unit}” in the header") from None


def _start(row: dict[str, str], times: tuple[str, ...]) -> datetime:
    raw = row.get("time", "")
    start = parse_local(raw, times)
    if start is None:
        raise _RowError(f"Time “{raw}” is not a date and time (expected M/D/YY, HH:MM)")
    return start


def _minutes(row: dict[str, str], column: str, label: str) -> timedelta | None:
    amount = _quantity(row, column, label)
    return None if amount is None else timedelta(minutes=amount)


def _with_note(details: dict[str, Any], row: dict[str, str]) -> dict[str, Any]:
    if row.get("note"):
        details["note"] = row["note"]
    return details


def _add_note(details: dict[str, Any], text: str) -> None:
    details["note"] = f"{details['note']}; {text}" if details.get("note") else text


# -- Files -------------------------------------------------------------------------------

# Each reader returns kind, local start, duration (None: no end), details.
_Read = tuple[str, datetime, timedelta | None, dict[str, Any]]


def _diaper(row: dict[str, str], header: list[str], times: tuple[str, ...]) -> _Read:
    status = row.get("status", "")
    found = _NAPPY.get(status.lower())
    if found is None:
        raise _RowError(f"Status “{status}” is not one of Wet, Dirty, Mixed, Dry")
    return "nappy", _start(row, times), None, _with_note(dict(found), row)


def _sleep(row: dict[str, str], header: list[str], times: tuple[str, ...]) -> _Read:
    length = _minutes(row, "duration(minutes)", "Duration(minutes)")
    return "sleep", _start(row, times), length, _with_note({}, row)


def _side_seconds(row: dict[str, str], details: dict[str, Any]) -> timedelta | None:
    """Per-side minutes as seconds into `details`; the session's length (Total, else the
    sum of the sides, else None)."""
    left = _minutes(row, "left duration(min)", "Left duration (min)")
    right = _minutes(row, "right duration(min)", "Right duration (min)")
    total = _minutes(row, "total duration(min)", "Total Duration (min)")
    if total is None and (left is not None or right is not None):
        total = (left or timedelta(0)) + (right or timedelta(0))
    if left is not None:
        details["left_s"] = round(left.total_seconds())
    if right is not None:
        details["right_s"] = round(right.total_seconds())
    return total


def _nursing(row: dict[str, str], header: list[str], times: tuple[str, ...]) -> _Read:
    details: dict[str, Any] = _with_note({"method": "breast"}, row)
    total = _side_seconds(row, details)
    left, right = details.get("left_s", 0), details.get("right_s", 0)
    if left or right:
        details["side"] = "both" if left and right else ("left" if left else "right")
    first = row.get("start side", "")
    if first.lower() in ("left", "right"):
        details["first_side"] = first.lower()
    elif first:
        _add_note(details, f"Start side: {first}")
    # A nursing row is a feed even with no minutes: a point in time, never an open entry.
    return "feed", _start(row, times), total or timedelta(0), details


def _pump(row: dict[str, str], header: list[str], times: tuple[str, ...]) -> _Read:
    details: dict[str, Any] = _with_note({}, row)
    for key in header:
        match = _AMOUNT.match(key)
        if match and match.group(1):
            label = f"{match.group(1).capitalize()} amount ({match.group(2)})"
            ml = _volume(row, key, match.group(2), label)
            if ml is not None:
                details[f"{match.group(1)}_ml"] = ml
    # Pump details hold amounts only; the side minutes just give the session's length.
    total = _side_seconds(row, {})
    return "pump", _start(row, times), total, details


def _expressed(row: dict[str, str], header: list[str], times: tuple[str, ...]) -> _Read:
    details: dict[str, Any] = {"method": "bottle", "milk": "breast_milk"}
    for key in header:
        match = _AMOUNT.match(key)
        if match and not match.group(1):
            ml = _volume(row, key, match.group(2), f"Amount ({match.group(2)})")
            if ml is not None:
                details["amount_ml"] = ml
    # A bottle is a point in time: a zero-length feed.
    return "feed", _start(row, times), timedelta(0), _with_note(details, row)


_READERS: dict[str, Callable[[dict[str, str], list[str], tuple[str, ...]], _Read]] = {
    "diaper": _diaper,
    "sleep": _sleep,
    "nursing": _nursing,
    "pump": _pump,
    "expressed": _expressed,
}


def _row(header: list[str], cells: list[str]) -> dict[str, str]:
    """Cells by header key; cells past the header (an unquoted comma in the trailing
    Note) are joined back onto the note rather than lost."""
    row = by_header(header, cells)
    extra = [c for c in cells[len(header) :] if c]
    if extra and "note" in row:
        row["note"] = ", ".join([row["note"], *extra] if row["note"] else extra)
    return row


#: A file read for its rows: the file, its kind, its header keys and its numbered rows.
_Table = tuple[SourceFile, str, list[str], list[tuple[int, dict[str, str]]]]


def parse(files: list[SourceFile], tz: tzinfo) -> Parsed:
    """Every row of every Nighp file as an entry, or a problem naming the cell."""
    parsed = Parsed(FORMAT)
    tables = _tables(files, parsed)
    # "M/D/YY, HH:MM" is the phone's own short date, day first in much of the world; the
    # files of one export come from one phone, so their dates settle the order together.
    days_first = date_order(
        parsed,
        ", ".join(file.name for file, *_ in tables),
        (row.get("time", "") for *_, lines in tables for _, row in lines),
        "Baby Tracker",
    )
    times = ordered(_TIME_FORMATS, days_first)
    for file, kind, header, lines in tables:
        for line, row in lines:
            try:
                parsed.entries.append(_entry(file, kind, header, line, row, times, tz))
            except _RowError as exc:
                parsed.problem(file.name, line, str(exc))
    if any(kind == "pump" for _file, kind, *_ in tables):
        parsed.remarks.append(
            "Baby Tracker's pump file has no Baby column, so pumping sessions are the "
            "parent's, not a child's. Their start side and per-side minutes are not kept; "
            "the minutes give each session's length."
        )
    return parsed


def _tables(files: list[SourceFile], parsed: Parsed) -> list[_Table]:
    """The files whose header is one of Baby Tracker's; a problem for each other one."""
    refused = (
        "the header is not one of Baby Tracker's diaper, nursing, sleep, pump or "
        "expressed files; the file was skipped"
    )
    tables: list[_Table] = []
    for file, kind, cells, rows in headed_files(files, parsed, _file_kind, refused):
        header = [_key(cell) for cell in cells]
        tables.append((file, kind, header, [(line, _row(header, row)) for line, row in rows]))
    return tables


def _entry(
    file: SourceFile,
    kind: str,
    header: list[str],
    line: int,
    row: dict[str, str],
    times: tuple[str, ...],
    tz: tzinfo,
) -> Entry:
    """One row of a ``kind`` file as an entry; _RowError naming the cell otherwise."""
    entry_kind, local, length, details = _READERS[kind](row, header, times)
    start, end, flags = span(local, None, length, tz)
    if entry_kind == "sleep" and length is not None and length <= timedelta(minutes=1):
        flags.add(MARKER)
    if end is None and entry_kind in ("sleep", "pump"):
        flags.add(NO_END)
    baby = row.get("baby") or None
    raw_time = " ".join(row.get("time", "").split())
    seconds = None if length is None else round(length.total_seconds())
    return Entry(
        file=file.name,
        line=line,
        kind=entry_kind,
        start=start,
        end=end,
        details=details,
        baby=baby,
        flags=flags,
        fingerprint=fingerprint(FORMAT, kind, raw_time, baby, seconds, sorted(details.items())),
    )

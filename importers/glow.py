"""Glow Baby (one CSV per type) and the Hatch Baby scale app (one CSV), told apart by header.

Facts from ../shared/domain/tracker-formats.md §4. Glow writes glow_sleep, glow_feed_bottle,
glow_feed_solid, glow_diaper and glow_growth, with times as "MM/DD/YYYY h:mm:ss AM/PM" and
growth as a date only (kept at noon local). Every measure comes in a metric and an imperial
column: the metric one is read and the imperial one only when the metric one is empty, since
their rounding differs. Sleeps of a minute or less are "put down" marks. Solids are filed as
feeds but are their own kind here.

Hatch quotes every header and ends each line with a comma (an empty tenth column). Its
hours are 24-hour with a redundant AM/PM ("19:20 PM"); the date part was not recorded, so
several forms are read. Weight is in kg; the app's percentile is kept only as note text,
since Nestling computes its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from .base import (
    MARKER,
    NO_END,
    Entry,
    Parsed,
    SourceFile,
    amount_and_unit,
    at_noon,
    by_header,
    clock_duration,
    cm_from,
    date_order,
    fingerprint,
    headed_files,
    header_key,
    kg_from,
    ml_from,
    ordered,
    parse_local,
    read_rows,
    span,
)

FORMAT = "glow"
LABEL = "Glow Baby / Hatch"

_DATES = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%Y/%m/%d")
_CLOCKS = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")
_TIME_FORMATS = tuple(f"{d}{s}{c}" for d in _DATES for s in (" ", ", ", "T") for c in _CLOCKS)
_DAY_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")

_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
_UNIT_COLUMN = re.compile(r"^(.+?)\((.+)\)$")
_METRIC = ("ml", "kg", "g", "cm", "mm")

_MILK = {"formula": "formula", "breast milk": "breast_milk", "breastmilk": "breast_milk"}
_NAPPY = {
    "pee": {"wet": True},
    "poo": {"dirty": True},
    "pee and poo": {"wet": True, "dirty": True},
    "clean": {"dry": True},
}
_COLOURS = {
    "yellow": "yellow",
    "light yellow": "yellow",
    "mustard": "mustard",
    "mustard yellow": "mustard",
    "orange": "orange",
    "green": "green",
    "light green": "green",
    "dark green": "green",
    "brown": "brown",
    "light brown": "brown",
    "dark brown": "brown",
    "black": "black",
    "red": "red",
    "white": "white",
}
_TEXTURES = {
    "watery": "watery",
    "runny": "runny",
    "loose": "runny",
    "seedy": "seedy",
    "soft": "soft",
    "mushy": "mushy",
    "pasty": "mushy",
    "formed": "formed",
    "solid": "formed",
    "hard": "hard",
}


@dataclass(frozen=True)
class _Clock:
    """The family's time zone and the forms of one file's times and dates."""

    tz: tzinfo
    times: tuple[str, ...]
    days: tuple[str, ...]


class _RowError(Exception):
    """A row we cannot read; the message names the column and the value."""


def _key(cell: str) -> str:
    """A header cell for comparison: "Amount (ml)" and "Amount(ml)" alike."""
    return header_key(cell).replace(" (", "(")


def _file_kind(header: list[str]) -> str | None:
    """Which Glow file (or a Hatch export) a header belongs to, or None."""
    keys = {_key(cell) for cell in header if cell.strip()}
    if {"baby name", "start time", "activity", "amount"} <= keys:
        return "hatch"
    if {"begin time", "end time"} <= keys:
        return "sleep"
    if {"time of feeding", "milk type"} <= keys:
        return "bottle"
    if {"time of feeding", "ingredients"} <= keys:
        return "solid"
    if {"diaper time", "in the diaper"} <= keys:
        return "diaper"
    if "date" in keys and any(_measure(k) for k in keys):
        return "growth"
    return None


def _measure(key: str) -> str | None:
    """The measure a growth column holds ("weight(kg)" -> "weight"), or None."""
    match = _UNIT_COLUMN.match(key)
    if not match:
        return None
    name = match.group(1).strip()
    if name == "weight":
        return "weight"
    if name in ("height", "length"):
        return "length"
    if name.startswith("head"):
        return "head"
    return None


def sniff(files: list[SourceFile]) -> bool:
    """True when every non-empty file has a Glow file's header or Hatch's."""
    headers = [h for h in (next(read_rows(f.text), None) for f in files) if h is not None]
    return bool(headers) and all(_file_kind(cells) is not None for _, cells in headers)


# -- Cells -------------------------------------------------------------------------------


def _quantity(row: dict[str, str], column: str, label: str) -> float | None:
    """A number from `column`; None when empty; _RowError when not a number."""
    value = row.get(column, "")
    if not value:
        return None
    if not _NUMBER.match(value):
        raise _RowError(f"{label} “{value}” is not a number")
    return float(value.replace(",", "."))


def _moment(row: dict[str, str], column: str, label: str, clock: _Clock) -> datetime | None:
    raw = row.get(column, "")
    if not raw:
        return None
    found = parse_local(raw, clock.times)
    if found is None:
        raise _RowError(f"{label} “{raw}” is not a date and time")
    return found


def _required(row: dict[str, str], column: str, label: str, clock: _Clock) -> datetime:
    found = _moment(row, column, label, clock)
    if found is None:
        raise _RowError(f"{label} is empty")
    return found


def _by_unit(
    row: dict[str, str], columns: list[tuple[str, str]], convert: Callable[[float, str], float]
) -> float | None:
    """The first filled column of `columns` ((key, unit), metric first), converted."""
    for key, unit in columns:
        amount = _quantity(row, key, _label(key))
        if amount is None:
            continue
        try:
            return convert(amount, unit)
        except ValueError:
            raise _RowError(f"{_label(key)}: unknown unit “{unit}” in the header") from None
    return None


def _label(key: str) -> str:
    return key.capitalize()


def _unit_columns(header: list[str], measure: Callable[[str], bool]) -> list[tuple[str, str]]:
    """(key, unit) of the header's "name(unit)" columns that `measure` accepts, metric
    first."""
    found = []
    for key in header:
        match = _UNIT_COLUMN.match(key)
        if match and measure(key):
            found.append((key, match.group(2).strip()))
    return sorted(found, key=lambda col: col[1].rstrip(".") not in _METRIC)


def _add_note(details: dict[str, Any], text: str) -> None:
    details["note"] = f"{details['note']}; {text}" if details.get("note") else text


# -- Files -------------------------------------------------------------------------------


@dataclass
class _Read:
    """What a reader makes of a row, in carelog's terms."""

    kind: str
    start: datetime
    end: datetime | None
    details: dict[str, Any]
    flags: set[str]
    baby: str | None = None


_Reader = Callable[[dict[str, str], list[str], "_Clock", Parsed], _Read]


def _sleep_read(
    start: datetime, end: datetime | None, length: timedelta | None, tz: tzinfo
) -> tuple[datetime, datetime | None, set[str]]:
    begin, finish, flags = span(start, end, length, tz)
    if finish is None:
        flags.add(NO_END)
    elif finish < begin:
        raise _RowError("the sleep ends before it begins")
    elif finish - begin <= timedelta(minutes=1):
        flags.add(MARKER)
    return begin, finish, flags


def _sleep(row: dict[str, str], header: list[str], clock: _Clock, parsed: Parsed) -> _Read:
    start = _required(row, "begin time", "Begin time", clock)
    end = _moment(row, "end time", "End time", clock)
    begin, finish, flags = _sleep_read(start, end, None, clock.tz)
    return _Read("sleep", begin, finish, {}, flags)


def _bottle(row: dict[str, str], header: list[str], clock: _Clock, parsed: Parsed) -> _Read:
    start, _, flags = span(
        _required(row, "time of feeding", "Time of feeding", clock), None, None, clock.tz
    )
    details: dict[str, Any] = {"method": "bottle"}
    milk = row.get("milk type", "")
    if milk:
        details["milk"] = _MILK.get(milk.lower(), "other")
        if details["milk"] == "other":
            _add_note(details, f"Milk type: {milk}")
    columns = _unit_columns(header, lambda k: k.startswith("amount("))
    amount = _by_unit(row, columns, ml_from)
    if amount is not None:
        details["amount_ml"] = amount
    # A bottle is a point in time: a zero-length feed, never an open one.
    return _Read("feed", start, start, details, flags)


def _solid(row: dict[str, str], header: list[str], clock: _Clock, parsed: Parsed) -> _Read:
    start, _, flags = span(
        _required(row, "time of feeding", "Time of feeding", clock), None, None, clock.tz
    )
    details: dict[str, Any] = {}
    if row.get("ingredients"):
        details["foods"] = row["ingredients"]
    amount = _quantity(row, "amount", "Amount")
    if amount is not None:
        details["amount"] = amount
        if row.get("unit type"):
            details["unit"] = row["unit type"]
    elif row.get("unit type"):
        _add_note(details, f"Unit type: {row['unit type']}")
    if row.get("baby's reaction"):
        details["reaction"] = row["baby's reaction"]
    return _Read("solids", start, None, details, flags)


def _diaper(row: dict[str, str], header: list[str], clock: _Clock, parsed: Parsed) -> _Read:
    start, _, flags = span(
        _required(row, "diaper time", "Diaper time", clock), None, None, clock.tz
    )
    content = row.get("in the diaper", "")
    found = _NAPPY.get(" ".join(content.lower().split()))
    if found is None:
        raise _RowError(f"In the diaper “{content}” is not one of pee, poo, pee and poo, clean")
    details: dict[str, Any] = dict(found)
    for column, field, words, label in (
        ("color", "colour", _COLOURS, "Colour"),
        ("texture", "consistency", _TEXTURES, "Texture"),
    ):
        value = row.get(column, "")
        if value:
            details[field] = words.get(" ".join(value.lower().split()), "other")
            if details[field] == "other" and value.lower() != "other":
                _add_note(details, f"{label}: {value}")
    return _Read("nappy", start, None, details, flags)


def _day(raw: str, label: str, clock: _Clock) -> date:
    for fmt in clock.days:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise _RowError(f"{label} “{raw}” is not a date (expected YYYY/MM/DD)")


def _growth(row: dict[str, str], header: list[str], clock: _Clock, parsed: Parsed) -> _Read:
    raw = row.get("date", "")
    if not raw:
        raise _RowError("Date is empty")
    start = at_noon(_day(raw, "Date", clock), clock.tz)
    details: dict[str, Any] = {}
    measured = _unit_columns(header, lambda key: _measure(key) is not None)
    for measure, field, convert in (
        ("weight", "weight_kg", kg_from),
        ("length", "length_cm", cm_from),
        ("head", "head_cm", cm_from),
    ):
        columns = [col for col in measured if _measure(col[0]) == measure]
        value = _by_unit(row, columns, convert)
        if value is not None:
            details[field] = value
    if not details:
        raise _RowError("no weight, height or head size on this row")
    return _Read("growth", start, None, details, set())


# -- Hatch -------------------------------------------------------------------------------

_HOURS_MINUTES = re.compile(
    r"^(?:(\d+)\s*h(?:rs?|ours?)?)?\s*(?:(\d+)\s*m(?:in(?:ute)?s?)?)?$", re.IGNORECASE
)


def _hatch_duration(raw: str) -> timedelta | None:
    """A Hatch duration ("50" minutes, "1:20", "1h 20m"); None if empty or unreadable."""
    if not raw:
        return None
    if _NUMBER.match(raw):
        return timedelta(minutes=float(raw.replace(",", ".")))
    clock = clock_duration(raw)
    if clock is not None:
        return clock
    match = _HOURS_MINUTES.match(raw.strip())
    if match and (match.group(1) or match.group(2)):
        return timedelta(hours=int(match.group(1) or 0), minutes=int(match.group(2) or 0))
    return None


def _hatch_extras(row: dict[str, str], details: dict[str, Any], *, percentile: bool) -> None:
    if row.get("notes"):
        _add_note(details, row["notes"])
    if row.get("info"):
        _add_note(details, f"Info: {row['info']}")
    if percentile and row.get("percentile"):
        # The app's own percentile is never a figure here; we compute ours.
        _add_note(details, f"Hatch percentile {row['percentile']}")


def _hatch(row: dict[str, str], header: list[str], clock: _Clock, parsed: Parsed) -> _Read:
    activity = row.get("activity", "")
    baby = row.get("baby name") or None
    label = activity.lower()
    raw_start = row.get("start time", "")
    if label == "weight":
        details: dict[str, Any] = {}
        local = parse_local(raw_start, clock.times)
        if local is not None:
            start, _, flags = span(local, None, None, clock.tz)
        elif raw_start:
            start, flags = at_noon(_day(raw_start, "Start Time", clock), clock.tz), set()
        else:
            raise _RowError("Start Time is empty")
        amount = row.get("amount", "")
        read = amount_and_unit(amount)
        if read is None:
            raise _RowError(f"Amount “{amount}” is not a weight")
        try:
            details["weight_kg"] = kg_from(read[0], read[1] or "kg")
        except ValueError:
            raise _RowError(f"Amount “{amount}”: unknown weight unit “{read[1]}”") from None
        _hatch_extras(row, details, percentile=True)
        return _Read("growth", start, None, details, flags, baby)
    if label == "sleep":
        local = _required(row, "start time", "Start Time", clock)
        end = _moment(row, "end time", "End Time", clock)
        raw_length = row.get("duration", "")
        length = _hatch_duration(raw_length)
        if raw_length and length is None and end is None:
            raise _RowError(f"Duration “{raw_length}” is not a length of time")
        begin, finish, flags = _sleep_read(local, end, length, clock.tz)
        details = {}
        _hatch_extras(row, details, percentile=True)
        return _Read("sleep", begin, finish, details, flags, baby)
    # No kind of ours for it: kept as a note so nothing is lost.
    local = _required(row, "start time", "Start Time", clock)
    start, _, flags = span(local, None, None, clock.tz)
    parts = [f"Hatch {activity or '(no activity)'}"]
    for column, name in (
        ("amount", "amount"),
        ("duration", "duration"),
        ("end time", "until"),
        ("info", "info"),
        ("notes", "notes"),
        ("percentile", "app percentile"),
    ):
        if row.get(column):
            parts.append(f"{name}: {row[column]}")
    parsed.as_notes[f"Hatch {activity or '(no activity)'}"] += 1
    return _Read("note", start, None, {"text": "; ".join(parts)}, flags, baby)


_READERS: dict[str, _Reader] = {
    "sleep": _sleep,
    "bottle": _bottle,
    "solid": _solid,
    "diaper": _diaper,
    "growth": _growth,
    "hatch": _hatch,
}
_RAW_TIME = {
    "sleep": "begin time",
    "bottle": "time of feeding",
    "solid": "time of feeding",
    "diaper": "diaper time",
    "growth": "date",
    "hatch": "start time",
}


_HATCH_REMARK = (
    "Hatch's own percentiles are kept only as note text (“Hatch percentile 48”); Nestling "
    "works out percentiles itself from the weights."
)


def _time_columns(header: list[str], kind: str) -> set[int]:
    """Where a file's times are: its start (or only) time and its end time."""
    return {i for i, key in enumerate(header) if key in (_RAW_TIME[kind], "end time")}


#: A file read for its rows: the file, its kind, its header keys and its numbered rows.
_Table = tuple[SourceFile, str, list[str], list[tuple[int, list[str]]]]


def parse(files: list[SourceFile], tz: tzinfo) -> Parsed:
    """Every row of every Glow or Hatch file as an entry, or a problem naming the cell."""
    parsed = Parsed(FORMAT)
    tables = _tables(files, parsed)
    clocks = _clocks(tables, parsed, tz)
    for table in tables:
        _read_table(table, clocks[table[1] == "hatch"], parsed)
    return parsed


def _tables(files: list[SourceFile], parsed: Parsed) -> list[_Table]:
    """The files whose header is one of Glow's or Hatch's; a problem for each other one."""
    refused = (
        "the header is not one of Glow's sleep, bottle, solid, diaper or growth "
        "files, nor a Hatch export; the file was skipped"
    )
    tables: list[_Table] = []
    for file, kind, cells, rows in headed_files(files, parsed, _file_kind, refused):
        if kind == "hatch" and _HATCH_REMARK not in parsed.remarks:
            parsed.remarks.append(_HATCH_REMARK)
        tables.append((file, kind, [_key(cell) for cell in cells], list(rows)))
    return tables


def _clocks(tables: list[_Table], parsed: Parsed, tz: tzinfo) -> dict[bool, _Clock]:
    """How each app writes its times (keyed by "is Hatch"), day or month first."""
    # The files of one app come from one phone: their dates settle the order together.
    clocks: dict[bool, _Clock] = {}
    for hatch, app in ((False, "Glow"), (True, "Hatch")):
        group = [table for table in tables if (table[1] == "hatch") == hatch]
        days_first = date_order(
            parsed,
            ", ".join(file.name for file, *_ in group),
            (
                cells[i]
                for _, kind, header, lines in group
                for _, cells in lines
                for i in _time_columns(header, kind)
                if i < len(cells)
            ),
            app,
        )
        clocks[hatch] = _Clock(
            tz, ordered(_TIME_FORMATS, days_first), ordered(_DAY_FORMATS, days_first)
        )
    return clocks


def _read_table(table: _Table, clock: _Clock, parsed: Parsed) -> None:
    """Each row of one file as an entry, or a problem naming the cell."""
    file, kind, header, lines = table
    for line, cells in lines:
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            parsed.problem(
                file.name,
                line,
                f"the row has more cells than the header ({', '.join(extra)} left over); "
                "is a comma missing its quotes?",
            )
            continue
        row = by_header(header, cells)
        try:
            read = _READERS[kind](row, header, clock, parsed)
        except _RowError as exc:
            parsed.problem(file.name, line, str(exc))
            continue
        values = [row.get(k, "") for k in header if k and k != _RAW_TIME[kind]]
        parsed.entries.append(
            Entry(
                file=file.name,
                line=line,
                kind=read.kind,
                start=read.start,
                end=read.end,
                details=read.details,
                baby=read.baby,
                flags=read.flags,
                fingerprint=fingerprint(
                    FORMAT,
                    kind,
                    " ".join(row.get(_RAW_TIME[kind], "").split()),
                    *(" ".join(v.split()) for v in values),
                ),
            )
        )

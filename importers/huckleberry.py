"""Huckleberry's CSV export: one file, one row per event, eight columns whose last four mean
different things for each `Type` (tracker-formats.md §1).

Start, End and Duration are local wall-clock times with no zone; where a row gives all three,
the Duration settles a start or end that falls on a daylight-saving change. Diaper rows keep
the poo colour in the Duration column, so it is never read as a time there. Units are run into
the numbers ("110ml", "4oz", "10.2lbs.oz") and change from row to row; "lbs.oz" and "ft.in"
values are decimal pounds and feet.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from .base import (
    MARKER,
    NO_END,
    Entry,
    Parsed,
    RowError,
    SourceFile,
    amount_and_unit,
    at_noon,
    clock_duration,
    cm_from,
    date_order,
    fingerprint,
    kg_from,
    minutes_seconds,
    ml_from,
    ordered,
    parse_local,
    rows_under_header,
    sniff_header,
    span,
    to_instant,
)

FORMAT = "huckleberry"
LABEL = "Huckleberry"

COLUMNS = (
    "type",
    "start",
    "end",
    "duration",
    "start condition",
    "start location",
    "end condition",
    "notes",
)
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %I:%M:%S %p",
    # As a spreadsheet writes them when the file is saved again from it.
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%y %H:%M",
    "%m/%d/%y %I:%M %p",
)
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")


@dataclass(frozen=True)
class _Clock:
    """The family's time zone and the forms of one file's times and dates."""

    tz: tzinfo
    times: tuple[str, ...]
    days: tuple[str, ...]


_SLEEP_PLACES = {
    "stroller": "pram",
    "pram": "pram",
    "on own in bed": "cot",
    "swing": "swing",
    "car": "car",
    "worn or held": "arms",
}
_MILKS = {
    "formula": "formula",
    "breast milk": "breast_milk",
    "breastmilk": "breast_milk",
    "mixed": "mixed",
}
_COLOURS = {"yellow", "mustard", "orange", "green", "brown", "black", "red", "white"}
_MED_UNITS = {
    "ml": "ml",
    "mg": "mg",
    "mcg": "mcg",
    "µg": "mcg",
    "ug": "mcg",
    "drop": "drops",
    "drops": "drops",
    "tablet": "tablets",
    "tablets": "tablets",
    "tab": "tablets",
    "tabs": "tablets",
    "sachet": "sachets",
    "sachets": "sachets",
    "puff": "puffs",
    "puffs": "puffs",
    "unit": "units",
    "units": "units",
}
_POTTY = {"pee": "pee", "poo": "poo", "both": "both", "nothing": "nothing", "none": "nothing"}

# "06:10R" (minutes:seconds on the right breast) or "Null l" (that side not used).
_SIDE_TIME = re.compile(r"^(\d+:\d{2})\s*([LR])$", re.IGNORECASE)
_SIDE_NULL = re.compile(r"^null\s*([LR])$", re.IGNORECASE)


def sniff(files: list[SourceFile]) -> bool:
    return sniff_header(files, COLUMNS)


def parse(files: list[SourceFile], tz: tzinfo) -> Parsed:
    parsed = Parsed(FORMAT)
    for source in files:
        rows = list(rows_under_header(parsed, source, COLUMNS, "Huckleberry"))
        # The app writes ISO dates; a file saved again by a spreadsheet has them in the
        # spreadsheet's locale, day or month first, told apart by the file's own dates.
        days_first = date_order(
            parsed,
            source.name,
            (row[column] for _, row in rows for column in ("start", "end")),
            "a US spreadsheet",
        )
        clock = _Clock(tz, ordered(_TIME_FORMATS, days_first), ordered(_DATE_FORMATS, days_first))
        for line, row in rows:
            try:
                entry, label = _entry(row, clock)
            except RowError as exc:
                parsed.problem(source.name, line, str(exc))
                continue
            entry.file, entry.line = source.name, line
            parsed.entries.append(entry)
            if label is not None:
                parsed.as_notes[label] += 1
    return parsed


# -- Rows --------------------------------------------------------------------------------


def _entry(row: dict[str, str], clock: _Clock) -> tuple[Entry, str | None]:
    """The entry for one row, and the label it is counted under when kept as a note."""
    kind_label = row["type"]
    kind = kind_label.lower()
    location = row["start location"].lower()
    if kind == "feed" and location == "breast":
        return _breast(row, clock), None
    if kind == "feed" and location == "bottle":
        return _bottle(row, clock), None
    if kind == "solids" or (kind == "feed" and location == "solids"):
        return _solids(row, clock), None
    if kind == "sleep":
        return _sleep(row, clock), None
    if kind == "diaper":
        return _diaper(row, clock), None
    if kind == "growth":
        return _growth(row, clock), None
    if kind == "meds":
        return _meds(row, clock), None
    if kind == "pump":
        return _pump(row, clock), None
    if kind == "tummy time":
        return _lasting(row, clock, "tummy_time", {}), None
    if kind == "potty":
        return _potty(row, clock), None
    if not kind_label:
        raise RowError("Type is empty")
    label = kind_label if kind != "feed" else f"Feed ({row['start location'] or 'no place'})"
    return _as_note(row, clock, label), label


def _breast(row: dict[str, str], clock: _Clock) -> Entry:
    seconds: dict[str, int] = {}
    for column, default_side in (("start condition", "right"), ("end condition", "left")):
        value = row[column]
        if not value:
            continue
        if _SIDE_NULL.match(value):
            continue  # "Null r": that side was not used
        timed = _SIDE_TIME.match(value)
        if timed:
            side = "left" if timed.group(2).lower() == "l" else "right"
            secs = minutes_seconds(timed.group(1))
        else:
            side, secs = default_side, minutes_seconds(value)
        if secs is None:
            raise RowError(f"{_title(column)} “{value}” is not a breast time like 06:10R")
        seconds[f"{side}_s"] = secs
    details: dict[str, Any] = {"method": "breast", **seconds}
    left, right = seconds.get("left_s", 0), seconds.get("right_s", 0)
    if left and right:
        details["side"] = "both"
    elif left or right:
        details["side"] = "left" if left else "right"
    _add_note(details, row["notes"])
    start, end, flags = _times(row, clock, point=True)
    return _make(row, "feed", start, end, details, flags)


def _bottle(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {"method": "bottle"}
    amount = row["end condition"]
    if amount:
        details["amount_ml"] = _convert(amount, "End Condition", ml_from)
    milk = row["start condition"]
    if milk:
        code = _MILKS.get(" ".join(milk.lower().split()))
        details["milk"] = code or "other"
        if code is None:
            _add_note(details, f"milk: {milk}")
    _add_note(details, row["notes"], first=True)
    start, end, flags = _times(row, clock, point=True)
    return _make(row, "feed", start, end, details, flags)


def _solids(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {}
    if row["start condition"]:
        details["foods"] = row["start condition"]
    if row["end condition"]:
        details["reaction"] = row["end condition"].lower()
    _add_note(details, row["notes"])
    start, flags = _point(row, clock)
    return _make(row, "solids", start, None, details, flags)


def _sleep(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {}
    place = row["start location"]
    if place:
        code = _SLEEP_PLACES.get(" ".join(place.lower().split()))
        details["location"] = code or "other"
        if code is None:
            _add_note(details, f"place: {place}")
    if row["start condition"]:
        details["mood_start"] = row["start condition"]
    if row["end condition"]:
        details["mood_end"] = row["end condition"]
    _add_note(details, row["notes"], first=True)
    return _lasting(row, clock, "sleep", details)


def _diaper(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {}
    content = row["end condition"]
    what, _, size = content.partition(":")
    what = what.strip().lower()
    if what == "pee":
        details["wet"] = True
    elif what == "poo":
        details["dirty"] = True
    elif what == "both":
        details["wet"] = details["dirty"] = True
    elif what in ("dry", "clean"):
        details["dry"] = True
    else:
        raise RowError(
            f"End Condition “{content}” is not Pee, Poo or Both"
            if content
            else "End Condition is empty: cannot tell a wet nappy from a dirty one"
        )
    _add_note(details, row["notes"])
    # The colour sits in the Duration column on diaper rows; a cell with no letters in it
    # (an empty time such as "00:00") carries no colour.
    colour = row["duration"]
    if re.search(r"[a-zA-Z]", colour):
        word = " ".join(colour.lower().split())
        details["colour"] = word if word in _COLOURS else "other"
        if word not in _COLOURS:
            _add_note(details, f"colour: {colour}")
    if size.strip():
        _add_note(details, f"size: {size.strip()}")
    start, flags = _point(row, clock)
    return _make(row, "nappy", start, None, details, flags)


def _growth(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {}
    if row["start location"]:
        details["length_cm"] = _convert(row["start location"], "Start Location", cm_from)
    if row["start condition"]:
        details["weight_kg"] = _convert(row["start condition"], "Start Condition", kg_from)
    if row["end condition"]:
        details["head_cm"] = _convert(row["end condition"], "End Condition", cm_from)
    if not details:
        raise RowError("Growth row has no length, weight or head size")
    _add_note(details, row["notes"])
    start, flags = _point(row, clock, date_only_at_noon=True)
    return _make(row, "growth", start, None, details, flags)


def _meds(row: dict[str, str], clock: _Clock) -> Entry:
    name = row["start location"]
    if not name:
        raise RowError("Start Location (the medicine's name) is empty")
    details: dict[str, Any] = {"name": name}
    dose = row["start condition"]
    if dose:
        found = amount_and_unit(dose)
        if found is None:
            raise RowError(f"Start Condition “{dose}” is not a dose like 2.5ml")
        details["dose"] = found[0]
        if found[1]:
            unit = _MED_UNITS.get(found[1])
            details["unit"] = unit or "other"
            if unit is None:
                _add_note(details, f"unit: {found[1]}")
    _add_note(details, row["notes"], first=True)
    if row["end condition"]:
        _add_note(details, row["end condition"])
    start, flags = _point(row, clock)
    return _make(row, "medicine", start, None, details, flags)


def _pump(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {}
    first, second = row["start condition"], row["end condition"]
    if first and second:
        details["left_ml"] = _convert(first, "Start Condition", ml_from)
        details["right_ml"] = _convert(second, "End Condition", ml_from)
    elif first:
        details["total_ml"] = _convert(first, "Start Condition", ml_from)
    elif second:
        details["right_ml"] = _convert(second, "End Condition", ml_from)
    _add_note(details, row["notes"])
    return _lasting(row, clock, "pump", details)


def _potty(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {}
    value = row["end condition"]
    if value:
        what = value.partition(":")[0].strip().lower()
        result = _POTTY.get(what)
        if result is None:
            _add_note(details, f"result: {value}")
        else:
            details["result"] = result
    _add_note(details, row["notes"], first=True)
    start, flags = _point(row, clock)
    return _make(row, "potty", start, None, details, flags)


def _as_note(row: dict[str, str], clock: _Clock, label: str) -> Entry:
    parts = [
        f"{_title(column)}: {row[column]}"
        for column in ("end", "duration", "start condition", "start location", "end condition")
        if row[column]
    ]
    text = f"{label} ({'; '.join(parts)})" if parts else label
    if row["notes"]:
        text = f"{text}: {row['notes']}"
    start, flags = _point(row, clock)
    return _make(row, "note", start, None, {"text": text}, flags)


def _lasting(row: dict[str, str], clock: _Clock, kind: str, details: dict[str, Any]) -> Entry:
    """Something with a length: no End and no Duration means no end, never a timer."""
    start, end, flags = _times(row, clock, point=False)
    if end is None:
        flags.add(NO_END)
    elif kind == "sleep" and end - start <= timedelta(minutes=1):
        flags.add(MARKER)
    return _make(row, kind, start, end, details, flags)


# -- Values ------------------------------------------------------------------------------


def _convert(value: str, column: str, convert: Any) -> float:
    found = amount_and_unit(value)
    if found is None:
        raise RowError(f"{column} “{value}” is not an amount with a unit")
    amount, unit = found
    if not unit:
        raise RowError(f"{column} “{value}” has no unit")
    try:
        return float(convert(amount, unit))
    except ValueError:
        raise RowError(f"{column} “{value}”: unknown unit “{unit}”") from None


def _add_note(details: dict[str, Any], text: str, *, first: bool = False) -> None:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return
    old = details.get("note")
    if not old:
        details["note"] = text
    else:
        details["note"] = f"{text}; {old}" if first else f"{old}; {text}"


def _title(column: str) -> str:
    """A header key as the export spells it ("start condition" -> "Start Condition")."""
    return column.title()


# -- Times -------------------------------------------------------------------------------


def _local(row: dict[str, str], column: str, clock: _Clock) -> datetime | None:
    value = row[column]
    if not value:
        return None
    found = parse_local(value, clock.times)
    if found is None:
        raise RowError(f"{_title(column)} “{value}” is not a time like 2023-03-05 14:07")
    return found


def _start(row: dict[str, str], clock: _Clock) -> datetime:
    start = _local(row, "start", clock)
    if start is None:
        raise RowError("Start is empty")
    return start


def _point(
    row: dict[str, str], clock: _Clock, *, date_only_at_noon: bool = False
) -> tuple[datetime, set[str]]:
    if date_only_at_noon and row["start"]:
        day = parse_local(row["start"], clock.days)
        if day is not None:
            return at_noon(day.date(), clock.tz), set()
    instant = to_instant(_start(row, clock), clock.tz)
    return instant.at, instant.flags


def _times(
    row: dict[str, str], clock: _Clock, *, point: bool
) -> tuple[datetime, datetime | None, set[str]]:
    """Start and end instants from Start, End and Duration. With no End and no Duration, a
    point event ends where it starts and a lasting one has no end."""
    start = _start(row, clock)
    end = _local(row, "end", clock)
    duration = None
    if row["duration"]:
        duration = clock_duration(row["duration"])
        if duration is None:
            raise RowError(f"Duration “{row['duration']}” is not a length like 00:24")
    start_at, end_at, flags = span(start, end, duration, clock.tz)
    if end is not None and end_at is not None and end_at < start_at:
        raise RowError(f"End “{row['end']}” is before Start “{row['start']}”")
    if end_at is None and point:
        end_at = start_at
    return start_at, end_at, flags


def _make(
    row: dict[str, str],
    kind: str,
    start: datetime,
    end: datetime | None,
    details: dict[str, Any],
    flags: set[str],
) -> Entry:
    key = fingerprint(
        FORMAT,
        row["type"].lower(),
        " ".join(row["start"].split()),
        " ".join(row["end"].split()),
        row["duration"],
        json.dumps(details, sort_keys=True, ensure_ascii=False),
    )
    return Entry(
        file="",
        line=0,
        kind=kind,
        start=start,
        end=end,
        details=details,
        flags=flags,
        fingerprint=key,
    )

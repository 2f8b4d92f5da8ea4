"""Baby Connect's CSV export: one file, one row per activity, nine columns
(tracker-formats.md §2).

Times are `M/D/YY h:mm AM/PM`, local, with no zone. A row with a length gives an end time, a
duration in minutes, or both; with no end time the end is the start instant plus the minutes
in elapsed time. Bottle quantities are US fl oz unless `Extra data` or `Text` says ml;
measurements take their unit from `Extra data`. `Text` is the app's own sentence and holds
the baby's name, so it is only read (for a unit, a breast side or a nappy's content) and never
stored. `Caregiver` is the initial of whoever logged the row, not whoever gave the care.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from .base import (
    KG_PER_LB,
    KG_PER_OZ,
    MARKER,
    NO_END,
    Entry,
    Parsed,
    RowError,
    SourceFile,
    amount_and_unit,
    cm_from,
    date_order,
    fingerprint,
    kg_from,
    ml_from,
    number,
    ordered,
    parse_local,
    round_to,
    rows_under_header,
    sniff_header,
    span,
    to_instant,
)

FORMAT = "babyconnect"
LABEL = "Baby Connect"

COLUMNS = (
    "date and time",
    "end time",
    "duration (min)",
    "activity",
    "quantity",
    "extra data",
    "text",
    "notes",
    "caregiver",
)
_TIME_FORMATS = (
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y %H:%M",
    # As a spreadsheet writes them when the file is saved again from it.
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",  # a date cell of a workbook the file was saved as
    "%Y-%m-%d %H:%M",
)


@dataclass(frozen=True)
class _Clock:
    """The family's time zone and the forms of one file's times."""

    tz: tzinfo
    times: tuple[str, ...]


LOGGED_BY_REMARK = (
    "Baby Connect's Caregiver column records who logged each row, not who gave the care: "
    "the initials are kept as who logged it."
)
DEFAULT_OZ_REMARK = (
    "Some Baby Connect bottles named no unit in Extra data or Text; their quantities were "
    "read as US fl oz, the unit of the exports we have seen."
)

# A volume unit standing on its own ("ml", "4 oz"), not inside a word; in Text, only right
# after a number ("120ml", "4 oz"), so a word in the baby's name is never read as a unit.
_UNIT = r"(ml|mls|millilit(?:er|re)s?|cc|fl\.?\s*oz|oz|ounces?)(?![a-z])"
_VOLUME = re.compile(r"(?<![a-z])" + _UNIT, re.IGNORECASE)
_VOLUME_AFTER_NUMBER = re.compile(r"\d\s*" + _UNIT, re.IGNORECASE)
_MILKS = {
    "formula": "formula",
    "milk": "breast_milk",
    "breast milk": "breast_milk",
    "breastmilk": "breast_milk",
    "expressed milk": "breast_milk",
    "pumped milk": "breast_milk",
    "mixed": "mixed",
}
_SOLID_UNITS = {
    "g",
    "oz",
    "ml",
    "tbsp",
    "tsp",
    "spoon",
    "spoons",
    "spoonful",
    "spoonfuls",
    "cup",
    "cups",
    "jar",
    "jars",
    "pouch",
    "pouches",
    "piece",
    "pieces",
    "bite",
    "bites",
}
_LB_OZ = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(?:lb|lbs|pounds?)\.?\s+(\d+(?:\.\d+)?)\s*(?:oz|ounces?)\.?\s*$",
    re.IGNORECASE,
)
_GROWTH = {"height": "length_cm", "weight": "weight_kg", "head size": "head_cm"}
_NAPPY_LABELS = ("diaper", "nappy")


def sniff(files: list[SourceFile]) -> bool:
    return sniff_header(files, COLUMNS)


def parse(files: list[SourceFile], tz: tzinfo) -> Parsed:
    parsed = Parsed(FORMAT)
    defaulted_oz = False
    for source in files:
        rows = list(rows_under_header(parsed, source, COLUMNS, "Baby Connect"))
        days_first = date_order(
            parsed,
            source.name,
            (row[column] for _, row in rows for column in ("date and time", "end time")),
            "Baby Connect",
        )
        clock = _Clock(tz, ordered(_TIME_FORMATS, days_first))
        for line, row in rows:
            try:
                entry, label, assumed_oz = _entry(row, clock)
            except RowError as exc:
                parsed.problem(source.name, line, str(exc))
                continue
            entry.file, entry.line = source.name, line
            parsed.entries.append(entry)
            defaulted_oz |= assumed_oz
            if label is not None:
                parsed.as_notes[label] += 1
    if any(entry.person for entry in parsed.entries):
        parsed.remarks.append(LOGGED_BY_REMARK)
    if defaulted_oz:
        parsed.remarks.append(DEFAULT_OZ_REMARK)
    return parsed


# -- Rows --------------------------------------------------------------------------------


def _entry(row: dict[str, str], clock: _Clock) -> tuple[Entry, str | None, bool]:
    """The entry for one row, the label it is counted under when kept as a note, and
    whether a bottle's unit was assumed to be fl oz."""
    label = " ".join(row["activity"].split())
    activity = label.lower()
    if activity == "sleep":
        return _sleep(row, clock), None, False
    if activity == "bottle":
        entry, assumed = _bottle(row, clock)
        return entry, None, assumed
    if activity == "nursing":
        return _nursing(row, clock), None, False
    if activity in ("solid", "solids"):
        return _solids(row, clock), None, False
    if activity in _GROWTH:
        return _growth(row, clock, _GROWTH[activity]), None, False
    if not label:
        raise RowError("Activity is empty")
    if any(word in activity for word in _NAPPY_LABELS):
        nappy = _nappy(row, clock)
        if nappy is not None:
            return nappy, None, False
    return _as_note(row, clock, label), label, False


def _sleep(row: dict[str, str], clock: _Clock) -> Entry:
    details = _with_note({}, row)
    start, end, flags = _times(row, clock)
    if end is None:
        flags.add(NO_END)
    elif end - start <= timedelta(minutes=1):
        flags.add(MARKER)
    return _make(row, "sleep", start, end, details, flags)


def _bottle(row: dict[str, str], clock: _Clock) -> tuple[Entry, bool]:
    details: dict[str, Any] = {"method": "bottle"}
    assumed_oz = False
    quantity, extra = row["quantity"], row["extra data"]
    if quantity:
        found = amount_and_unit(quantity)
        if found is None:
            raise RowError(f"Quantity “{quantity}” is not a number")
        amount, unit = found
        units = {_volume_unit(u) for u in ([unit] if unit else [])}
        units |= {_volume_unit(m) for m in _VOLUME.findall(extra)}
        units |= {_volume_unit(m) for m in _VOLUME_AFTER_NUMBER.findall(row["text"])}
        if len(units) > 1:
            raise RowError(
                f"Quantity “{quantity}”: Extra data and Text name both ml and oz, "
                "so the unit is unclear"
            )
        if not units:
            assumed_oz = True
        try:
            details["amount_ml"] = ml_from(amount, units.pop() if units else "oz")
        except ValueError:
            raise RowError(f"Quantity “{quantity}”: unknown unit “{unit}”") from None
    milk = " ".join(_VOLUME.sub(" ", extra).replace(",", " ").split())
    if milk:
        code = _MILKS.get(milk.lower())
        details["milk"] = code or "other"
        if code is None:
            _add_note(details, f"milk: {milk}")
    _with_note(details, row, first=True)
    start, end, flags = _times(row, clock)
    return _make(row, "feed", start, end if end is not None else start, details, flags), assumed_oz


def _nursing(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {"method": "breast"}
    side = _side(row["text"])
    if side is not None:
        details["side"] = side
    _with_note(details, row)
    start, end, flags = _times(row, clock)
    return _make(row, "feed", start, end if end is not None else start, details, flags)


def _solids(row: dict[str, str], clock: _Clock) -> Entry:
    details: dict[str, Any] = {}
    quantity, extra = row["quantity"], row["extra data"]
    is_unit = extra.lower().rstrip(".") in _SOLID_UNITS
    if extra and not is_unit:
        details["foods"] = extra
    if quantity:
        found = amount_and_unit(quantity)
        if found is None:
            raise RowError(f"Quantity “{quantity}” is not a number")
        details["amount"] = found[0]
        unit = found[1] or (extra.lower().rstrip(".") if is_unit else "")
        if unit:
            details["unit"] = unit
    _with_note(details, row)
    start, flags = _point(row, clock)
    return _make(row, "solids", start, None, details, flags)


def _growth(row: dict[str, str], clock: _Clock, field: str) -> Entry:
    quantity, extra = row["quantity"], row["extra data"]
    if not quantity:
        raise RowError(f"{row['activity']} row has an empty Quantity")
    if field == "weight_kg" and (both := _LB_OZ.match(quantity)):
        pounds = float(both.group(1)) * KG_PER_LB + float(both.group(2)) * KG_PER_OZ
        value = round_to(pounds, 3)
    else:
        found = amount_and_unit(quantity)
        if found is None:
            raise RowError(f"Quantity “{quantity}” is not a number")
        amount, unit = found
        unit = unit or extra.lower()
        if not unit:
            raise RowError(f"{row['activity']} “{quantity}” has no unit in Extra data")
        convert = kg_from if field == "weight_kg" else cm_from
        try:
            value = convert(amount, unit)
        except ValueError:
            raise RowError(
                f"Extra data “{extra or unit}” is not a unit for {row['activity']}"
            ) from None
    details = _with_note({field: value}, row)
    start, flags = _point(row, clock)
    return _make(row, "growth", start, None, details, flags)


def _nappy(row: dict[str, str], clock: _Clock) -> Entry | None:
    """A nappy when Extra data or Text says what was in it; None when they do not."""
    said = f"{row['extra data']} {row['text']}".lower()
    wet = bool(re.search(r"\b(wet|pee|urine)\b", said))
    dirty = bool(re.search(r"\b(bm|dirty|poo|poop|poopy|soiled|stool)\b", said))
    dry = bool(re.search(r"\b(dry|clean)\b", said))
    if not (wet or dirty or dry) or (dry and (wet or dirty)):
        return None
    found = {"wet": wet, "dirty": dirty, "dry": dry}
    details = _with_note({name: True for name, is_so in found.items() if is_so}, row)
    start, flags = _point(row, clock)
    return _make(row, "nappy", start, None, details, flags)


def _as_note(row: dict[str, str], clock: _Clock, label: str) -> Entry:
    """A row kept as a note: the activity label, its quantity and length, and the user's
    Notes. Text is left out: it is derived and names the baby."""
    parts = [" ".join(p for p in (row["quantity"], row["extra data"]) if p)]
    if row["duration (min)"]:
        parts.append(f"{row['duration (min)']} min")
    parts = [p for p in parts if p]
    text = f"{label} ({', '.join(parts)})" if parts else label
    if row["notes"]:
        text = f"{text}: {row['notes']}"
    start, flags = _point(row, clock)
    return _make(row, "note", start, None, {"text": text}, flags)


# -- Values ------------------------------------------------------------------------------


def _volume_unit(word: str) -> str:
    word = word.lower()
    return "oz" if "oz" in word or word.startswith("ounce") else "ml"


def _side(text: str) -> str | None:
    """The breast side when Text names it plainly; None otherwise."""
    text = text.lower()
    if re.search(r"\bboth (sides|breasts)\b", text):
        return "both"
    left = bool(re.search(r"\bleft\b", text))
    right = bool(re.search(r"\bright\b", text))
    if left and right:
        return "both"
    if left or right:
        return "left" if left else "right"
    return None


def _add_note(details: dict[str, Any], text: str, *, first: bool = False) -> None:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return
    old = details.get("note")
    if not old:
        details["note"] = text
    else:
        details["note"] = f"{text}; {old}" if first else f"{old}; {text}"


def _with_note(
    details: dict[str, Any], row: dict[str, str], *, first: bool = False
) -> dict[str, Any]:
    _add_note(details, row["notes"], first=first)
    return details


# -- Times -------------------------------------------------------------------------------


def _local(row: dict[str, str], column: str, title: str, clock: _Clock) -> datetime | None:
    value = row[column]
    if not value:
        return None
    found = parse_local(value, clock.times)
    if found is None:
        raise RowError(f"{title} “{value}” is not a time like 3/9/21 7:45 PM")
    return found


def _start(row: dict[str, str], clock: _Clock) -> datetime:
    start = _local(row, "date and time", "Date and Time", clock)
    if start is None:
        raise RowError("Date and Time is empty")
    return start


def _point(row: dict[str, str], clock: _Clock) -> tuple[datetime, set[str]]:
    instant = to_instant(_start(row, clock), clock.tz)
    return instant.at, instant.flags


def _times(row: dict[str, str], clock: _Clock) -> tuple[datetime, datetime | None, set[str]]:
    """Start and end instants; with no End Time, the start plus the minutes in elapsed
    time; with neither, no end."""
    start = _start(row, clock)
    end = _local(row, "end time", "End Time", clock)
    duration = None
    if row["duration (min)"]:
        amount = number(row["duration (min)"])
        if amount is None or re.search(r"[a-zA-Z]", row["duration (min)"]):
            raise RowError(f"Duration (min) “{row['duration (min)']}” is not a number of minutes")
        duration = timedelta(minutes=amount)
    start_at, end_at, flags = span(start, end, duration, clock.tz)
    if end is not None and end_at is not None and end_at < start_at:
        raise RowError(
            f"End Time “{row['end time']}” is before Date and Time “{row['date and time']}”"
        )
    return start_at, end_at, flags


def _make(
    row: dict[str, str],
    kind: str,
    start: datetime,
    end: datetime | None,
    details: dict[str, Any],
    flags: set[str],
) -> Entry:
    person = row["caregiver"] or None
    key = fingerprint(
        FORMAT,
        row["activity"].lower(),
        " ".join(row["date and time"].split()),
        " ".join(row["end time"].split()),
        row["duration (min)"],
        row["quantity"],
        row["extra data"],
        json.dumps(details, sort_keys=True, ensure_ascii=False),
        person,
    )
    return Entry(
        file="",
        line=0,
        kind=kind,
        start=start,
        end=end,
        details=details,
        person=person,
        flags=flags,
        fingerprint=key,
    )

"""What every importer shares: the entry it produces, reading CSV the way real exports are
written (or saved again by a spreadsheet: semicolons or tabs between the cells, dates day
first), turning local wall-clock times into instants, and exact unit conversion.

Pure Python: no Django. The import service (carelog/importing.py) checks each entry with
the same rules as the app, maps people, drops what is already stored and writes.

Facts from ../shared/domain/tracker-formats.md: no export carries a time zone; times that
fall on a daylight-saving change are settled by the row's own duration where it has one,
otherwise by the rule in `to_instant`; ends given as a start plus a duration are computed
in elapsed time; US fl oz = 29.5735 ml, lb = 0.45359237 kg, in = 2.54 cm.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

ML_PER_FL_OZ = 29.5735
KG_PER_LB = 0.45359237
KG_PER_OZ = KG_PER_LB / 16
CM_PER_IN = 2.54
CM_PER_FT = 30.48

#: Flags an entry may carry (counted in the report).
DST_AMBIGUOUS = "dst_ambiguous"  # a local time that happened twice; first occurrence taken
DST_NONEXISTENT = "dst_nonexistent"  # a local time skipped by the clocks; moved forward
DST_SETTLED = "dst_settled"  # an ambiguous or skipped time settled by the row's duration
MARKER = "marker"  # a sleep of a minute or less: a "put down" mark, kept out of figures
NO_END = "no_end"  # the source gave no end for something that lasts: never a timer


class ImportFormatError(Exception):
    """The files are not in a format we read, or not all in the same one."""


@dataclass(frozen=True)
class SourceFile:
    name: str
    text: str


@dataclass
class Entry:
    """One entry to store, in carelog's terms (kind codes and details of carelog.kinds)."""

    file: str
    line: int  # 1-based line of the file, for messages
    kind: str
    start: datetime  # aware, UTC
    end: datetime | None = None  # aware, UTC; None for instants and entries with no end
    details: dict[str, Any] = field(default_factory=dict)
    person: str | None = None  # who the source names (an initial, a name), if anyone
    baby: str | None = None  # the child the source names, for exports of several children
    flags: set[str] = field(default_factory=set)
    fingerprint: str = ""  # the same source row always gives the same fingerprint


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    reason: str


@dataclass
class Parsed:
    format: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Source labels we do not hold as their own kind, kept as notes: label -> rows.
    as_notes: Counter[str] = field(default_factory=Counter)
    #: Remarks for the report, e.g. that a column records who logged a row, not who cared.
    remarks: list[str] = field(default_factory=list)

    def problem(self, file: str, line: int, reason: str) -> None:
        self.problems.append(Problem(file, line, reason))


# -- CSV --------------------------------------------------------------------------------


#: Field separators a CSV export may use: a comma, a semicolon (a spreadsheet saved in a
#: locale whose decimal mark is a comma) or a tab (a spreadsheet's "text" export).
DELIMITERS = (",", ";", "\t")
_LINE = re.compile(r"[^\r\n]+")


def sniff_delimiter(text: str) -> str:
    """The separator of `text`, judged from its first non-blank line (the header): the one
    that splits it into the most cells, quotes respected; a comma when none splits it."""
    found_line = next((m for m in _LINE.finditer(text) if m.group().strip()), None)
    first = found_line.group() if found_line else ""
    best, cells = ",", 1
    for candidate in DELIMITERS:
        found = len(next(csv.reader([first], delimiter=candidate), []))
        if found > cells:
            best, cells = candidate, found
    return best


def read_rows(text: str, *, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells) for every non-blank row, quote-aware, cells trimmed.

    The line number is that of the row's first physical line, so a message can point at it
    even when a quoted note spans lines. A byte-order mark and CR line ends are dropped.
    The separator is read from the header line unless `delimiter` is given, so a file saved
    again by a spreadsheet with semicolons between the cells reads like the original.
    """
    text = text.removeprefix("\ufeff")
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    line = 1
    for cells in reader:
        first = line
        line = reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        yield first, [cell.strip() for cell in cells]


def headed_files(
    files: Iterable[SourceFile],
    parsed: Parsed,
    kind_of: Callable[[list[str]], str | None],
    refused: str,
) -> Iterator[tuple[SourceFile, str, list[str], Iterator[tuple[int, list[str]]]]]:
    """Each file whose header ``kind_of`` recognises: (file, its kind, the header's cells,
    the rows after it). An empty file is passed over; any other is skipped with ``refused``
    as a problem at its header line."""
    for file in files:
        rows = read_rows(file.text)
        first = next(rows, None)
        if first is None:
            continue
        kind = kind_of(first[1])
        if kind is None:
            parsed.problem(file.name, first[0], refused)
            continue
        yield file, kind, first[1], rows


@functools.lru_cache(maxsize=1024)
def header_key(cell: str) -> str:
    """A header cell reduced for comparison: lower case, spaces collapsed."""
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').lower().split())


def by_header(header: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    """Cells keyed by header_key; short rows (a missing trailing note) filled with ""."""
    keys = _keys(tuple(header))
    width = len(cells)
    return {key: (cells[i] if i < width else "") for i, key in keys}


@functools.lru_cache(maxsize=64)
def _keys(header: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((i, header_key(name)) for i, name in enumerate(header) if name.strip())


def loose_key(cell: str) -> str:
    """A header cell for comparing with a format's columns: header_key, with no space next
    to a bracket, so "Duration (min)" and "Duration(min)" match."""
    return _BRACKET_SPACE.sub(r"\1", header_key(cell))


_BRACKET_SPACE = re.compile(r"\s*([()])\s*")


def has_header(cells: Sequence[str], columns: Iterable[str]) -> bool:
    """True when every one of `columns` is among the cells, compared by loose_key, in any
    order; other columns may sit beside them (they are reported, not read)."""
    present = {loose_key(c) for c in cells if c.strip()}
    return {loose_key(c) for c in columns} <= present


def sniff_header(files: list[SourceFile], columns: Iterable[str]) -> bool:
    """True when every file is one CSV whose first line holds `columns`."""
    wanted = tuple(columns)
    if not files:
        return False
    for source in files:
        first = next(read_rows(source.text), None)
        if first is None or not has_header(first[1], wanted):
            return False
    return True


def _named_columns(
    header: Sequence[str], columns: Sequence[str]
) -> tuple[list[str | None], list[str]]:
    """For each header cell, the column of `columns` it is (None for any other), and the
    other non-empty header cells as written."""
    wanted = {loose_key(c): c for c in columns}
    names: list[str | None] = []
    unknown: list[str] = []
    for cell in header:
        name = wanted.pop(loose_key(cell), None)
        names.append(name)
        if name is None and cell.strip():
            unknown.append(cell.strip())
    return names, unknown


def unknown_columns_remark(file: str, unknown: Sequence[str], app: str) -> str:
    shown = ", ".join(f"“{name}”" for name in unknown)
    one = len(unknown) == 1
    return (
        f"{file}: the column{'' if one else 's'} {shown} {'is' if one else 'are'} not part of "
        f"{app}'s export and {'was' if one else 'were'} not read."
    )


def rows_under_header(
    parsed: Parsed, source: SourceFile, columns: Iterable[str], app: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, cells by column) for each row of a one-header CSV export, keyed by `columns`
    as given, whatever order or spelling the file's header has them in.

    A file whose first line lacks `app`'s columns, and a row with more cells than the
    header, are reported on `parsed` with their line; columns the format does not have are
    named in a remark; nothing is dropped silently.
    """
    wanted = tuple(columns)
    rows = read_rows(source.text)
    first = next(rows, None)
    if first is None:
        return
    if not has_header(first[1], wanted):
        missing = sorted(
            set(wanted) - {c for c in _named_columns(first[1], wanted)[0] if c is not None}
        )
        parsed.problem(
            source.name,
            first[0],
            f"the first line is not {app}'s header (missing: {', '.join(missing)})",
        )
        return
    header = first[1]
    names, unknown = _named_columns(header, wanted)
    if unknown:
        parsed.remarks.append(unknown_columns_remark(source.name, unknown, app))
    width = len(header)
    for line, cells in rows:
        extra = [c for c in cells[width:] if c]
        if extra:
            parsed.problem(
                source.name,
                line,
                f"the row has {len(cells)} cells but the header has {width}; "
                f"unexpected “{', '.join(extra)}”",
            )
            continue
        row = dict.fromkeys(wanted, "")
        for i, name in enumerate(names):
            if name is not None and i < len(cells):
                row[name] = cells[i]
        yield line, row


class RowError(Exception):
    """A row we cannot read; the message names the column and the value."""


# -- Numbers and units -------------------------------------------------------------------

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def number(value: str) -> float | None:
    """The first number in `value` ("110ml" -> 110.0, "2,5" -> 2.5), or None."""
    match = _NUMBER.search(value or "")
    if not match:
        return None
    return float(match.group().replace(",", "."))


def round_to(value: float, places: int) -> float:
    return float(f"{value:.{places}f}")


def ml_from(amount: float, unit: str) -> float:
    """Millilitres from an amount in `unit` (ml, oz / fl oz, l); ValueError if unknown."""
    unit = unit.strip().lower().rstrip(".")
    if unit in ("ml", "mls", "milliliter", "milliliters", "millilitre", "millilitres", "cc"):
        return round_to(amount, 1)
    if unit in ("oz", "fl oz", "floz", "fl. oz", "ounce", "ounces", "fl", "fl.oz"):
        return round_to(amount * ML_PER_FL_OZ, 1)
    if unit in ("l", "liter", "litre"):
        return round_to(amount * 1000, 1)
    raise ValueError(f"unknown volume unit “{unit}”")


def kg_from(amount: float, unit: str) -> float:
    unit = unit.strip().lower().rstrip(".")
    if unit in ("kg", "kgs", "kilogram", "kilograms"):
        return round_to(amount, 3)
    if unit in ("g", "gram", "grams"):
        return round_to(amount / 1000, 3)
    if unit in ("lb", "lbs", "pound", "pounds", "lbs.oz", "lb.oz"):
        return round_to(amount * KG_PER_LB, 3)
    if unit in ("oz", "ounce", "ounces"):
        return round_to(amount * KG_PER_OZ, 3)
    raise ValueError(f"unknown weight unit “{unit}”")


def cm_from(amount: float, unit: str) -> float:
    unit = unit.strip().lower().rstrip(".")
    if unit in ("cm", "cms", "centimeter", "centimeters", "centimetre", "centimetres"):
        return round_to(amount, 1)
    if unit == "mm":
        return round_to(amount / 10, 1)
    if unit in ("in", "inch", "inches", '"'):
        return round_to(amount * CM_PER_IN, 1)
    if unit in ("ft", "feet", "foot", "ft.in"):
        return round_to(amount * CM_PER_FT, 1)
    raise ValueError(f"unknown length unit “{unit}”")


def celsius_from(amount: float, unit: str) -> float:
    unit = unit.strip().lower().replace("°", "").rstrip(".")
    if unit in ("c", "celsius", "degc"):
        return round_to(amount, 1)
    if unit in ("f", "fahrenheit", "degf"):
        return round_to((amount - 32) * 5 / 9, 1)
    raise ValueError(f"unknown temperature unit “{unit}”")


_UNIT_AFTER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([a-zA-Z°\". ]*?)\s*$")


def amount_and_unit(value: str) -> tuple[float, str] | None:
    """("110ml") -> (110.0, "ml"); ("4 oz") -> (4.0, "oz"); None if not a number + unit."""
    match = _UNIT_AFTER.match(value or "")
    if not match:
        return None
    return float(match.group(1).replace(",", ".")), match.group(2).strip().lower()


# -- Durations ---------------------------------------------------------------------------


def clock_duration(value: str) -> timedelta | None:
    """A duration from H:MM:SS ("1:35:00") or H:MM ("00:24"); None if empty or not one."""
    parts = (value or "").strip().split(":")
    if not (2 <= len(parts) <= 3) or not all(p.strip().isdigit() for p in parts):
        return None
    nums = [int(p) for p in parts]
    if len(nums) == 2:
        return timedelta(hours=nums[0], minutes=nums[1])
    return timedelta(hours=nums[0], minutes=nums[1], seconds=nums[2])


def minutes_seconds(value: str) -> int | None:
    """Seconds from m:ss ("9:30" -> 570); None if empty or not one."""
    parts = (value or "").strip().split(":")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        return None
    return int(parts[0]) * 60 + int(parts[1])


def minutes(value: str) -> timedelta | None:
    amount = number(value)
    return None if amount is None else timedelta(minutes=amount)


# -- Local times ------------------------------------------------------------------------

_AMPM = re.compile(r"\s*([AaPp])\.?\s*[Mm]\.?\s*$")


def parse_local(value: str, formats: Iterable[str]) -> datetime | None:
    """A naive local datetime from `value` in the first of `formats` that fits.

    A 24-hour time with a redundant AM/PM ("19:20 PM", Hatch) is read as 24-hour; a real
    12-hour time ("7:20 PM") is read as 12-hour; "0:30 AM" as 00:30.
    """
    value = " ".join((value or "").replace("\u202f", " ").split())
    if not value:
        return None
    marker = _AMPM.search(value)
    if marker:
        bare = value[: marker.start()]
        hour = re.search(r"(\d{1,2}):\d{2}(?::\d{2})?$", bare)
        if hour and (int(hour.group(1)) > 12 or int(hour.group(1)) == 0):
            value = bare  # 24-hour with a marker that adds nothing
        else:
            # "p.m.", "pm", "p. m." as strptime's "PM"
            value = f"{bare} {marker.group(1).upper()}M"
    for fmt in formats:
        if fmt in _ISO_FORMATS and _ISO.match(value):
            # The same result as strptime, from the C parser: a long log has 100,000 of these.
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                return None
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?!\d)")


def day_first(values: Iterable[str]) -> bool | None:
    """Whether the numeric dates in `values` ("13/3/21", "3/13/21") are written day first
    (True) or month first (False), judged from the dates whose first or second number is
    above 12; None when no date settles it, or when the dates disagree."""
    days_first = months_first = False
    for value in values:
        match = _NUMERIC_DATE.match(value)
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            days_first = True
        elif second > 12 >= first:
            months_first = True
    if days_first == months_first:
        return None
    return days_first


def ordered(formats: tuple[str, ...], days_first: bool) -> tuple[str, ...]:
    """`formats` with each month-first slashed date ("%m/%d/%y") swapped to day first when
    `days_first`, followed by their dotted day-first forms ("%d.%m.%y", the form of
    most of Europe), which are never month first."""
    return _ordered(formats, days_first)


@functools.lru_cache(maxsize=64)
def _ordered(formats: tuple[str, ...], days_first: bool) -> tuple[str, ...]:
    slashed = tuple(f.replace("%m/%d/", "%d/%m/") if days_first else f for f in formats)
    dotted = tuple(f.replace("%m/%d/", "%d.%m.") for f in formats if "%m/%d/" in f)
    return slashed + tuple(f for f in dotted if f not in slashed)


def date_order(
    parsed: Parsed, file: str, values: Iterable[str], app: str, *, usual: str = "M/D/Y"
) -> bool:
    """Whether `file`'s numeric dates are day first, from `values` (see day_first). When
    no date settles it, the app's usual month-first order is kept and a remark says so,
    if any date could be read either way."""
    seen = list(values)
    found = day_first(seen)
    if found is not None:
        if found:
            parsed.remarks.append(
                f"{file}: the dates are written day first (D/M/Y), as a phone or spreadsheet "
                "set to a European locale writes them, and were read that way."
            )
        return found
    either = 0
    for value in seen:
        match = _NUMERIC_DATE.match(value)
        if match and match.group(1) != match.group(2) and "." not in match.group():
            either += 1
    if either:
        parsed.remarks.append(
            f"{file}: no date in the file has a day above 12, so whether its dates are "
            f"month first or day first cannot be told; they were read {usual}, as {app} "
            "writes them. Check the dates in the preview."
        )
    return False


_ISO_FORMATS = frozenset(
    {"%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"}
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?$")


_OFFSETS: dict[tuple[Any, ...], tuple[timedelta | None, timedelta | None]] = {}


def _candidates(naive: datetime, tz: tzinfo) -> tuple[list[datetime], bool]:
    """The instants a naive local time can mean: two at a fall-back hour, one normally,
    and for a time the clocks skipped, the instant it lands on moved forward by the gap
    (returned with True)."""
    hour = (tz, naive.year, naive.month, naive.day, naive.hour, naive.minute >= 30)
    offsets = _OFFSETS.get(hour)
    if offsets is None:
        if len(_OFFSETS) > 200_000:
            _OFFSETS.clear()
        # Clocks change on the hour or half hour, so these hold for the whole half hour.
        offsets = _OFFSETS[hour] = (
            naive.replace(tzinfo=tz, fold=0).utcoffset(),
            naive.replace(tzinfo=tz, fold=1).utcoffset(),
        )
    if offsets[0] == offsets[1] and offsets[0] is not None:
        # Nowhere near a clock change (both readings agree): the one instant.
        return [(naive - offsets[0]).replace(tzinfo=UTC)], False
    found = []
    for fold in (0, 1):
        local = naive.replace(tzinfo=tz, fold=fold)
        utc = local.astimezone(UTC)
        if utc.astimezone(tz).replace(tzinfo=None) == naive and utc not in found:
            found.append(utc)
    if found:
        return found, False
    # Skipped: reading it with the offset before the change lands after the gap.
    return [naive.replace(tzinfo=tz, fold=0).astimezone(UTC)], True


@dataclass(frozen=True)
class Instant:
    at: datetime  # UTC
    flag: str | None = None

    @property
    def flags(self) -> set[str]:
        """The flag as an Entry's flags: empty when the time was plain."""
        return {self.flag} if self.flag else set()


def to_instant(naive: datetime, tz: tzinfo) -> Instant:
    """A local time as an instant. Twice-happening times take the first occurrence and
    skipped times move forward by the gap; both are flagged."""
    found, skipped = _candidates(naive, tz)
    if skipped:
        return Instant(found[0], DST_NONEXISTENT)
    if len(found) > 1:
        return Instant(found[0], DST_AMBIGUOUS)
    return Instant(found[0])


def span(
    start: datetime, end: datetime | None, duration: timedelta | None, tz: tzinfo
) -> tuple[datetime, datetime | None, set[str]]:
    """Start and end instants for a row with a local start and an optional local end and
    stated duration.

    - start and end given: where either falls on a clock change, the pair whose elapsed
      time equals the stated duration (to the minute) is taken and the row counts as
      settled; without a duration to go by, the rule of `to_instant` holds and is flagged.
    - start and duration only: the end is the start instant plus the duration, in elapsed
      time (never minutes added to the wall clock).
    """
    starts, start_skipped = _candidates(start, tz)
    if end is None:
        first = to_instant(start, tz)
        flags = first.flags
        return first.at, (first.at + duration if duration is not None else None), flags
    ends, end_skipped = _candidates(end, tz)
    unclear = start_skipped or end_skipped or len(starts) > 1 or len(ends) > 1
    if not unclear:
        return starts[0], ends[0], set()
    if duration is not None:
        for s in starts:
            for e in ends:
                if abs((e - s) - duration) < timedelta(minutes=1):
                    return s, e, {DST_SETTLED}
        # The stated duration fits no reading: trust it from the first start.
        return starts[0], starts[0] + duration, {DST_SETTLED}
    first, last = to_instant(start, tz), to_instant(end, tz)
    flags = {f for f in (first.flag, last.flag) if f}
    end_at = last.at
    if end_at < first.at and len(ends) > 1:
        end_at = ends[-1]
    return first.at, end_at, flags


def at_noon(day: date, tz: tzinfo) -> datetime:
    """A date-only measurement as noon local time (midnight can shift the day in UTC)."""
    return to_instant(datetime.combine(day, time(12, 0)), tz).at


# -- Identity ----------------------------------------------------------------------------


def fingerprint(fmt: str, *parts: Any) -> str:
    """The same source row always gives the same key; rows differing in any value differ.

    Built from the format, the row's own kind and its cells (normalised by the caller),
    never from the file name or line number, so a later export that repeats the rows of an
    earlier one, or the same row twice in one file, gives the same key.
    """
    raw = "\x1f".join([fmt, *("" if p is None else str(p) for p in parts)])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()

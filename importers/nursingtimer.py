"""Nursing Timer's CSV export: one header, then blocks of feeds, pumps, sleeps and nappies.

Facts from ../shared/domain/tracker-formats.md §5 (observed, no published spec): one header
`#, time, Left, Right, Bottle, Bottle Amount, Sleep time, wet, solid, Pump Amount`, fields
separated by ", ", CRLF line ends, blocks separated by blank lines, and `#` restarting in
every block. What a row is comes from which of its columns are filled, never from its block,
line or `#`: a row may therefore give more than one entry. Times are `MM/DD/YY HH:MM:SS`
local wall-clock time with no zone; breast sides are `m:ss`, sleep is `H:MM:SS` from the
start, amounts carry their unit (`2.5oz`, `60ml`).

Each export repeats every earlier one, so fingerprints are built from the row's meaning
(type, local start, values) and never from `#` or the line, and re-importing a later export
adds only what is new.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from . import base
from .base import Entry, Parsed, SourceFile

FORMAT = "nursingtimer"
LABEL = "Nursing Timer"

HEADER = (
    "#",
    "time",
    "left",
    "right",
    "bottle",
    "bottle amount",
    "sleep time",
    "wet",
    "solid",
    "pump amount",
)

TIME_FORMATS = (
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%y %H:%M",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%d %H:%M:%S",  # a date cell of a workbook the file was saved as
)

#: Bottle column -> milk. A plain "Bottle" says nothing about the milk, so milk is left out.
MILK = {"bottle-pump": "breast_milk", "bottle-formula": "formula", "bottle": None}
NO_BOTTLE = ("", "0:0", "0:00")
YES, NO = "o", "-"
MARKER_AT_MOST = timedelta(minutes=1)


def _is_header(cells: list[str]) -> bool:
    return tuple(base.header_key(c) for c in cells[: len(HEADER)]) == HEADER


def sniff(files: list[SourceFile]) -> bool:
    """True when every file opens with Nursing Timer's ten-column header."""
    if not files:
        return False
    for file in files:
        first = next(base.read_rows(file.text), None)
        if first is None or not _is_header(first[1]):
            return False
    return True


def parse(files: list[SourceFile], tz: tzinfo) -> Parsed:
    parsed = Parsed(FORMAT)
    dry_rows = 0
    for file in files:
        rows = base.read_rows(file.text)
        header = next(rows, None)
        if header is None:
            continue
        lines = [(line, cells) for line, cells in rows if not _is_header(cells)]
        # A repeated header (a second export pasted in) is not data.
        days_first = base.date_order(
            parsed, file.name, (cells[1] for _, cells in lines if len(cells) > 1), LABEL
        )
        times = base.ordered(TIME_FORMATS, days_first)
        for line, cells in lines:
            row = base.by_header(HEADER, cells)
            dry_rows += _parse_row(parsed, file.name, line, row, tz, times)
    if dry_rows:
        parsed.remarks.append(
            f"{dry_rows} Nursing Timer nappy row{'s' if dry_rows != 1 else ''} had neither "
            "wet nor solid marked; imported as dry nappy checks."
        )
    return parsed


def _parse_row(
    parsed: Parsed,
    file: str,
    line: int,
    row: dict[str, str],
    tz: tzinfo,
    times: tuple[str, ...] = TIME_FORMATS,
) -> int:
    """Add the row's entries (or its problem) to `parsed`; return 1 for a dry nappy row."""
    raw_time = row["time"]
    naive = base.parse_local(raw_time, times)
    if naive is None:
        parsed.problem(file, line, f"time “{raw_time}” is not a date and time (MM/DD/YY HH:MM:SS)")
        return 0
    before = len(parsed.entries) + len(parsed.problems)
    reader = _Row(parsed, file, line, naive, tz)
    # A row that holds breast times and a bottle (a top-up after nursing) gives two entries:
    # one breast feed and one bottle feed, each with its own fingerprint.
    reader.feeds(row)
    if row["sleep time"]:
        reader.sleep(row["sleep time"])
    if row["pump amount"]:
        reader.pump(row["pump amount"])
    dry = 0
    if row["wet"] or row["solid"]:
        dry = reader.nappy(row["wet"], row["solid"])
    if len(parsed.entries) + len(parsed.problems) == before:
        parsed.problem(
            file, line, f"row at {raw_time} has no feed, sleep, nappy or pump values to import"
        )
    return dry


class _Row:
    """One source row being turned into entries; problems name the column and value."""

    def __init__(self, parsed: Parsed, file: str, line: int, naive: datetime, tz: tzinfo):
        self.parsed, self.file, self.line, self.naive, self.tz = parsed, file, line, naive, tz
        self.key = naive.isoformat()  # the local start, whatever 12/24-hour form it had

    def problem(self, reason: str) -> None:
        self.parsed.problem(self.file, self.line, reason)

    def add(
        self,
        kind: str,
        source_type: str,
        duration: timedelta | None,
        details: dict[str, Any],
        *values: Any,
    ) -> Entry:
        start, end, flags = base.span(self.naive, None, duration, self.tz)
        entry = Entry(
            file=self.file,
            line=self.line,
            kind=kind,
            start=start,
            end=end,
            details=details,
            flags=flags,
            fingerprint=base.fingerprint(FORMAT, source_type, self.key, *values),
        )
        self.parsed.entries.append(entry)
        return entry

    def feeds(self, row: dict[str, str]) -> None:
        left_raw, right_raw = row["left"], row["right"]
        bottle_raw, amount_raw = row["bottle"], row["bottle amount"]
        has_bottle = bottle_raw not in NO_BOTTLE or amount_raw not in NO_BOTTLE
        sides: dict[str, int] = {}
        for name, raw in (("left", left_raw), ("right", right_raw)):
            if not raw:
                continue
            seconds = base.minutes_seconds(raw)
            if seconds is None:
                self.problem(f"{name.title()} “{raw}” is not a time on the breast (m:ss)")
                sides = {}
                break
            sides[name] = seconds
        nursed = sum(sides.values())
        if sides and (nursed > 0 or not has_bottle):
            self.breast(sides.get("left", 0), sides.get("right", 0))
        if has_bottle:
            self.bottle(bottle_raw, amount_raw)

    def breast(self, left_s: int, right_s: int) -> None:
        details: dict[str, Any] = {"method": "breast", "left_s": left_s, "right_s": right_s}
        if left_s or right_s:
            details["side"] = "both" if left_s and right_s else ("left" if left_s else "right")
        # The export gives the time on each side but no end. The sides are nursed one after
        # the other, so the session ends the sum of both after its start, in elapsed time
        # (pauses between sides are not recorded and so not counted). A row with 0:00 on
        # both sides is a point-in-time feed: end = start.
        self.add("feed", "breast", timedelta(seconds=left_s + right_s), details, left_s, right_s)

    def bottle(self, bottle_raw: str, amount_raw: str) -> None:
        details: dict[str, Any] = {"method": "bottle"}
        label = "" if bottle_raw in NO_BOTTLE else bottle_raw
        if label:
            key = label.lower().replace(" ", "")
            if key in MILK:
                if MILK[key]:
                    details["milk"] = MILK[key]
            elif key.startswith("bottle"):
                details["milk"] = "other"
                details["note"] = label
            else:
                self.problem(f"Bottle “{bottle_raw}” is not a bottle type")
                return
        amount_ml = None
        if amount_raw not in NO_BOTTLE:
            amount_ml = self.volume("Bottle Amount", amount_raw)
            if amount_ml is None:
                return
            details["amount_ml"] = amount_ml
        # A bottle is logged at one moment: a point time (end = start), so it counts as a feed.
        self.add("feed", "bottle", timedelta(0), details, label.lower(), amount_ml)

    def volume(self, column: str, raw: str) -> float | None:
        found = base.amount_and_unit(raw)
        if found is None:
            self.problem(f"{column} “{raw}” is not an amount with a unit (like 2.5oz or 60ml)")
            return None
        amount, unit = found
        if not unit:
            self.problem(f"{column} “{raw}” has no unit (ml or oz)")
            return None
        try:
            return base.ml_from(amount, unit)
        except ValueError:
            self.problem(f"{column} “{raw}”: unknown volume unit “{unit}”")
            return None

    def pump(self, raw: str) -> None:
        total_ml = self.volume("Pump Amount", raw)
        if total_ml is None:
            return
        # The export gives the amount and one time, no duration: a point time (end = start).
        self.add("pump", "pump", timedelta(0), {"total_ml": total_ml}, total_ml)

    def sleep(self, raw: str) -> None:
        duration = base.clock_duration(raw)
        if duration is None:
            self.problem(f"Sleep time “{raw}” is not a duration (H:MM:SS)")
            return
        entry = self.add("sleep", "sleep", duration, {}, int(duration.total_seconds()))
        if duration <= MARKER_AT_MOST:
            entry.flags.add(base.MARKER)

    def nappy(self, wet_raw: str, solid_raw: str) -> int:
        marks = {}
        for column, raw in (("wet", wet_raw), ("solid", solid_raw)):
            value = raw.lower()
            if value not in (YES, NO, ""):
                self.problem(f"{column} “{raw}” is neither O (yes) nor - (no)")
                return 0
            marks[column] = value == YES
        wet, dirty = marks["wet"], marks["solid"]
        details: dict[str, Any] = {"wet": wet, "dirty": dirty}
        if not (wet or dirty):
            # A change logged with nothing marked: a real check of a clean nappy.
            details = {"dry": True}
        start = base.to_instant(self.naive, self.tz)
        self.parsed.entries.append(
            Entry(
                file=self.file,
                line=self.line,
                kind="nappy",
                start=start.at,
                details=details,
                flags=start.flags,
                fingerprint=base.fingerprint(FORMAT, "nappy", self.key, wet, dirty),
            )
        )
        return 0 if (wet or dirty) else 1

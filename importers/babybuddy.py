"""Baby Buddy: its admin exports (CSV or JSON, one data type per file) and its REST API.

Facts from ../shared/domain/tracker-formats.md §6 and Baby Buddy's docs
(https://docs.baby-buddy.net/api/, docs/import-export.md, whose format reference is the
fixtures in core/tests/import/):

- Admin exports come from django-import-export, one model per file. Which model a file holds
  is read from its header (CSV) or keys (JSON): feeding `child_id,start,end,type,method,
  amount,notes`, diaper change `child_id,time,wet,solid,color,amount`, and so on. Newer
  versions add `id`, `child_first_name`, `child_last_name` and `tags`; some write `child`.
- Times are `YYYY-MM-DD HH:MM:SS`, naive: read as local time in the family's zone. An ISO
  time with an offset (the API, or an edited file) is taken at its offset, never re-guessed.
- Amounts have no unit anywhere: feeding and pumping amounts are read as ml, weight as kg,
  height and head circumference as cm, each with a remark saying so. Temperatures above 45
  cannot be °C for a living baby, so they are read as °F (the fixtures use °F).
- The REST API (`fetch_api`) pages through each list endpoint and keeps every answer as one
  JSON file, `api:<endpoint>.json`, holding {"endpoint": ..., "results": [...]}, so an API
  import is parsed, reported and re-run exactly like a file import.

Fingerprints are built from the row's instants in UTC (not its raw text) and its normalised
details, so the same Baby Buddy row gives the same key whether it came from an admin export
(naive local time) or from the API (time with an offset): importing both adds nothing twice.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from . import base
from .base import Entry, ImportFormatError, Parsed, SourceFile

FORMAT = "babybuddy"
LABEL = "Baby Buddy"

#: The list endpoints read by fetch_api, children first so ids can be named.
ENDPOINTS = (
    "children",
    "feedings",
    "sleep",
    "changes",
    "pumping",
    "tummy-times",
    "temperature",
    "weight",
    "height",
    "head-circumference",
    "notes",
)
#: API endpoint -> the data type an admin export of the same model is read as.
ENDPOINT_TYPE = {
    "children": "child",
    "feedings": "feeding",
    "sleep": "sleep",
    "changes": "change",
    "pumping": "pumping",
    "tummy-times": "tummy_time",
    "temperature": "temperature",
    "weight": "weight",
    "height": "height",
    "head-circumference": "head_circumference",
    "bmi": "bmi",
    "medications": "medication",
    "notes": "note",
}
PAGE_SIZE = 100  # Baby Buddy's own page size
MAX_PAGES = 10_000  # a server that never stops paging is a broken server, not a big log
CHILD_KEYS = ("child_id", "child", "child_first_name")

TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")

MILK = {
    "breast milk": "breast_milk",
    "formula": "formula",
    "fortified breast milk": "fortified",
}
SIDES = {"left breast": "left", "right breast": "right", "both breasts": "both"}
HAND_FED = ("parent fed", "self fed")
COLOURS = {"black", "brown", "green", "yellow", "orange", "red", "white"}
DOSE_UNITS = {"mg", "ml", "tablets", "drops"}
TRUE = {"true", "1", "yes", "y", "t"}
FALSE = {"false", "0", "no", "n", "f", ""}
FAHRENHEIT_ABOVE = 45.0
MARKER_AT_MOST = timedelta(minutes=1)

Opener = Callable[[str, dict[str, str]], bytes]


# -- Reading files ------------------------------------------------------------------------


@dataclass
class _Table:
    """One file: its data type and its records, each with its 1-based line."""

    file: str
    dtype: str | None
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    endpoint: str | None = None  # set for API files
    missing: bool = False  # the API server has no such endpoint


def _data_type(keys: set[str]) -> str | None:
    """The Baby Buddy model an admin export with these columns holds, or None."""
    if "first_name" in keys and "birth_date" in keys:
        return "child"
    if not keys & set(CHILD_KEYS):
        return None
    timed = bool(keys & {"start", "time"})
    checks = (
        ("feeding", {"start", "type", "method"} <= keys),
        ("change", {"time", "wet", "solid"} <= keys),
        ("tummy_time", {"start", "milestone"} <= keys),
        ("temperature", {"time", "temperature"} <= keys),
        ("head_circumference", {"date", "head_circumference"} <= keys),
        ("weight", {"date", "weight"} <= keys),
        ("height", {"date", "height"} <= keys),
        ("bmi", {"date", "bmi"} <= keys),
        ("medication", {"name", "dosage"} <= keys and timed),
        ("note", {"time", "note"} <= keys),
        ("pumping", "amount" in keys and timed),
        ("sleep", {"start", "end"} <= keys),
    )
    return next((name for name, fits in checks if fits), None)


def _json_lines(text: str, start: int) -> list[int]:
    """The 1-based line of each element of the JSON array whose "[" is at `start`."""
    decoder = json.JSONDecoder()
    gap = re.compile(r"[\s,]*")
    lines: list[int] = []
    pos, line, counted = start + 1, 1 + text.count("\n", 0, start), start
    while True:
        spaces = gap.match(text, pos)
        assert spaces is not None  # [\s,]* matches anywhere, if only nothing
        pos = spaces.end()
        if pos >= len(text) or text[pos] == "]":
            return lines
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        _, pos = decoder.raw_decode(text, pos)


def _records(text: str, start: int, items: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    try:
        lines = _json_lines(text, start)
    except ValueError:
        lines = []
    if len(lines) != len(items):
        lines = list(range(1, len(items) + 1))  # fall back to the record's position
    out = []
    for line, item in zip(lines, items, strict=True):
        record = item if isinstance(item, dict) else {}
        out.append((line, {str(k).strip().lower(): v for k, v in record.items()}))
    return out


def _read(file: SourceFile, header_only: bool = False) -> _Table | None:
    """The file as a table of records, or None if it is no Baby Buddy file we know.
    With `header_only`, a CSV file's records are not read (for sniffing a large file)."""
    text = file.text.removeprefix("\ufeff")
    body = text.lstrip()
    if body.startswith("{"):
        try:
            data = json.loads(body)
        except ValueError:
            return None
        results = data.get("results") if isinstance(data, dict) else None
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        if endpoint not in ENDPOINT_TYPE or not isinstance(results, list):
            return None
        found = re.search(r'"results"\s*:\s*\[', text)
        start = found.end() - 1 if found else -1
        return _Table(
            file.name,
            ENDPOINT_TYPE[endpoint],
            _records(text, start, results) if start >= 0 else _records("", 0, results),
            endpoint=endpoint,
            missing=bool(data.get("missing")),
        )
    if body.startswith("["):
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            return None
        records = _records(text, text.index("["), data)
        keys = {key for _, record in records for key in record}
        return _Table(file.name, _data_type(keys), records)
    rows = base.read_rows(text)
    first = next(rows, None)
    if first is None:
        return None
    header = first[1]
    table = _Table(file.name, _data_type({base.header_key(cell) for cell in header}))
    if not header_only:
        table.records = [(line, base.by_header(header, cells)) for line, cells in rows]
    return table


def sniff(files: list[SourceFile]) -> bool:
    """True when every file is a Baby Buddy admin export or API answer we recognise, and
    at least one holds entries (not only the list of children)."""
    tables = [_read(file, header_only=True) for file in files]
    if not tables or any(t is None or t.dtype is None for t in tables):
        return False
    return any(t.dtype != "child" for t in tables if t is not None)


# -- Values ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value).strip()


def _float(value: Any) -> float | None:
    """A number from a JSON number or a cell ("6.2", "6,2"); None if empty; ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    raw = _text(value)
    if not raw:
        return None
    return float(raw.replace(",", "."))


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = _text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise ValueError(value)


def _moment(value: Any) -> datetime | None:
    """A datetime, aware if the text carries an offset, else naive local; None if not one."""
    raw = _text(value)
    if ":" not in raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return base.parse_local(raw, TIME_FORMATS)


def _day(value: Any) -> date | None:
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[ T])", _text(value))
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


_DJANGO_DURATION = re.compile(r"^(?:(\d+) (?:days?, )?)?(\d+):(\d{2}):(\d{2})(?:\.\d+)?$")


def _duration(value: Any) -> timedelta | None:
    """Django's duration text ("00:20:00", "1 02:00:00"); None if empty or not one."""
    match = _DJANGO_DURATION.match(_text(value))
    if not match:
        return None
    days, hours, mins, secs = (int(part or 0) for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=mins, seconds=secs)


def _instant(moment: datetime, tz: tzinfo) -> base.Instant:
    if moment.tzinfo is not None:
        return base.Instant(moment.astimezone(UTC))
    return base.to_instant(moment, tz)


def _span(
    start: datetime, end: datetime | None, duration: timedelta | None, tz: tzinfo
) -> tuple[datetime, datetime | None, set[str]]:
    """Instants for a start and optional end: offsets where given; naive times by base.span,
    where a stated duration settles a daylight-saving change."""
    if start.tzinfo is None and (end is None or end.tzinfo is None):
        return base.span(start, end, None if end is None else duration, tz)
    first, last = _instant(start, tz), (None if end is None else _instant(end, tz))
    flags = {f for f in (first.flag, last.flag if last else None) if f}
    return first.at, (last.at if last else None), flags


def _join(*parts: str) -> str | None:
    text = " — ".join(part for part in parts if part)
    return text or None


# -- Parsing -----------------------------------------------------------------------------


class _Bad(Exception):
    """A record we cannot read; the message names the column and the value."""


@dataclass
class _Context:
    parsed: Parsed
    tz: tzinfo
    names: dict[str, str]
    counts: dict[str, int] = field(default_factory=dict)
    unnamed: set[str] = field(default_factory=set)  # child ids with no name anywhere

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


def _children(tables: list[_Table]) -> dict[str, str]:
    """Child id -> first name (with the last name where two children share a first name),
    from the children list and from the `child_first_name` column of newer admin exports,
    so every file of one import names a child the same way."""
    found: dict[str, tuple[str, str]] = {}
    for table in tables:
        for _, record in table.records:
            if table.dtype == "child":
                child_id, first = _text(record.get("id")), _text(record.get("first_name"))
                last = _text(record.get("last_name"))
            else:
                child_id, first = _child_id(record), _text(record.get("child_first_name"))
                last = _text(record.get("child_last_name"))
            if child_id and first:
                found[child_id] = (first, last)
    firsts = [first for first, _ in found.values()]
    return {
        child_id: (first if firsts.count(first) == 1 else f"{first} {last}".strip())
        for child_id, (first, last) in found.items()
    }


def parse(files: list[SourceFile], tz: tzinfo) -> Parsed:
    parsed = Parsed(FORMAT)
    tables: list[_Table] = []
    for file in files:
        table = _read(file)
        if table is None or table.dtype is None:
            parsed.problem(
                file.name,
                1,
                "not a Baby Buddy export we read: expected the admin export of feedings, "
                "sleep, diaper changes, tummy time, pumping, temperature, weight, height, "
                "head circumference, BMI, medication or notes, or an API answer",
            )
            continue
        tables.append(table)
    ctx = _Context(parsed, tz, _children(tables))
    for table in tables:
        if table.missing:
            parsed.remarks.append(
                f"This Baby Buddy server has no /api/{table.endpoint}/ endpoint (an older "
                "version); nothing of that type was read."
            )
        if table.dtype == "child":
            continue
        for line, record in table.records:
            try:
                _convert(ctx, table, line, record)
            except _Bad as exc:
                parsed.problem(table.file, line, str(exc))
    _remarks(ctx)
    return parsed


def _remarks(ctx: _Context) -> None:
    counts, remarks = ctx.counts, ctx.parsed.remarks
    if ctx.names:
        named = ", ".join(f"{name} (id {cid})" for cid, name in sorted(ctx.names.items()))
        remarks.append(f"Children named in the Baby Buddy files: {named}.")
    if ctx.unnamed:
        ids = ", ".join(sorted(ctx.unnamed))
        remarks.append(
            f"These Baby Buddy files name some children only by id ({ids}); export the "
            "children list too, or say which baby the rows are for."
        )
    if counts.get("feed_ml"):
        remarks.append(
            "Baby Buddy stores feeding amounts without a unit; "
            f"{counts['feed_ml']} bottle amount(s) were read as millilitres."
        )
    if counts.get("pump_ml"):
        remarks.append(
            "Baby Buddy stores pumping amounts without a unit; "
            f"{counts['pump_ml']} pumping amount(s) were read as millilitres."
        )
    if counts.get("growth"):
        remarks.append(
            "Baby Buddy stores weight, height and head circumference without units; "
            f"{counts['growth']} measurement(s) were read as kg (weight) and cm (lengths)."
        )
    if counts.get("fahrenheit"):
        remarks.append(
            f"{counts['fahrenheit']} temperature(s) above {FAHRENHEIT_ABOVE:g} were read as "
            "°F (no baby's temperature is that high in °C) and converted to °C."
        )


def _child_id(record: dict[str, Any]) -> str:
    return _text(record.get("child_id") if "child_id" in record else record.get("child"))


def _convert(ctx: _Context, table: _Table, line: int, record: dict[str, Any]) -> None:
    child = _child_id(record)
    baby = ctx.names.get(child) or _text(record.get("child_first_name")) or child or None
    if child and baby == child:
        ctx.unnamed.add(child)
    row = _Record(ctx, table, line, record, child, baby)
    HANDLERS[table.dtype or ""](row)


@dataclass
class _Record:
    ctx: _Context
    table: _Table
    line: int
    record: dict[str, Any]
    child: str
    baby: str | None

    def text(self, key: str) -> str:
        return _text(self.record.get(key))

    def number(self, key: str) -> float | None:
        try:
            return _float(self.record.get(key))
        except ValueError:
            raise _Bad(f"{key} “{self.text(key)}” is not a number") from None

    def flag(self, key: str) -> bool:
        try:
            return _bool(self.record.get(key))
        except ValueError:
            raise _Bad(f"{key} “{self.text(key)}” is neither True nor False") from None

    def moment(self, key: str) -> datetime:
        found = _moment(self.record.get(key))
        if found is None:
            raise _Bad(f"{key} “{self.text(key)}” is not a date and time (YYYY-MM-DD HH:MM:SS)")
        return found

    def times(self) -> tuple[datetime, datetime | None, set[str]]:
        start = self.moment("start")
        end = self.moment("end") if self.text("end") else None
        return _span(start, end, _duration(self.record.get("duration")), self.ctx.tz)

    def noon(self, key: str = "date") -> datetime:
        day = _day(self.record.get(key))
        if day is None:
            raise _Bad(f"{key} “{self.text(key)}” is not a date (YYYY-MM-DD)")
        return base.at_noon(day, self.ctx.tz)

    def add(
        self,
        kind: str,
        start: datetime,
        end: datetime | None,
        details: dict[str, Any],
        flags: set[str] | None = None,
    ) -> Entry:
        details = {key: value for key, value in details.items() if value is not None}
        key = base.fingerprint(
            FORMAT,
            self.table.dtype,
            self.child,
            start.isoformat(),
            end.isoformat() if end else "",
            json.dumps(details, sort_keys=True, ensure_ascii=False),
        )
        entry = Entry(
            file=self.table.file,
            line=self.line,
            kind=kind,
            start=start,
            end=end,
            details=details,
            baby=self.baby,
            flags=set(flags or ()),
            fingerprint=key,
        )
        self.ctx.parsed.entries.append(entry)
        return entry


def _feeding(row: _Record) -> None:
    ftype, method = row.text("type").lower(), row.text("method").lower()
    amount = row.number("amount")
    notes = row.text("notes")
    start, end, flags = row.times()
    if ftype == "solid food":
        # Baby Buddy files solids under feedings; Nestling has a kind of its own. The
        # amount has no unit in Baby Buddy, so none is given.
        row.add("solids", start, None, {"amount": amount, "note": notes or None}, flags)
        return
    if end is None:
        end = start  # a feed with only a start is a point-in-time feed, never a timer
    if method in SIDES:
        breast = {"method": "breast", "side": SIDES[method], "note": notes or None}
        row.add("feed", start, end, breast, flags)
        return
    if method != "bottle" and method not in HAND_FED:
        raise _Bad(f"method “{row.text('method')}” is not a Baby Buddy feeding method")
    milk, extra = None, ""
    if ftype in MILK:
        milk = MILK[ftype]
    elif ftype:
        milk, extra = "other", row.text("type")
    # Milk given by spoon or cup ("parent fed" / "self fed") is kept as a bottle feed, the
    # only non-breast milk feed there is, with the method in the note.
    hand = row.text("method") if method in HAND_FED else ""
    amount_ml = _volume(row, amount, "feed_ml")
    details: dict[str, Any] = {
        "method": "bottle",
        "milk": milk,
        "amount_ml": amount_ml,
        "note": _join(hand, extra, notes),
    }
    row.add("feed", start, end, details, flags)


def _volume(row: _Record, amount: float | None, counter: str) -> float | None:
    """ml from a unitless Baby Buddy amount (or from `amount_unit` where a server has it)."""
    if amount is None:
        return None
    unit = row.text("amount_unit")
    if unit:
        try:
            return base.ml_from(amount, unit)
        except ValueError:
            raise _Bad(f"amount_unit “{unit}” is not a volume unit (ml or oz)") from None
    row.ctx.count(counter)
    return base.round_to(amount, 1)


def _sleep(row: _Record) -> None:
    start, end, flags = row.times()
    if end is None:
        flags.add(base.NO_END)
    elif timedelta(0) <= end - start <= MARKER_AT_MOST:
        flags.add(base.MARKER)
    row.add("sleep", start, end, {"note": row.text("notes") or None}, flags)


def _change(row: _Record) -> None:
    at = _instant(row.moment("time"), row.ctx.tz)
    wet, dirty = row.flag("wet"), row.flag("solid")
    colour_raw = row.text("color")
    colour = colour_raw.lower() or None
    words = []
    if colour and colour not in COLOURS:
        colour, words = "other", [colour_raw]
    amount = row.text("amount")
    if amount:
        words.append(f"Baby Buddy amount: {amount}")  # unitless in Baby Buddy; kept as text
    details: dict[str, Any] = {"wet": wet, "dirty": dirty, "colour": colour}
    if not (wet or dirty):
        # Neither wet nor solid: a change of a clean nappy, a real check.
        details = {"dry": True, "colour": colour}
    details["note"] = _join(*words, row.text("notes"))
    row.add("nappy", at.at, None, details, at.flags)


def _pumping(row: _Record) -> None:
    if row.text("start"):
        start, end, flags = row.times()
        if end is None:
            flags.add(base.NO_END)
    else:
        # Older Baby Buddy versions logged pumping at one time: a point time (end = start).
        at = _instant(row.moment("time"), row.ctx.tz)
        start, end, flags = at.at, at.at, at.flags
    details = {
        "left_ml": _volume(row, row.number("left_amount"), "pump_ml"),
        "right_ml": _volume(row, row.number("right_amount"), "pump_ml"),
        "total_ml": _volume(row, row.number("amount"), "pump_ml"),
        "note": row.text("notes") or None,
    }
    row.add("pump", start, end, details, flags)


def _tummy_time(row: _Record) -> None:
    start, end, flags = row.times()
    if end is None:
        flags.add(base.NO_END)
    note = _join(row.text("milestone"), row.text("notes"))
    row.add("tummy_time", start, end, {"note": note}, flags)


def _temperature(row: _Record) -> None:
    at = _instant(row.moment("time"), row.ctx.tz)
    value = row.number("temperature")
    if value is None:
        raise _Bad("temperature is empty")
    if value > FAHRENHEIT_ABOVE:
        row.ctx.count("fahrenheit")
        celsius = base.celsius_from(value, "f")
    else:
        celsius = base.celsius_from(value, "c")
    details = {"celsius": celsius, "note": row.text("notes") or None}
    row.add("temperature", at.at, None, details, at.flags)


def _growth(measure: str, detail: str) -> Callable[[_Record], None]:
    def convert(row: _Record) -> None:
        at = row.noon()
        value = row.number(measure)
        if value is None:
            raise _Bad(f"{measure} is empty")
        row.ctx.count("growth")
        amount = base.kg_from(value, "kg") if detail == "weight_kg" else base.cm_from(value, "cm")
        row.add("growth", at, None, {detail: amount, "note": row.text("notes") or None})

    return convert


def _bmi(row: _Record) -> None:
    at = row.noon()
    value = row.text("bmi")
    if not value:
        raise _Bad("bmi is empty")
    row.ctx.parsed.as_notes["BMI"] += 1
    row.add("note", at, None, {"text": _join(f"BMI {value}", row.text("notes"))})


def _medication(row: _Record) -> None:
    at = _instant(row.moment("time"), row.ctx.tz)
    name = row.text("name")
    if not name:
        raise _Bad("name is empty")
    dose = row.number("dosage")
    unit_raw = row.text("dosage_unit")
    unit = unit_raw.lower() or None
    if unit and unit not in DOSE_UNITS:
        raise _Bad(f"dosage_unit “{unit_raw}” is not a unit we know (mg, ml, tablets, drops)")
    interval = _duration(row.record.get("next_dose_interval"))
    details = {
        "name": name,
        "dose": dose,
        "unit": unit if dose is not None else None,
        "interval_h": round(interval.total_seconds() / 3600, 2) if interval else None,
        "note": row.text("notes") or None,
    }
    row.add("medicine", at.at, None, details, at.flags)


def _note(row: _Record) -> None:
    at = _instant(row.moment("time"), row.ctx.tz)
    text = row.text("note")
    if not text:
        raise _Bad("note is empty (a note with only a picture has nothing to import)")
    row.add("note", at.at, None, {"text": text}, at.flags)


HANDLERS: dict[str, Callable[[_Record], None]] = {
    "feeding": _feeding,
    "sleep": _sleep,
    "change": _change,
    "pumping": _pumping,
    "tummy_time": _tummy_time,
    "temperature": _temperature,
    "weight": _growth("weight", "weight_kg"),
    "height": _growth("height", "length_cm"),
    "head_circumference": _growth("head_circumference", "head_cm"),
    "bmi": _bmi,
    "medication": _medication,
    "note": _note,
}


# -- REST API ------------------------------------------------------------------------------


class _Missing(Exception):
    """The server answered 404 for an endpoint."""


def _api_root(base_url: str) -> str:
    root = (base_url or "").strip().rstrip("/")
    root = root.removesuffix("/api").rstrip("/")
    parts = urllib.parse.urlsplit(root)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImportFormatError(
            f"“{base_url}” is not the address of a Baby Buddy server "
            "(give it like https://baby.example.org)."
        )
    return root


def _urlopen(url: str, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        data: bytes = response.read()
    return data


def _get(opener: Opener, url: str, headers: dict[str, str], root: str) -> dict[str, Any]:
    """One page as JSON; ImportFormatError with a plain message for every failure."""
    try:
        raw = opener(url, headers)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise _Missing(url) from None
        if exc.code in (401, 403):
            raise ImportFormatError(
                f"Baby Buddy at {root} refused the API key (HTTP {exc.code}). Copy the key "
                "from your Baby Buddy user settings and try again."
            ) from None
        raise ImportFormatError(
            f"Baby Buddy at {root} answered HTTP {exc.code} for {url}; try again later."
        ) from None
    except urllib.error.URLError as exc:
        raise ImportFormatError(
            f"Could not reach Baby Buddy at {root}: {exc.reason}. Check the address and "
            "that the server is running."
        ) from None
    except (TimeoutError, OSError) as exc:
        raise ImportFormatError(
            f"Could not reach Baby Buddy at {root}: {exc}. Check the address and that the "
            "server is running."
        ) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ImportFormatError(
            f"The answer from {url} is not a Baby Buddy API list: is {root} the address of "
            "a Baby Buddy server?"
        )
    return data


def _dump(endpoint: str, results: list[Any], *, missing: bool = False) -> str:
    """One record a line, so a problem's line number points at its record."""
    head = f'{{"endpoint": {json.dumps(endpoint)}, '
    if missing:
        head += '"missing": true, '
    rows = ",\n".join(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in results)
    return f'{head}"results": [\n{rows}\n]}}\n'


def fetch_api(base_url: str, token: str, *, opener: Opener | None = None) -> list[SourceFile]:
    """Return every list endpoint of a Baby Buddy server as JSON SourceFiles for `parse`.

    Pages through each endpoint with limit/offset and `Authorization: Token <key>`.
    `opener(url, headers) -> bytes` fetches one URL (urllib by default; tests pass a fake).
    An endpoint the server lacks (404, an older version) gives a file marked missing, which
    parse reports; every other failure raises ImportFormatError with a plain message.
    """
    root = _api_root(base_url)
    fetch = opener or _urlopen
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    files: list[SourceFile] = []
    for endpoint in ENDPOINTS:
        results: list[Any] = []
        try:
            for _ in range(MAX_PAGES):
                url = f"{root}/api/{endpoint}/?limit={PAGE_SIZE}&offset={len(results)}"
                page = _get(fetch, url, headers, root)
                results.extend(page["results"])
                count = page.get("count")
                done = not page["results"] or not page.get("next")
                if done or (isinstance(count, int) and len(results) >= count):
                    break
        except _Missing:
            if endpoint == "children":
                raise ImportFormatError(
                    f"{root}/api/children/ was not found: is {root} the address of a Baby "
                    "Buddy server?"
                ) from None
            files.append(SourceFile(f"api:{endpoint}.json", _dump(endpoint, [], missing=True)))
            continue
        files.append(SourceFile(f"api:{endpoint}.json", _dump(endpoint, results)))
    return files

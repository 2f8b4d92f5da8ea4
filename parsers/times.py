"""Times people type: a time of day ("06:00", "6.30", "21h15"), free windows
("06:00-08:30, 22:00-24:00") and the time of an entry ("2026-11-23T07:30", "07:30" today,
"90m" or "2h ago").

One set of rules and one set of messages for the pages, the API and the command line.
A problem raises :class:`ParseError`, whose ``template`` is an English sentence marked for
translation (``gettext_noop``, the name the catalogue tools look for) and ``params`` its
values: an adapter shows
``gettext(error.template) % error.params`` (web, API) or the English (CLI).

Model: minutes of the day run 0-1440; 24:00 is only the end of a day. Relative times count
back from ``now``; a time of day alone is today in the given zone; an ISO time without an
offset is in the given zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Final

MINUTES_PER_DAY: Final = 24 * 60


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogue; it is translated where it is shown."""
    return message


class ParseError(ValueError):
    """What was wrong with a typed time: ``template % params`` in English."""

    def __init__(self, template: str, **params: str) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)


_TIME: Final = re.compile(r"^\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*$")
_SPLIT_WINDOWS: Final = re.compile(r"[,;\n]")
_SPLIT_ENDS: Final = re.compile(r"\s*(?:-|–|to)\s*")
_RELATIVE: Final = re.compile(r"^-?(\d+)\s*([mh])(?:\s*ago)?$")

FORMAT: Final = gettext_noop("Write times like 06:00.")
NOT_A_TIME: Final = gettext_noop("“%(text)s” is not a time of day.")
WINDOW_FORMAT: Final = gettext_noop("Write each window as 06:00-08:30, separated by commas.")
TOO_LONG_AGO: Final = gettext_noop("“%(text)s” is too long ago; check the number.")
OUT_OF_RANGE: Final = gettext_noop("“%(text)s” is out of range; check the year.")
NOT_AN_ENTRY_TIME: Final = gettext_noop(
    "“%(text)s” is not a time (use 2026-11-23T07:30, 07:30 or 90m)."
)


def minute_of_day(text: str, *, end: bool = False) -> int:
    """ "06:00" -> 360, "6.30" -> 390, "21h15" -> 1275, "7" -> 420; "24:00" only as an end."""
    match = _TIME.match(text or "")
    if not match:
        raise ParseError(FORMAT)
    hours, minutes = int(match[1]), int(match[2] or 0)
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not end)):
        raise ParseError(NOT_A_TIME, text=text.strip())
    return hours * 60 + minutes


def windows(text: str) -> list[tuple[int, int]]:
    """ "00:00-06:00, 22:00-24:00" -> [(0, 360), (1320, 1440)]; blank -> []."""
    out = []
    for part in filter(None, (p.strip() for p in _SPLIT_WINDOWS.split(text or ""))):
        pieces = _SPLIT_ENDS.split(part)
        if len(pieces) != 2:
            raise ParseError(WINDOW_FORMAT)
        # Whether a window is a real one (ends after it starts) is the service's rule.
        out.append((minute_of_day(pieces[0]), minute_of_day(pieces[1], end=True)))
    return out


def hhmm(minute: int) -> str:
    """360 -> "06:00"; 1440 -> "24:00"."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def entry_time(text: str, now: datetime, tz: tzinfo) -> datetime:
    """The moment ``text`` names: ISO 8601 (without an offset: in ``tz``), a time of day
    today in ``tz`` ("07:30"), or a time back from ``now`` ("90m", "2h ago")."""
    value = text.strip()
    if match := _RELATIVE.match(value):
        amount, unit = int(match[1]), match[2]
        try:
            return now - (timedelta(minutes=amount) if unit == "m" else timedelta(hours=amount))
        except OverflowError:
            # timedelta stops at 999,999,999 days and datetime at year 1. Anything merely
            # long ago (9999999h is year 886) parses, and the service names the bound.
            raise ParseError(TOO_LONG_AGO, text=value) from None
    if re.fullmatch(r"\d{1,2}:\d{2}", value):
        minute = minute_of_day(value)
        return now.astimezone(tz).replace(
            hour=minute // 60, minute=minute % 60, second=0, microsecond=0
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ParseError(NOT_AN_ENTRY_TIME, text=value) from None
    parsed = parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed
    try:
        parsed.astimezone(UTC)  # 0001-01-01T00:00+05:00 is before year 1 in UTC, as stored
    except OverflowError:
        raise ParseError(OUT_OF_RANGE, text=value) from None
    return parsed

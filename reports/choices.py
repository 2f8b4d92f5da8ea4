"""How the report's choices are written, one rule for the page, the API and the CLI.

- `period`: `week` (the last 7 days, today included), `month` (the last 4 weeks: 28 days),
  a number of days (1-366, e.g. `14`), or `FROM:TO`, two dates as `YYYY-MM-DD:YYYY-MM-DD`.
  Empty means `month`.
- `paper`: `a4` or `letter`. Empty means the household's usual size: Letter in the United
  States and Canada, where it is the standard office paper, A4 everywhere else.
- `format`: `pdf` or `html` (one standalone HTML file, its styles inside).

Each parser raises InvalidInput naming the choice (`period`, `paper`, `format`), so every
interface says what was wrong in the same words.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from households.exceptions import InvalidInput
from households.models import Household

from .build import DEFAULT_DAYS, Period, resolve_period

WEEK_DAYS = 7
MONTH_DAYS = 28  # "last 4 weeks": every weekday four times
PERIOD_WORDS = {"week": WEEK_DAYS, "month": MONTH_DAYS}
PERIOD_HELP = (
    "Use week, month, a number of days or FROM:TO with dates as YYYY-MM-DD "
    "(e.g. 2026-11-01:2026-11-30)."
)

A4, LETTER = "a4", "letter"
PAPERS = (A4, LETTER)
#: Countries (ISO 3166 codes, as Household.country) whose standard paper is Letter.
LETTER_COUNTRIES = frozenset({"US", "CA"})

PDF, HTML = "pdf", "html"
FORMATS = (PDF, HTML)

_RANGE = re.compile(r"^\s*(\S+?)\s*:\s*(\S+)\s*$")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            {"period": f"{text!r} is not a date: write dates as YYYY-MM-DD."}
        ) from None


def period_from_text(tz: tzinfo, text: str | None, *, now: datetime | None = None) -> Period:
    """Return the period that `text` names (module docstring), in the zone `tz`.

    Raises InvalidInput naming `period`, whatever part of it was wrong (an unknown word, a
    date that is not one, an end in the future, a start after the end, too long)."""
    value = (text or "").strip().lower()
    try:
        if not value:
            return resolve_period(tz, days=DEFAULT_DAYS, now=now)
        if value in PERIOD_WORDS:
            return resolve_period(tz, days=PERIOD_WORDS[value], now=now)
        if value.isdigit():
            return resolve_period(tz, days=int(value), now=now)
        found = _RANGE.match(value)
        if found:
            first, last = _date(found.group(1)), _date(found.group(2))
            return resolve_period(tz, first=first, last=last, now=now)
    except InvalidInput as exc:
        raise InvalidInput({"period": " ".join(exc.errors.values())}) from None
    raise InvalidInput({"period": f"{text!r} is not a period. {PERIOD_HELP}"})


def default_paper(household: Household) -> str:
    """Letter for a household in the United States or Canada, A4 elsewhere."""
    return LETTER if (household.country or "").upper() in LETTER_COUNTRIES else A4


def paper_from_text(household: Household, text: str | None) -> str:
    """Return `a4` or `letter` (empty: the household's usual size). Raises InvalidInput
    naming `paper`."""
    value = (text or "").strip().lower()
    if not value:
        return default_paper(household)
    if value not in PAPERS:
        raise InvalidInput({"paper": f"{text!r} is not a paper size. Use a4 or letter."})
    return value


def format_from_text(text: str | None) -> str:
    """Return `pdf` or `html` (empty: pdf). Raises InvalidInput naming `format`."""
    value = (text or "").strip().lower()
    if not value:
        return PDF
    if value not in FORMATS:
        raise InvalidInput({"format": f"{text!r} is not a format. Use pdf or html."})
    return value

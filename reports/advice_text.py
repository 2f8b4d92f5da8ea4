"""The words and facts of the advice given straight after logging (content/messages/advice.toml).

Pure: stdlib and content/loader.py only, no Django, no statistics, so that logging an entry
never loads more than it says. ``reports/advice.py`` decides *when* to say something;
this module holds *what* is said, in which language, with whom to call in which country,
and the fever levels by age that decide whether a temperature is a reason to call.

The file is validated field by field on first use: every piece has English text, uses only
the placeholders it declares, shows no internal note, and cites known sources.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from content.loader import (
    Source,
    Table,
    base_language,
    check_shown,
    content_path,
    load_sources,
    load_toml,
)

PIECES = ("fever", "too_soon", "next_dose")
DEFAULT = "default"


@dataclass(frozen=True)
class Piece:
    """One piece of advice: its text by language, the placeholders it uses, its sources."""

    key: str
    text: Mapping[str, str]
    cites: tuple[Source, ...]


@dataclass(frozen=True)
class AdviceText:
    """The validated advice file."""

    version: str
    pieces: Mapping[str, Piece]
    #: (under this many months of age, from this °C), in order.
    fever_levels: tuple[tuple[int, float], ...]
    #: piece -> country code or "default" -> language -> whom to call.
    contacts: Mapping[str, Mapping[str, Mapping[str, str]]]

    def say(self, key: str, language: str, **values: str) -> str:
        """Return piece ``key`` in ``language`` (English when not translated), filled in."""
        text = self.pieces[key].text
        return text.get(base_language(language), text["en"]).format(**values)

    def contact(self, key: str, country: str, language: str) -> str:
        """Whom to call for piece ``key`` in ``country``, in ``language``."""
        table = self.contacts[key]
        words = table.get(country.upper(), table[DEFAULT])
        return words.get(base_language(language), words["en"])

    def fever_level(self, months: int, celsius: float) -> float | None:
        """The fever level for a baby of ``months`` whole months that ``celsius`` reaches,
        or None (below it, or older than any sourced level)."""
        for under_months, level in self.fever_levels:
            if months < under_months:
                return level if celsius >= level else None
        return None


def _languages(table: Table, key: str, placeholders: frozenset[str]) -> dict[str, str]:
    words = table.get_str_map(key)
    if "en" not in words:
        raise table.error(key, "needs English text ('en')")
    for language, text in words.items():
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        unknown = used - placeholders
        if unknown:
            raise table.error(f"{key}.{language}", f"unknown placeholder {{{min(unknown)}}}")
        check_shown(table, f"{key}.{language}", text)
    return words


def parse_advice(doc: Table) -> AdviceText:
    """Validate a parsed advice file; raise ContentError naming the file and field."""
    doc.check_keys({"version", *PIECES, "contacts"})
    sources = load_sources()
    pieces: dict[str, Piece] = {}
    levels: tuple[tuple[int, float], ...] = ()
    for key in PIECES:
        table = doc.get_table(key)
        assert table is not None
        allowed = {"source", "cite", "placeholders", "text"} | (
            {"levels"} if key == "fever" else set()
        )
        table.check_keys(allowed)
        table.get_str("source")
        placeholders = frozenset(table.get_str_list("placeholders"))
        pieces[key] = Piece(key, _languages(table, "text", placeholders), sources.cited(table))
        if key == "fever":
            rows = []
            for row in table.get_tables("levels"):
                row.check_keys({"under_months", "celsius"})
                celsius = row.data.get("celsius")
                if not isinstance(celsius, int | float) or not 35 <= celsius <= 42:
                    raise row.error("celsius", "must be a temperature between 35 and 42")
                rows.append((row.get_int("under_months", minimum=1), float(celsius)))
            if [m for m, _ in rows] != sorted({m for m, _ in rows}):
                raise table.error("levels", "must be in increasing order of age")
            levels = tuple(rows)
    contacts_table = doc.get_table("contacts")
    assert contacts_table is not None
    contacts_table.check_keys({"fever", "too_soon"})
    contacts: dict[str, dict[str, dict[str, str]]] = {}
    for key in ("fever", "too_soon"):
        piece = contacts_table.get_table(key)
        assert piece is not None
        piece.check_keys({"text"})
        by_country = piece.get_table("text")
        assert by_country is not None
        contacts[key] = {
            country: _languages(by_country, country, frozenset()) for country in by_country.data
        }
        if DEFAULT not in contacts[key]:
            raise by_country.error(DEFAULT, "is required (every other country)")
    return AdviceText(doc.get_str("version"), pieces, levels, contacts)


@cache
def load_advice(path: Path | None = None) -> AdviceText:
    """Return the advice file (``content/messages/advice.toml`` unless ``path``), validated."""
    return parse_advice(load_toml(path or content_path("messages", "advice.toml")))

"""The words and facts of the advice given straight after logging (content/messages/advice.toml).

Pure: content/loader.py (and its pydantic) only, no Django, no statistics, so that logging an entry
never loads more than it says. ``reports/advice.py`` decides *when* to say something;
this module holds *what* is said, in which language, with whom to call in which country,
and the fever levels by age that decide whether a temperature is a reason to call.

The file is validated as typed data (:class:`AdviceFile`) on first use: every piece has English text, uses only
the placeholders it declares, shows no internal note, and cites known sources.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, Strict, StrictInt, model_validator

from content.loader import (
    Cites,
    ContentModel,
    NonEmpty,
    Shown,
    Source,
    Table,
    Text,
    base_language,
    content_path,
    invalid,
    load_sources,
    load_toml,
    validate,
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


def _check_languages(words: Mapping[str, str], placeholders: Iterable[str], *at: str) -> None:
    """``words`` (text by language) has English and uses only ``placeholders``."""
    if "en" not in words:
        raise invalid("needs English text ('en')", *at)
    for language, text in words.items():
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        unknown = used - set(placeholders)
        if unknown:
            raise invalid(f"unknown placeholder {{{min(unknown)}}}", *at, language)


class PieceEntry(ContentModel):
    """One piece of advice: its words by language and the placeholders they may use."""

    source: Text
    cite: Cites
    placeholders: tuple[Text, ...]
    text: dict[str, Shown]

    @model_validator(mode="after")
    def _checks(self) -> Self:
        _check_languages(self.text, self.placeholders, "text")
        return self


class FeverLevelEntry(ContentModel):
    """From this °C, a fever is a reason to call, under this many months of age."""

    under_months: Annotated[StrictInt, Field(ge=1)]
    celsius: Annotated[float, Strict(), Field(ge=35, le=42)]


class FeverEntry(PieceEntry):
    """The fever piece, with its levels by age."""

    levels: NonEmpty[FeverLevelEntry]

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        months = [row.under_months for row in self.levels]
        if months != sorted(set(months)):
            raise invalid("must be in increasing order of age", "levels")
        return self


class ContactsEntry(ContentModel):
    """Whom to call, by country code (or "default") and language."""

    text: dict[str, dict[str, Shown]]

    @model_validator(mode="after")
    def _checks(self) -> Self:
        for country, words in self.text.items():
            _check_languages(words, (), "text", country)
        if DEFAULT not in self.text:
            raise invalid("is required (every other country)", "text", DEFAULT)
        return self


class AllContactsEntry(ContentModel):
    """The ``[contacts]`` table."""

    fever: ContactsEntry
    too_soon: ContactsEntry


class AdviceFile(ContentModel):
    """``content/messages/advice.toml`` (``validate(…, sources=…)`` checks ``cite``)."""

    version: Text
    fever: FeverEntry
    too_soon: PieceEntry
    next_dose: PieceEntry
    contacts: AllContactsEntry


def parse_advice(doc: Table) -> AdviceText:
    """Validate a parsed advice file; raise ContentError naming the file and field."""
    sources = load_sources()
    file = validate(doc, AdviceFile, sources=sources.by_key)
    pieces = {
        key: Piece(key, piece.text, sources.cited(piece.cite))
        for key, piece in zip(PIECES, (file.fever, file.too_soon, file.next_dose), strict=True)
    }
    levels = tuple((row.under_months, row.celsius) for row in file.fever.levels)
    contacts = {"fever": file.contacts.fever.text, "too_soon": file.contacts.too_soon.text}
    return AdviceText(file.version, pieces, levels, contacts)


@cache
def load_advice(path: Path | None = None) -> AdviceText:
    """Return the advice file (``content/messages/advice.toml`` unless ``path``), validated."""
    return parse_advice(load_toml(path or content_path("messages", "advice.toml")))

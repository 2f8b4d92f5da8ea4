"""Read Nestling's versioned content files (TOML) and validate them field by field.

Model: every content file is a TOML document with a top-level ``version`` string. Code
never trusts a file's shape: it wraps the parsed document in a :class:`Table`, which hands
out typed values (``get_str``, ``get_int``, ``get_tables`` …) and raises :class:`ContentError`
naming the file and the dotted field path (``items[3].text``) the moment something is
missing, mistyped or unexpected. Unknown keys are errors too (``check_keys``), so a typo in
a data file fails at start-up instead of silently dropping a rule.

Sources: ``content/sources.toml`` names every source a content file may cite, by key, with a
name a parent can read. Content tables cite them as ``cite = ["key", …]``; :meth:`Sources.cited`
turns that list into :class:`Source` values (an unknown key is a ContentError), so pages show
readable names and never the maintainers' ``source`` notes.

Stdlib only (``tomllib``); no Django.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

CONTENT_DIR: Final[Path] = Path(__file__).resolve().parent


class _Missing:
    """Sentinel type: no default was given, so the field is required."""


_MISSING: Final = _Missing()


class ContentError(ValueError):
    """A content file is unreadable or invalid.

    ``file`` is the file's path (or a label for in-memory data), ``field`` the dotted path of
    the offending field, ``problem`` a plain-words description.
    """

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        super().__init__(f"{file}: field '{field}': {problem}")


def content_path(*parts: str) -> Path:
    """Return the path of a file or folder inside the ``content`` package."""
    return CONTENT_DIR.joinpath(*parts)


@dataclass(frozen=True)
class Table:
    """A validated view of one TOML table; every accessor raises ContentError on bad data."""

    data: Mapping[str, object]
    file: str
    path: str = ""

    def field_name(self, key: str) -> str:
        """Return the dotted path of ``key`` inside this table (for error messages)."""
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, problem: str) -> ContentError:
        """Build (not raise) a ContentError for ``key`` in this table."""
        return ContentError(self.file, self.field_name(key), problem)

    def has(self, key: str) -> bool:
        """Return True when ``key`` is present."""
        return key in self.data

    def check_keys(self, allowed: Iterable[str]) -> None:
        """Raise ContentError for any key not in ``allowed`` (catches typos in data files)."""
        allowed_set = set(allowed)
        for key in self.data:
            if key not in allowed_set:
                raise self.error(key, f"unknown field (allowed: {', '.join(sorted(allowed_set))})")

    def _get(self, key: str, default: object) -> object:
        if key in self.data:
            return self.data[key]
        if isinstance(default, _Missing):
            raise self.error(key, "is required but missing")
        return default

    def get_str(self, key: str, default: str | _Missing = _MISSING) -> str:
        """Return a non-empty string (surrounding whitespace stripped)."""
        value = self._get(key, default)
        if not isinstance(value, str):
            raise self.error(key, f"must be a string, got {type(value).__name__}")
        value = value.strip()
        if not value and isinstance(default, _Missing):
            raise self.error(key, "must not be empty")
        return value

    def get_optional_str(self, key: str) -> str | None:
        """Return a non-empty string, or None when the key is absent."""
        if key not in self.data:
            return None
        return self.get_str(key)

    def get_int(
        self,
        key: str,
        default: int | _Missing = _MISSING,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int:
        """Return an integer (booleans rejected) within the optional inclusive bounds."""
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"must be an integer, got {type(value).__name__}")
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum:
            raise self.error(key, f"must be at most {maximum}, got {value}")
        return value

    def get_bool(self, key: str, default: bool | _Missing = _MISSING) -> bool:
        """Return a boolean."""
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false, got {type(value).__name__}")
        return value

    def get_choice(
        self, key: str, choices: Iterable[str], default: str | _Missing = _MISSING
    ) -> str:
        """Return a string that must be one of ``choices``."""
        value = self.get_str(key, default)
        options = tuple(choices)
        if value not in options:
            raise self.error(key, f"must be one of {', '.join(options)}, got '{value}'")
        return value

    def get_str_list(
        self, key: str, default: tuple[str, ...] | _Missing = _MISSING, *, non_empty: bool = False
    ) -> tuple[str, ...]:
        """Return a list of non-empty strings as a tuple."""
        value = self._get(key, default)
        if isinstance(value, tuple):
            return value
        if not isinstance(value, list):
            raise self.error(key, f"must be a list of strings, got {type(value).__name__}")
        out: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{key}[{index}]", "must be a non-empty string")
            out.append(item.strip())
        if non_empty and not out:
            raise self.error(key, "must not be empty")
        return tuple(out)

    def get_int_list(
        self, key: str, default: tuple[int, ...] | _Missing = _MISSING
    ) -> tuple[int, ...]:
        """Return a list of integers as a tuple."""
        value = self._get(key, default)
        if isinstance(value, tuple):
            return value
        if not isinstance(value, list):
            raise self.error(key, f"must be a list of integers, got {type(value).__name__}")
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, int):
                raise self.error(f"{key}[{index}]", "must be an integer")
        return tuple(value)

    def get_table(self, key: str, *, required: bool = True) -> Table | None:
        """Return a sub-table, or None when absent and not required."""
        if key not in self.data:
            if required:
                raise self.error(key, "is required but missing")
            return None
        value = self.data[key]
        if not isinstance(value, Mapping):
            raise self.error(key, f"must be a table, got {type(value).__name__}")
        return Table(value, self.file, self.field_name(key))

    def get_tables(
        self, key: str, *, required: bool = True, non_empty: bool = True
    ) -> tuple[Table, ...]:
        """Return an array of tables (``[[key]]``) as Tables with indexed paths."""
        if key not in self.data:
            if required:
                raise self.error(key, "is required but missing")
            return ()
        value = self.data[key]
        if not isinstance(value, list):
            raise self.error(key, f"must be an array of tables, got {type(value).__name__}")
        if non_empty and not value:
            raise self.error(key, "must not be empty")
        tables: list[Table] = []
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self.error(f"{key}[{index}]", "must be a table")
            tables.append(Table(item, self.file, self.field_name(f"{key}[{index}]")))
        return tuple(tables)

    def get_str_map(self, key: str, *, required: bool = True) -> dict[str, str]:
        """Return a table whose values are all non-empty strings."""
        table = self.get_table(key, required=required)
        if table is None:
            return {}
        return {name: table.get_str(name) for name in table.data}

    def get_translations(self, keys: set[str]) -> dict[str, Table]:
        """``translations.<language>`` of this entry, by language: each a table holding only
        ``keys`` (a content file's words in other languages, beside its English)."""
        table = self.get_table("translations", required=False)
        out: dict[str, Table] = {}
        for language in table.data if table is not None else ():
            assert table is not None
            words = table.get_table(language)
            assert words is not None
            words.check_keys(keys)
            out[language] = words
        return out


def base_language(language: str) -> str:
    """ "es" for "es", "es-MX" or "es_MX": the language a content file's ``translations``
    are keyed by; English when empty."""
    return language.replace("_", "-").split("-")[0].lower() or "en"


def parse_toml(text: str, label: str) -> Table:
    """Parse TOML text (``label`` names it in errors) and check its ``version`` field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(label, "<syntax>", f"not valid TOML: {exc}") from exc
    table = Table(data, label)
    table.get_str("version")
    return table


def load_toml(path: Path) -> Table:
    """Read and parse one content file; raise ContentError naming the file on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(str(path), "<file>", f"cannot be read: {exc}") from exc
    return parse_toml(text, str(path))


# --- sources ---------------------------------------------------------------------------------

#: Working-note markers that must never reach a parent (file names, section signs, our notes).
INTERNAL_MARKERS: Final = (".md", ".toml", "§", "UNCONFIRMED", "inference", "brief")


@dataclass(frozen=True)
class Source:
    """Where something Nestling says comes from: a readable ``name`` and maybe a ``url``."""

    key: str
    name: str
    url: str | None = None


@dataclass(frozen=True)
class Sources:
    """The validated ``sources.toml``: citable sources by key, and each questionnaire's."""

    version: str
    by_key: Mapping[str, Source]
    instruments: Mapping[str, tuple[Source, ...]]

    def cited(self, table: Table, key: str = "cite") -> tuple[Source, ...]:
        """Return the sources that ``table[key]`` (a required list of keys) cites, in order.

        An empty list means "our own words". Raises ContentError naming the file and
        ``key[i]`` for an unknown or repeated key.
        """
        keys = table.get_str_list(key)
        for index, name in enumerate(keys):
            if name not in self.by_key:
                raise table.error(f"{key}[{index}]", f"unknown source '{name}' (see sources.toml)")
            if name in keys[:index]:
                raise table.error(f"{key}[{index}]", f"source '{name}' is cited twice")
        return tuple(self.by_key[name] for name in keys)


def unique_sources(groups: Iterable[Iterable[Source]]) -> tuple[Source, ...]:
    """Return the sources of all ``groups`` in first-seen order, each once."""
    seen: dict[str, Source] = {}
    for group in groups:
        for source in group:
            seen.setdefault(source.key, source)
    return tuple(seen.values())


def check_shown(table: Table, key: str, text: str) -> str:
    """Return ``text`` (shown to parents); ContentError naming ``key`` if it holds a working
    note (a file name, a section sign, "UNCONFIRMED" …)."""
    lowered = text.lower()
    for marker in INTERNAL_MARKERS:
        if marker.lower() in lowered:
            raise table.error(key, f"is shown to parents and must not contain '{marker}'")
    return text


def parse_sources(doc: Table) -> Sources:
    """Validate a parsed sources file; raise ContentError naming the file and field."""
    doc.check_keys({"version", "sources", "instruments"})
    by_key: dict[str, Source] = {}
    for entry in doc.get_tables("sources"):
        entry.check_keys({"key", "name", "url", "brief"})
        key = entry.get_str("key")
        if key in by_key:
            raise entry.error("key", f"duplicate source key '{key}'")
        url = entry.get_optional_str("url")
        if url is not None and not url.startswith(("https://", "http://")):
            raise entry.error("url", "must start with https:// or http://")
        entry.get_str("brief")
        by_key[key] = Source(key, check_shown(entry, "name", entry.get_str("name")), url)
    sources = Sources(doc.get_str("version"), by_key, {})
    table = doc.get_table("instruments", required=False)
    instruments = {}
    if table is not None:
        instruments = {name: sources.cited(table, name) for name in table.data}
    return Sources(sources.version, by_key, instruments)


@cache
def load_sources() -> Sources:
    """Return the built-in source list (``content/sources.toml``), validated once."""
    return parse_sources(load_toml(content_path("sources.toml")))

"""Read Nestling's versioned content files (TOML) and validate them as typed data.

Model: every content file is a TOML document with a top-level ``version`` string, parsed
into a :class:`Table` (the file's name, a dotted path and the raw data). Each file has a
pydantic model of its exact shape (:class:`ContentModel`: every field the file may hold, no
other), with its rules as field constraints and validators; :func:`validate` checks a Table
against its model and turns the first problem into a :class:`ContentError` naming the file
and the dotted field path (``services[3].hours``). Unknown keys are errors too, so a typo
in a data file fails at start-up instead of silently dropping a rule. The cores then build
their own frozen dataclasses from the validated model.

Sources: ``content/sources.toml`` names every source a content file may cite, by key, with a
name a parent can read. Content tables cite them as ``cite = ["key", …]`` (:data:`Cites`,
checked against the list passed as ``validate(…, sources=…)``); :meth:`Sources.cited`
turns such a list into :class:`Source` values, so pages show readable names and never the
maintainers' ``source`` notes.

No Django: ``tomllib`` and pydantic.
"""

from __future__ import annotations

import tomllib
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Final, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

CONTENT_DIR: Final[Path] = Path(__file__).resolve().parent


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
    """One parsed TOML table: its raw data, the file it came from and its dotted path there.

    A table is checked whole against its model (:func:`validate`). The accessors below read
    single fields before that (a pack's key picks its model) and in tests; each raises
    ContentError naming the file and the field.
    """

    data: Mapping[str, object]
    file: str
    path: str = ""

    def field_name(self, key: str) -> str:
        """Return the dotted path of ``key`` inside this table (for error messages)."""
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, problem: str) -> ContentError:
        """Build (not raise) a ContentError for ``key`` in this table."""
        return ContentError(self.file, self.field_name(key), problem)

    def _get(self, key: str) -> object:
        if key not in self.data:
            raise self.error(key, "is required but missing")
        return self.data[key]

    def get_str(self, key: str) -> str:
        """Return a non-empty string (surrounding whitespace stripped)."""
        value = self._get(key)
        if not isinstance(value, str):
            raise self.error(key, f"must be a string, got {type(value).__name__}")
        if not value.strip():
            raise self.error(key, "must not be empty")
        return value.strip()

    def get_table(self, key: str, *, required: bool = True) -> Table | None:
        """Return a sub-table, or None when absent and not required."""
        if key not in self.data and not required:
            return None
        value = self._get(key)
        if not isinstance(value, Mapping):
            raise self.error(key, f"must be a table, got {type(value).__name__}")
        return Table(value, self.file, self.field_name(key))

    def get_tables(self, key: str) -> tuple[Table, ...]:
        """Return a non-empty array of tables (``[[key]]``) as Tables with indexed paths."""
        value = self._get(key)
        if not isinstance(value, list):
            raise self.error(key, f"must be an array of tables, got {type(value).__name__}")
        if not value:
            raise self.error(key, "must not be empty")
        tables: list[Table] = []
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self.error(f"{key}[{index}]", "must be a table")
            tables.append(Table(item, self.file, self.field_name(f"{key}[{index}]")))
        return tuple(tables)


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


# --- typed content --------------------------------------------------------------------------

#: A non-empty string, surrounding whitespace stripped (a number or a list is refused).
Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1)]
#: A list (as a tuple) that must hold at least one item.
type NonEmpty[T] = Annotated[tuple[T, ...], Field(min_length=1)]


def invalid(problem: str, *at: str | int) -> PydanticCustomError:
    """Build (not raise) a validation error for a content validator.

    ``at`` is where the problem is, below the table being validated: a field validator's
    error is its field's (``at`` may add an index), a model validator's is the model's (``at``
    names the field, e.g. ``invalid("…", "steps", 2, "key")``).
    """
    return PydanticCustomError("content", "{problem}", {"problem": problem, "at": at})


def one_of(choices: Iterable[str]) -> AfterValidator:
    """A validator for a string that must be one of ``choices`` (in the order given)."""
    options = tuple(choices)

    def check(value: str) -> str:
        if value not in options:
            raise invalid(f"must be one of {', '.join(options)}, got '{value}'")
        return value

    return AfterValidator(check)


def context(info: ValidationInfo, name: str) -> Any:
    """Return ``name`` from what :func:`validate` was given (KeyError: a caller forgot it)."""
    return (info.context or {})[name]


class ContentModel(BaseModel):
    """The shape of one content table: every field it may hold, validated, frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        # Here rather than from extra="forbid", so that the error lists the allowed fields.
        if isinstance(data, Mapping):
            allowed = ", ".join(sorted(cls.model_fields))
            for key in data:
                if key not in cls.model_fields:
                    raise invalid(f"unknown field (allowed: {allowed})", key)
        return data


def validate[M: BaseModel](table: Table, model: type[M], **given: object) -> M:
    """Return ``table`` validated as ``model``; raise ContentError naming the file and the
    dotted path of the first bad field. ``given`` is there for validators (``sources=…``)."""
    try:
        return model.model_validate(table.data, context=given)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        at = (*error["loc"], *error.get("ctx", {}).get("at", ()))
        path = table.path
        for part in at:
            if isinstance(part, int):
                path = f"{path}[{part}]"
            elif part != "[key]":  # pydantic's mark for a bad key of a table
                path = f"{path}.{part}" if path else part
        raise ContentError(table.file, path, _problem(error)) from exc


def _problem(error: ErrorDetails) -> str:
    """Pydantic's error in the words this loader has always used."""
    value, limits = error["input"], error.get("ctx", {})
    got = type(value).__name__
    match error["type"]:
        case "content":
            return str(limits["problem"])
        case "missing":
            return "is required but missing"
        case "string_type":
            return f"must be a string, got {got}"
        case "int_type":
            return f"must be an integer, got {got}"
        case "bool_type":
            return f"must be true or false, got {got}"
        case "float_type" | "float_parsing":
            return f"must be a number, got {got}"
        case "string_too_short" | "too_short" if limits.get("min_length") == 1:
            return "must not be empty"
        case "too_short":
            return f"needs at least {limits['min_length']} items, got {limits['actual_length']}"
        case "greater_than_equal":
            return f"must be at least {limits['ge']}, got {value}"
        case "less_than_equal":
            return f"must be at most {limits['le']}, got {value}"
        case "literal_error":
            return f"must be one of {limits['expected']}, got {value!r}"
        case "model_type" | "dict_type":
            return f"must be a table, got {got}"
        case "tuple_type" | "list_type":
            return f"must be a list, got {got}"
    return error["msg"]


#: Working-note markers that must never reach a parent (file names, section signs, our notes).
INTERNAL_MARKERS: Final = (".md", ".toml", "§", "UNCONFIRMED", "inference", "brief")


def _shown(text: str) -> str:
    lowered = text.lower()
    for marker in INTERNAL_MARKERS:
        if marker.lower() in lowered:
            raise invalid(f"is shown to parents and must not contain '{marker}'")
    return text


#: Text shown to parents: it must hold no working note (a file name, a section sign,
#: "UNCONFIRMED" …).
Shown = Annotated[Text, AfterValidator(_shown)]


def _check_cited(keys: tuple[str, ...], known: Container[str], *at: str) -> tuple[str, ...]:
    for index, key in enumerate(keys):
        if key not in known:
            raise invalid(f"unknown source '{key}' (see sources.toml)", *at, index)
        if key in keys[:index]:
            raise invalid(f"source '{key}' is cited twice", *at, index)
    return keys


def _cited(keys: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    return _check_cited(keys, context(info, "sources"))


#: Keys of the sources a table cites, each known (``validate(…, sources=…)``: any
#: container of keys) and cited once. An empty list means "our own words".
Cites = Annotated[tuple[Text, ...], AfterValidator(_cited)]


# --- sources ---------------------------------------------------------------------------------


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

    def cited(self, keys: Iterable[str]) -> tuple[Source, ...]:
        """Return the sources that ``keys`` (a validated :data:`Cites` list) name, in order."""
        return tuple(self.by_key[key] for key in keys)


def unique_sources(groups: Iterable[Iterable[Source]]) -> tuple[Source, ...]:
    """Return the sources of all ``groups`` in first-seen order, each once."""
    seen: dict[str, Source] = {}
    for group in groups:
        for source in group:
            seen.setdefault(source.key, source)
    return tuple(seen.values())


def _web_address(url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise invalid("must start with https:// or http://")
    return url


class SourceEntry(ContentModel):
    """One ``[[sources]]`` entry; ``brief`` says where in the domain briefs it is (never shown)."""

    key: Text
    name: Shown
    url: Annotated[Text, AfterValidator(_web_address)] | None = None
    brief: Text


class SourcesFile(ContentModel):
    """``content/sources.toml``: the sources, and each questionnaire's (keys of the file's)."""

    version: Text
    sources: NonEmpty[SourceEntry]
    instruments: dict[str, tuple[Text, ...]] = {}

    @model_validator(mode="after")
    def _keys_are_known(self) -> Self:
        keys: list[str] = []
        for index, entry in enumerate(self.sources):
            if entry.key in keys:
                raise invalid(f"duplicate source key '{entry.key}'", "sources", index, "key")
            keys.append(entry.key)
        for name, cited in self.instruments.items():
            _check_cited(cited, keys, "instruments", name)
        return self


def parse_sources(doc: Table) -> Sources:
    """Validate a parsed sources file; raise ContentError naming the file and field."""
    file = validate(doc, SourcesFile)
    by_key = {entry.key: Source(entry.key, entry.name, entry.url) for entry in file.sources}
    sources = Sources(file.version, by_key, {})
    instruments = {name: sources.cited(keys) for name, keys in file.instruments.items()}
    return Sources(file.version, by_key, instruments)


@cache
def load_sources() -> Sources:
    """Return the built-in source list (``content/sources.toml``), validated once."""
    return parse_sources(load_toml(content_path("sources.toml")))

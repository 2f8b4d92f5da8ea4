"""Parsers for other trackers' exports: pure functions from files to carelog entries.

Each format module has FORMAT (its code), LABEL (the app's name), `sniff(files)` (do these
files look like this format, judged from their header lines, never their names) and
`parse(files, tz)` returning a base.Parsed. The import service in carelog/importing.py does
everything that needs the database.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Protocol

from .base import ImportFormatError, Parsed, SourceFile


class Format(Protocol):
    """A format module, as the docstring above describes it."""

    FORMAT: str
    LABEL: str

    def sniff(self, files: list[SourceFile]) -> bool: ...

    def parse(self, files: list[SourceFile], tz: tzinfo) -> Parsed: ...


def formats() -> dict[str, Format]:
    """Every format module by code, in the order they are tried."""
    from . import babybuddy, babyconnect, glow, huckleberry, nestling, nighp, nursingtimer

    modules: tuple[Format, ...] = (
        nestling,
        huckleberry,
        babyconnect,
        nighp,
        glow,
        nursingtimer,
        babybuddy,
    )
    return {module.FORMAT: module for module in modules}


def prepare(files: list[SourceFile]) -> list[SourceFile]:
    """The files as the format modules read them: the metadata a computer adds to a zip it
    makes (`__MACOSX/`, `._name`, `.DS_Store`, `Thumbs.db`) left out. (Workbooks and UTF-16
    text are turned into CSV text where the files are read, carelog/importing.py.)"""
    return [f for f in files if not _is_metadata(f.name)]


def _is_metadata(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    last = parts[-1]
    return (
        "__MACOSX" in parts
        or last.startswith("._")
        or last.lower() in (".ds_store", "thumbs.db", "desktop.ini")
    )


def detect(files: list[SourceFile]) -> str:
    """The format code of `files`, from their headers; ImportFormatError if none fits."""
    files = prepare(files)
    found = next((code for code, module in formats().items() if module.sniff(files)), None)
    if found is None:
        names = ", ".join(module.LABEL for module in formats().values())
        raise ImportFormatError(
            f"These files are not an export we can read (we read: {names}). "
            "Check that each file is the app's own CSV export, unchanged."
        )
    return found


def parse(files: list[SourceFile], tz: tzinfo, fmt: str | None = None) -> Parsed:
    """Parse `files` as `fmt` (detected when None)."""
    files = prepare(files)
    known = formats()
    if fmt is not None and fmt not in known:
        raise ImportFormatError(f"Unknown format “{fmt}”; use one of: {', '.join(known)}.")
    return known[fmt or detect(files)].parse(files, tz)

"""Excel workbooks (.xlsx) in an import, turned back into the CSV text the importers read.

Baby Buddy's admin exports can be xlsx (tracker-formats.md §6), and a family may open any
app's CSV in a spreadsheet and save it as a workbook. Each worksheet with anything in it
becomes one CSV SourceFile, read with openpyxl (values, not formulas). Date and time cells
are written as ``YYYY-MM-DD HH:MM:SS`` local times (Excel keeps no zone), the way the
importers read a CSV's times; whole numbers lose Excel's ``.0``.

Pure Python: no Django.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any

from .base import ImportFormatError, SourceFile


def is_workbook(data: bytes) -> bool:
    """True for an xlsx file (a zip holding ``xl/workbook.xml``)."""
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, timedelta):  # a duration cell ([h]:mm:ss)
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_files(name: str, data: bytes) -> list[SourceFile]:
    """One CSV SourceFile per non-empty worksheet of the workbook ``data`` (file ``name``),
    named ``<name>, sheet “<title>”``; ImportFormatError naming the file if it can't be read."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFormatError(f"{name}: not a readable Excel workbook ({exc}).") from None
    out: list[SourceFile] = []
    try:
        for sheet in book.worksheets:
            rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            rows = [row for row in rows if any(cell.strip() for cell in row)]
            if not rows:
                continue
            width = max(max((i + 1 for i, c in enumerate(row) if c), default=0) for row in rows)
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(row[:width] for row in rows)
            out.append(SourceFile(f"{name}, sheet “{sheet.title}”", buffer.getvalue()))
    finally:
        book.close()
    return out

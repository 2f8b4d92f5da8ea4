"""Print the intake precision/recall tables at the end of the test run."""

from __future__ import annotations

from typing import Any

QUALITY_TABLES: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Show every quality table the intake tests recorded."""
    if not QUALITY_TABLES:
        return
    terminalreporter.section("intake precision / recall")
    for table in QUALITY_TABLES:
        terminalreporter.write_line(table)
        terminalreporter.write_line("")

"""The code stays readable (issue #11, STYLE.md): no function outside the tests runs over
60 lines unless its docstring says why, in a paragraph that starts "Long on purpose:".

A function is counted from its ``def`` line to its last line (decorators, which sit above,
are not counted). Tests, migrations and the environment are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 60
REASON = "Long on purpose:"
SKIPPED_PARTS = {".venv", "node_modules", "vendor", "migrations", "tests", "__pycache__"}


def long_functions(root: Path = ROOT) -> list[tuple[str, str, int, bool]]:
    """(file, function, lines, has a written reason) for every function over the limit."""
    found: list[tuple[str, str, int, bool]] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if SKIPPED_PARTS & set(relative.parts) or relative.name == "conftest.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LIMIT:
                    doc = ast.get_docstring(node) or ""
                    found.append((str(relative), node.name, length, REASON in doc))
    return found


def test_no_function_over_sixty_lines_without_a_reason() -> None:
    unexplained = [f"{f}:{name} ({n} lines)" for f, name, n, why in long_functions() if not why]
    assert unexplained == [], "split these, or say why at the top:\n" + "\n".join(unexplained)


def test_the_check_finds_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n")
    (tmp_path / "why.py").write_text(f'def why():\n    """{REASON} a table."""\n{body}\n')
    assert long_functions(tmp_path) == [
        ("long.py", "long", LIMIT + 1, False),
        ("why.py", "why", LIMIT + 2, True),
    ]

"""The content loader names the file and the field for every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.loader import ContentError, Table, content_path, load_toml, parse_toml


def test_it_reads_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text('version = "1"\nname = "x"\n', encoding="utf-8")
    table = load_toml(path)
    assert table.get_str("name") == "x"
    assert table.file == str(path)


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        ('name = "x"', "version", "required"),
        ("version = 3", "version", "must be a string"),
        ('version = "1"\nname = [', "<syntax>", "not valid TOML"),
    ],
    ids=["missing-version", "version-not-string", "syntax-error"],
)
def test_it_rejects_bad_files_naming_the_field(text: str, field: str, problem: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_toml(text, "bad.toml")
    assert info.value.file == "bad.toml"
    assert info.value.field == field
    assert problem in str(info.value)
    assert str(info.value).startswith("bad.toml: field")


def test_it_reports_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="cannot be read"):
        load_toml(tmp_path / "missing.toml")


def _table() -> Table:
    return Table(
        {
            "s": "text",
            "empty": "  ",
            "n": 5,
            "items": [{"a": "one"}, {"a": 2}],
            "strs": ["a", ""],
            "sub": {"k": "v"},
        },
        "f.toml",
    )


@pytest.mark.parametrize(
    ("call", "field", "problem"),
    [
        (lambda t: t.get_str("n"), "n", "must be a string"),
        (lambda t: t.get_str("empty"), "empty", "must not be empty"),
        (lambda t: t.get_str("missing"), "missing", "required"),
        (lambda t: t.get_tables("items")[1].get_str("a"), "items[1].a", "must be a string"),
        (lambda t: t.get_tables("strs"), "strs[0]", "must be a table"),
        (lambda t: t.get_table("s"), "s", "must be a table"),
        (lambda t: t.get_tables("missing"), "missing", "required"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_accessors_raise_with_a_dotted_field_path(call, field: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as info:
        call(_table())
    assert info.value.field == field
    assert problem in info.value.problem


def test_an_absent_table_may_be_optional() -> None:
    assert _table().get_table("absent", required=False) is None
    assert _table().get_table("sub") == Table({"k": "v"}, "f.toml", "sub")


@pytest.mark.parametrize("folder", ["instruments", "help", "safety", "intake"])
def test_every_shipped_content_file_has_a_version(folder: str) -> None:
    paths = sorted(content_path(folder).glob("*.toml"))
    assert paths, folder
    for path in paths:
        assert load_toml(path).get_str("version")

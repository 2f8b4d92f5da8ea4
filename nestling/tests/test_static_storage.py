"""Static files are compressed once per file, not at every start of the server."""

from __future__ import annotations

import os
from pathlib import Path

from nestling.static_storage import CompressOnceStorage


def _collect(storage: CompressOnceStorage, names: list[str]) -> list[str]:
    return sorted(name for _, name, _ in storage.post_process(dict.fromkeys(names)))


def test_a_file_is_compressed_once_and_again_only_when_it_changes(tmp_path: Path) -> None:
    storage = CompressOnceStorage(location=tmp_path)
    page = tmp_path / "app.js"
    page.write_text("console.log('nestling');\n" * 400)
    first = _collect(storage, ["app.js"])
    assert first == ["app.js.br", "app.js.gz"]
    assert _collect(storage, ["app.js"]) == []  # nothing changed: nothing compressed
    later = page.stat().st_mtime + 10
    page.write_text("console.log('changed');\n" * 400)
    os.utime(page, (later, later))
    assert _collect(storage, ["app.js"]) == ["app.js.br", "app.js.gz"]
    assert (tmp_path / "app.js.gz").stat().st_mtime >= later


def test_the_brotli_copy_decompresses_to_the_file(tmp_path: Path) -> None:
    import brotli

    storage = CompressOnceStorage(location=tmp_path)
    data = b"<svg>" + b"<rect/>" * 2000 + b"</svg>"
    (tmp_path / "icon.svg").write_bytes(data)
    _collect(storage, ["icon.svg"])
    assert brotli.decompress((tmp_path / "icon.svg.br").read_bytes()) == data

"""Static files, compressed once: whitenoise's storage, minus the work already done.

`nestling serve` runs collectstatic at every start. Whitenoise's storage compresses every
file each time, even when nothing changed, with brotli at its slowest setting (made for a
build server: the Listen page's 14 MB ONNX Runtime file alone took 40 s on a 2-core machine,
so every start of the server took about a minute). This storage compresses a file only when
it has no compressed copy yet or the copy is older than the file, and uses brotli quality
9: 2.7 s for that file, and 2.69 MB against 2.36 MB at the slowest setting.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import brotli
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedStaticFilesStorage

#: The suffixes whitenoise writes beside a file it compressed.
COMPRESSED_SUFFIXES = (".gz", ".br")
#: Brotli's quality (0-11): 9 is within a few per cent of 11 in size at a small part of the time.
BROTLI_QUALITY = 9


def compressed_is_current(path: Path) -> bool:
    """Whether ``path`` has a compressed copy, and every copy it has is at least as new."""
    copies = [path.with_name(path.name + s) for s in COMPRESSED_SUFFIXES]
    present = [c for c in copies if c.exists()]
    if not present or not path.exists():
        return False
    modified = path.stat().st_mtime
    return all(c.stat().st_mtime >= modified for c in present)


class _QuickerCompressor(Compressor):  # type: ignore[misc]  # whitenoise is untyped
    """Whitenoise's compressor with brotli at :data:`BROTLI_QUALITY`."""

    @staticmethod
    def compress_brotli(data: bytes) -> bytes:
        return bytes(brotli.compress(data, quality=BROTLI_QUALITY))


class CompressOnceStorage(CompressedStaticFilesStorage):  # type: ignore[misc]  # untyped base
    """Compress the files collected this time that have no current compressed copy."""

    def post_process(
        self, paths: dict[str, Any], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str, bool] | tuple[str, None, RuntimeError]]:
        stale = {
            name: found
            for name, found in paths.items()
            if not compressed_is_current(Path(self.path(name)))
        }
        yield from super().post_process(stale, dry_run, **options)

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return _QuickerCompressor(**kwargs)

"""The shared cache of a single-machine install: Django's file cache, culled now and then.

Django's file cache lists its whole folder on every write, to see whether it has grown past
``MAX_ENTRIES``. Nestling writes to it on every change to the log (carelog/changes.py) and
keeps counts and insights in it, and the folder fills with entries that later writes made
stale (a count kept under an old log generation is never read again). With 3,000 files in
the folder one write took 10.6 ms against 0.65 ms in an empty one, and an event POST pays
at least one write.

So this cache looks at its folder at most once every :data:`CULL_SECONDS` in each process.
When it does and the folder holds ``MAX_ENTRIES`` or more, it first removes the entries
that have expired, then, if still too many, a random share as Django's cache does
(``CULL_FREQUENCY``). Between two looks the folder may grow past the limit by what one
process writes in that time; nothing else changes: every read and write is Django's.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Final

from django.core.cache.backends.filebased import FileBasedCache

#: How often one process may list the cache folder, in seconds.
CULL_SECONDS: Final = 60.0


class FileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._lock = threading.Lock()
        self._next_cull = 0.0

    def _cull(self) -> None:
        now = time.monotonic()
        with self._lock:
            if now < self._next_cull:
                return
            self._next_cull = now + CULL_SECONDS
        # Django's own private helpers, which django-stubs does not declare.
        files = self._list_cache_files()  # type: ignore[attr-defined]
        if len(files) < self._max_entries:
            return
        for name in files:
            # Reads the entry's expiry and removes it when it has passed.
            try:
                with Path(name).open("rb") as handle:
                    self._is_expired(handle)  # type: ignore[attr-defined]
            except FileNotFoundError:
                pass  # another process removed it first
        super()._cull()  # type: ignore[misc]

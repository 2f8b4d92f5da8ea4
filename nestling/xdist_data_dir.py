"""A pytest plugin (``-p nestling.xdist_data_dir``, set in pyproject.toml): under pytest-xdist,
each worker gets a data directory of its own (database, file cache, task queue), so one
worker clearing its cache or queue never touches another's.

It runs when pytest loads plugins, before pytest-django reads the settings, and changes
``NESTLING_DATA_DIR`` in the worker's environment only; a test that starts a process with a
data directory of its own still hands that one over unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    base = Path(
        os.environ.get("NESTLING_DATA_DIR") or Path(__file__).resolve().parent.parent / "data"
    )
    os.environ["NESTLING_DATA_DIR"] = str(base / worker)

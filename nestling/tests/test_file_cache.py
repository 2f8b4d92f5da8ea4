"""The file cache culls now and then, not on every write (nestling/file_cache.py)."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest

from nestling import file_cache
from nestling.file_cache import FileCache


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(file_cache.time, "monotonic", lambda: now[0])
    return now


def make(folder: Path, max_entries: int = 10) -> FileCache:
    return FileCache(str(folder), {"OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 2}})


def expire_all(folder: Path) -> None:
    """Rewrite every entry's expiry into the past, as time passing would."""
    for path in folder.glob("*.djcache"):
        with path.open("rb") as handle:
            pickle.load(handle)  # the expiry; the value follows
            value = handle.read()
        with path.open("wb") as handle:
            pickle.dump(time.time() - 10, handle, pickle.HIGHEST_PROTOCOL)
            handle.write(value)


def entries(folder: Path) -> int:
    return len(list(folder.glob("*.djcache")))


def test_a_write_does_not_list_the_folder_until_the_minute_is_up(tmp_path, clock):
    cache = make(tmp_path)
    for i in range(25):
        cache.set(f"k{i}", i, timeout=None)
    # The first write looked (an empty folder); the other 24 did not, so nothing was culled.
    assert entries(tmp_path) == 25
    assert cache.get("k0") == 0 and cache.get("k24") == 24

    clock[0] += file_cache.CULL_SECONDS + 1
    cache.set("late", 1, timeout=None)
    # Over the limit and nothing expired: half is culled at random, as Django's cache does.
    assert entries(tmp_path) < 25


def test_a_cull_removes_the_expired_entries_first(tmp_path, clock):
    cache = make(tmp_path)
    for i in range(12):
        cache.set(f"old{i}", i, timeout=3600)
    expire_all(tmp_path)
    clock[0] += file_cache.CULL_SECONDS + 1
    cache.set("fresh", "kept", timeout=3600)
    # The 12 expired entries are gone, which was enough: the fresh one stays.
    assert entries(tmp_path) == 1
    assert cache.get("fresh") == "kept"


def test_the_installation_uses_it(settings):
    from django.core.cache import caches

    if "RedisCache" in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("REDIS_URL is set: the cache is Redis")
    assert isinstance(caches["default"], FileCache)

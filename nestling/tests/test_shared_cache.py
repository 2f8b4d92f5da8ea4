"""The cache (computed insights and trends, the API token throttle) is one for every process
of an installation: what one app process computed, another serves; a guesser's failed
tokens count together whichever process answered them."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from django.core.cache import cache

CHILD = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
import django
django.setup()
from django.core.cache import cache
cache.set(sys.argv[1], "computed by another process", 60)
"""


@pytest.mark.slow  # starts a process
def test_what_one_process_caches_another_reads() -> None:
    key = f"shared-{uuid.uuid4().hex}"
    subprocess.run(
        [sys.executable, "-c", CHILD, key], env=os.environ.copy(), check=True, timeout=120
    )
    assert cache.get(key) == "computed by another process"
    cache.delete(key)

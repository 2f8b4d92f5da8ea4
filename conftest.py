"""Shared fixtures. Pure-core tests need none of these and never touch the database."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_hasher(settings):  # noqa: ANN001
    """Hashing passwords properly is slow by design; tests don't need that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db):  # noqa: ANN001
    """Alice (owner), Bob (partner), Vera (viewer) and Charlie (another household)."""
    from nestling.testing import make_personas

    return make_personas()

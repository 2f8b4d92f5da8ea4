"""Shared fixtures. Pure-core tests need none of these and never touch the database."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Hashing passwords properly is slow by design; tests don't need that.

    Pure-core tests may run without Django at all (`-p no:django`), hence the guard.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    except ImproperlyConfigured:
        pass


@pytest.fixture
def people(db):  # noqa: ANN001
    """Alice (owner), Bob (partner), Vera (viewer) and Charlie (another household)."""
    from nestling.testing import make_personas

    return make_personas()

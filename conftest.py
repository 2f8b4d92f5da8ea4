"""Shared fixtures. Pure-core tests need none of these and never touch the database."""

from __future__ import annotations

import pytest

#: The demo family (story.txt), loaded once per module for the tests that ask for `demo`.
pytest_plugins = ["guidance.testing"]


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


@pytest.fixture(scope="session", autouse=True)
def _static_files_listed_once():  # noqa: ANN202
    """WhiteNoise lists and stats every static file each time it is built. A server builds
    it once per process; Django's test client builds the middleware again for every
    client, which cost about an eighth of the page tests' time. The files do not change
    during a run, so every build after the first takes the first one's table."""
    try:
        from whitenoise.middleware import WhiteNoiseMiddleware
    except ImportError:  # pragma: no cover - pure-core runs
        yield
        return
    original = WhiteNoiseMiddleware.add_files_from_finders
    table: dict[str, object] = {}

    def listed_once(self):  # noqa: ANN001, ANN202
        if not table:
            original(self)
            table.update(self.files)
        else:
            self.files.update(table)

    WhiteNoiseMiddleware.add_files_from_finders = listed_once
    yield
    WhiteNoiseMiddleware.add_files_from_finders = original


@pytest.fixture(autouse=True)
def _fresh_cache():  # noqa: ANN202
    """Each test starts with an empty cache: throttling counts (failed API tokens) and
    cached insights must not leak from one test into the next."""
    yield
    try:
        from django.core.cache import cache

        cache.clear()
    except Exception:  # noqa: BLE001 - pure-core runs have no Django settings
        pass


@pytest.fixture(autouse=True)
def _default_language():  # noqa: ANN202
    """Each test starts in the default language: a page answered in a member's language
    (the middleware activates it for the thread) must not leak into the next test."""
    yield
    try:
        from django.utils import translation

        translation.deactivate()
    except Exception:  # noqa: BLE001 - pure-core runs have no Django settings
        pass


@pytest.fixture
def people(db):  # noqa: ANN001
    """Alice (owner), Bob (partner), Vera (viewer) and Charlie (another household)."""
    from nestling.testing import make_personas

    return make_personas()


#: Debian's Chromium; browser tests never download a browser of their own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    # The machine has no network: keep Chromium from reaching for it at start-up.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium():
    """A headless Debian Chromium driven by Playwright; skipped without it, except in CI."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing: install it with `apt-get install chromium`")
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

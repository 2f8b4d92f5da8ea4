"""What makes Nestling installable and usable offline: the web manifest, the service
worker (served from the site root, so it may answer for every page) and the offline page.

The service worker's script is web/static/web/sw.js with one line put in front of it: the
files it keeps for offline use and a version made from their contents. When any of them
changes, so do the worker's bytes, so phones install the new worker and drop the old files.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

#: Static files every page needs: kept on the phone when the worker installs.
SHELL_FILES = [
    "web/nestling.css",
    "web/nestling.js",
    "django_htmx/htmx-2.min.js",
    "web/icons/app.svg",
    "web/icons/favicon-32.png",
    "web/icons/icon-192.png",
]
#: Colours from nestling.css: --accent (the title bar of the installed app) and --bg.
THEME_COLOUR = "#2f6f62"
BACKGROUND_COLOUR = "#f7f4ef"
SW_SOURCE = "web/sw.js"
OFFLINE_TEMPLATE = "web/offline.html"


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: what a phone needs to put Nestling on its home screen."""

    def png(name: str, size: int, purpose: str) -> dict[str, str]:
        return {
            "src": static(f"web/icons/{name}"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }

    data: dict[str, Any] = {
        "id": "/",
        "name": "Nestling",
        "short_name": "Nestling",
        "description": _("A baby's care log, shared by the people who care for them."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "icons": [
            png("icon-192.png", 192, "any"),
            png("icon-512.png", 512, "any"),
            png("icon-maskable-192.png", 192, "maskable"),
            png("icon-maskable-512.png", 512, "maskable"),
            {"src": static("web/icons/app.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"indent": 1}
    )


def _read(static_path: str) -> bytes:
    found = finders.find(static_path)
    if not found:
        raise FileNotFoundError(f"static file {static_path} is missing")
    return Path(str(found)).read_bytes()


def _offline_template_source() -> bytes:
    # django-stubs types get_template()'s answer as a protocol without `origin`, which
    # every template of Django's own backend has.
    origin = get_template(OFFLINE_TEMPLATE).origin  # type: ignore[attr-defined]  # see above
    return Path(origin.name).read_bytes()


def _worker_script() -> str:
    source = _read(SW_SOURCE)
    digest = hashlib.sha256(source)
    for name in SHELL_FILES:
        digest.update(_read(name))
    digest.update(_offline_template_source())
    config = {
        "version": digest.hexdigest()[:16],
        "shell": [static(name) for name in SHELL_FILES],
        "offline": reverse("web:offline"),
        # Kept when the worker installs, if they load: help that must work without a
        # connection. Pages for signed-in members only are skipped when signed out.
        "extra": [
            reverse("web:warning-signs"),
            reverse("web:crying-plan"),
            reverse("web:help-directory"),
        ],
    }
    return f"self.NESTLING = {json.dumps(config)};\n" + source.decode("utf-8")


_cached_worker_script = cache(_worker_script)


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at /sw.js so that its scope is the whole site."""
    script = _worker_script() if settings.DEBUG else _cached_worker_script()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new worker on every visit; never let a cache answer for it.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page it has no copy of while offline.

    Kept on the phone when the worker installs, so it names no household and no one.
    """
    return render(request, OFFLINE_TEMPLATE, {"membership": None, "household": None})

"""Django settings for Nestling, read from the environment.

Every variable is documented in docs/configuration.md and listed in .env.example.
A bad value fails at start-up with ImproperlyConfigured, not at 3 a.m.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import TypedDict

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from nestling.lean import import_huey

BASE_DIR = Path(__file__).resolve().parent.parent
# Where django-ninja is installed, found without importing it (see TEMPLATES).
_ninja_spec = importlib.util.find_spec("ninja")
if _ninja_spec is None or _ninja_spec.origin is None:
    raise ImproperlyConfigured("django-ninja is not installed: run `make install`")
NINJA_DIR = Path(_ninja_spec.origin).parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


#: Where the SQLite database, the secret key and uploaded files live.
DATA_DIR = Path(os.environ.get("NESTLING_DATA_DIR", BASE_DIR / "data")).resolve()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else generated once and kept in the data dir."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    if key_file := os.environ.get("SECRET_KEY_FILE"):
        return Path(key_file).read_text().strip()
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Create with owner-only permissions so another user on the Pi can't read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", "false")
#: Behind a reverse proxy that terminates HTTPS (Caddy, nginx): trust its headers for the
#: scheme and the client's address, and turn on secure cookies, HSTS and the HTTPS redirect.
NESTLING_BEHIND_PROXY = envbool("NESTLING_BEHIND_PROXY", "false")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
#: The base of every link Nestling puts outside a page: invitations, and reminders sent to
#: phones and email. The address the family uses, e.g. https://nestling.example.org;
#: checked against the serve address at start-up (nestling/checks.py).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
if not re.fullmatch(r"https?://[^/?#\s]+(/[^?#\s]*)?", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be an address like https://nestling.example.org, not {SITE_URL!r}"
    )

INSTALLED_APPS = [
    # Nestling's own start-up checks (nestling/checks.py), shown by `manage check` too.
    "nestling.apps.NestlingConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "households",
    "carelog",
    "wellbeing",
    "guidance",
    "reports",
    "web",
    "api",
    "cli",
    "notifications",
    "huey.contrib.djhuey",
    # Counts failed logins per account and per address (docs/security.md).
    "axes",
]

MIDDLEWARE = [
    "nestling.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "nestling.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nestling.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as axes asks: it turns a refused login into the "try again in N minutes" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nestling.urls"
WSGI_APPLICATION = "nestling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # django-ninja's Swagger page template (api/api.py renders it; ninja is not an
        # installed app, so the processes that never serve the API don't import it).
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context.household",
            ],
        },
    },
]


def _databases() -> dict[str, Mapping[str, object]]:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        try:
            config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {exc}") from None
        return {"default": config}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "nestling.sqlite3",
            "OPTIONS": {
                # Two parents logging at once: WAL lets readers and a writer proceed together,
                # the busy timeout makes a second writer wait instead of failing, and
                # IMMEDIATE transactions take the write lock up front (no upgrade deadlock).
                # synchronous=FULL flushes the WAL to disk at every commit: with NORMAL a
                # power cut can take back the last commits, a feed the page said was saved
                # or a reminder's claim to a channel (then sent twice). It costs one fsync
                # per commit, about 4 ms on our test disk (docs/configuration.md).
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not :memory:, so tests exercise WAL and real concurrent writers.
            "TEST": {"NAME": str(DATA_DIR / "test-nestling.sqlite3")},
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2 first: new and changed passwords use it, and an older PBKDF2 hash still verifies
# and is upgraded to Argon2 at the next login. (Tests swap in a fast hasher: conftest.py.)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before the password hasher runs (CPU a guesser can't spend).
    "nestling.middleware.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling with django-axes, counted in the database so every app process agrees.
# Five failures for one account (from anywhere) or from one address (for any account) lock
# that account or address for 15 minutes from the last failure. Failures while locked
# don't extend the lock, so "try again in N minutes" stays true; a success doesn't wipe
# the count either (signing up is open, so an attacker could log in as themselves).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "web.views.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "nestling.middleware.client_address"
# Keep only failures, never a log of every successful login with its address.
AXES_DISABLE_ACCESS_LOG = True
# No start-up banner on every `nestling` command; each failure is still logged (masked).
AXES_VERBOSE = False
#: Failed API token attempts one address may make in the same window before it gets 429.
NESTLING_TOKEN_FAILURE_LIMIT = 10


def _client_ip_meta() -> str:
    """The request.META key holding the client's address, or "" to use the socket's."""
    header = os.environ.get("NESTLING_CLIENT_IP_HEADER", "").strip() or "X-Forwarded-For"
    if not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ImproperlyConfigured(
            f"NESTLING_CLIENT_IP_HEADER must be a header name like X-Forwarded-For, not {header!r}"
        )
    return "HTTP_" + header.upper().replace("-", "_") if NESTLING_BEHIND_PROXY else ""


#: Read by nestling.middleware.client_address. Only a proxy we sit behind may name the
#: client: without one, anybody could send the header and dodge the throttles.
NESTLING_CLIENT_IP_META = _client_ip_meta()

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:today"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "en-gb"
# Each person picks theirs on the household page (Membership.language); the browser's
# choice is used until they do. Catalogues in locale/, compiled by `make install`.
LANGUAGES = [("en-gb", "English (UK)"), ("en-us", "English (US)"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "nestling.static_storage.CompressOnceStorage"},
}
# Serve straight from the app directories too, so `nestling serve` works before (or
# without) collectstatic; collectstatic still runs on start-up for compression, which
# nestling/static_storage.py does once per file, not at every start.
WHITENOISE_USE_FINDERS = True
# ONNX Runtime Web for the Listen page: `make install` copies it from npm into vendor/.
ORT_DIR = BASE_DIR / "vendor" / "onnxruntime-web"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = (
    [("vendor/onnxruntime-web", ORT_DIR)] if ORT_DIR.is_dir() else []
)
# The API docs page's Swagger UI, served from our static files, not a CDN (works offline,
# no inline script for the CSP, and "Try it out" sends the CSRF token).
STATICFILES_DIRS.append(NINJA_DIR / "static")

SESSION_COOKIE_AGE = 60 * 60 * 24 * 60  # 60 days: nobody should log in again at 3 a.m.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NESTLING_BEHIND_PROXY else None
if NESTLING_BEHIND_PROXY:
    # The proxy serves HTTPS (it must set X-Forwarded-Proto): cookies never travel in
    # clear, plain-HTTP requests are sent to HTTPS, and browsers remember to use HTTPS.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = envint("NESTLING_HSTS_SECONDS", str(60 * 60 * 24 * 365))
    # HSTS covers hosts under Nestling's own (nestling.example.org covers *.nestling…,
    # never its siblings), so including them costs nothing.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# No HSTS `preload`, and its deploy check silenced on purpose: anyone may submit a domain
# that sends it to the browsers' built-in list, which is then hard to leave and forces
# HTTPS on every sibling host of the family's domain (an old printer, a router page).
# That is the domain owner's choice to make, not a default for a self-hosted app.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (Django's own, ContentSecurityPolicyMiddleware): scripts, styles,
# fonts and pictures from our own origin only, so injected markup can't run or load
# anything. No inline script, no inline style attributes (nestling.js and nestling.css do
# it all; charts are styled by class), no eval: htmx is configured with allowEval off in
# base.html's htmx-config. `data:` pictures are allowed only because the API docs page's
# Swagger UI stylesheet draws four of its icons that way; a data: picture can't run code.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Computed insights and trends are cached per household until its log changes, shared by
# every process: in files in the data directory by default (one machine), in Redis when
# REDIS_URL is set (several machines). The failed-token counts of the API throttle live
# here too, so they hold across processes. The file cache looks at its folder for culling
# once a minute per process instead of at every write (nestling/file_cache.py).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL", "").strip()
        else {
            "BACKEND": "nestling.file_cache.FileCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

#: A folder of instrument packs (e.g. a licensed EPDS) in the format described in
#: content/instruments/README.md; validated at start-up. Empty: built-in instruments only.
NESTLING_INSTRUMENT_PACKS = os.environ.get("NESTLING_INSTRUMENT_PACKS", "").strip()
if NESTLING_INSTRUMENT_PACKS and not Path(NESTLING_INSTRUMENT_PACKS).is_dir():
    raise ImproperlyConfigured(
        f"NESTLING_INSTRUMENT_PACKS is not a folder: {NESTLING_INSTRUMENT_PACKS}"
    )

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

#: The task queue (reminders) lives in Redis when this is set, e.g. redis://127.0.0.1:6379/0;
#: otherwise in SQLite in the data directory. See docs/notifications.md.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()


class _HueyConsumer(TypedDict):
    workers: int
    worker_type: str
    periodic: bool


class _Huey(TypedDict, total=False):
    """What djhuey reads from HUEY (cli/worker.py reads it too)."""

    name: str
    results: bool
    immediate: bool
    utc: bool
    consumer: _HueyConsumer
    huey_class: str
    url: str
    filename: str


def _huey() -> _Huey:
    common: _Huey = {
        "name": "nestling",
        "results": False,  # tasks write their outcome to the database rows
        "immediate": False,
        "utc": True,
        "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
    }
    if REDIS_URL:
        if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
            # The value isn't echoed: it may hold a password.
            raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
        return {**common, "huey_class": "huey.RedisHuey", "url": REDIS_URL}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {**common, "huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "tasks.sqlite3")}


HUEY = _huey()
import_huey(redis=bool(REDIS_URL))  # without the clients this deployment does not use

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # axes logs every successful login at INFO; failures and lockouts are warnings.
    # huey logs every task it runs (the reminder sweep every minute) at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "huey": {"level": "WARNING"}},
}

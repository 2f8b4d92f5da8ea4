"""Nestling's own system checks: configuration that starts fine but goes wrong later.

SITE_URL is the base of every link that leaves a page (invitations, reminders on phones
and in email). Nothing fails when it is wrong: the family just gets links that don't
open. So it is compared with the address `nestling serve` listens on, at start-up
(cli/server.py prints these warnings) and in `nestling manage check`, which takes the serve
address from NESTLING_HOST and NESTLING_PORT as `nestling serve` does.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]", "*"}  # noqa: S104 - names, not a bind
HINT = (
    "Set SITE_URL to the address the family's phones and browsers use for Nestling "
    "(docs/configuration.md#site_url)."
)


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def site_url_warnings(
    site_url: str, host: str, port: int, behind_proxy: bool = False
) -> list[CheckMessage]:
    """Return warnings where links starting with `site_url` can't reach a server
    listening on `host`:`port`.

    Behind a proxy the serve address says nothing about the public one, so nothing is
    compared. Without one, a server on loopback only with SITE_URL naming another host
    and port is taken to sit behind a plain-HTTP proxy too.
    """
    if behind_proxy:
        return []
    parts = urlsplit(site_url)
    site_host = parts.hostname or ""
    try:
        site_port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # a port out of range; settings.py only checks the shape
        site_port = -1
    where = f"{host or '0.0.0.0'}:{port}"  # noqa: S104 - for the message
    warnings: list[CheckMessage] = []
    if parts.scheme == "https":
        warnings.append(
            Warning(
                f"SITE_URL {site_url} starts with https://, but Nestling serves plain HTTP "
                f"on {where} and NESTLING_BEHIND_PROXY is off: links will not open.",
                hint="If a proxy serves HTTPS in front of Nestling, set "
                "NESTLING_BEHIND_PROXY=true; otherwise use http:// in SITE_URL.",
                id="nestling.W001",
            )
        )
    host_warning = _host_warning(site_url, site_host, site_port, host, port, where)
    if host_warning is not None:
        warnings.append(host_warning)
    behind_plain_proxy = _is_loopback(host) and not _is_loopback(site_host)
    if site_port != port and not behind_plain_proxy:
        warnings.append(
            Warning(
                f"SITE_URL {site_url} uses port {site_port}, but Nestling serves on "
                f"{where}: links in reminders and invitations will not open, unless a "
                f"proxy forwards port {site_port} to port {port}.",
                hint=HINT,
                id="nestling.W003",
            )
        )
    return warnings


def _host_warning(
    site_url: str, site_host: str, site_port: int, host: str, port: int, where: str
) -> CheckMessage | None:
    """The warning (nestling.W002) when other devices can't reach SITE_URL's host: it is
    loopback while Nestling serves others, another address than the one served, or
    Nestling serves loopback only on SITE_URL's own port."""
    serving_loopback = _is_loopback(host)
    if _is_loopback(site_host) and not serving_loopback:
        return Warning(
            f"SITE_URL {site_url} points at this computer's loopback address, but "
            f"Nestling serves {where} for other devices: on a phone, {site_host} is "
            "the phone itself, so links in reminders and invitations will not open.",
            hint=HINT,
            id="nestling.W002",
        )
    if (
        (site_ip := _ip(site_host)) is not None
        and (serve_ip := _ip(host)) is not None
        and not serve_ip.is_unspecified
        and site_ip != serve_ip
        and not serving_loopback
    ):
        return Warning(
            f"SITE_URL {site_url} names {site_host}, but Nestling listens only on "
            f"{host}: links will not open.",
            hint=HINT,
            id="nestling.W002",
        )
    if serving_loopback and not _is_loopback(site_host) and site_port == port:
        return Warning(
            f"SITE_URL {site_url} names {site_host}, but Nestling listens only on "
            f"{where}, which other devices can't reach: links will not open.",
            hint="Serve on 0.0.0.0 (NESTLING_HOST) to be reached from your home "
            "network, or put a proxy in front of Nestling.",
            id="nestling.W002",
        )
    return None


def serve_address() -> tuple[str, int]:
    """The address `nestling serve` listens on when given no options."""
    host = os.environ.get("NESTLING_HOST", "127.0.0.1")
    try:
        port = int(os.environ.get("NESTLING_PORT", "8000"))
    except ValueError:
        port = 8000  # `nestling serve` refuses it with its own message
    return host, port


@register()
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """SITE_URL against the serve address from NESTLING_HOST and NESTLING_PORT."""
    host, port = serve_address()
    return site_url_warnings(settings.SITE_URL, host, port, settings.NESTLING_BEHIND_PROXY)


def warn_at_start_up(host: str, port: int) -> list[CheckMessage]:
    """Print SITE_URL warnings for the address being served to stderr; return them."""
    warnings = site_url_warnings(settings.SITE_URL, host, port, settings.NESTLING_BEHIND_PROXY)
    for warning in warnings:
        sys.stderr.write(f"WARNING ({warning.id}): {warning.msg}\n    HINT: {warning.hint}\n")
    sys.stderr.flush()
    return warnings

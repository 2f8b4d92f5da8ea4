"""Sending through any service Apprise supports (email, ntfy, Telegram, Signal, …).

Apprise reports only success or failure, plus the log lines of each attempt. Those lines
tell us whether retrying can help: a 401, 403 or 404 from the service, or refused
credentials, will fail the same way next time (permanent); a timeout, a refused
connection or a 5xx may not (temporary). Unknown failures count as temporary: retries
are limited, so a wrong guess costs a few attempts, not a lost reminder.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import apprise

logger = logging.getLogger(__name__)

# 408 Request Timeout, 425 Too Early and 429 Too Many Requests are worth retrying.
_TEMPORARY_4XX = {408, 425, 429}
_STATUS = re.compile(r"error=(\d{3})\b")
_PERMANENT_WORDS = re.compile(
    r"unauthori[sz]ed|forbidden|authenticat|credential|invalid (?:token|api key|key)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedUrl:
    service: str
    display_url: str


@dataclass(frozen=True)
class Outcome:
    is_sent: bool
    error: str = ""
    is_permanent: bool = False


class BadUrl(ValueError):
    """Apprise can't use this URL; the message says why, in Apprise's words."""


def _apprise() -> Any:
    # Imported on first use: Apprise loads every plugin it has (tens of MB), and most web
    # requests never send anything. Returned as Any: Apprise leaves part of what is used
    # here unannotated (LogCapture, a plugin's url()).
    import apprise

    return apprise


def _asset() -> apprise.AppriseAsset:
    # Memory only: Apprise must not write caches anywhere on the server.
    asset: apprise.AppriseAsset = _apprise().AppriseAsset(storage_mode="memory")
    return asset


def parse_url(url: str) -> ParsedUrl:
    """Check `url` with Apprise and return its service name and its secret-free form.

    Raises BadUrl with Apprise's reason when no service accepts the URL.
    """
    apprise = _apprise()
    with apprise.LogCapture(level=logging.WARNING) as captured:
        plugin = apprise.Apprise.instantiate(url.strip(), asset=_asset())
    if plugin is None:
        reason = captured.getvalue().strip().splitlines()
        raise BadUrl(_strip_log_prefix(reason[-1]) if reason else "")
    return ParsedUrl(
        service=str(getattr(plugin, "service_name", "") or type(plugin).__name__)[:60],
        # The query string is Apprise's defaults spelled out; the address is what people know.
        display_url=plugin.url(privacy=True).split("?", 1)[0][:500],
    )


def _strip_log_prefix(line: str) -> str:
    # LogCapture lines read "2026-11-23 03:00:00,000 - ERROR - Unparseable URL …".
    return line.split(" - ", 2)[-1]


def classify(messages: list[str]) -> bool:
    """True when a failure's log lines say retrying cannot help."""
    for message in messages:
        for code in _STATUS.findall(message):
            status = int(code)
            if 400 <= status < 500 and status not in _TEMPORARY_4XX:
                return True
        if _PERMANENT_WORDS.search(message):
            return True
    return False


def send(url: str, title: str, body: str) -> Outcome:
    """Send one message through one Apprise URL and say how it went. Never raises."""
    apprise = _apprise()
    sender = apprise.Apprise(asset=_asset())
    with apprise.LogCapture(level=logging.WARNING) as captured:
        accepted = sender.add(url)
    if not accepted:
        lines = captured.getvalue().strip().splitlines()
        reason = _strip_log_prefix(lines[-1]) if lines else "Apprise cannot use this URL."
        return Outcome(is_sent=False, error=reason, is_permanent=True)
    result = sender.notify(body=body, title=title)
    if result:
        return Outcome(is_sent=True)
    messages = [entry.message for entry in result.logs()]
    error = " ".join(messages)[:1000] or f"Apprise reported {result.status.name.lower()}."
    return Outcome(is_sent=False, error=error, is_permanent=classify(messages))

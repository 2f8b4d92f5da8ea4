from __future__ import annotations

import logging
import re
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django import template
from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe

from carelog.describe import describe, format_duration
from households.units import Units, format_clock
from reports import wording
from web.describe import units_of_household

register = template.Library()
logger = logging.getLogger(__name__)


@register.filter
def details_in_words(event: Any, household: Any = None) -> str:
    """An event's details in words, in `household`'s units (else the event's household's)."""
    units = (
        Units.of(household)
        if household is not None
        else units_of_household(getattr(event, "household_id", None))
    )
    return " · ".join(describe(event.kind, event.details, units))


@register.filter
def duration(value: timedelta | None) -> str:
    return format_duration(value)


def _clock(household: Any) -> str:
    if isinstance(household, str | int):
        return str(household)
    return Units.of(household).clock


@register.filter(expects_localtime=True)
def localtime_hm(value: datetime | time | None, household: Any = None) -> str:
    """A time of day as the household reads the clock: "15:05" or "3:05 pm".

    Use it where a template printed |time:"H:i": `{{ event.start|localtime_hm:household }}`
    (`household` is in every page's context; a clock, "12" or "24", works too)."""
    if value in (None, ""):
        return ""
    return format_clock(value.hour, value.minute, _clock(household))


@register.filter
def plan_words(sentences: Any, household: Any = None) -> str:
    """The bonding plan's sentences in the reader's language: a session's reasons (a list),
    a note or one sentence of the weekly review; times on the household's clock."""
    clock = _clock(household) if household is not None else "24"
    if isinstance(sentences, list | tuple):
        return wording.plan_texts(sentences, clock)
    return wording.plan_text(sentences, clock)


@register.filter
def session_title(session: Any) -> str:
    """A plan session's activity title in the reader's language."""
    return wording.activity_title(session.activity_id, session.title)


@register.filter(expects_localtime=True)
def localday_hm(value: datetime | None, household: Any = None) -> str:
    """A day and time, "Mon 23 Nov, 3:05 pm" (for |date:"D j M, H:i")."""
    if value in (None, ""):
        return ""
    return f"{dateformat.format(value, 'D j M')}, {localtime_hm(value, household)}"


#: Our own line icons (24×24, stroke currentColor), one SVG file each.
ICONS = Path(__file__).resolve().parents[1] / "static" / "web" / "icons"
_ICON_NAME = re.compile(r"[a-z0-9_-]+")


@cache
def _icon_markup(name: str) -> str:
    path = ICONS / f"{name}.svg"
    if not _ICON_NAME.fullmatch(name) or not path.is_file():
        logger.error("No icon named %r; pages show none in its place.", name)
        return ""
    svg = path.read_text(encoding="utf-8").strip()
    # Decorative: the words next to it say what it is. Sized by CSS (.icon), with a
    # fallback size for a page whose stylesheet has not loaded.
    return svg.replace(
        "<svg ",
        f'<svg class="icon icon-{name}" width="24" height="24" aria-hidden="true" '
        'focusable="false" ',
        1,
    )


@register.simple_tag
def icon(name: str) -> SafeString:
    """Draw icon `name` (web/static/web/icons/<name>.svg) inline, so it needs no font and
    takes the text colour. Each file is read once per process."""
    return mark_safe(_icon_markup(str(name)))  # noqa: S308 - our own files, names checked

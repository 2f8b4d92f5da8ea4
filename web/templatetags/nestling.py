from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template

from web.describe import describe, format_duration

register = template.Library()


@register.filter
def details_in_words(event: Any) -> str:
    return " · ".join(describe(event.kind, event.details))


@register.filter
def duration(value: timedelta | None) -> str:
    return format_duration(value)

"""How the API writes JSON: every datetime in UTC, one renderer for schemas and plain data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class UTCEncoder(NinjaJSONEncoder):
    """Every datetime leaves in UTC (`…Z`), whatever offset it was sent or computed in.

    A time sent as +14:00 used to come back as +14:00 from the POST that saved it but as
    UTC from every later GET (which reads it back from the database). Converting here,
    once, covers every schema and free-form dict alike. (The insights core writes its
    times as text itself, already in UTC.)
    """

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and o.tzinfo is not None:
            return utc_text(o)
        return super().default(o)


def utc_text(moment: datetime | None) -> str | None:
    """An aware datetime as the API writes it: UTC, milliseconds, "Z" (as Django's own JSON
    encoder writes a UTC time). Builders of large pages call it directly, once a value,
    instead of through the encoder's fallback."""
    if moment is None:
        return None
    text = moment.astimezone(UTC).isoformat()
    if moment.microsecond:
        text = text[:23] + text[26:]
    return text.removesuffix("+00:00") + "Z"


class UTCRenderer(JSONRenderer):
    encoder_class = UTCEncoder


RENDERER = UTCRenderer()


def json_response(request: HttpRequest, data: Any, status: int = 200) -> HttpResponse:
    """``data`` written exactly as the API writes a validated response (for a route that
    builds its body in the schema's shape itself, see api/events.py)."""
    return HttpResponse(
        RENDERER.render(request, data, response_status=status),
        status=status,
        content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}",
    )

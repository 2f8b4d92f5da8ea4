"""One error shape for every failure: {"detail": "...", "errors": {field: message}}.

The handlers are registered once on the NinjaAPI (api/api.py). Services raise
households.exceptions errors; ninja raises ValidationError for schema mismatches and
HttpError for bodies it can't parse and for failed authentication or CSRF checks; Django
raises RequestDataTooBig for a body over DATA_UPLOAD_MAX_MEMORY_SIZE (a 413 here).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.parser import Parser

from households.exceptions import InvalidInput

from .schemas import Error


def errors(*statuses: int) -> dict[int, type[Error]]:
    """Response declarations for the error statuses an operation can return.

    429 is added to every operation: each one takes an API token, and an address that has
    sent too many wrong tokens is refused whatever it asks for (api/auth.py, `Throttled`).
    An operation that takes a body (every POST, PUT and PATCH) lists 413 itself.
    """
    return dict.fromkeys((*statuses, 429), Error)


def body(detail: str, field_errors: dict[str, str] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": field_errors or {}}


class JSONParser(Parser):
    """Ninja's parser, but a body that isn't JSON is reported against the field `body`."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            message = _("The request body is not valid JSON (%(error)s).") % {"error": exc}
            # Ninja wraps this in HttpError(400); the handler reads it back from __cause__.
            raise InvalidInput({"body": message}) from exc


# Ninja's `loc` is (source, parameter, field path…). Our operations take their body as
# a schema parameter named `payload` and their query string as one named `filters`:
# clients never see those names, so they are dropped and the field path is what's named.
_SCHEMA_PARAMETERS = {"payload", "filters"}


def field_errors(pydantic_errors: list[dict[str, Any]]) -> dict[str, str]:
    """Turn ninja's validation errors into field → message, first message per field."""
    found: dict[str, str] = {}
    for err in pydantic_errors:
        source, *loc = [str(part) for part in err.get("loc", ())] or ["body"]
        if loc and loc[0] in _SCHEMA_PARAMETERS:
            loc = loc[1:]
        if source == "query":
            # `?kind=feed&kind=dance` names `kind`, not `kind.1`.
            loc = [part for part in loc if not part.isdigit()]
        found.setdefault(".".join(loc) or source, _message(err))
    return found


def _message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind == "timezone_aware":
        return _(
            "Give the time with its UTC offset, like 2026-11-23T03:00:00+00:00 or "
            "2026-11-23T03:00:00Z."
        )
    if kind == "model_attributes_type" or kind == "model_type":
        return _("Send a JSON object.")
    if kind == "int_type":
        return _("Send a whole number, like 3 (not “3”, 3.0 or true).")
    if kind == "bool_type":
        return _("Send true or false (not “true”, 1 or 0).")
    return str(err.get("msg", _("This value is not valid."))).removeprefix("Value error, ")


def http_error_body(exc: Exception, message: str) -> dict[str, Any]:
    """The error body for a ninja HttpError (bad JSON, authentication, CSRF)."""
    cause = exc.__cause__
    if isinstance(cause, InvalidInput):
        return body(_("The request body could not be read."), cause.errors)
    if isinstance(exc, AuthenticationError) and message == "Unauthorized":
        return body(_("Log in, or send a personal API token as “Authorization: Bearer <token>”."))
    if message.lower().startswith("csrf"):
        return body(
            _(
                "CSRF check failed: send the csrftoken cookie's value in an X-CSRFToken "
                "header, or use an API token instead of the session."
            )
        )
    return body(message)

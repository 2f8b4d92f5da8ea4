"""The whole household as one zip (households/portability.py; docs/export.md)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from households.portability import export_filename, export_household

from .auth import caller
from .errors import errors

router = Router(tags=["export"])

#: The 200 answer is a file, not JSON: declared here so the schema says what comes back.
_ZIP = {
    "responses": {
        200: {
            "description": "A zip of nestling-export.json and one events-<kind>.csv per kind.",
            "headers": {
                "Content-Disposition": {
                    "description": "attachment; filename=nestling-<household>-<date>.zip",
                    "schema": {"type": "string"},
                }
            },
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/export",
    response=errors(401, 403),
    operation_id="export_household",
    openapi_extra=_ZIP,
)
def export_household_zip(request: HttpRequest) -> HttpResponse:
    """Everything in your household as a zip: members, babies, every entry with who was
    there, plans and sessions, settings, and your own check-ins (never your partner's).
    Members who can only look get 403."""
    me = caller(request)
    response = HttpResponse(export_household(me), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(me.household)}"'
    return response

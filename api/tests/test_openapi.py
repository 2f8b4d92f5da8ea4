"""The published schema and docs page, and docs/api.md kept in step with them."""

import re
from pathlib import Path

from django.test import Client

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"

EXPECTED = {
    "get_household",
    "update_household",
    "list_members",
    "update_member",
    "list_babies",
    "create_baby",
    "get_baby",
    "update_baby",
    "list_kinds",
    "list_events",
    "create_event",
    "get_event",
    "update_event",
    "delete_event",
    "list_timers",
    "start_timer",
    "stop_timer",
    "list_cry_suggestions",
    "create_cry_suggestions",
    "confirm_cry_suggestion",
    "discard_cry_suggestion",
    "list_tokens",
    "get_insights",
    "get_insights_caregivers",
    "get_handover",
    "get_trends",
    "list_instruments",
    "list_check_ins",
    "create_check_in",
    "get_check_in",
    "read_intake",
    "record_frustration",
    "get_screen",
    "answer_screen",
    "get_help",
    "create_token",
    "revoke_token",
    "list_inbox",
    "mark_inbox_read",
    "mark_notification_read",
    "list_channels",
    "create_channel",
    "delete_channel",
    "test_channel",
    "get_quiet_hours",
    "set_quiet_hours",
    "get_availability",
    "set_availability",
    "list_plans",
    "create_plan",
    "get_plan",
    "start_session",
    "rate_session",
    "get_plan_review",
    "start_import",
    "get_import",
    "export_household",
    "get_report",
    "render_report",
}


def operations() -> dict[str, dict]:
    schema = Client().get("/api/v1/openapi.json").json()
    return {
        op["operationId"]: {"method": method.upper(), "path": path, **op}
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    }


def test_openapi_lists_every_operation(db):
    assert set(operations()) == EXPECTED


def test_every_operation_declares_its_errors_with_the_error_shape(db):
    for op_id, op in operations().items():
        statuses = set(op["responses"])
        assert {"401", "403"} <= statuses, op_id
        if "{" in op["path"]:
            assert "404" in statuses, op_id
        for status in statuses - {"200", "201", "202", "204"}:
            ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/Error"), (op_id, status)
        assert op.get("tags"), op_id
        assert op.get("summary") and op.get("description"), op_id


def test_the_docs_page_is_served(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
    # From our own static files (works offline, no CDN), with the CSRF token for sessions.
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content
    assert b"cdn." not in response.content


def test_every_operation_is_documented_in_docs_api_md(db):
    """Like datasette's test_docs.py: an undocumented operation fails the build."""
    text = DOCS.read_text()
    missing = [
        f"{op['method']} {op['path']} ({op_id})"
        for op_id, op in operations().items()
        if f"`{op_id}`" not in text
        or not re.search(
            rf"{op['method']}\s+`?{re.escape(op['path'].removeprefix('/api/v1'))}`?", text
        )
    ]
    assert not missing, "docs/api.md does not mention: " + ", ".join(missing)

"""The API keeps its word (issue 12, item 5): strict types, times in UTC, ids in paths,
bodies over the size limit, and an OpenAPI schema that declares every answer it gives.

test_schema_fuzz.py checks the same promises with generated requests; these are the
cases found that way, written down one by one.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from carelog.models import Baby, Event
from households.services import create_token

from .conftest import ago, make_event

# Strict types ------------------------------------------------------------------------


def event(people: Any, **fields: Any) -> dict[str, Any]:
    return {"kind": "nappy", "baby": people.baby.pk, "details": {"wet": True}, **fields}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"baby": True}, "baby"),  # true was taken as baby 1
        ({"baby": "1"}, "baby"),
        ({"baby": 1.0}, "baby"),
        ({"caregiver": True}, "caregiver"),
        ({"others_present": [True]}, "others_present.0"),
        ({"start": 1_795_000_000}, "start"),  # a number was read as seconds since 1970
    ],
)
def test_a_wrong_type_in_an_event_is_422_naming_the_field(people, as_, fields, field):
    response = as_(people.alice).post("/events", json=event(people, **fields))
    assert response.status_code == 422, response.json()
    assert list(response.json()["errors"]) == [field]
    assert not Event.objects.exists()


def test_true_is_not_member_1(people, as_):
    response = as_(people.alice).post("/plans", json={"member": True})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "member: Send a whole number, like 3 (not “3”, 3.0 or true).",
        "errors": {"member": "Send a whole number, like 3 (not “3”, 3.0 or true)."},
    }


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/frustration", {"rating": False}, "rating"),  # false was taken as 0, "calm"
        ("/frustration", {"rating": "8"}, "rating"),
        ("/checkins", {"instrument": "phq2", "answers": [1, True]}, "answers.1"),
        ("/babies", {"name": "Ada", "birth_date": 0}, "birth_date"),  # was 1970-01-01
        ("/babies", {"name": "Ada", "birth_date": "20260620"}, "birth_date"),
        ("/quiet-hours", {"start": 79200, "end": "07:00"}, "start"),  # was 22:00
        ("/quiet-hours", {"start": "22:00+05:00", "end": "07:00"}, "start"),  # was a 500
    ],
)
def test_other_bodies_are_strict_too(people, as_, path, body, field):
    caller = as_(people.bob)
    send = caller.put if path == "/quiet-hours" else caller.post
    response = send(path, json=body)
    assert response.status_code == 422, response.json()
    assert list(response.json()["errors"]) == [field]


def test_screen_answers_must_be_true_or_false(people, as_):
    bob = as_(people.bob)
    screen = bob.post("/frustration", json={"rating": 8}).json()["safety"]["screen"]
    key = screen["questions"][0]["key"]
    response = bob.post(f"/screens/{screen['id']}/answers", json={"answers": {key: 1}})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        f"answers.{key}": "Send true or false (not “true”, 1 or 0)."
    }


def test_iso_times_and_dates_still_parse(people, as_):
    alice = as_(people.alice)
    assert alice.post("/events", json=event(people, start=ago(minutes=5))).status_code == 201
    baby = alice.post("/babies", json={"name": "Ada", "birth_date": "2026-06-20"})
    assert baby.status_code == 201 and Baby.objects.filter(name="Ada").exists()


def test_query_strings_are_text_and_still_parse(people, as_):
    make_event(people.baby, "feed", by=people.alice)
    response = as_(people.alice).get(f"/events?baby={people.baby.pk}&limit=10")
    assert response.status_code == 200 and response.json()["count"] == 1
    response = as_(people.alice).get("/events?since=1795000000")  # not a time
    assert response.status_code == 422 and list(response.json()["errors"]) == ["since"]


# Times ---------------------------------------------------------------------------------


def test_a_time_sent_at_plus_14_comes_back_in_utc_from_post_and_get(people, as_):
    alice = as_(people.alice)
    sent = "2026-11-23T16:30:00+14:00"  # 02:30 UTC
    created = alice.post("/events", json=event(people, start=sent)).json()
    assert created["start"] == "2026-11-23T02:30:00Z"
    assert alice.get(f"/events/{created['id']}").json()["start"] == created["start"]


def test_patch_and_stop_answer_in_utc_too(people, as_):
    alice = as_(people.alice)
    timer = make_event(people.baby, "sleep", by=people.alice, minutes=None)
    patched = alice.patch(f"/events/{timer.pk}", json={"start": "2026-11-22T21:30:00-05:00"})
    assert patched.json()["start"] == "2026-11-23T02:30:00Z"
    stopped = alice.post(f"/timers/{timer.pk}/stop", json={"end": "2026-11-23T05:45:00+02:45"})
    assert stopped.json()["end"] == "2026-11-23T03:00:00Z"


def test_insights_say_when_they_were_computed_in_utc(people, as_):
    assert as_(people.charlie).get("/insights").json()["now"] == "2026-11-23T03:00:00Z"


def test_times_of_day_are_local_text_in_and_out(people, as_):
    response = as_(people.bob).put("/quiet-hours", json={"start": "22:00", "end": "06:30"})
    assert response.json() == {"start": "22:00:00", "end": "06:30:00"}
    assert as_(people.bob).get("/quiet-hours").json() == {"start": "22:00:00", "end": "06:30:00"}


# Ids in paths ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/events/abc", "/events/1.5", "/babies/true", "/plans/x/review", "/checkins/%20"]
)
def test_an_id_that_is_not_a_whole_number_is_404_like_an_unknown_one(people, as_, path):
    response = as_(people.alice).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_a_bad_path_id_is_404_even_with_a_bad_body(people, as_):
    response = as_(people.alice).patch("/events/abc", json={"start": "yesterday"})
    assert response.status_code == 404


# Size limit --------------------------------------------------------------------------


@pytest.fixture
def token_client(people):
    """Django's full stack (middleware included), as Alice with an API token."""
    raw = create_token(people.alice, "script")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_body_over_the_limit_is_413_in_the_error_shape(people, token_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = event(people, details={"wet": True, "note": "x" * 2000})
    response = token_client.post("/api/v1/events", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "detail": "The request body is too large: at most 1000 bytes.",
        "errors": {},
    }
    assert not Event.objects.exists()


def test_the_default_limit_is_djangos_2_5_mb(people, token_client):
    body = b'{"name": "' + b"x" * (2_621_440 + 1) + b'"}'
    response = token_client.post("/api/v1/babies", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"] == "The request body is too large: at most 2.5 MB."


def test_a_body_under_the_limit_is_read_as_usual(people, token_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = token_client.post("/api/v1/events", event(people), content_type="application/json")
    assert response.status_code == 201


# What the schema declares ---------------------------------------------------------------


@pytest.fixture
def openapi(db) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def operations(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, methods in openapi["paths"].items()
        for method, op in methods.items()
    ]


def test_every_operation_declares_429_and_every_write_413(openapi):
    for method, path, op in operations(openapi):
        statuses = set(op["responses"])
        assert "429" in statuses, (method, path)
        if method in {"POST", "PUT", "PATCH"} or "requestBody" in op:
            assert "413" in statuses, (method, path)
        for status in ("413", "429"):
            if status in statuses:
                schema = op["responses"][status]["content"]["application/json"]["schema"]
                assert schema["$ref"].endswith("/Error"), (method, path, status)


def test_every_operation_with_a_query_string_declares_422(openapi):
    for method, path, op in operations(openapi):
        if any(p["in"] == "query" for p in op.get("parameters", [])):
            assert "422" in op["responses"], (method, path)


def test_no_time_of_day_claims_format_time(openapi):
    """OpenAPI's `format: time` needs a UTC offset; our times of day are local, without one."""
    schemas = openapi["components"]["schemas"]
    local_start = schemas["SessionOut"]["properties"]["local_start"]
    assert "format" not in local_start and local_start["pattern"].startswith("^([01]")
    quiet = schemas["QuietHoursBody"]["properties"]["start"]["anyOf"][0]
    assert "format" not in quiet and quiet["type"] == "string"
    assert '"format": "time"' not in str(openapi).replace("'", '"')

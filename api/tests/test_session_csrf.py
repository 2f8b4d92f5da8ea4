"""End to end through the real URLconf: the browser's session, with CSRF enforced."""

import json

from django.test import Client

from carelog.models import Event
from nestling.testing import PASSWORD

# Any 32 letters and digits are a valid CSRF secret; the browser gets one in the
# csrftoken cookie from the web app's pages and echoes it in X-CSRFToken.
CSRF = "a" * 16 + "B" * 16


def test_session_writes_need_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="bob", password=PASSWORD)
    client.cookies["csrftoken"] = CSRF
    payload = json.dumps({"kind": "nappy", "baby": people.baby.pk, "details": {"wet": True}})

    # Reads need no token.
    response = client.get("/api/v1/household")
    assert response.status_code == 200
    assert response.json()["me"]["display_name"] == "Dad"

    response = client.post("/api/v1/events", payload, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert response.json()["errors"] == {}
    assert not Event.objects.exists()

    response = client.post(
        "/api/v1/events", payload, content_type="application/json", headers={"X-CSRFToken": CSRF}
    )
    assert response.status_code == 201, response.json()
    assert Event.objects.get().caregiver == people.bob


def test_without_a_session_or_token_the_answer_is_401(people):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/events", "{}", content_type="application/json"
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_bearer_token_needs_no_csrf_token(people):
    from households.services import create_token

    _token, raw = create_token(people.alice)
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/events",
        json.dumps({"kind": "note", "baby": people.baby.pk, "details": {"text": "Rash on arm"}}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201, response.json()


def test_list_queries_stay_constant_with_a_real_session(people, django_assert_max_num_queries):
    from .conftest import make_event

    client = Client()
    client.login(username="alice", password=PASSWORD)
    for i in range(30):
        make_event(people.baby, "play", by=people.alice, minutes_ago=i + 1, minutes=1)
    # session, user, membership, count, page, others present
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/events").json()["count"] == 30

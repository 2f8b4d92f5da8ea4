import pytest
from ninja.testing import TestClient

from api.api import api
from carelog.models import Event
from households.models import ApiToken
from households.services import create_token

from .conftest import make_event


def bearer(raw: str) -> TestClient:
    return TestClient(api, headers={"Authorization": f"Bearer {raw}"})


def test_create_shows_the_token_once(people, as_):
    response = as_(people.bob).post("/tokens", json={"name": "Home Assistant"})
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["token"].startswith("nst_")
    assert created["prefix"] == created["token"][:10]
    listed = as_(people.bob).get("/tokens").json()
    assert [(t["id"], t["name"]) for t in listed] == [(created["id"], "Home Assistant")]
    assert "token" not in listed[0]
    assert ApiToken.objects.get().token_hash != created["token"]


def test_create_without_a_body_uses_a_default_name(people, as_):
    assert as_(people.vera).post("/tokens").json()["name"] == "API token"


def test_tokens_are_personal(people, as_):
    token, _raw = create_token(people.alice, "Alice's")
    assert as_(people.bob).get("/tokens").json() == []
    assert as_(people.bob).delete(f"/tokens/{token.pk}").status_code == 404
    assert as_(people.charlie).delete(f"/tokens/{token.pk}").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_bearer_token_acts_as_its_member(people):
    _token, raw = create_token(people.bob)
    client = bearer(raw)
    assert client.get("/household").json()["me"]["display_name"] == "Dad"
    response = client.post(
        "/events", json={"kind": "nappy", "baby": people.baby.pk, "details": {"dirty": True}}
    )
    assert response.status_code == 201, response.json()
    assert Event.objects.get().created_by == people.bob


def test_a_viewers_token_has_only_a_viewers_rights(people):
    _token, raw = create_token(people.vera)
    client = bearer(raw)
    assert client.get("/events").status_code == 200
    response = client.post("/events", json={"kind": "note", "baby": people.baby.pk})
    assert response.status_code == 403


def test_a_revoked_token_gets_401(people, as_):
    created = as_(people.alice).post("/tokens", json={"name": "Shortcut"}).json()
    client = bearer(created["token"])
    assert client.get("/babies").status_code == 200
    assert client.delete(f"/tokens/{created['id']}").status_code == 204
    for response in (
        client.get("/babies"),
        client.post("/events", json={"kind": "note", "baby": people.baby.pk}),
    ):
        assert response.status_code == 401
        assert "revoked" in response.json()["detail"]
        assert response.json()["errors"] == {}
        assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer nst_made_up", "Bearer ", "Bearer"])
def test_a_made_up_token_gets_401(people, header):
    client = TestClient(api, headers={"Authorization": header})
    assert client.get("/household").status_code == 401


def test_listing_by_token_takes_constant_queries(people, django_assert_max_num_queries):
    _token, raw = create_token(people.alice)
    client = bearer(raw)
    client.get("/household")  # the first use records last_used_at
    for i in range(50):
        make_event(people.baby, "play", by=people.alice, minutes_ago=i + 1, minutes=1)
    with django_assert_max_num_queries(4):
        assert client.get("/events").json()["count"] == 50

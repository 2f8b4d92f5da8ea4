"""POST /events with an Idempotency-Key: a client that resends after a lost answer gets the
entry it already made, not a second one."""

from api.api import api
from carelog.models import Event

from .conftest import ago

KEY = "0b9d3c1e-5f6a-4b7c-8d9e-1f2a3b4c5d6e"


def nappy(people, **extra):
    return {"kind": "nappy", "baby": people.baby.pk, "details": {"wet": True}, **extra}


def test_a_repeat_with_the_same_key_returns_the_same_entry(people, as_):
    first = as_(people.alice).post("/events", json=nappy(people), headers={"Idempotency-Key": KEY})
    again = as_(people.alice).post("/events", json=nappy(people), headers={"Idempotency-Key": KEY})
    assert first.status_code == again.status_code == 201, again.json()
    assert again.json() == first.json()
    assert Event.objects.get().client_key == KEY


def test_the_partner_resending_the_same_key_gets_that_entry_too(people, as_):
    first = as_(people.alice).post("/events", json=nappy(people), headers={"Idempotency-Key": KEY})
    again = as_(people.bob).post("/events", json=nappy(people), headers={"Idempotency-Key": KEY})
    assert again.json()["id"] == first.json()["id"]
    assert Event.objects.count() == 1


def test_without_a_key_every_post_is_a_new_entry(people, as_):
    as_(people.alice).post("/events", json=nappy(people))
    as_(people.alice).post("/events", json=nappy(people))
    assert Event.objects.count() == 2
    assert not Event.objects.exclude(client_key=None).exists()


def test_a_timer_start_resent_is_not_refused_as_already_running(people, as_):
    body = {"kind": "sleep", "baby": people.baby.pk, "start": ago(minutes=5)}
    first = as_(people.bob).post("/events", json=body, headers={"Idempotency-Key": KEY})
    again = as_(people.bob).post("/events", json=body, headers={"Idempotency-Key": KEY})
    assert again.status_code == 201, again.json()
    assert again.json()["id"] == first.json()["id"] and again.json()["is_running"]


def test_the_key_used_for_a_different_entry_is_a_422_naming_the_header(people, as_):
    as_(people.alice).post("/events", json=nappy(people), headers={"Idempotency-Key": KEY})
    response = as_(people.alice).post(
        "/events", json={"kind": "sleep", "baby": people.baby.pk}, headers={"Idempotency-Key": KEY}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"Idempotency-Key"}
    assert Event.objects.count() == 1


def test_a_key_longer_than_64_characters_is_a_422(people, as_):
    response = as_(people.alice).post(
        "/events", json=nappy(people), headers={"Idempotency-Key": "k" * 65}
    )
    assert response.status_code == 422
    assert not Event.objects.exists()


def test_another_households_key_does_not_reach_across(people, as_):
    as_(people.alice).post("/events", json=nappy(people), headers={"Idempotency-Key": KEY})
    theirs = {"kind": "nappy", "baby": people.charlies_baby.pk, "details": {"dirty": True}}
    response = as_(people.charlie).post("/events", json=theirs, headers={"Idempotency-Key": KEY})
    assert response.status_code == 201
    assert response.json()["details"]["dirty"] is True
    assert Event.objects.count() == 2


def test_a_viewer_with_a_key_is_still_refused(people, as_):
    response = as_(people.vera).post(
        "/events", json=nappy(people), headers={"Idempotency-Key": KEY}
    )
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_the_header_is_in_the_published_schema():
    operation = api.get_openapi_schema()["paths"]["/api/v1/events"]["post"]
    names = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
    assert names == ["Idempotency-Key"]

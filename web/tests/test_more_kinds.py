"""Growth, temperature, medicine, pumping, solids, potty and the fuller nappy and bottle:
logged through the page, read back in words on the timeline, and through the API."""

import pytest
from django.urls import reverse

from carelog.models import Event

from .conftest import NOW


def form(people, **fields):
    data = {"start": "2026-11-23T02:10", "caregiver": people.alice.pk, "others_present": []}
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("kind", "fields", "details", "words"),
    [
        ("growth", {"weight_kg": "5.42", "length_cm": "58.5"},
         {"weight_kg": 5.42, "length_cm": 58.5}, "5.42 kg · 58.5 cm long"),
        ("temperature", {"celsius": "38.2", "method": "armpit"},
         {"celsius": 38.2, "method": "armpit"}, "38.2 °C · armpit"),
        ("medicine", {"name": "Paracetamol", "dose": "2.5", "unit": "ml", "interval_h": "4"},
         {"name": "Paracetamol", "dose": 2.5, "unit": "ml", "interval_h": 4.0},
         "Paracetamol 2.5 ml · every 4 h at most"),
        ("solids", {"foods": "pear", "amount": "30", "unit": "g", "first_time": "on"},
         {"foods": "pear", "amount": 30, "unit": "g", "first_time": True},
         "pear · 30 g · first time"),
        ("potty", {"result": "pee"}, {"result": "pee"}, "pee"),
        ("nappy", {"dry": "on"}, {"wet": False, "dirty": False, "dry": True}, "Dry"),
        ("nappy", {"dirty": "on", "colour": "green", "consistency": "seedy"},
         {"wet": False, "dirty": True, "colour": "green", "consistency": "seedy"},
         "Dirty · green · seedy"),
    ],
)  # fmt: skip
def test_each_new_kind_is_logged_from_its_page_and_described(
    people, client_as, frozen, kind, fields, details, words
):
    client = client_as(people.alice)
    response = client.post(
        reverse("web:event-add", args=[people.baby.pk, kind]), form(people, **fields)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(kind=kind)
    assert event.details == details
    history = client.get(reverse("web:event-list", args=[people.baby.pk])).content.decode()
    assert words in history


def test_a_bottle_says_what_was_in_it(people, client_as, frozen):
    client = client_as(people.alice)
    data = form(people, end="2026-11-23T02:20", method="bottle", amount_ml="118.3", milk="formula")
    assert (
        client.post(reverse("web:event-add", args=[people.baby.pk, "feed"]), data).status_code
        == 302
    )
    event = Event.objects.get(kind="feed")
    assert event.details == {"method": "bottle", "amount_ml": 118.3, "milk": "formula"}
    history = client.get(reverse("web:event-list", args=[people.baby.pk])).content.decode()
    assert "118.3 ml" in history and "formula" in history


def test_a_temperature_out_of_range_is_named(people, client_as, frozen):
    client = client_as(people.alice)
    response = client.post(
        reverse("web:event-add", args=[people.baby.pk, "temperature"]), form(people, celsius="98.6")
    )
    assert response.status_code == 200
    assert "less than or equal to 44" in response.content.decode()
    assert not Event.objects.exists()


def test_today_offers_the_new_kinds(people, client_as, frozen):
    html = client_as(people.alice).get(reverse("web:today")).content.decode()
    for kind in ("growth", "temperature", "medicine", "solids"):  # solids beside the bottle
        assert reverse("web:event-add", args=[people.baby.pk, kind]) in html
    for preset in ("tummy_time", "pump"):
        assert reverse("web:quick-log", args=[people.baby.pk, preset]) in html


def test_the_api_takes_a_growth_entry_and_lists_the_kinds(people, frozen):
    from django.test import Client

    from households.services import create_token

    _token, raw = create_token(people.alice, "test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    kinds = client.get("/api/v1/kinds").json()
    codes = {k["code"] for k in kinds}
    assert {"growth", "temperature", "medicine", "pump", "tummy_time", "solids", "potty"} <= codes
    response = client.post(
        "/api/v1/events",
        {"baby": people.baby.pk, "kind": "growth", "start": NOW.isoformat(),
         "details": {"weight_kg": 5.1}},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["details"] == {"weight_kg": 5.1}


def test_a_fever_for_the_babys_age_says_what_to_do_at_once(people, client_as, frozen):
    from carelog.models import Baby

    Baby.objects.filter(pk=people.baby.pk).update(birth_date=NOW.date().replace(month=10))
    client = client_as(people.alice)
    response = client.post(
        reverse("web:event-add", args=[people.baby.pk, "temperature"]),
        form(people, celsius="38.2"),
        follow=True,
    )
    assert (
        "38 °C or more is a reason to call your GP or NHS 111 promptly" in response.content.decode()
    )


def test_an_ordinary_temperature_gets_no_warning(people, client_as, frozen):
    client = client_as(people.alice)
    response = client.post(
        reverse("web:event-add", args=[people.baby.pk, "temperature"]),
        form(people, celsius="37.0"),
        follow=True,
    )
    assert "call your doctor promptly" not in response.content.decode()

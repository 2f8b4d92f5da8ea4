"""The household's units through the API: read and changed on /household, while every
value the API takes and gives stays SI (docs/api.md, "Units")."""

from __future__ import annotations

import pytest

from carelog.models import Event
from households.models import Household

from .conftest import ago

US = {
    "volume_unit": "floz",
    "weight_unit": "lb",
    "length_unit": "in",
    "temperature_unit": "f",
    "clock": "12",
}
SI = {"volume_unit": "ml", "weight_unit": "kg", "length_unit": "cm", "temperature_unit": "c",
      "clock": "24"}  # fmt: skip


def test_the_household_says_its_units(people, as_):
    data = as_(people.alice).get("/household").json()
    assert {key: data[key] for key in SI} == SI


def test_the_owner_changes_the_units(people, as_):
    response = as_(people.alice).patch("/household", json=US)
    assert response.status_code == 200, response.json()
    assert {key: response.json()[key] for key in US} == US
    household = Household.objects.get(pk=people.household.pk)
    assert (household.name, household.country) == ("Alice and Bob", "GB")  # left as they were
    assert household.units.weight == "lb"


def test_one_unit_at_a_time_leaves_the_others(people, as_):
    assert as_(people.alice).patch("/household", json={"clock": "12"}).status_code == 200
    household = Household.objects.get(pk=people.household.pk)
    assert (household.clock, household.volume_unit) == ("12", "ml")


@pytest.mark.parametrize(
    ("field", "value"),
    [("volume_unit", "gallon"), ("clock", 12), ("temperature_unit", "K"), ("weight_unit", None)],
)
def test_a_unit_that_is_not_a_choice_is_422_naming_it(people, as_, field, value):
    response = as_(people.alice).patch("/household", json={field: value})
    if value is None:  # null means "leave it"
        assert response.status_code == 200
        return
    assert response.status_code == 422, response.json()
    assert list(response.json()["errors"]) == [field]
    assert Household.objects.get(pk=people.household.pk).volume_unit == "ml"


@pytest.mark.parametrize("who", ["bob", "vera"])
def test_only_the_owner_changes_the_units(people, as_, who):
    response = as_(getattr(people, who)).patch("/household", json={"volume_unit": "floz"})
    assert response.status_code == 403
    assert Household.objects.get(pk=people.household.pk).volume_unit == "ml"


def test_values_stay_si_whatever_the_units(people, as_):
    Household.objects.filter(pk=people.household.pk).update(**US)
    client = as_(people.alice)
    response = client.post(
        "/events",
        json={"baby": people.baby.pk, "kind": "feed", "start": ago(minutes=30),
              "end": ago(minutes=20), "details": {"method": "bottle", "amount_ml": 120}},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["details"] == {"method": "bottle", "amount_ml": 120}
    assert Event.objects.get().details["amount_ml"] == 120
    assert client.get("/events").json()["items"][0]["details"]["amount_ml"] == 120


def test_the_schema_documents_the_units(people):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    out = schema["components"]["schemas"]["HouseholdOut"]["properties"]
    assert out["volume_unit"]["enum"] == ["ml", "floz"]
    assert "always SI" in out["volume_unit"]["description"]

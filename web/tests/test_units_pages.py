"""A family's units on the pages: amounts typed and read in fl oz, lb and oz, inches and °F,
stored in SI; times on the 12-hour clock; and the household page that chooses them."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from carelog.models import Event
from households.models import Household, Membership

from .conftest import HTMX, NOW, make_event

US = {
    "volume_unit": "floz",
    "weight_unit": "lb",
    "length_unit": "in",
    "temperature_unit": "f",
    "clock": "12",
}


@pytest.fixture
def us(people):
    """Alice and Bob's household, reading US units and the 12-hour clock."""
    Household.objects.filter(pk=people.household.pk).update(**US)
    return people


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def form(people, **fields):
    data = {"start": "2026-11-23T02:10", "caregiver": people.alice.pk, "others_present": []}
    data.update(fields)
    return data


def add(client, people, kind, **fields):
    return client.post(
        reverse("web:event-add", args=[people.baby.pk, kind]), form(people, **fields)
    )


def history(client, people) -> str:
    return text(client.get(reverse("web:event-list", args=[people.baby.pk])))


# --- typed in the family's units, stored in SI -----------------------------------------------


def test_a_us_family_enters_4_fl_oz_and_reads_4_fl_oz(us, client_as, frozen):
    client = client_as(us.alice)
    page = text(client.get(reverse("web:event-add", args=[us.baby.pk, "feed"])))
    assert "Amount in fl oz" in page
    response = add(client, us, "feed", end="2026-11-23T02:20", method="bottle", amount_ml="4")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.get(kind="feed").details == {"method": "bottle", "amount_ml": 118.3}
    words = history(client, us)
    assert "Bottle · 4 fl oz" in words and "ml" not in words


def test_a_weight_of_10_lb_2_oz_is_stored_as_4593_g(us, client_as, frozen):
    client = client_as(us.alice)
    page = text(client.get(reverse("web:event-add", args=[us.baby.pk, "growth"])))
    assert "Weight in lb and oz" in page and "Length in inches" in page
    response = add(
        client, us, "growth", weight_kg_0="10", weight_kg_1="2", length_cm="21.5", head_cm=""
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.get(kind="growth").details == {"weight_kg": 4.593, "length_cm": 54.6}
    assert "10 lb 2 oz · 21.5 in long" in history(client, us)


def test_pounds_alone_or_ounces_alone_are_a_weight(us, client_as, frozen):
    client = client_as(us.alice)
    assert add(client, us, "growth", weight_kg_0="10", weight_kg_1="").status_code == 302
    assert Event.objects.get(kind="growth").details == {"weight_kg": 4.536}


def test_100_4_f_is_stored_as_38_c(us, client_as, frozen):
    client = client_as(us.alice)
    assert "Temperature in °F" in text(
        client.get(reverse("web:event-add", args=[us.baby.pk, "temperature"]))
    )
    response = add(client, us, "temperature", celsius="100.4", method="armpit")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.get(kind="temperature").details == {"celsius": 38.0, "method": "armpit"}
    assert "100.4 °F · armpit" in history(client, us)


def test_pumped_milk_is_typed_in_fl_oz(us, client_as, frozen):
    client = client_as(us.alice)
    response = add(client, us, "pump", end="2026-11-23T02:25", left_ml="2", right_ml="1.5")
    assert response.status_code == 302, response.content.decode()[:2000]
    details = Event.objects.get(kind="pump").details
    assert (details["left_ml"], details["right_ml"]) == (59.1, 44.4)
    assert "left 2 fl oz · right 1.5 fl oz · 3.5 fl oz in all" in history(client, us)


def test_a_range_error_is_worded_in_the_familys_unit(us, client_as, frozen):
    client = client_as(us.alice)
    response = add(client, us, "temperature", celsius="120")  # 48.9 °C: over 44 °C
    assert response.status_code == 200
    assert "less than or equal to 111.2 °F" in text(response)
    assert not Event.objects.exists()


def test_editing_shows_the_familys_units_and_an_untouched_amount_stays_as_stored(
    us, client_as, frozen
):
    client = client_as(us.alice)
    event = make_event(
        us.baby,
        "feed",
        by=us.alice,
        start=NOW - timedelta(hours=1),
        minutes=10,
        details={"method": "bottle", "amount_ml": 120},
    )
    url = reverse("web:event-edit", args=[event.pk])
    page = client.get(url).content.decode()
    assert 'name="amount_ml" value="4.1"' in page
    data = form(us, start="2026-11-23T01:55", end="2026-11-23T02:05", method="bottle")
    assert client.post(url, {**data, "amount_ml": "4.1"}).status_code == 302
    event.refresh_from_db()
    assert event.details["amount_ml"] == 120  # not 121.3: nothing was changed
    assert client.post(url, {**data, "amount_ml": "5"}).status_code == 302
    event.refresh_from_db()
    assert event.details["amount_ml"] == 147.9


def test_editing_a_weight_shows_pounds_and_ounces(us, client_as, frozen):
    event = make_event(
        us.baby, "growth", by=us.alice, start=NOW - timedelta(hours=1), details={"weight_kg": 5.103}
    )
    page = client_as(us.alice).get(reverse("web:event-edit", args=[event.pk])).content.decode()
    assert 'name="weight_kg_0" value="11"' in page and 'name="weight_kg_1" value="4"' in page


def test_a_metric_family_still_types_ml(people, client_as, frozen):
    client = client_as(people.alice)
    assert "Amount in ml" in text(
        client.get(reverse("web:event-add", args=[people.baby.pk, "feed"]))
    )
    add(client, people, "feed", end="2026-11-23T02:20", method="bottle", amount_ml="120")
    assert Event.objects.get(kind="feed").details["amount_ml"] == 120
    assert "Bottle · 120 ml" in history(client, people)


# --- the 12-hour clock -------------------------------------------------------------------------


def test_the_12_hour_clock_reads_3_05_pm(us, client_as, frozen):
    make_event(
        us.baby,
        "nappy",
        by=us.alice,
        start=NOW.replace(day=22, hour=15, minute=5),  # London is on UTC in November
        details={"wet": True},
    )
    words = history(client_as(us.alice), us)
    assert "3:05 pm" in words and "15:05" not in words


def test_today_and_the_handover_read_the_familys_clock_and_units(us, client_as, frozen):
    # Bob was last involved at 21:20 London time; since then Mum gave a bottle, and a
    # sleep started 12 minutes ago is running.
    make_event(us.baby, "holding", by=us.bob, start=NOW - timedelta(hours=6), minutes=20)
    make_event(
        us.baby,
        "feed",
        by=us.alice,
        start=NOW - timedelta(minutes=70),
        minutes=15,
        details={"method": "bottle", "amount_ml": 118.3},
    )
    make_event(us.baby, "sleep", by=us.alice, start=NOW - timedelta(minutes=12), running=True)
    page = text(client_as(us.bob).get(reverse("web:today")))
    assert "Started by Mum at 2:48 am" in page
    assert "since yesterday 9:20 pm" in page
    assert "Bottle, 4 fl oz · 55 min ago · Mum" in page
    assert "Bottle · 4 fl oz" in page  # the timeline


def test_trends_show_bottles_in_fl_oz(us, client_as, frozen):
    for d in range(1, 8):
        make_event(
            us.baby,
            "feed",
            by=us.alice,
            start=NOW.replace(hour=9) - timedelta(days=d),
            minutes=15,
            details={"method": "bottle", "amount_ml": 118.3},
        )
    response = client_as(us.alice).get(reverse("web:trends-baby", args=[us.baby.pk]))
    page = text(response)
    assert "4 fl oz a day on average over the last 7 days." in page
    assert " ml" not in page.replace("fl oz", "")


def test_growth_on_the_trends_page_is_in_pounds(us, client_as, frozen):
    make_event(us.baby, "growth", by=us.alice, start=NOW - timedelta(days=3),
               details={"weight_kg": 7.257})  # fmt: skip
    page = text(client_as(us.alice).get(reverse("web:trends-baby", args=[us.baby.pk])))
    assert "16 lb 0 oz" in page and "7.257 kg" not in page


# --- choosing them -----------------------------------------------------------------------------


def test_the_owner_chooses_the_units_on_the_household_page(people, client_as):
    client = client_as(people.alice)
    page = text(client.get(reverse("web:household")))
    for words in ("Bottle and pumping amounts", "fl oz", "lb and oz", "°F", "12-hour (3:05 pm)"):
        assert words in page
    data = {"name": "Alice and Bob", "time_zone": "Europe/London", "country": "GB", **US}
    response = client.post(reverse("web:household"), data)
    assert response.status_code == 302
    household = Household.objects.get(pk=people.household.pk)
    assert household.units.volume == "floz" and household.units.clock == "12"


def test_a_unit_that_is_not_offered_is_refused(people, client_as):
    data = {"name": "Alice and Bob", "time_zone": "Europe/London", "country": "GB",
            "volume_unit": "gallon"}  # fmt: skip
    response = client_as(people.alice).post(reverse("web:household"), data, **HTMX)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Household.objects.get(pk=people.household.pk).volume_unit == "ml"


def test_units_left_out_of_the_form_stay_as_they_are(us, client_as):
    data = {"name": "Parkers", "time_zone": "America/Chicago", "country": "US"}
    assert client_as(us.alice).post(reverse("web:household"), data).status_code == 302
    assert Household.objects.get(pk=us.household.pk).units.weight == "lb"


def test_a_new_us_household_starts_in_us_units(db, client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="pat", password="correct-horse-9")
    client.force_login(user)
    page = client.get(reverse("web:household-new")).content.decode()
    assert "volume_unit" not in page  # chosen from the country; changed later if wanted
    data = {"name": "Pat's", "time_zone": "America/Chicago", "country": "us", "display_name": "Pat"}
    assert client.post(reverse("web:household-new"), data).status_code == 302
    household = Membership.objects.get(user=user).household
    assert (household.volume_unit, household.weight_unit, household.clock) == ("floz", "lb", "12")


def test_a_new_household_elsewhere_starts_in_si(db, client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="pat", password="correct-horse-9")
    client.force_login(user)
    data = {"name": "Pat's", "time_zone": "Europe/Dublin", "country": "IE", "display_name": "Pat"}
    client.post(reverse("web:household-new"), data)
    household = Membership.objects.get(user=user).household
    assert (household.volume_unit, household.temperature_unit, household.clock) == ("ml", "c", "24")

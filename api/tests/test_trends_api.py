"""GET /trends: the series for a window, growth with WHO centiles, the next-nap window; and
the baby's sex (for centiles) through the babies API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rcpchgrowth import Measurement

from carelog.models import Baby

from .conftest import NOW, make_event


def eight_feeds_a_day(people, days: int = 10) -> None:
    """Eight 20-minute breastfeeds a day, every 3 hours, on each of the last `days` days
    (London days before NOW's, which is 23 Nov 2026, 03:00)."""
    for d in range(1, days + 1):
        midnight = (NOW.replace(hour=0, minute=0) - timedelta(days=d)).replace(minute=30)
        for h in range(0, 24, 3):
            start = midnight + timedelta(hours=h)
            make_event(
                people.baby,
                "feed",
                by=people.alice,
                minutes_ago=(NOW - start).total_seconds() / 60,
                minutes=20,
                details={"method": "breast"},
            )


def series(body: dict, code: str) -> dict:
    return next(s for s in body["series"] if s["code"] == code)


def test_a_parent_gets_the_series_for_a_window(people, as_):
    eight_feeds_a_day(people)
    response = as_(people.alice).get(f"/trends?baby={people.baby.pk}&days=7")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["baby"] == people.baby.pk
    assert body["days"] == 7
    assert body["today"] == "2026-11-23"
    assert body["night"] == "19:00-07:00"
    assert [s["code"] for s in body["series"]] == [
        "sleep",
        "feeds",
        "feed_gap",
        "bottle",
        "nappies",
        "pump",
        "tummy",
    ]
    feeds = series(body, "feeds")
    assert feeds["window"]["value"] == pytest.approx(8.0)
    assert feeds["window"]["days_logged"] == 7
    assert feeds["window"]["last_day"] == "2026-11-22"
    assert len(feeds["window"]["daily"]) == 7
    assert series(body, "feed_gap")["window"]["value"] == pytest.approx(3.0)
    nappies = series(body, "nappies")["window"]
    assert nappies["value"] is None
    assert nappies["more_days_needed"] == 3
    assert all(d["value"] is None for d in nappies["daily"])


def test_the_default_baby_and_a_longer_window(people, as_):
    eight_feeds_a_day(people)
    body = as_(people.bob).get("/trends?days=30").json()
    assert body["baby"] == people.baby.pk
    window = series(body, "feeds")["window"]
    assert (window["days"], window["days_logged"], window["value"]) == (30, 10, 8.0)
    ninety = series(as_(people.vera).get("/trends?days=90").json(), "feeds")["window"]
    assert ninety["value"] is None
    assert ninety["more_days_needed"] == 4


@pytest.mark.parametrize("days", ["14", "0", "seven", "-7"])
def test_other_windows_are_refused(people, as_, days):
    response = as_(people.alice).get(f"/trends?days={days}")
    assert response.status_code == 422
    assert "days" in response.json()["errors"]


def test_growth_entries_carry_the_centile_rcpchgrowth_gives(people, as_):
    Baby.objects.filter(pk=people.baby.pk).update(sex="male")
    make_event(
        people.baby,
        "growth",
        by=people.alice,
        minutes_ago=60 * 24 * 3,
        minutes=None,
        details={"weight_kg": 7.4, "head_cm": 42.0},
    )
    body = as_(people.alice).get("/trends").json()
    weight, head = body["growth"]
    assert (weight["measure"], head["measure"]) == ("weight_kg", "head_cm")
    measured_on = date.fromisoformat(weight["measured_on"])
    theirs = Measurement(
        sex="male",
        birth_date=people.baby.birth_date,
        observation_date=measured_on,
        measurement_method="weight",
        observation_value=7.4,
        reference="who",
    ).measurement["measurement_calculated_values"]
    assert weight["centile"] == pytest.approx(theirs["corrected_centile"], abs=1e-9)
    assert weight["z_score"] == pytest.approx(theirs["corrected_sds"], abs=1e-9)
    assert weight["reason"] is None
    assert "WHO Child Growth Standards" in body["growth_reference"]


def test_growth_without_a_sex_says_why_there_is_no_centile(people, as_):
    make_event(
        people.baby,
        "growth",
        by=people.alice,
        minutes_ago=600,
        minutes=None,
        details={"length_cm": 64.0},
    )
    (length,) = as_(people.alice).get("/trends").json()["growth"]
    assert length["centile"] is None
    assert length["reason"] == "no_sex"


def test_the_next_nap_says_when_there_is_not_enough(people, as_):
    make_event(people.baby, "sleep", by=people.alice, minutes_ago=120, minutes=60)
    nap = as_(people.alice).get("/trends").json()["next_nap"]
    assert nap["status"] == "not_enough"
    assert nap["gaps_needed"] == 5
    assert "Not a norm" in nap["basis"]


def test_outsider_gets_404(people, as_):
    eight_feeds_a_day(people)
    response = as_(people.charlie).get(f"/trends?baby={people.baby.pk}")
    assert response.status_code == 404
    # and his own default baby is his, not Alice's
    assert as_(people.charlie).get("/trends").json()["baby"] == people.charlies_baby.pk


def test_anonymous_gets_401(people, as_):
    assert as_(None).get("/trends").status_code == 401


def test_a_household_with_no_baby_gets_404(people, as_):
    Baby.objects.filter(household=people.household).delete()
    assert as_(people.alice).get("/trends").status_code == 404


# --- the baby's sex ----------------------------------------------------------------------


def test_a_baby_is_added_with_a_sex_and_it_can_be_cleared(people, as_):
    me = as_(people.alice)
    created = me.post("/babies", json={"name": "Ada", "birth_date": "2026-10-01", "sex": "female"})
    assert created.status_code == 201, created.json()
    assert created.json()["sex"] == "female"
    baby_id = created.json()["id"]
    renamed = me.patch(f"/babies/{baby_id}", json={"name": "Ada Rose"})
    assert renamed.json()["sex"] == "female"  # unchanged when not sent
    cleared = me.patch(f"/babies/{baby_id}", json={"sex": ""})
    assert cleared.json()["sex"] == ""
    assert Baby.objects.get(pk=baby_id).sex == ""


def test_a_baby_without_a_sex_reads_back_blank(people, as_):
    assert as_(people.alice).get(f"/babies/{people.baby.pk}").json()["sex"] == ""


@pytest.mark.parametrize("sex", ["f", "girl", "MALE", 1])
def test_an_unknown_sex_is_refused(people, as_, sex):
    response = as_(people.alice).patch(f"/babies/{people.baby.pk}", json={"sex": sex})
    assert response.status_code == 422
    assert "sex" in response.json()["errors"]

"""The doctor's report in the family's units with SI in brackets for the clinician, and
SI alone for a family that uses it."""

from __future__ import annotations

import re
from html import unescape

import pytest

from households.models import Household
from reports.build import build_report, resolve_period
from reports.render import render_report_html

from .conftest import NOW, at, log

US = {
    "volume_unit": "floz",
    "weight_unit": "lb",
    "length_unit": "in",
    "temperature_unit": "f",
    "clock": "12",
}


def words(member, baby) -> str:
    data = build_report(member, baby, resolve_period(member.household.tz, now=NOW), now=NOW)
    html = render_report_html(data)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def logged(people):
    """Two bottles, a weight and length, and a 39.2 °C reading (Sam is 5 months old)."""
    alice, baby = people.alice, people.baby
    log(alice, baby, "feed", at(20, 9), 15, method="bottle", amount_ml=120)
    log(alice, baby, "feed", at(20, 13), 15, method="bottle", amount_ml=120)
    log(alice, baby, "growth", at(18, 10), weight_kg=4.593, length_cm=54.6)
    log(alice, baby, "temperature", at(20, 2), celsius=39.2, method="ear")
    return people


def test_a_us_family_report_shows_their_units_and_si_in_brackets(logged):
    Household.objects.filter(pk=logged.household.pk).update(**US)
    logged.alice.household.refresh_from_db()
    text = words(logged.alice, logged.baby)
    assert "8.1 fl oz a day (240 ml)" in text
    assert "10 lb 2 oz (4.593 kg)" in text and "21.5 in (54.6 cm)" in text
    assert "°F (°C)" in text and "102.6 (39.2)" in text
    assert "Temperature of 102.6 °F (39.2 °C) on Fri 20 Nov 2026, 2:00 am" in text
    assert "at or above 102.2 °F (39 °C)" in text
    assert "Weight (kg)" not in text


def test_a_metric_family_report_stays_in_si(logged):
    text = words(logged.alice, logged.baby)
    assert "240 ml a day" in text and "fl oz" not in text
    assert "Weight (kg)" in text and "4.593" in text and " lb " not in text
    assert "Temperature of 39.2 °C on Fri 20 Nov 2026, 02:00" in text
    assert "°F" not in text

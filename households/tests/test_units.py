"""households.units: exact factors, the words a family reads, and round trips that lose
nothing visible (issue 8: "unit round trips (oz → ml → oz) lose nothing visible").

Pure: no database, no settings.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from households import units
from households.units import (
    METRIC,
    US_CUSTOMARY,
    Units,
    defaults_for_country,
    format_both,
    format_clock,
    format_hour,
    format_length,
    format_temperature,
    format_volume,
    format_weight,
    lb_oz,
    number,
    parse_quantity,
    shown,
    to_si,
)

# --- the factors are the legal definitions ---------------------------------------------------


def test_the_factors_are_the_definitions():
    assert units.ML_PER_FL_OZ == pytest.approx(231 * 2.54**3 / 128, abs=1e-12)
    assert units.KG_PER_LB == 0.45359237
    assert units.KG_PER_OZ == pytest.approx(0.028349523125, abs=1e-15)
    assert units.CM_PER_IN == 2.54
    assert units.f_from_c(37) == pytest.approx(98.6)
    assert units.c_from_f(212) == pytest.approx(100)


@pytest.mark.parametrize(
    ("value", "unit", "stored"),
    [
        (4, "floz", 118.3),
        (1, "floz", 29.6),
        (100.4, "f", 38.0),
        (99.6, "f", 37.56),  # kept to 0.01 °C so 99.6 °F reads back as 99.6
        (21.5, "in", 54.6),
        (120, "ml", 120.0),  # SI is stored as typed
        (118.25, "ml", 118.25),
    ],
)
def test_to_si_rounds_only_what_it_converts(value, unit, stored):
    assert to_si(value, unit) == stored


def test_ten_pounds_two_ounces_is_stored_to_the_gram():
    assert round(units.kg_from_lb_oz(10, 2), 3) == 4.593
    assert parse_quantity("10 lb 2 oz", "weight") == 4.593


# --- words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (format_volume(118.3, "floz"), "4 fl oz"),
        (format_volume(120, "floz"), "4.1 fl oz"),
        (format_volume(118.3, "ml"), "118.3 ml"),
        (format_volume(120.0, "ml"), "120 ml"),
        (format_weight(4.593, "lb"), "10 lb 2 oz"),
        (format_weight(5.103, "lb"), "11 lb 4 oz"),
        (format_weight(4.6, "lb"), "10 lb 2.3 oz"),
        (format_weight(0.3, "lb"), "10.6 oz"),
        (format_weight(7.257, "lb"), "16 lb 0 oz"),  # 15 lb 15.99 oz rounds up a pound
        (format_weight(5.42, "kg"), "5.42 kg"),
        (format_weight(4.5926, "kg"), "4.593 kg"),
        (format_length(54.61, "in"), "21.5 in"),
        (format_length(54.0, "cm"), "54 cm"),
        (format_temperature(38.0, "f"), "100.4 °F"),
        (format_temperature(38.25, "c"), "38.2 °C"),  # half to even, like round()
        (format_temperature(37.0, "c"), "37 °C"),
    ],
)
def test_values_read_in_the_familys_units(text, expected):
    assert text == expected


def test_a_clinician_gets_si_in_brackets():
    assert format_both(118.3, "volume", US_CUSTOMARY) == "4 fl oz (118.3 ml)"
    assert format_both(4.593, "weight", US_CUSTOMARY) == "10 lb 2 oz (4.593 kg)"
    assert format_both(38.0, "temperature", US_CUSTOMARY) == "100.4 °F (38 °C)"
    assert format_both(118.3, "volume", METRIC) == "118.3 ml"


@pytest.mark.parametrize(
    ("hour", "minute", "clock", "text"),
    [
        (15, 5, "12", "3:05 pm"),
        (0, 0, "12", "12:00 am"),
        (12, 0, "12", "12:00 pm"),
        (11, 59, "12", "11:59 am"),
        (15, 5, "24", "15:05"),
        (0, 7, "24", "00:07"),
    ],
)
def test_the_clock(hour, minute, clock, text):
    assert format_clock(hour, minute, clock) == text


def test_hours_on_the_hour():
    assert (format_hour(19, "12"), format_hour(7, "12"), format_hour(0, "12")) == (
        "7 pm",
        "7 am",
        "12 am",
    )
    assert format_hour(7, "24") == "07:00"


def test_numbers_never_show_minus_zero_or_trailing_zeros():
    assert number(-0.01, 1) == "0"
    assert number(4.0, 1) == "4"
    assert number(4.10, 2) == "4.1"


# --- household choices ---------------------------------------------------------------------------


def test_a_us_household_starts_in_us_units_and_others_in_si():
    assert defaults_for_country("us") == Units("floz", "lb", "in", "f", "12")
    assert defaults_for_country("GB") == Units("ml", "kg", "cm", "c", "24")
    assert defaults_for_country("IE") == METRIC


def test_units_are_read_from_a_household_like_object():
    class Home:
        volume_unit, weight_unit, length_unit, temperature_unit, clock = "floz", "kg", "in", "f", 12

    assert Units.of(Home()) == Units("floz", "kg", "in", "f", "12")
    assert Units.of(None) == METRIC


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="'gallon' is not one of ml, floz"):
        Units(volume="gallon")


# --- reading what people type (the CLI's --detail amount=4oz) -------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "si"),
    [
        ("4oz", "volume", 118.3),
        ("4 fl oz", "volume", 118.3),
        ("4floz", "volume", 118.3),
        ("120ml", "volume", 120.0),
        ("10lb2oz", "weight", 4.593),
        ("10 lb", "weight", 4.536),
        ("162oz", "weight", 4.593),
        ("4593g", "weight", 4.593),
        ("4.6kg", "weight", 4.6),
        ("21.5in", "length", 54.6),
        ('21.5"', "length", 54.6),
        ("546mm", "length", 54.6),
        ("100.4F", "temperature", 38.0),
        ("38 °C", "temperature", 38.0),
        ("120", "volume", None),  # no unit: the CLI keeps it as typed
        ("bottle", "volume", None),
        ("", "volume", None),
    ],
)
def test_parse_quantity(text, dimension, si):
    assert parse_quantity(text, dimension) == si


@pytest.mark.parametrize(
    ("text", "dimension"), [("4kg", "volume"), ("4oz10lb", "weight"), ("3 parsecs", "length")]
)
def test_parse_quantity_refuses_the_wrong_unit(text, dimension):
    with pytest.raises(ValueError):
        parse_quantity(text, dimension)


# --- round trips: nothing visible is lost ----------------------------------------------------------
# A family types a value at the precision shown (a tenth of a fl oz, of an oz, of an inch,
# of a °F); it is stored in SI; it is shown again: the same text comes back.

tenths = st.integers(min_value=1, max_value=100_000)


@given(tenths)
def test_fl_oz_to_ml_to_fl_oz_loses_nothing_visible(n):
    typed = n / 10
    stored = to_si(typed, "floz")
    assert round(stored, 1) == stored  # ml kept to 0.1, as carelog stores it
    assert shown(stored, "floz") == number(typed, 1)


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=159))
def test_lb_oz_to_kg_to_lb_oz_loses_nothing_visible(pounds, tenth_ounces):
    ounces = tenth_ounces / 10
    stored = round(units.kg_from_lb_oz(pounds, ounces), 3)
    assert lb_oz(stored) == (pounds, ounces)


@given(tenths)
def test_in_to_cm_to_in_loses_nothing_visible(n):
    typed = n / 10
    assert shown(to_si(typed, "in"), "in") == number(typed, 1)


@given(st.integers(min_value=-1000, max_value=3000))
def test_f_to_c_to_f_loses_nothing_visible(n):
    typed = n / 10
    assert shown(to_si(typed, "f"), "f") == number(typed, 1)


@given(st.floats(min_value=0.01, max_value=10_000, allow_nan=False))
def test_any_typed_fl_oz_reads_back_within_half_a_shown_step(typed):
    back = float(shown(to_si(typed, "floz"), "floz"))
    assert abs(back - typed) <= 0.05 + 0.002


@given(st.integers(min_value=1, max_value=50_000))
def test_a_value_shown_and_typed_again_is_stored_the_same(n):
    """Editing an entry without touching its amount: the stored ml after one save
    are the ml after a second (no drift, however many times it is saved)."""
    first = to_si(float(shown(n / 10, "floz")), "floz")
    second = to_si(float(shown(first, "floz")), "floz")
    assert first == second

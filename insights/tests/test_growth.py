"""Growth centiles against the WHO 2006 standards: the same numbers as rcpchgrowth gives."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rcpchgrowth import Measurement  # type: ignore[import-untyped]

from insights.growth import (
    BEFORE_BIRTH,
    BEFORE_TERM,
    CENTILE_LINES,
    IMPLAUSIBLE,
    INVALID_VALUE,
    MEASURES,
    NO_SEX,
    UNKNOWN_MEASURE,
    centile_lines,
    gestation_at_birth,
    growth_centile,
)

BORN = date(2025, 1, 10)


def library(
    measure: str, value: float, sex: str, observed: date, due: date | None
) -> dict[str, Any]:
    weeks, days = gestation_at_birth(BORN, due)
    m = Measurement(
        sex=sex,
        birth_date=BORN,
        observation_date=observed,
        measurement_method=MEASURES[measure],
        observation_value=value,
        reference="who",
        gestation_weeks=weeks,
        gestation_days=days,
    )
    values: dict[str, Any] = m.measurement["measurement_calculated_values"]
    return values


CASES = [
    # measure, value, sex, days after birth, due date offset in days (None: no due date)
    ("weight_kg", 7.0, "male", 122, None),
    ("weight_kg", 6.4, "female", 122, None),
    ("weight_kg", 3.1, "female", 0, None),
    ("weight_kg", 9.2, "male", 365, 0),
    ("length_cm", 61.0, "female", 90, None),
    ("length_cm", 75.5, "male", 360, 10),
    ("head_cm", 40.5, "male", 120, None),
    ("head_cm", 44.0, "female", 300, None),
    # born at 32 weeks: corrected age
    ("weight_kg", 5.0, "male", 150, 56),
    ("length_cm", 58.0, "female", 150, 56),
    # 36+6 weeks: still preterm
    ("head_cm", 38.0, "female", 100, 8),
    # 37 weeks: term, no correction
    ("weight_kg", 5.5, "male", 100, 21),
    # born after the due date (41 weeks)
    ("weight_kg", 5.8, "female", 100, -7),
    # preterm past 2 years corrected: correction stops
    ("length_cm", 88.0, "male", 800, 70),
]


@pytest.mark.parametrize(("measure", "value", "sex", "age_days", "due_offset"), CASES)
def test_centile_and_z_are_what_rcpchgrowth_gives(
    measure: str, value: float, sex: str, age_days: int, due_offset: int | None
) -> None:
    due = None if due_offset is None else BORN + timedelta(days=due_offset)
    observed = BORN + timedelta(days=age_days)
    ours = growth_centile(
        measure, value, sex=sex, birth_date=BORN, observed_on=observed, due_date=due
    )
    theirs = library(measure, value, sex, observed, due)
    assert ours.reason is None
    assert ours.centile == pytest.approx(theirs["corrected_centile"], abs=1e-9)
    assert ours.z_score == pytest.approx(theirs["corrected_sds"], abs=1e-9)


def test_a_median_who_weight_at_four_months_is_about_the_50th_centile() -> None:
    # WHO weight-for-age, boys: the median at 4 months is 7.0 kg.
    result = growth_centile(
        "weight_kg", 7.0, sex="male", birth_date=BORN, observed_on=BORN + timedelta(days=122)
    )
    assert result.centile == pytest.approx(50, abs=1.5)
    assert result.z_score == pytest.approx(0, abs=0.05)
    assert not result.is_corrected


def test_a_baby_born_at_32_weeks_is_measured_at_corrected_age() -> None:
    due = BORN + timedelta(days=56)
    result = growth_centile(
        "weight_kg",
        5.0,
        sex="male",
        birth_date=BORN,
        observed_on=BORN + timedelta(days=150),
        due_date=due,
    )
    assert gestation_at_birth(BORN, due) == (32, 0)
    assert result.is_corrected
    assert result.age_days == 150
    assert result.age_used_days == pytest.approx(94, abs=0.1)


def test_term_babies_are_not_corrected() -> None:
    due = BORN + timedelta(days=14)  # 38 weeks
    result = growth_centile(
        "weight_kg", 5.0, sex="male", birth_date=BORN, observed_on=BORN + timedelta(days=90),
        due_date=due,
    )  # fmt: skip
    assert not result.is_corrected
    assert result.age_used_days == pytest.approx(90, abs=0.1)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"sex": ""}, NO_SEX),
        ({"sex": "other"}, NO_SEX),
        ({"measure": "bmi"}, UNKNOWN_MEASURE),
        ({"value": 0}, INVALID_VALUE),
        ({"value": -3.0}, INVALID_VALUE),
        ({"value": math.nan}, INVALID_VALUE),
        ({"value": math.inf}, INVALID_VALUE),
        ({"value": "heavy"}, INVALID_VALUE),
        ({"observed_on": BORN - timedelta(days=1)}, BEFORE_BIRTH),
        # born at 30 weeks, measured at 2 weeks old: still 8 weeks before term
        (
            {"due_date": BORN + timedelta(days=70), "observed_on": BORN + timedelta(days=14)},
            BEFORE_TERM,
        ),
        # a weight typed in grams
        ({"value": 6400.0}, IMPLAUSIBLE),
        ({"value": 0.4}, IMPLAUSIBLE),
    ],
)
def test_out_of_range_input_gives_no_centile_and_a_reason(
    kwargs: dict[str, Any], reason: str
) -> None:
    args: dict[str, Any] = {
        "measure": "weight_kg",
        "value": 6.0,
        "sex": "female",
        "birth_date": BORN,
        "observed_on": BORN + timedelta(days=100),
        "due_date": None,
    }
    args.update(kwargs)
    measure, value = args.pop("measure"), args.pop("value")
    result = growth_centile(measure, value, **args)
    assert result.centile is None
    assert result.z_score is None
    assert result.reason == reason


@settings(max_examples=150, deadline=None)
@given(
    measure=st.sampled_from([*MEASURES, "bmi"]),
    value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10, 10**6)),
    sex=st.sampled_from(["female", "male", ""]),
    age_days=st.integers(-30, 20 * 366),
    due_offset=st.one_of(st.none(), st.integers(-120, 120)),
)
def test_it_never_raises(
    measure: str, value: float, sex: str, age_days: int, due_offset: int | None
) -> None:
    due = None if due_offset is None else BORN + timedelta(days=due_offset)
    result = growth_centile(
        measure,
        value,
        sex=sex,
        birth_date=BORN,
        observed_on=BORN + timedelta(days=age_days),
        due_date=due,
    )
    assert (result.centile is None) == (result.reason is not None)
    if result.centile is not None:
        assert 0 <= result.centile <= 100


def test_centile_lines_are_whos_five_over_the_first_year() -> None:
    lines = centile_lines("weight_kg", "male")
    assert lines is not None
    assert lines.centiles == CENTILE_LINES == (3.0, 15.0, 50.0, 85.0, 97.0)
    assert lines.ages_days[0] == 0
    assert lines.ages_days[-1] == 365
    # WHO weight-for-age, boys at birth: median 3.3464 kg (the LMS table's M).
    assert lines.values[2][0] == pytest.approx(3.3464, abs=1e-3)
    for j in range(len(lines.ages_days)):
        column = [lines.values[i][j] for i in range(len(CENTILE_LINES))]
        assert column == sorted(column)
    # A measurement on the 50th line at 4 months is at the 50th centile.
    day = lines.ages_days.index(119)
    on_line = growth_centile(
        "weight_kg",
        lines.values[2][day],
        sex="male",
        birth_date=BORN,
        observed_on=BORN + timedelta(days=119),
    )
    assert on_line.centile == pytest.approx(50, abs=0.1)


def test_no_centile_lines_without_a_sex() -> None:
    assert centile_lines("weight_kg", "") is None
    assert centile_lines("bmi", "female") is None

"""Growth against the WHO Child Growth Standards (2006), through the RCPCH's rcpchgrowth.

Model in plain words: a measurement (weight in kg, length in cm or head circumference in
cm) on a date is placed against the WHO standard for the baby's sex and age, as a z-score
(standard deviations from the median) and a centile (the share of healthy, breastfed
babies of that sex and age who measure less). We never copy the tables by hand: the LMS
values and the arithmetic are rcpchgrowth's, and the rules follow its `Measurement` class
for the "who" reference, so the centile here is the one rcpchgrowth gives for the same
input (tests check this). What the library does with prematurity, and so what we do:

- gestation at birth comes from the due date: 40 weeks - (due date - birth date); no due
  date means 40 weeks;
- born before 37 weeks: the age is corrected (counted from the due date) until the
  corrected age reaches 2 years; 37-42 weeks counts as term, so no correction;
- before the due date (corrected age below zero) the WHO standards have no data: no
  centile, with the reason "before_term".

A value more than 8 SD from the median is, as rcpchgrowth says, "considered to be an
error" (a weight typed in grams, say): no centile, reason "implausible". Nothing here
raises for a measurement out of range: it returns a result with `centile` None and a
`reason` code (the words are rendered by the adapters).

Centile lines for charts are WHO's own published set, the 3rd, 15th, 50th, 85th and 97th
centiles (the WHO subset of rcpchgrowth's EXTENDED_WHO_CENTILES collection), drawn from
rcpchgrowth's daily WHO 2006 infant LMS table with its `measurement_for_z`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# rcpchgrowth ships no type information.
from rcpchgrowth import (  # type: ignore[import-untyped]
    __version__ as RCPCHGROWTH_VERSION,
)
from rcpchgrowth import (
    centile,
    chronological_decimal_age,
    corrected_decimal_age,
    measurement_for_z,
    sds_for_measurement,
)
from rcpchgrowth.constants import WHO, WHO_2006_INFANT  # type: ignore[import-untyped]
from rcpchgrowth.global_functions import sds_for_centile  # type: ignore[import-untyped]
from rcpchgrowth.who import select_reference_data_for_who_chart  # type: ignore[import-untyped]

#: The standard every centile here is measured against, for pages and the API to cite.
REFERENCE = (
    "WHO Child Growth Standards (WHO Multicentre Growth Reference Study Group, 2006; head "
    "circumference 2007), calculated with the RCPCH rcpchgrowth library "
    f"{RCPCHGROWTH_VERSION}"
)
REFERENCE_URL = "https://www.who.int/tools/child-growth-standards"
LIBRARY_URL = "https://github.com/rcpch/rcpchgrowth-python"

#: Our detail names (carelog.kinds.GrowthDetails) -> rcpchgrowth's measurement methods.
#: Under 2 years the WHO "height" standard is length, measured lying down.
MEASURES: dict[str, str] = {"weight_kg": "weight", "length_cm": "height", "head_cm": "ofc"}
SEXES = ("female", "male")

#: WHO's published centile lines (also in rcpchgrowth's EXTENDED_WHO_CENTILES collection).
CENTILE_LINES: tuple[float, ...] = (3.0, 15.0, 50.0, 85.0, 97.0)

#: rcpchgrowth's MINIMUM/MAXIMUM_HEIGHT_WEIGHT_OFC_ERROR_SDS: beyond this, "considered to
#: be an error" rather than a measurement.
IMPLAUSIBLE_SDS = 8.0

TERM_DAYS = 40 * 7
DAYS_PER_YEAR = 365.25  # rcpchgrowth's decimal age

# Reason codes when there is no centile.
NO_SEX = "no_sex"
UNKNOWN_MEASURE = "unknown_measure"
INVALID_VALUE = "invalid_value"
BEFORE_BIRTH = "before_birth"
BEFORE_TERM = "before_term"
OUT_OF_RANGE = "out_of_range"
IMPLAUSIBLE = "implausible"
REASONS = (
    NO_SEX,
    UNKNOWN_MEASURE,
    INVALID_VALUE,
    BEFORE_BIRTH,
    BEFORE_TERM,
    OUT_OF_RANGE,
    IMPLAUSIBLE,
)


@dataclass(frozen=True)
class GrowthCentile:
    """One measurement against the WHO standard. `centile` (0-100) and `z_score` are None
    with a `reason` code when the standard can't place it."""

    measure: str  # weight_kg, length_cm or head_cm
    value: float  # in the measure's unit
    observed_on: date
    age_days: int  # since birth
    age_used_days: float | None  # the age the standard was read at (corrected or not)
    is_corrected: bool
    centile: float | None
    z_score: float | None
    reason: str | None = None


@dataclass(frozen=True)
class CentileLines:
    """WHO centile curves for one measure and sex: `values[i][j]` is centile
    `centiles[i]` at `ages_days[j]` (age since term for a corrected age)."""

    measure: str
    sex: str
    centiles: tuple[float, ...]
    ages_days: tuple[int, ...]
    values: tuple[tuple[float, ...], ...]
    reference: str = REFERENCE


def gestation_at_birth(birth_date: date, due_date: date | None) -> tuple[int, int]:
    """Return (weeks, days) of gestation at birth: 40 weeks less the days the baby came
    before the due date (more if after). No due date: 40 + 0."""
    if due_date is None:
        return 40, 0
    total = TERM_DAYS - (due_date - birth_date).days
    return total // 7, total % 7


def growth_centile(
    measure: str,
    value: float,
    *,
    sex: str,
    birth_date: date,
    observed_on: date,
    due_date: date | None = None,
) -> GrowthCentile:
    """Return the WHO 2006 centile and z-score of `value` (kg or cm, per `measure`) for a
    baby of `sex` ("female"/"male") born on `birth_date`, measured on `observed_on`.
    Never raises for odd input: the result then has a `reason` instead of a centile."""
    age_days = (observed_on - birth_date).days

    def without(
        reason: str, age_used: float | None = None, corrected: bool = False
    ) -> GrowthCentile:
        return GrowthCentile(
            measure, value, observed_on, age_days, age_used, corrected, None, None, reason
        )

    method = MEASURES.get(measure)
    if method is None:
        return without(UNKNOWN_MEASURE)
    if sex not in SEXES:
        return without(NO_SEX)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return without(INVALID_VALUE)
    if not math.isfinite(number) or number <= 0:
        return without(INVALID_VALUE)
    if age_days < 0:
        return without(BEFORE_BIRTH)
    weeks, days = gestation_at_birth(birth_date, due_date)
    if weeks < 1:
        return without(INVALID_VALUE)
    corrected, is_corrected = _age_for_standard(birth_date, observed_on, weeks, days)
    age_used = round(corrected * DAYS_PER_YEAR, 1)
    if corrected < 0:
        return without(BEFORE_TERM, age_used, is_corrected)
    z = _who_z_score(method, corrected, number, sex)
    if z is None:
        return without(OUT_OF_RANGE, age_used, is_corrected)
    if abs(z) > IMPLAUSIBLE_SDS:
        return without(IMPLAUSIBLE, age_used, is_corrected)
    return GrowthCentile(
        measure,
        number,
        observed_on,
        age_days,
        age_used,
        is_corrected,
        float(centile(z)),
        float(z),
        None,
    )


def _age_for_standard(
    birth_date: date, observed_on: date, weeks: int, days: int
) -> tuple[float, bool]:
    """Return the decimal age the WHO standard is read at, and whether it is corrected:
    the same ages and the same WHO rule as rcpchgrowth.Measurement (measurement.py)."""
    chronological: float = chronological_decimal_age(birth_date, observed_on)
    corrected: float = corrected_decimal_age(birth_date, observed_on, weeks, days)
    if (corrected >= 2 and weeks < 37) or 37 <= weeks <= 42:
        corrected = chronological
    return corrected, corrected != chronological


def _who_z_score(method: str, age: float, value: float, sex: str) -> float | None:
    """Return rcpchgrowth's WHO z-score, or None where the standard has no finite one."""
    try:
        z: float | None = sds_for_measurement(
            reference=WHO,
            age=age,
            measurement_method=method,
            observation_value=value,
            sex=sex,
        )
    except (LookupError, ValueError, ArithmeticError):
        return None
    if z is None or not math.isfinite(z):
        return None
    return z


@lru_cache(maxsize=16)
def centile_lines(
    measure: str, sex: str, max_age_days: int = 365, step_days: int = 7
) -> CentileLines | None:
    """Return WHO's 3rd-97th centile lines for `measure` and `sex` from birth (term) to
    `max_age_days`, one point every `step_days` (plus the last day). None for an unknown
    measure or sex."""
    method = MEASURES.get(measure)
    if method is None or sex not in SEXES:
        return None
    table = select_reference_data_for_who_chart(WHO_2006_INFANT, method, sex)
    # The WHO 2006 infant table has one row a day from birth (decimal ages k / 365.25).
    by_day = {round(row["decimal_age"] * DAYS_PER_YEAR): row for row in table}
    last = min(max_age_days, max(by_day))
    ages = [d for d in range(0, last + 1, max(1, step_days)) if d in by_day]
    if ages and ages[-1] != last and last in by_day:
        ages.append(last)
    values = tuple(
        tuple(
            round(measurement_for_z(z=z, l=by_day[d]["L"], m=by_day[d]["M"], s=by_day[d]["S"]), 3)
            for d in ages
        )
        for z in (float(sds_for_centile(c)) for c in CENTILE_LINES)
    )
    return CentileLines(measure, sex, CENTILE_LINES, tuple(ages), values)

"""The units a family reads and types, and the exact conversions to the SI values we store.

Everything is stored in SI (ml, kg, cm, °C) and shown in the household's own units. The
factors are the legal definitions, so nothing drifts: the US fluid ounce is 1/128 of the
US gallon of 231 cubic inches, 29.5735295625 ml exactly (NIST Handbook 44, appendix C);
the international pound is 0.45359237 kg exactly and the ounce a sixteenth of it; the
inch is 2.54 cm exactly; °F = °C × 9/5 + 32.

A value entered in the family's units is stored to a precision fine enough that showing
it again gives back what was typed, to the precision shown (tests/test_units.py proves it
with hypothesis):

=========== ============== ========================= ==============================
dimension   stored as      shown in SI               shown in US customary
=========== ============== ========================= ==============================
volume      ml, 0.1 ml     ml, to 0.1 (120, 118.3)   fl oz, to 0.1 (4, 4.1)
weight      kg, 1 g        kg, to 1 g (4.593)        lb and oz, to 0.1 oz (10 lb 2 oz)
length      cm, 1 mm       cm, to 0.1 (54.5)         in, to 0.1 (21.5)
temperature °C, 0.01 °C    °C, to 0.1 (38)           °F, to 0.1 (100.4)
=========== ============== ========================= ==============================

The worst storage error is then well under half a shown step (0.05 ml is 0.0017 fl oz;
0.5 g is 0.018 oz; 0.05 cm is 0.02 in; 0.005 °C is 0.009 °F). Inches are shown in
tenths, as US clinics' growth charts print them, rather than quarters: a value typed as
21¼ in shows as 21.3 in (to the tenth, exactly as a tenth-marked tape would read).

Pure Python: no Django, so the CLI, the pages, the reports and the tests share it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

ML_PER_FL_OZ = 29.5735295625  # US customary fluid ounce, exact by definition
KG_PER_LB = 0.45359237  # international avoirdupois pound, exact by definition
KG_PER_OZ = KG_PER_LB / 16
CM_PER_IN = 2.54  # international inch, exact by definition
OZ_PER_LB = 16

Dimension = Literal["volume", "weight", "length", "temperature"]

VOLUME_UNITS = ("ml", "floz")
WEIGHT_UNITS = ("kg", "lb")
LENGTH_UNITS = ("cm", "in")
TEMPERATURE_UNITS = ("c", "f")
CLOCKS = ("24", "12")

#: Decimal places kept when a converted value is stored (see the table above).
STORED_PLACES: dict[Dimension, int] = {"volume": 1, "weight": 3, "length": 1, "temperature": 2}
#: Decimal places shown, by unit; trailing zeros are dropped ("4 fl oz", "118.3 ml").
SHOWN_PLACES = {"ml": 1, "floz": 1, "kg": 3, "lb": 1, "cm": 1, "in": 1, "c": 1, "f": 1}
#: Words after a number, by unit ("lb" shows as "10 lb 2 oz": see format_weight).
SYMBOLS = {"ml": "ml", "floz": "fl oz", "kg": "kg", "lb": "lb", "cm": "cm", "in": "in",
           "c": "°C", "f": "°F"}  # fmt: skip
#: The SI unit each dimension is stored in.
SI: dict[Dimension, str] = {"volume": "ml", "weight": "kg", "length": "cm", "temperature": "c"}

#: Countries whose families mostly think in US customary units and the 12-hour clock.
US_CUSTOMARY_COUNTRIES = frozenset({"US"})


@dataclass(frozen=True)
class Units:
    """A household's choice: how amounts are shown and typed, and how the clock reads."""

    volume: str = "ml"
    weight: str = "kg"
    length: str = "cm"
    temperature: str = "c"
    clock: str = "24"

    def __post_init__(self) -> None:
        for value, allowed in (
            (self.volume, VOLUME_UNITS),
            (self.weight, WEIGHT_UNITS),
            (self.length, LENGTH_UNITS),
            (self.temperature, TEMPERATURE_UNITS),
            (self.clock, CLOCKS),
        ):
            if value not in allowed:
                raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")

    @classmethod
    def of(cls, household: Any) -> Units:
        """The units of anything carrying the Household model's unit fields (or METRIC)."""
        if household is None:
            return METRIC
        return cls(
            volume=getattr(household, "volume_unit", "ml"),
            weight=getattr(household, "weight_unit", "kg"),
            length=getattr(household, "length_unit", "cm"),
            temperature=getattr(household, "temperature_unit", "c"),
            clock=str(getattr(household, "clock", "24")),
        )

    def unit(self, dimension: Dimension) -> str:
        return {
            "volume": self.volume,
            "weight": self.weight,
            "length": self.length,
            "temperature": self.temperature,
        }[dimension]

    def is_si(self, dimension: Dimension) -> bool:
        return self.unit(dimension) == SI[dimension]


METRIC = Units()
US_CUSTOMARY = Units("floz", "lb", "in", "f", "12")


def defaults_for_country(country: str) -> Units:
    """The units a new household starts with: US customary and 12 h in the US, else SI."""
    return US_CUSTOMARY if country.strip().upper() in US_CUSTOMARY_COUNTRIES else METRIC


# --- exact conversions ---------------------------------------------------------------------


def ml_from_fl_oz(fl_oz: float) -> float:
    return fl_oz * ML_PER_FL_OZ


def fl_oz_from_ml(ml: float) -> float:
    return ml / ML_PER_FL_OZ


def kg_from_lb_oz(lb: float, oz: float = 0.0) -> float:
    return lb * KG_PER_LB + oz * KG_PER_OZ


def oz_from_kg(kg: float) -> float:
    """The whole weight in ounces (10 lb 2 oz is 162 oz)."""
    return kg / KG_PER_OZ


def cm_from_in(inches: float) -> float:
    return inches * CM_PER_IN


def in_from_cm(cm: float) -> float:
    return cm / CM_PER_IN


def c_from_f(fahrenheit: float) -> float:
    return (fahrenheit - 32) * 5 / 9


def f_from_c(celsius: float) -> float:
    return celsius * 9 / 5 + 32


_TO_SI: dict[str, Callable[[float], float]] = {
    "ml": lambda v: v,
    "floz": ml_from_fl_oz,
    "kg": lambda v: v,
    "lb": lambda v: v * KG_PER_LB,
    "cm": lambda v: v,
    "in": cm_from_in,
    "c": lambda v: v,
    "f": c_from_f,
}
_FROM_SI: dict[str, Callable[[float], float]] = {
    "ml": lambda v: v,
    "floz": fl_oz_from_ml,
    "kg": lambda v: v,
    "lb": lambda v: v / KG_PER_LB,
    "cm": lambda v: v,
    "in": in_from_cm,
    "c": lambda v: v,
    "f": f_from_c,
}
_DIMENSION: dict[str, Dimension] = {
    "ml": "volume",
    "floz": "volume",
    "kg": "weight",
    "lb": "weight",
    "cm": "length",
    "in": "length",
    "c": "temperature",
    "f": "temperature",
}


def to_si(value: float, unit: str) -> float:
    """`value` in `unit` as the SI value to store: rounded to STORED_PLACES when it was
    converted, left exactly as typed when it was already SI."""
    dimension = _DIMENSION[unit]
    if unit == SI[dimension]:
        return float(value)
    return round(_TO_SI[unit](float(value)), STORED_PLACES[dimension])


def from_si(value: float, unit: str) -> float:
    """A stored SI value in `unit`, unrounded (for charts; format_* round for reading)."""
    return float(_FROM_SI[unit](float(value)))


# --- showing -------------------------------------------------------------------------------


def number(value: float, places: int) -> str:
    """`value` to `places` decimals, trailing zeros dropped: 4.0 -> "4", 118.25 -> "118.2".

    Rounds the decimal the float prints as, half to even, so the text matches what
    `round()` stores and never shows "-0"."""
    quantum = Decimal(1).scaleb(-places)
    text = str(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_EVEN))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def shown(value_si: float, unit: str) -> str:
    """The number a person reads for a stored value, without its unit: "4", "100.4".
    For pounds it is decimal pounds ("10.1"): use format_weight for "10 lb 2 oz"."""
    return number(from_si(value_si, unit), SHOWN_PLACES[unit])


def format_volume(ml: float, unit: str) -> str:
    """ "118.3 ml" or "4 fl oz"."""
    return f"{shown(ml, unit)} {SYMBOLS[unit]}"


def lb_oz(kg: float) -> tuple[int, float]:
    """Whole pounds and the ounces left over, to the nearest 0.1 oz: 4.593 -> (10, 2.0)."""
    tenths = round(oz_from_kg(kg) * 10)
    pounds, rest = divmod(tenths, OZ_PER_LB * 10)
    return int(pounds), rest / 10


def format_weight(kg: float, unit: str) -> str:
    """ "4.593 kg", or "10 lb 2 oz" (and "10.6 oz" under a pound)."""
    if unit != "lb":
        return f"{shown(kg, unit)} {SYMBOLS[unit]}"
    pounds, ounces = lb_oz(kg)
    if pounds == 0:
        return f"{number(ounces, 1)} oz"
    return f"{pounds} lb {number(ounces, 1)} oz"


def format_length(cm: float, unit: str) -> str:
    """ "54.5 cm" or "21.5 in"."""
    return f"{shown(cm, unit)} {SYMBOLS[unit]}"


def format_temperature(celsius: float, unit: str) -> str:
    """ "38 °C" or "100.4 °F"."""
    return f"{shown(celsius, unit)} {SYMBOLS[unit]}"


_FORMAT = {
    "volume": format_volume,
    "weight": format_weight,
    "length": format_length,
    "temperature": format_temperature,
}


def format_value(value_si: float, dimension: Dimension, units: Units = METRIC) -> str:
    """A stored SI value in the family's units, with its unit: "4 fl oz", "10 lb 2 oz"."""
    return _FORMAT[dimension](value_si, units.unit(dimension))


def format_both(value_si: float, dimension: Dimension, units: Units = METRIC) -> str:
    """The family's units with SI in brackets, for a clinician: "4 fl oz (118.3 ml)".
    Just the SI value when the family uses SI for this dimension."""
    si = _FORMAT[dimension](value_si, SI[dimension])
    if units.is_si(dimension):
        return si
    return f"{format_value(value_si, dimension, units)} ({si})"


def format_clock(hour: int, minute: int, clock: str = "24") -> str:
    """ "15:05", or "3:05 pm" on the 12-hour clock (midnight is 12:00 am, noon 12:00 pm)."""
    if clock != "12":
        return f"{hour:02d}:{minute:02d}"
    suffix = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"


def format_hour(hour: int, clock: str = "24") -> str:
    """An hour on the hour, for spans like "19:00–07:00" or "7 pm–7 am"."""
    if clock != "12":
        return f"{hour:02d}:00"
    return f"{(hour % 12) or 12} {'am' if hour % 24 < 12 else 'pm'}"


# --- reading what people type ---------------------------------------------------------------

_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_SUFFIXES: dict[str, dict[str, str]] = {
    "volume": {"ml": "ml", "floz": "floz", "oz": "floz", "flozs": "floz"},
    "weight": {"kg": "kg", "g": "g", "lb": "lb", "lbs": "lb", "oz": "oz"},
    "length": {"cm": "cm", "mm": "mm", "in": "in", '"': "in", "inch": "in", "inches": "in"},
    "temperature": {"c": "c", "°c": "c", "f": "f", "°f": "f"},
}
_PART = re.compile(rf"\s*{_NUMBER}\s*([a-z°\"]+)\s*", re.IGNORECASE)


def parse_quantity(text: str, dimension: Dimension) -> float | None:
    """Read "4oz", "4 fl oz", "120ml", "10lb 2oz", "4.6kg", "21in", "100.4F" as the SI
    value to store (rounded as `to_si` rounds), or None when `text` carries no unit.

    "oz" is a fluid ounce for a volume and an ounce of weight for a weight. Raises
    ValueError for a unit that does not measure `dimension` ("4kg" for an amount)."""
    compact = text.strip().lower().replace("fl oz", "floz").replace("fl. oz", "floz")
    pos, parts = 0, []
    while pos < len(compact):
        match = _PART.match(compact, pos)
        if match is None or match.end() == pos:
            return None
        parts.append((float(match.group(1)), match.group(2)))
        pos = match.end()
    if not parts:
        return None
    known = _SUFFIXES[dimension]
    if any(suffix not in known for _value, suffix in parts):
        bad = next(suffix for _value, suffix in parts if suffix not in known)
        raise ValueError(f"{bad} is not a unit of {dimension}")
    units_used = [known[suffix] for _value, suffix in parts]
    if len(parts) > 1 and units_used != ["lb", "oz"]:
        raise ValueError("give one amount, or pounds then ounces (10lb2oz)")
    if units_used == ["lb", "oz"]:
        kg = kg_from_lb_oz(parts[0][0], parts[1][0])
        return round(kg, STORED_PLACES["weight"])
    value, unit = parts[0][0], units_used[0]
    if unit == "g":
        return round(value / 1000, STORED_PLACES["weight"])
    if unit == "oz":
        return round(value * KG_PER_OZ, STORED_PLACES["weight"])
    if unit == "mm":
        return round(value / 10, STORED_PLACES["length"])
    return to_si(value, unit)

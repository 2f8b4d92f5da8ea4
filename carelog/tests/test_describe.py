"""History's words for an entry come from what its kind asks (carelog/inputs.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from carelog import inputs, kinds
from carelog.describe import describe
from households.units import METRIC, Units

CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("feed", {"method": "bottle", "milk": "formula", "amount_ml": 120}, ["Bottle", "formula", "120 ml"]),
    (
        "feed",
        {"method": "breast", "side": "left", "left_s": 300, "right_s": 125},
        ["Breast", "left side", "L 5:00 R 2:05"],
    ),
    ("nappy", {"wet": True, "dirty": True, "colour": "yellow"}, ["Wet and dirty", "yellow"]),
    ("nappy", {"dry": True}, ["Dry"]),
    ("growth", {"weight_kg": 6.2, "length_cm": 61.5, "head_cm": 40.1}, ["6.2 kg", "61.5 cm long", "head 40.1 cm"]),
    ("temperature", {"celsius": 38.2, "method": "armpit"}, ["38.2 °C", "armpit"]),
    ("medicine", {"name": "Calpol", "dose": 2.5, "unit": "ml", "interval_h": 4}, ["Calpol 2.5 ml", "every 4 h at most"]),
    ("medicine", {"name": "Calpol", "unit": "ml"}, ["Calpol"]),  # no dose: no unit alone
    ("pump", {"left_ml": 60, "right_ml": 45}, ["left 60 ml", "right 45 ml"]),
    ("solids", {"foods": "pear", "amount": 30, "unit": "g", "first_time": True}, ["pear", "30 g", "first time"]),
    ("sleep", {"location": "cot", "mood_start": "calm", "mood_end": "upset"}, ["Cot", "calm → upset"]),
    (
        "cry",
        {"intensity": 3, "ended": "soothed", "purple": ["unexpected", "resists_soothing"]},
        ["Screaming", "ended: soothed", "PURPLE: unexpected, resists soothing"],
    ),
    ("play", {"baby_response": "content", "parent_confidence": 4}, ["baby: content", "felt 4/5"]),
    ("feed", {"method": "bottle", "amount_ml": 90, "note": "spat up"}, ["Bottle", "90 ml", "spat up"]),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "details", "words"), CASES)
def test_an_entry_reads_in_the_order_its_form_asks(
    kind: str, details: dict[str, Any], words: list[str]
) -> None:
    with translation.override("en-gb"):
        assert describe(kind, details, METRIC) == words


def test_amounts_follow_the_households_units() -> None:
    us = Units(volume="floz", weight="lb", length="in", temperature="f", clock="12")
    with translation.override("en-gb"):
        words = describe("feed", {"method": "bottle", "amount_ml": 118.29}, us)
    assert words == ["Bottle", "4 fl oz"]


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_choice_a_form_offers_has_words_in_history(kind: str) -> None:
    with translation.override("en-gb"):
        for item in inputs.inputs(kind):
            if item.joins:  # said only beside the detail before it ("2.5 ml")
                continue
            said = item.said_choices if item.said_choices is not None else item.choices
            for code in item.choices:
                value = [code] if item.input == "ticks" else code
                words = " · ".join(describe(kind, {item.name: value}, METRIC))
                expected = str(said[code])
                assert (expected.lower() if item.lower else expected) in words, (item.name, code)


def test_history_speaks_the_readers_language() -> None:
    with translation.override("es"):
        words = describe("growth", {"length_cm": 61.5, "head_cm": 40.1}, METRIC)
    assert words == ["61.5 cm de longitud", "cabeza 40.1 cm"]

"""The advice said after logging (content/messages/advice.toml through reports/advice_text.py):
fever levels by age, whom to call by country, languages, and a bad file naming its field."""

from __future__ import annotations

import pytest

from content.loader import ContentError, parse_toml
from reports.advice_text import load_advice, parse_advice

ADVICE = load_advice()


@pytest.mark.parametrize(
    ("months", "celsius", "level"),
    [
        (0, 37.9, None),
        (0, 38.0, 38.0),
        (2, 38.5, 38.0),
        (3, 38.5, None),  # from 3 months the level is 39 °C
        (5, 39.0, 39.0),
        (6, 40.0, None),  # no sourced level beyond 6 months: listed, never flagged
    ],
)
def test_fever_levels_follow_the_babys_age(
    months: int, celsius: float, level: float | None
) -> None:
    assert ADVICE.fever_level(months, celsius) == level


def test_whom_to_call_depends_on_the_country_and_the_language() -> None:
    assert ADVICE.contact("fever", "GB", "en-gb") == "your GP or NHS 111"
    assert ADVICE.contact("fever", "us", "en-us") == "your doctor"
    assert ADVICE.contact("fever", "ES", "es") == "tu médico"
    text = ADVICE.say("fever", "es", name="Sam", level="38 °C", contact="tu médico")
    assert text.startswith("A la edad de Sam, 38 °C o más")
    # A language with no translation gets English, never an empty message.
    assert ADVICE.say("next_dose", "fr", name="Calpol", time="14:00").startswith("Next dose")


def test_every_piece_has_its_sources_and_no_working_note() -> None:
    assert [s.key for s in ADVICE.pieces["fever"].cites] == ["nct-urgent"]
    for piece in ADVICE.pieces.values():
        for text in piece.text.values():
            assert "§" not in text and ".md" not in text and "UNCONFIRMED" not in text


GOOD = """
version = "t"
[fever]
source = "s"
cite = []
placeholders = ["name"]
levels = [{ under_months = 3, celsius = 38.0 }]
[fever.text]
en = "Hello {name}"
[too_soon]
source = "s"
cite = []
placeholders = []
[too_soon.text]
en = "x"
[next_dose]
source = "s"
cite = []
placeholders = []
[next_dose.text]
en = "y"
[contacts.fever.text]
default.en = "your doctor"
[contacts.too_soon.text]
default.en = "your doctor"
"""


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('en = "Hello {name}"', 'en = "Hello {nam}"', "fever.text.en"),
        ('en = "Hello {name}"', 'es = "Hola {name}"', "fever.text"),
        ('en = "Hello {name}"', 'en = "see crying.md"', "fever.text.en"),
        ("celsius = 38.0", "celsius = 83.0", "fever.levels[0].celsius"),
        (
            'cite = []\nplaceholders = ["name"]',
            'cite = ["nope"]\nplaceholders = ["name"]',
            "fever.cite[0]",
        ),
        (
            '[contacts.fever.text]\ndefault.en = "your doctor"',
            '[contacts.fever.text]\nGB.en = "x"',
            "contacts.fever.text.default",
        ),
        ('version = "t"', 'version = "t"\ntypo = 1', "typo"),
    ],
    ids=[
        "unknown-placeholder",
        "no-english",
        "working-note",
        "bad-level",
        "unknown-source",
        "no-default",
        "typo",
    ],
)
def test_a_bad_advice_file_names_the_field(old: str, new: str, field: str) -> None:
    assert old in GOOD
    with pytest.raises(ContentError) as info:
        parse_advice(parse_toml(GOOD.replace(old, new, 1), "advice.toml"))
    assert info.value.field == field

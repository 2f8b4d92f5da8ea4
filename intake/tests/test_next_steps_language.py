"""The intake's next steps in Spanish: every step translated, worded for the partner the
writer named, chosen by the reader's language, and a broken translation refused."""

from __future__ import annotations

import re

import pytest

from content.loader import ContentError, parse_toml
from intake.engine import analyse
from intake.rules import StepSpec, load_intake_rules, parse_next_steps
from safety.screen import load_safety_screen

STEPS = load_intake_rules().steps
#: How a writer may name the partner (intake/engine.py), and what a Spanish text says.
ENGLISH_NAMES = (
    "your partner",
    "your husband",
    "your wife",
    "your boyfriend",
    "your girlfriend",
    "your fiancé",
    "your fiancee",
)
#: Common English words that must not appear in a Spanish step (padded with spaces).
ENGLISH_WORDS = (
    " the ",
    " your ",
    " you ",
    " call ",
    " and ",
    " with ",
    " baby ",
    " to ",
    " or ",
    " partner ",
    " doctor ",
)
WIFE_TEXT = "My wife has postnatal depression and her medication isn't helping."


def _spanish_words(english_partner: str) -> dict[str, str]:
    partner = load_safety_screen().words_in({"partner": english_partner}, "es")["partner"]
    return {"partner": partner, "Partner": partner[:1].upper() + partner[1:]}


def _step_id(step: StepSpec) -> str:
    return f"{step.key}/{step.when.concern}/{','.join(step.when.subjects) or 'any'}"


@pytest.mark.parametrize("step", STEPS, ids=_step_id)
def test_every_step_has_spanish_for_each_english_text(step: StepSpec) -> None:
    spanish = step.translations["es"]
    assert spanish.text
    assert (spanish.text_partner is not None) == (step.text_partner is not None)


@pytest.mark.parametrize("english_partner", ENGLISH_NAMES)
@pytest.mark.parametrize("step", STEPS, ids=_step_id)
def test_every_spanish_template_fills_in_with_the_spanish_partner_words(
    step: StepSpec, english_partner: str
) -> None:
    words = _spanish_words(english_partner)
    assert words["partner"].startswith("tu ")
    for about_partner in (False, True):
        text = step.template(about_partner, "es").format_map(words)
        assert "{" not in text and "}" not in text, text
        assert "your" not in text, text


@pytest.mark.parametrize("step", STEPS, ids=_step_id)
def test_spanish_steps_hold_no_common_english_words(step: StepSpec) -> None:
    words = _spanish_words("your husband")
    for about_partner in (False, True):
        english = f" {step.template(about_partner, 'en')} ".lower()
        spanish = f" {step.template(about_partner, 'es').format_map(words)} ".lower()
        assert spanish != english
        padded = re.sub(r"[^\w'’]+", " ", spanish)
        for word in ENGLISH_WORDS:
            assert word not in padded, (word, spanish)


def test_spanish_keeps_the_pointers_to_the_help_below() -> None:
    for step in STEPS:
        for about_partner in (False, True):
            if "(below)" in step.template(about_partner, "en"):
                assert "abajo)" in step.template(about_partner, "es"), step.key


def test_a_step_in_spanish_names_the_partner_as_the_writer_did() -> None:
    first = analyse(WIFE_TEXT).next_steps[0]
    assert first.text.startswith("Your wife should speak to her doctor soon")
    spanish = first.in_language("es-MX")
    assert spanish.text.startswith("Tu mujer debería hablar pronto con su médico")
    assert (spanish.key, spanish.urgency, spanish.subject) == (
        first.key,
        first.urgency,
        first.subject,
    )
    assert spanish.in_language("en").text == first.text


@pytest.mark.parametrize(
    ("language", "spanish"),
    [("es", True), ("es-MX", True), ("es_AR", True), ("en", False), ("fr", False), ("", False)],
)
def test_in_language_picks_spanish_for_spanish_only(language: str, spanish: bool) -> None:
    result = analyse("My husband works 70 hours a week and I do every night feed alone.")
    assert result.next_steps
    for step in result.next_steps:
        worded = step.in_language(language)
        if spanish:
            assert worded.text == step.texts["es"] != step.text
        else:
            assert worded == step


def _steps_doc(translations: str, text_partner: bool = True) -> str:
    partner = 'text_partner = "Tell {partner}."\n' if text_partner else ""
    return f"""
version = "t"
urgencies = ["soon"]

[[steps]]
key = "help:gp"
urgency = "soon"
priority = 1
when = {{ concern = "parent_depression_anxiety" }}
text = "See your doctor."
{partner}source = "test"
{translations}
"""


@pytest.mark.parametrize(
    ("translations", "field", "problem"),
    [
        (
            'translations.es = { text = "Ve al médico.", text_partner = "Díselo.", tone = "x" }',
            "steps[0].translations.es.tone",
            "unknown field",
        ),
        (
            'translations.es.text = "Ve al médico."',
            "steps[0].translations.es.text_partner",
            "is required",
        ),
        (
            'translations.es = { text = "Ve al médico.", text_partner = "Díselo a {them}." }',
            "steps[0].translations.es.text_partner",
            "unknown placeholder",
        ),
        (
            'translations.es = { text = "Ve al {doctor}.", text_partner = "Díselo." }',
            "steps[0].translations.es.text",
            "unknown placeholder",
        ),
        (
            'translations.es-MX = { text = "Ve al médico.", text_partner = "Díselo." }',
            "steps[0].translations.es-MX",
            "plain language code",
        ),
    ],
)
def test_a_broken_translation_names_the_file_and_field(
    translations: str, field: str, problem: str
) -> None:
    doc = parse_toml(_steps_doc(translations), "next_steps.toml")
    with pytest.raises(ContentError) as info:
        parse_next_steps(doc)
    assert (info.value.file, info.value.field) == ("next_steps.toml", field)
    assert problem in info.value.problem


def test_a_spanish_partner_text_without_an_english_one_is_refused() -> None:
    translations = 'translations.es = { text = "Ve al médico.", text_partner = "Díselo." }'
    doc = parse_toml(_steps_doc(translations, text_partner=False), "next_steps.toml")
    with pytest.raises(ContentError, match="no English text_partner"):
        parse_next_steps(doc)


def test_an_english_placeholder_outside_the_set_is_refused() -> None:
    doc = parse_toml(_steps_doc("").replace("See your doctor.", "See {doctor}."), "x.toml")
    with pytest.raises(ContentError) as info:
        parse_next_steps(doc)
    assert info.value.field == "steps[0].text"


def test_a_step_left_out_of_a_language_is_refused() -> None:
    text = _steps_doc('translations.es = { text = "Ve al médico.", text_partner = "Díselo." }')
    second = _steps_doc("").split("[[steps]]")[1]
    doc = parse_toml(text + "\n[[steps]]" + second, "next_steps.toml")
    with pytest.raises(ContentError) as info:
        parse_next_steps(doc)
    assert info.value.field == "steps[1].translations"
    assert "es" in info.value.problem

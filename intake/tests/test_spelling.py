"""Phone spelling: contractions without apostrophes and lines broken mid-sentence read the
same as the tidy text. Every text here was written for this test."""

from __future__ import annotations

import textwrap

import pytest

from intake.engine import analyse, read
from intake.safety import assess_intake
from intake.spelling import optional_apostrophes


@pytest.mark.parametrize(
    ("pattern", "loosened"),
    [
        (r"don't want to be here", r"don'?t want to be here"),
        (r"\bi'm scared", r"\bi'?m scared"),
        (r"(?:i|i'm|im|i've)", r"(?:i|i'?m|im|i'?ve)"),
        (r"you're|they're", r"you'?re|they'?re"),
        (r"\bthat's it", r"\bthat'?s it"),
        (r"don'?t", r"don'?t"),  # already optional
    ],
)
def test_contractions_whose_bare_spelling_is_no_other_word_are_loosened(
    pattern: str, loosened: str
) -> None:
    assert optional_apostrophes(pattern) == loosened


@pytest.mark.parametrize(
    "pattern", [r"we're", r"i'll", r"he'll", r"we'll", r"i'd", r"she'd", r"|n't\b", r"(?:no|n't)"]
)
def test_contractions_that_spell_another_word_bare_are_kept(pattern: str) -> None:
    # "were", "ill", "hell", "well", "id", "shed"; a bare "n't" suffix would match "want"
    assert optional_apostrophes(pattern) == pattern


def _tier(text: str) -> int:
    return assess_intake(read(text)).tier


@pytest.mark.parametrize(
    ("tidy", "typed"),
    [
        (
            "Honestly I don't want to be here anymore. I just want it all to stop.",
            "honestly i dont want to be here anymore i just want it all to stop",
        ),
        (
            "I've been looking up how many of my sleeping pills it would take. "
            "They'd be better off without me.",
            "ive been looking up how many of my sleeping pills it would take. "
            "theyd be better off without me",
        ),
    ],
)
def test_risk_typed_without_apostrophes_reaches_the_same_tier(tidy: str, typed: str) -> None:
    assert _tier(typed) == _tier(tidy) <= 2


def test_a_line_broken_mid_sentence_is_one_sentence() -> None:
    tidy = (
        "When she screams for hours I get this urge to shake her. I haven't done it but "
        "I'm scared I will one day."
    )
    wrapped = "\n".join(textwrap.wrap(tidy, 40))  # a mail or notes app's hard line breaks
    assert "\nher." not in wrapped and wrapped.count("\n") >= 2
    assert _tier(wrapped) == _tier(tidy) == 1


def test_a_title_line_and_a_list_still_end_sentences() -> None:
    text = "Need advice\nMy baby cries all evening\n- FTM\n- DH works away"
    result = analyse(text)
    assert result.unread == ()  # read as English
    plain = "Need advice. My baby cries all evening. FTM. DH works away."
    assert {c.label for c in result.concerns} == {c.label for c in analyse(plain).concerns}


def test_a_link_in_an_ordinary_question_asks_nothing() -> None:
    text = (
        "My 4 month old wakes every 2 hours at night. Is this the 4 month regression? "
        "(I read https://www.nhs.uk/conditions/baby/ but it didn't help)"
    )
    safety = assess_intake(read(text))
    assert (safety.tier, safety.ask_screen) == (4, False)

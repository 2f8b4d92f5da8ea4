"""How forum posts are laid out: a content-warning line names what follows and is not the
writer saying it. Every text here was written for this test."""

from __future__ import annotations

import pytest

from intake.engine import analyse, read
from intake.safety import assess_intake


def test_a_warning_line_asks_but_raises_nothing() -> None:
    text = (
        "TW: mention of suicide\n\nMy grandad died years ago and I keep thinking he never met "
        "my kids. Anyway, my question is about the 4 month sleep regression, any tips?"
    )
    result = read(text)
    safety = assess_intake(result)
    assert not any(c.label == "safety_risk_self" for c in result.concerns)
    assert (safety.tier, safety.ask_screen) == (4, True)
    assert "asked:warning" in safety.reason_codes


@pytest.mark.parametrize(
    "text",
    [
        "TW: suicide. I have decided to end my life tonight.",
        "TW: suicide I have decided to end my life tonight",
        "**TW: PPD** I've got my tablets saved up and tonight is the night.",
    ],
)
def test_what_the_writer_says_on_the_warning_line_still_counts(text: str) -> None:
    assert assess_intake(read(text)).tier == 1


def test_a_warning_line_does_not_silence_the_post_below_it() -> None:
    text = "CW: self harm, suicidal thoughts\n\nI keep thinking everyone would be better off without me."
    assert assess_intake(read(text)).tier == 2


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("I've got my tablets saved up and tonight is the night.", 1),
        ("My tablets are all saved up. I don't want to be here anymore.", 1),
    ],
)
def test_means_said_noun_first_count_like_verb_first(text: str, tier: int) -> None:
    assert assess_intake(read(text)).tier == tier


def test_medicine_put_away_from_the_baby_is_childproofing() -> None:
    text = "The pills are hidden away from the baby, out of reach."
    assert analyse(text).concerns == ()  # the phrase rules see no means
    assert assess_intake(read(text)).tier > 1


def test_a_partner_who_will_not_wake_for_the_night_feeds_is_not_a_sick_baby() -> None:
    # The whole intake (both readers and the judge): the sentence is like the examples of a
    # baby who will not wake, but it names the partner and not the baby.
    text = "My husband won't wake up for the night feeds, he just sleeps through the screaming."
    assert assess_intake(read(text)).tier > 1
    assert assess_intake(read("She won't wake up and she's floppy, 6 weeks old.")).tier == 1

"""How parents write on forums at 3 a.m.: risk said in everyday words reaches the tier the
domain gives it (red-flags-and-help.md §2), and everyday idioms with the same words don't.
Sentences written for this test; none is from a real post."""

from __future__ import annotations

import pytest

from intake.engine import analyse
from intake.safety import assess_intake


def _tier(text: str) -> tuple[int, bool]:
    safety = assess_intake(analyse(text))
    return safety.tier, safety.ask_screen


@pytest.mark.parametrize(
    "text",
    [
        # Counting or looking up a lethal amount is a plan (Tier 1).
        "Honestly I've figured out how many of my painkillers it would take.",
        "Last night I googled how much paracetamol would kill you.",
        # Means named the way people name them, beside thoughts of dying (Tier 1).
        "She says she wants to die and she has a box of her old codeine in the drawer.",
        "I want to end it all. I've got a stash of sleeping tablets.",
        # Sudden mania, and commands from God about the baby (Tier 1: signs of psychosis).
        "My partner has barely slept all week and keeps talking a mile a minute about plans.",
        "She told me God has ordered her to keep the baby away from me because he is evil.",
    ],
)
def test_risk_in_everyday_words_reaches_the_top_tier(text: str) -> None:
    assert _tier(text)[0] == 1


@pytest.mark.parametrize(
    "text",
    [
        # Self-harm and passive wishes (Tier 2).
        "When he screams for hours I dig my nails into my arms until they bleed.",
        "I've started cutting my thighs again, nobody knows.",
        "I keep hitting myself in the head when the crying won't stop.",
        "If I got hit by a car on the school run I genuinely wouldn't mind.",
        # Rage or loss of control (Tier 2: "I screamed in his face", "I threw something").
        "I screamed right in her little face at 4am and she just stared at me.",
        "I hurled a mug against the kitchen wall while she was screaming.",
        "I had to put her down and walk away before I'd have done something.",
    ],
)
def test_self_harm_passive_wishes_and_rage_are_help_today(text: str) -> None:
    tier, _ = _tier(text)
    assert tier == 2


def test_a_farewell_is_asked_about_and_beside_thoughts_of_dying_is_a_plan() -> None:
    farewell = "This might be my last post. Hug your little ones for me."
    assert _tier(farewell) == (4, True)
    assert _tier("I don't want to be here anymore. " + farewell)[0] == 1
    # An ordinary goodbye asks nothing of the screen on its own.
    tier, _ = _tier("That's my last post of the day, goodbye everyone, see you tomorrow!")
    assert tier == 4


@pytest.mark.parametrize(
    "text",
    [
        "I nearly died of embarrassment, I wanted to die of shame when she was sick on the vicar.",
        "I could kill myself for leaving the changing bag on the bus again.",
        "She was blue round the lips for a second in the bath, the GP said it was totally normal.",
        "I keep my sleeping tablets on the top shelf since the baby started climbing.",
    ],
)
def test_idioms_and_settled_scares_are_not_an_emergency(text: str) -> None:
    assert _tier(text)[0] > 2


def test_a_him_after_the_partner_is_the_partner_across_a_full_stop() -> None:
    # "DH … I'm going to kill him": asked about, not an emergency about the baby.
    assert _tier("DH forgot the bottles again. I'm going to kill him.")[0] == 4
    # With the baby named in between, "him" is the baby: the urge is the top tier.
    assert _tier("DH is away. DS has screamed since 9 and I'm going to kill him.")[0] == 1


def test_self_harm_long_past_is_asked_about_not_raised() -> None:
    tier, asks = _tier("Years ago at uni I used to cut my arms, but I haven't since my twenties.")
    assert tier == 4 and asks


@pytest.mark.parametrize(
    "text",
    [
        "The lettuce went floppy in the fridge and my hair went limp in the rain, great day.",
        "He fell asleep on me and went completely floppy, milk drunk as usual.",
        "Our toddler hit her baby brother with a balloon and he laughed his head off.",
        "I smothered him in nappy cream last night and the rash is already better.",
        "Did a course on shaken baby syndrome at work today, really useful.",
        "I took all the antibiotics the doctor gave me for the mastitis, feeling better.",
        "Wrote my goodbye card to my team today before maternity leave!",
        "My nan had a seizure in the 80s, nothing to do with the baby, just family history.",
        "In the film last night a baby stopped breathing and I had to turn it off.",
        "LO keeps hitting herself in the face with her own hands, is that normal?",
    ],
)
def test_ordinary_writing_with_alarming_words_is_not_an_emergency(text: str) -> None:
    assert _tier(text)[0] > 1


@pytest.mark.parametrize(
    "text",
    [
        "He went floppy and grey in my arms and I can't wake him up.",
        "She had a seizure this morning, her arms were jerking.",
        "I shook him hard because he wouldn't stop.",
        "The baby stopped breathing for a few seconds just now.",
    ],
)
def test_real_emergencies_told_plainly_stay_the_top_tier(text: str) -> None:
    assert _tier(text)[0] == 1

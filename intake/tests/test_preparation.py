"""Preparation and a chosen time (red-flags-and-help.md §2 Tier 1: "intent, plan,
preparation…; 'I've got the pills…', 'tonight'"): the phrase rules alone reach the top tier
for medication put aside and for a chosen day beside thoughts of dying, and stay quiet on
ordinary sentences that share the words."""

from __future__ import annotations

import pytest

from intake.engine import analyse
from intake.safety import assess_intake


@pytest.mark.parametrize(
    "text",
    [
        "I've been keeping back my tablets for about a month and I've got enough now.",
        "i stopped taking my antidepressants and ive been saving them instead of taking them",
        "He's been stockpiling his painkillers, I found them in his work bag.",
        "i've been saving up my pills. friday is the day.",
        "Everyone would be better off without me. Tonight's the night.",
        "I want to die. I've picked the date, it's when she goes to her nan's.",
        "Everyone would be better off without me. I've got a full box of paracetamol upstairs.",
    ],
)
def test_preparation_or_a_chosen_time_with_thoughts_of_dying_is_the_top_tier(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier == 1
    assert {"plan_or_intent", "means"} & set(safety.reason_codes)


def test_the_partners_preparation_is_about_the_partner() -> None:
    safety = assess_intake(analyse("My husband has been stockpiling his sleeping pills."))
    assert safety.tier == 1 and safety.about == "partner"
    rope = assess_intake(analyse("He says he wants to kill himself and he has a rope in the shed."))
    assert rope.tier == 1 and rope.about == "partner" and "means" in rope.reason_codes


@pytest.mark.parametrize(
    "text",
    [
        "Saturday's the day! First swimming lesson, any tips for a 6 month old?",
        "Friday is the day she starts nursery and I'm dreading it.",
        "Tonight's the night we try the cot in her own room.",
        "I keep my tablets in the top cupboard just in case she climbs.",
        "I've been saving up my tablets so I have enough for the holiday, ok while breastfeeding?",
        "We picked a date for the christening, 14th March.",
        "We've been putting away some of the baby's Calpol for the trip.",
        "I've got two packets of paracetamol in, how much can a 4 month old have?",
    ],
)
def test_ordinary_sentences_with_the_same_words_raise_nothing(text: str) -> None:
    result = analyse(text)
    safety = assess_intake(result)
    assert safety.tier == 4 and not safety.ask_screen
    assert not result.concerns


@pytest.mark.parametrize(
    "text",
    [
        "I have bought the poison and it's in my car. Tonight I will end it.",
        "Took most of the box of my tablets twenty minutes ago. I'm getting drowsy.",
        "I don't want to be here any more. I'm sat at the edge of the platform.",
        "He keeps saying we'd be better off without him, and he's been giving his things away "
        "to his brother.",
        "There's a voice that keeps telling me the baby needs to be punished.",
        "The TV has been sending me messages about the neighbours. They can hear my thoughts.",
        "She says something is living inside our son and she has to get it out.",
        "If he screams once more I'm putting the pillow over his face. I mean it.",
    ],
)
def test_acts_signs_and_psychosis_in_plain_words_reach_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier == 1


@pytest.mark.parametrize(
    "text",
    [
        "We walked to the bridge to feed the ducks, she loved it.",
        "I'm going to end it with my boyfriend, he's never here.",
        "I took my tablets this morning before the feed, is that ok?",
        "Can you look after her for me on Friday while I go to the dentist?",
        "I've written a note for the nursery about her allergies.",
        "Standing at the end of the platform with a pram is terrifying, any tips for the train?",
    ],
)
def test_ordinary_sentences_sharing_those_words_do_not_alarm(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier == 4 and not safety.ask_screen

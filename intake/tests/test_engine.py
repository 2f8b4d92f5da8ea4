"""How the intake engine reads context: negation, speakers, past, subjects, spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.loader import ContentError, parse_toml
from intake.engine import analyse
from intake.rules import load_intake_rules, parse_rules
from intake.safety import assess_intake


@pytest.mark.parametrize(
    ("text", "label", "subject"),
    [
        ("I'm so depressed since she was born.", "parent_depression_anxiety", "writer"),
        (
            "My husband is depressed and won't talk to anyone.",
            "parent_depression_anxiety",
            "partner",
        ),
        ("My wife says she feels hopeless every evening.", "parent_depression_anxiety", "partner"),
        ('He said "I feel like a failure" and went out.', "parent_depression_anxiety", "partner"),
        (
            "My partner says I'm depressed but I think I'm just tired.",
            "parent_depression_anxiety",
            "writer",
        ),
        ("Our son cries constantly in the evenings.", "crying_distress", "baby"),
        ("I do everything for the baby while he's at work.", "care_load_imbalance", "writer"),
        ("We argue all the time about the nights.", "relationship_strain", "couple"),
        # A belief that the baby hates a parent is a bonding concern (intake-labels.md).
        ("He thinks the baby hates him.", "bonding_difficulty", "partner"),
        ("I think she hates me.", "bonding_difficulty", "writer"),
    ],
)
def test_it_says_whose_concern_it_is(text: str, label: str, subject: str) -> None:
    concern = analyse(text).concern(label)
    assert concern is not None, analyse(text)
    assert concern.subject == subject


@pytest.mark.parametrize(
    "text",
    [
        "I'm not depressed, just tired.",
        "I don't feel anxious about going back to work.",
        "He's never angry with her.",
        "I used to be depressed but I'm fine now.",
        "At first I was really anxious, it has passed.",
        "My friend's baby cries constantly.",
        "My sister had postnatal depression years ago.",
        "A colleague told me her husband never helps.",
    ],
)
def test_negated_past_and_other_peoples_matters_are_not_current_concerns(text: str) -> None:
    assert analyse(text).concerns == ()


def test_a_negation_inside_a_quote_does_not_reach_outside_it() -> None:
    text = (
        "He picked her up and said 'you are not my baby' and started jiggling her really"
        " hard, her head was going back and forward."
    )
    safety = assess_intake(analyse(text))
    assert safety.tier == 1
    assert "harm_done" in safety.reason_codes


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I would never hurt him, I just want him to sleep.", "would never hurt him"),
        ("I'm not suicidal, just exhausted.", "suicidal"),
        ("Years ago I used to self-harm.", "self-harm"),
        ("My husband forgot the nappies again, I could kill him.", "could kill him"),
        ("My friend said she wanted to die after her baby came.", "wanted to die"),
    ],
)
def test_safety_phrases_are_asked_about_not_assumed_or_dropped(text: str, phrase: str) -> None:
    result = analyse(text)
    assert not {"safety_risk_self", "safety_risk_baby"} & result.labels()
    assert [s.text for s in result.asked_about] == [phrase]
    assert result.next_steps[0].key == "safety:ask"


@pytest.mark.parametrize(
    ("text", "label", "severity", "first_key"),
    [
        ("I'm going to kill myself tonight.", "safety_risk_self", "urgent", "help:emergency"),
        (
            "I think everyone would be better off without me.",
            "safety_risk_self",
            "high",
            "help:crisis",
        ),
        ("I want to shake him so badly right now.", "safety_risk_baby", "urgent", "help:emergency"),
        (
            "I feel like I might hurt her if she doesn't stop.",
            "safety_risk_baby",
            "urgent",
            "help:emergency",
        ),
        ("I don't trust myself around him tonight.", "safety_risk_baby", "high", "help:crisis"),
        ("He went floppy and blue after the feed.", "safety_risk_baby", "urgent", "help:emergency"),
        ("I shook her yesterday, I'm so ashamed.", "safety_risk_baby", "urgent", "help:emergency"),
    ],
)
def test_safety_phrasings_escalate_first(
    text: str, label: str, severity: str, first_key: str
) -> None:
    result = analyse(text)
    concern = result.concern(label)
    assert concern is not None and concern.severity == severity
    assert result.next_steps[0].key == first_key
    assert result.concerns[0].label == label


def test_intrusive_thoughts_are_normalised_not_escalated() -> None:
    result = analyse("I keep getting thoughts of dropping her and it scares me.")
    assert "safety_risk_baby" not in result.labels()
    concern = result.concern("parent_depression_anxiety")
    assert concern is not None and "intrusive_harm_thoughts" in concern.tags
    assert any(s.key == "help:intrusive_thoughts" for s in result.next_steps)
    flags = assess_intake(result).signals
    assert flags.get("harm_thoughts_unwanted") and not flags.get("harm_to_baby_endorsed")


def test_safety_flags_feed_the_scoring_decision() -> None:
    from safety.rules import SafetySignals, safety_decision

    flags = assess_intake(analyse("I've got the pills ready for tonight.")).signals
    assert flags.get("self_harm_intent_or_plan")
    assert safety_decision(SafetySignals(**flags)).tier == 1


def test_spans_are_exact_even_with_curly_apostrophes() -> None:
    text = "I’m so anxious and I can’t cope with the nights."
    result = analyse(text)
    concern = result.concern("parent_depression_anxiety")
    assert concern is not None
    for span in concern.evidence:
        assert text[span.start : span.end] == span.text
    assert "can’t cope" in [s.text for s in concern.evidence]


def test_overlapping_evidence_is_joined_into_one_quote() -> None:
    text = "She cries constantly whenever I hold her."
    concern = analyse(text).concern("crying_distress")
    assert concern is not None
    starts = [s.start for s in concern.evidence]
    assert starts == sorted(starts)
    assert all(
        a.end <= b.start for a, b in zip(concern.evidence, concern.evidence[1:], strict=False)
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "ok"])
def test_empty_or_trivial_text_gives_an_empty_result(text: str) -> None:
    result = analyse(text)
    assert (result.concerns, result.next_steps) == ((), ())


def test_partner_words_follow_how_the_writer_named_them() -> None:
    result = analyse("My wife has postnatal depression and her medication isn't helping.")
    assert result.next_steps[0].text.startswith("Your wife should speak to her doctor soon")


def test_a_broken_rule_names_the_file_and_field() -> None:
    rules = load_intake_rules()
    macros = {"OBJ": "(?:him|her)"}
    doc = parse_toml(
        """
version = "t"
[concerns]
"""
        + "".join(f'{label} = {{ subjects = ["writer"] }}\n' for label in rules.concerns)
        + """
[[rules]]
id = "x"
concern = "crying_distress"
severity = "low"
subject = "baby"
patterns = ['(unclosed']
""",
        "rules.toml",
    )
    with pytest.raises(ContentError) as info:
        parse_rules(doc, macros)
    assert info.value.field == "rules[0].patterns[0]"
    assert "invalid regular expression" in info.value.problem


def test_an_unknown_concern_label_is_refused() -> None:
    doc = parse_toml('version = "t"\n[concerns.sleepiness]\nsubjects = ["writer"]\n', "rules.toml")
    with pytest.raises(ContentError, match="fixed labels"):
        parse_rules(doc, {})


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "I'm not depressed.",
                "My husband says",
                '"he hates me"',
                "I used to",
                "cries constantly",
                "I want to shake him",
                "never",
                "my friend's baby",
                "’",
                "\n\n",
                "Hi, sorry to hear",
                "your son",
                ",",
                "works 16-18 hours",
                "I do everything",
            ]
        )
        | st.text(max_size=20),
        max_size=12,
    ).map(" ".join)
)
def test_any_text_gives_exact_spans_and_ordered_steps(text: str) -> None:
    result = analyse(text)
    for span in [s for c in result.concerns for s in c.evidence] + list(result.asked_about):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    order = ["emergency", "today", "soon", "routine"]
    ranks = [order.index(s.urgency) for s in result.next_steps]
    assert ranks == sorted(ranks)


def test_a_run_on_paragraph_is_embedded_in_pieces_that_cover_it() -> None:
    """Real posts often run on for a paragraph without a full stop; the sentence model reads
    at most 128 tokens, so a long sentence is embedded in pieces (cut after a comma when
    one is near), none lost."""
    from intake.engine import MAX_PIECE_WORDS, _pieces

    words = [f"word{i}" + ("," if i % 30 == 29 else "") for i in range(130)]
    text = " ".join(words)
    pieces = _pieces(text, 0, len(text))
    assert len(pieces) >= 3
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a < b for a, b in pieces)
    assert all(b == c for (_, b), (c, _) in zip(pieces, pieces[1:], strict=False))
    assert all(len(text[a:b].split()) <= MAX_PIECE_WORDS for a, b in pieces)
    assert all(text[a:b].rstrip().endswith(",") for a, b in pieces[:-1])
    short = "a sentence of a few words"
    assert _pieces(short, 0, len(short)) == [(0, len(short))]


def test_a_wish_to_die_at_the_end_of_a_run_on_paragraph_is_still_read() -> None:
    from intake.engine import read

    text = (
        "so hes 4 months now and the nights are just endless he wakes every hour and my "
        "partner works away mon to fri so its me on my own and my mum lives two hours away "
        "and I tried the swaddle and the white noise and the dream feed and a different "
        "bottle and nothing works and I sit on the bathroom floor at 3am with him screaming "
        "and honestly I have started thinking it would be easier for everyone if I just "
        "wasn't here any more and I don't know who to tell"
    )
    safety = assess_intake(read(text))
    assert safety.tier <= 2 or safety.ask_screen


@pytest.mark.parametrize(
    "text",
    [
        "about to throw the baby monitor out the window, it beeps all night. Any recs?",
        "I could smother him in kisses, those thighs! Do Next leggings come up small?",
        "We're doing baby-led weaning and I want to drop the baby food pouches altogether.",
        "I could kill the babysitter, she let him nap till 6pm so now he won't sleep.",
    ],
)
def test_things_named_after_babies_and_loving_words_are_not_harm(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier > 1, text
    assert not [c for c in analyse(text).concerns if c.label == "safety_risk_baby"], text


@pytest.mark.parametrize(
    "text",
    [
        "I'm about to throw the baby across the room, I can't take the screaming.",
        "I could smother him with a pillow some nights and it terrifies me.",
        "I wanted to shake the baby so hard last night.",
    ],
)
def test_harm_to_the_baby_itself_is_still_read(text: str) -> None:
    result = analyse(text)
    assert result.concern("safety_risk_baby") is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "I'll drop him at nursery at 8 and then go to work.",
        "I'm going to drop her off at my mum's on Friday so we can have a night out.",
        "My husband could drop the baby at daycare on his way to work.",
        "I'm scared I'll drop him in the bath, he's so slippery. Is a bath seat worth it?",
        "I dropped her off at nursery and cried in the car all the way to work.",
        "I'm scared I'll hurt him when I cut his nails, they're so tiny.",
        "He's got a cold and I'm worried I'll smother him with the blanket, what's safe to use?",
        "I'm afraid I'll hurt her feelings if she starts nursery so young.",
        "I'm going to throw him a first birthday party, any ideas for food?",
        "I'll hit him with the news about my promotion after bedtime, he'll be thrilled.",
        "I'm going to take them all swimming on Saturday, wish me luck.",
        "I hear voices through the wall every night and it wakes the baby, the neighbours are so loud.",
        "I threw her toys in the wash, they were covered in sick.",
        "He keeps saying the baby is evil when she bites, it's a joke between us.",
    ],
)
def test_the_school_run_an_accident_worry_and_idioms_are_not_harm(text: str) -> None:
    """The nursery run, a fear of an accident, an idiom: not harm, and never the top tier."""
    result = analyse(text)
    assert assess_intake(result).tier > 1, text
    assert not result.labels() & {"safety_risk_baby", "safety_risk_self"}, text


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "I wanted to drop her in the cot really hard just to make her be quiet.",
            "safety_risk_baby",
        ),
        ("I'm scared I'll lose it and drop her.", "safety_risk_baby"),
        (
            "What if I drop her down the stairs? I can't stop thinking it.",
            "parent_depression_anxiety",
        ),
        ("I'm scared I'll hurt her if she doesn't stop screaming.", "safety_risk_baby"),
        (
            "I'm terrified I'll smother her with a pillow, the thought won't go away.",
            "safety_risk_baby",
        ),
        ("I'm scared I'll drown her in the bath, I can't stop picturing it.", "safety_risk_baby"),
        ("I saved up my tablets and I'm going to take them all tonight.", "safety_risk_self"),
        ("I hear voices at night and nobody else does.", "parent_depression_anxiety"),
        ("I wanted to throw her against the wall.", "safety_risk_baby"),
    ],
)
def test_harm_with_force_fear_of_losing_control_and_plans_are_still_read(
    text: str, label: str
) -> None:
    assert analyse(text).concern(label) is not None, text

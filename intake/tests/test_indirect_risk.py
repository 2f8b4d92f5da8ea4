"""Risk said indirectly, and its look-alikes (issue #13; red-flags-and-help.md §2 Tier 1):
a method being set up, a lethal amount asked about for an adult, a farewell beside another
sign of a plan, taking the baby along beside thoughts of dying, and psychosis as people
describe it. The phrase rules alone reach the top tier for these, and stay quiet on the
ordinary sentences that share their words. The sentences here are written for the test,
not taken from any development or held-out set."""

from __future__ import annotations

import pytest

from intake.engine import analyse
from intake.safety import assess_intake


@pytest.mark.parametrize(
    "text",
    [
        "The engine is running in the garage with the door down. I'm sorry.",
        "i bought a hosepipe that fits the exhaust, it's in the boot",
        "How many of my sleeping tablets would it take for an adult? Asking for me.",
        "I googled it and there's more than enough in the cabinet. Everyone's better off without me.",
        "I've counted out all my tablets and they're in the drawer by the bed for Thursday.",
    ],
)
def test_a_method_or_amount_got_ready_is_the_top_tier(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier == 1
    assert "plan_or_intent" in safety.reason_codes


@pytest.mark.parametrize(
    "text",
    [
        "The car's running rough so it's going to the garage on Monday.",
        "How much Calpol would it take to bring her temperature down, she's 7 months?",
        "We looked it up and there's more than enough milk in the freezer for nursery.",
        "I counted out the tablets into my pill organiser for the week, is sertraline ok with breastfeeding?",
        "Tonight's the night, we're moving him into his own room. Wish us luck!",
        "Can you take her with me to the baby group or does she need her jabs first?",
        "She comes with me to the shops every morning in the sling.",
    ],
)
def test_ordinary_sentences_with_the_same_words_are_not_the_top_tier(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier > 1


def test_a_farewell_beside_another_sign_is_a_plan_about_the_person_who_wrote_it() -> None:
    text = (
        "Got a text from my wife an hour ago: \"Please look after him for me, I'm sorry. "
        "Don't look for me.\" Her phone goes straight to voicemail and the baby is here with me."
    )
    safety = assess_intake(analyse(text))
    assert safety.tier == 1
    assert safety.about == "partner"


def test_a_farewell_alone_asks_and_a_sign_alone_asks_nothing() -> None:
    farewell = assess_intake(analyse("Don't come looking for me."))
    assert farewell.tier > 1 and farewell.ask_screen
    sign = assess_intake(analyse("She's not answering her phone, she's probably in the bath."))
    assert sign.tier == 4 and not sign.ask_screen


def test_taking_the_baby_along_beside_thoughts_of_dying_is_a_risk_to_the_baby() -> None:
    text = "I want to die. I can't leave him behind so I'll take him with me."
    safety = assess_intake(analyse(text))
    assert safety.tier == 1
    assert "harm_urge" in safety.reason_codes
    assert "baby" in safety.topics


@pytest.mark.parametrize(
    "text",
    [
        "The voices came back last night and they say the baby is not safe with anyone.",
        "My mother came round but she's been replaced, it isn't really her.",
        "There are cameras in the smoke alarm watching me feed.",
        "She speaks to me in my head, whole conversations, and she's only 3 weeks old.",
        "Something has got into him, his eyes went black and he stared at me.",
    ],
)
def test_psychosis_as_people_describe_it_is_the_top_tier(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier == 1
    assert "psychosis" in safety.reason_codes


@pytest.mark.parametrize(
    "text",
    [
        "The health visitor weighs her every week, it makes me feel like I'm being watched.",
        "We can't go on like this with two hours of rocking every night, any tips?",
        "He's 11 months and trying to kill himself on the stairs every five minutes.",
        "Our old pram has been replaced by a newer model under warranty.",
        "I can hear the voices from next door through the wall at 2am.",
    ],
)
def test_figures_of_speech_are_not_risk(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier > 2


def test_a_farewell_in_single_quotes_is_the_partners_when_he_said_it() -> None:
    text = (
        "He hugged us both, said 'take care of her, I love you, I'm sorry' and went out. "
        "His phone is switched off."
    )
    safety = assess_intake(analyse(text))
    assert safety.tier == 1 and safety.about == "partner"


def test_apostrophes_inside_words_do_not_open_a_quote() -> None:
    text = "I don't know why the kids' toys are everywhere. Please look after her, I'm sorry."
    result = analyse(text)
    assert all(a.subject == "writer" for a in result.asks)


@pytest.mark.parametrize(
    "text",
    [
        "He's better off with his dad and his nan. Tonight once he's asleep I'm going to the railway.",
        "Door's down, engine's on. Sorry.",
        "I've been saving up my codeine for the last month and tonight's the night.",
        "I took a load of my sertraline an hour ago and I feel really heavy.",
    ],
)
def test_more_ways_risk_is_said_reach_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier == 1


@pytest.mark.parametrize(
    "text",
    [
        "Put suncream on him and he screamed like I'd hit him with a brick.",
        "Is it normal for him to go floppy when he's in a deep sleep?",
        "I'm convinced she's stopped breathing every time she goes quiet, I check constantly.",
        "The HV said to ring 999 if he was floppy or blue, luckily he's fine.",
        "I'm going to take the baby to my mum's so DH can sleep.",
        "He's better off with his dad for the bath, he splashes more with him.",
    ],
)
def test_more_ordinary_words_are_not_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier > 1


@pytest.mark.parametrize(
    "text",
    [
        # Shut in with the means, a drive named as the way, someone to find the body.
        "My husband has locked himself in the garage with a rope and won't answer me.",
        "She rang from the car and said she's going to drive into the canal, then hung up.",
        "I'll go on a Tuesday while they're at playgroup so it's not the kids who find me.",
        # A chosen time said as what is ready, beside thoughts of dying.
        "I don't want to be alive any more. I've got it planned for the 15th.",
        "I want to die. Everything's set up, just waiting till she's asleep.",
    ],
)
def test_a_plan_said_as_what_is_ready_reaches_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier == 1


@pytest.mark.parametrize(
    "text",
    [
        "The christening is all decided, I've got it planned for the 15th!",
        "Everything's set up for the party, just waiting till she's asleep to wrap presents.",
        "He locked himself in the bathroom with his phone for an hour, typical.",
        "We're going to drive into town for the baby sale, anyone been?",
        "I've got what I need for the hospital bag, is it too early at 30 weeks?",
        "Sometimes I think they'd be better off, the life insurance would clear the mortgage.",
    ],
)
def test_the_same_words_without_a_plan_are_not_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier > 1


@pytest.mark.parametrize(
    "text",
    [
        "honestly kms. nothing helps and I mean it",
        "been thinking about how to unalive myself since the birth",
        "The kids would honestly be better off with a different dad.",
    ],
)
def test_shorthand_and_a_replacement_parent_are_thoughts_of_dying(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier <= 2 and "safety_risk_self" in {r.label for r in safety.reasons}


def test_kilometres_are_not_shorthand_and_a_farewell_with_a_sign_is_a_plan() -> None:
    assert assess_intake(analyse("We walked 5 kms with the pram today, she loved it.")).tier == 4
    plan = assess_intake(analyse("It's all decided. Tell my boy I tried."))
    assert plan.tier == 1


@pytest.mark.parametrize(
    "text",
    [
        "Tonight I finish my life, I am very tired of everything here.",
        "I've swallowed a handful of his sleeping tablets, the baby is with my mum.",
        "He's sitting on the ledge of the car park roof saying he'll jump.",
        "She says she's going to go up to the viaduct tonight and jump.",
        "I cut my leg and it won't stop bleeding, the baby is in her cot.",
        "Baby is 8 weeks and she's gone floppy and won't feed, what do I do",
        "His lips have gone a bit blue around his mouth and he's making a grunting noise.",
        "Her eyes rolled back and she went stiff for a minute.",
        "My husband keeps seeing a woman at the end of the bed. There's nobody there.",
        "My wife thinks there are cameras hidden in the light fittings watching the baby.",
        "There's a rope up in the loft. I'll go up tonight once she's asleep.",
        "I didn't sleep at all and I smacked him.",
    ],
)
def test_a_state_or_plan_said_in_other_words_reaches_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier == 1


@pytest.mark.parametrize(
    "text",
    [
        "My husband won't wake up for the night feeds, he sleeps through everything.",
        "Part of me hopes I just won't wake up before nine on Saturday, bliss.",
        "He's so floppy and snuggly when he's asleep on my chest.",
        "She's twitching all over in her sleep, is that normal at 6 weeks?",
        "I'm going to take my life back once maternity leave ends: gym, friends, books.",
        "We walked over the bridge and I stood there for a long time looking at the water.",
        "I've made up my mind to go back to work in March.",
        "I keep picturing putting a blanket over her face. I would never, it makes me sick.",
        "The radio was talking about her favourite band this morning and she danced.",
        "I took two paracetamol for my headache and had a nap when she did.",
        "I'm writing her letters for when she's older, a little memory box.",
    ],
)
def test_their_look_alikes_stay_below_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier > 1


def test_farewells_without_a_sign_of_a_plan_ask() -> None:
    safety = assess_intake(analyse("This is goodbye. Tell him when he's older his dad loved him."))
    assert (safety.tier, safety.ask_screen) == (4, True)


@pytest.mark.parametrize(
    "text",
    [
        "third blowout before lunch, kill me now 😂 which nappies actually hold it in?",
        "Someone end my misery, the bottle steriliser just died. Which one do you rate?",
        "The mother, who would quite like to die now, attempts the burp for the tenth time.",
    ],
)
def test_a_death_wished_as_a_figure_of_speech_asks_and_raises_nothing(text: str) -> None:
    safety = assess_intake(analyse(text))
    assert (safety.tier, safety.ask_screen, "asked:joke" in safety.reason_codes) == (4, True, True)


@pytest.mark.parametrize(
    "text",
    [
        "My mum will kill me if she finds out we skipped the bath again.",
        "She'd kill me for posting this photo, but look at those cheeks!",
    ],
)
def test_someone_else_who_would_kill_me_is_not_a_death_wish(text: str) -> None:
    assert "asked:joke" not in assess_intake(analyse(text)).reason_codes


@pytest.mark.parametrize(
    "text",
    [
        "He's 5 weeks, hot, and grunting with every breath, and his ribs are sucking in.",
        "My wife rang to say she's going to walk into the sea tonight, she sounded so calm.",
        "I saw my husband slap the baby across the face when she spat out her bottle.",
        "My partner says the radio is talking to her about our son and she has to obey it.",
        "I've thought it through. I've left a note where he'll find it after the school run.",
        "A voice tells me she isn't mine and that they swapped her at the hospital.",
    ],
)
def test_more_states_and_plans_in_other_words_reach_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier == 1


@pytest.mark.parametrize(
    "text",
    [
        "Blue lips!! Turned out to be the blueberry pouch, panic over.",
        "My friend says she's hoping he won't wake up before six tomorrow, fingers crossed.",
        "What if I just threw him in the deep end at swimming, is that how they learn?",
        "She's not answering her phone, she's probably in the bath.",
        "I saw him hit the ball across the garden, he's so proud of his big brother.",
    ],
)
def test_and_their_look_alikes_stay_below_it(text: str) -> None:
    assert assess_intake(analyse(text)).tier > 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # A baby hard to wake, or sleepy and sick after a fall or a knock to the head.
        (
            "She's 5 weeks and so hard to wake for feeds today, and her tummy sucks in when she breathes.",
            "medical",
        ),
        (
            "He rolled off the changing table onto the floor. He's been sleepy since and he's been sick twice.",
            "medical",
        ),
        (
            "Our boy hit his head on the tiles an hour ago and now he keeps falling asleep on me.",
            "medical",
        ),
        # Shaking told without the word.
        (
            "My partner was bouncing her way too hard to stop the crying, her head was flopping all over.",
            "harm_done",
        ),
        # A swapped baby, believed by whoever says it.
        ("My husband keeps saying the midwives swapped him and this one isn't ours.", "psychosis"),
        # Means and a plan in other words.
        (
            "Got the rifle out of the cabinet, it's on the bed. Tell my son I tried.",
            "plan_or_intent",
        ),
        (
            "Been stockpiling my oxycodone since the section. Tonight could be the night I stop all this.",
            "plan_or_intent",
        ),
        (
            "After the baby is asleep I'm going to swallow the rest of the diazepam.",
            "plan_or_intent",
        ),
        # Medicines by any of their names (one list in the lexicon: MEDS).
        ("I've been stockpiling my quetiapine for a few weeks now.", "plan_or_intent"),
        ("I'm going to take the rest of the xanax tonight when he's asleep.", "plan_or_intent"),
        (
            "Nobody wants me here. I have decided that once everyone is asleep I will go up to the roof.",
            "plan_or_intent",
        ),
        (
            "I'm getting my affairs in order and I've written letters for both of them.",
            "plan_or_intent",
        ),
        (
            "She texted 'I'm sorry, please look after him' and her phone is off now.",
            "plan_or_intent",
        ),
        # From the sixth blind probe (rules 2026.12), in our own words.
        (
            "My 7mo rolled off the sofa onto the tiles and hit the back of his head. He seemed"
            " fine at first but he's thrown up twice now and keeps dozing off.",
            "medical",
        ),
        (
            "During the feed she went completely limp for a few seconds and her lips went a"
            " bluish colour, then she gasped.",
            "medical",
        ),
        (
            "He kicked me during the change and I smacked his leg hard. There's a red"
            " handprint on his thigh an hour later.",
            "harm_done",
        ),
        (
            "She screams every time I hold her. One of these days I'm going to give her"
            " something to cry about.",
            "harm_urge",
        ),
        (
            "Last night I was standing over the cot holding a cushion and I don't remember"
            " picking it up.",
            "harm_urge",
        ),
        (
            "I've been keeping my spare sertraline in a shoebox in the wardrobe. I counted"
            " them again last night.",
            "plan_or_intent",
        ),
        (
            "I've made a decision and I feel calmer. I'm waiting until after her christening"
            " and then that's it. I sold my bike and gave my brother my tools. He'll be"
            " better with a dad he doesn't remember.",
            "plan_or_intent",
        ),
        (
            "My wife texted me: \"I've counted them, there's enough for both of us. We'll go"
            ' to sleep together and it will be peaceful."',
            "plan_or_intent",
        ),
        (
            "My partner hasn't slept for three nights. She keeps saying the number plates"
            " are sending her messages and that our son was sent to test her.",
            "psychosis",
        ),
        ("He says something evil is inside her and she needs to be cleansed.", "psychosis"),
        # From the seventh blind probe (rules 2026.13), in our own words.
        (
            "LO is 6 wks, temp 38.2 under the arm, sleepy and not feeding much since lunch.",
            "medical",
        ),
        (
            "Our son is 3 weeks old. Tonight he felt hot so we checked and it was 38.7 rectal.",
            "medical",
        ),
        (
            "My 4mo has a fever and little purple spots on his legs that don't fade when I"
            " press a glass on them.",
            "medical",
        ),
        (
            "She fell off the bed and hit the side of her head on the tiles.\n\nSince then"
            " she has vomited twice and is really sleepy.",
            "medical",
        ),
        ("His chest is going in under the ribs with every breath.", "medical"),
        (
            "I grabbed her by the wrist and yanked her back onto the mat, hard. Since then she"
            " won't use that arm and screams if I touch her elbow.",
            "medical",
        ),
        (
            "I was standing over her and realised I had one of the pillows from our bed in my"
            " hand. I was thinking if it was over her face it would just be quiet.",
            "harm_urge",
        ),
        (
            "I've been doing the evenings because my wife does all the days. Last night I felt"
            " this really clear urge to just shake him.",
            "harm_urge",
        ),
        (
            "Got the rope in the boot. Just want someone to know I tried. Tell my boy his dad"
            " wasn't all bad.",
            "plan_or_intent",
        ),
        (
            "I dug out the life insurance paperwork and checked the bit about exclusions."
            " There's a spot on the coast road where there's no barrier. I've written them"
            " both a letter. I don't see the point of being here anymore.",
            "plan_or_intent",
        ),
        (
            "My wife keeps saying the radio is giving her instructions about the baby and she"
            " hasn't slept in days.",
            "psychosis",
        ),
        (
            "I'm her wife too. Today she said she thinks the hospital swapped him and the"
            " midwives are in on it.",
            "psychosis",
        ),
    ],
)
def test_what_parents_write_on_forums_reaches_the_top_tier(text: str, reason: str) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier == 1
    assert reason in safety.reason_codes


@pytest.mark.parametrize(
    "text",
    [
        "It's hard to wake him for the dream feed, he just sucks with his eyes closed. Drop it?",
        "She bumped her head on the coffee table, cried for a minute and was back playing. Not been sick at all.",
        "He rolled off the sofa onto the rug this morning and was totally fine, laughing by lunch.",
        "Since the baby came it's like someone switched him off, he just comes home and sleeps.",
        "My mum joked that the hospital must have swapped her, she has bright red hair!",
        "There was a mum being poisoned in the crime drama last night, we had to turn it off.",
        "The boiler clunked and I nearly threw the bottle across the room, I jumped a mile.",
        "No dark thoughts here, just tired. Any tips for early waking at 5am?",
        "We're going up to the roof terrace for a drink once the kids are asleep, first time in months!",
        "Tonight might be the night she finally sleeps through, fingers crossed.",
        "I've been stockpiling nappies in every size before the baby comes.",
        "We have a bottle of calpol and some nurofen in the cupboard, how much for 6 months?",
        "She rolled off the bed onto the carpet, cried for a second and went back to playing.",
        "My arms went limp after carrying the car seat all day lol",
        "The lettuce went floppy in the fridge and my hair went limp in the rain.",
        "He went totally floppy and fell asleep on my chest after his feed, milk drunk.",
        "Her lips went a bit blue in the swimming pool, is that normal when they're cold?",
        "Toddler smacked her leg on the coffee table, big bruise. Any tips?",
        "My mum used to say she'd give us something to cry about, how do I not turn into her?",
        "I've made a decision about nursery, we're going with the one near work.",
        "We're waiting until after Christmas and then that's it, no more dummy.",
        "I sold my bike and my guitar to pay for the pram, no regrets.",
        "I've been recording little videos of her first words so she'll have them.",
        "There's enough for both of us if we share the last slice of cake.",
        "We usually go to sleep together on the sofa, all peaceful for once.",
        "The radio was giving instructions about the road closures all morning.",
        "He's been sent to test my patience today I swear, teething is rough.",
        "Standing over the cot with a cushion under my arm trying to get her to sleep, tips?",
        "She's 10 weeks and had her jabs, temp 37.8 last night, GP said it's normal after them.",
        "Baby got his 8 week vaccines yesterday and now has a fever of 38.1, is that normal?",
        "My 2 month old is fine but I've got a temp of 38.5 myself, can I still breastfeed?",
        "In daycare since 12 weeks; their rule is one temp of 100.4 means two days home.",
        "LO is 7 weeks and we were told a temp over 38 means call 111, which thermometer?",
        "He fell off the sofa last week, totally fine.\n\nSeparate question: I've been sick"
        " all weekend with a bug, how do I stop him catching it?",
        "Baby won't use her left hand much yet, prefers the right, normal at 5 months?",
        "He has a rash on his cheeks that fades when I press a glass on it, eczema?",
        "The leaflet says to check: does your baby have a rash that does not fade when you"
        " press a glass on it?",
        "I dug out the life insurance paperwork to update our address after the move.",
        "We gave my sister all our baby clothes and the pram.",
        "Tell my boy his dad says goodnight, he's at his nan's tonight.",
        "I just wanted someone to know I tried everything for her reflux and nothing works.",
        "The bend on our road has no barrier and people speed, I worry with the pram.",
    ],
)
def test_their_forum_look_alikes_stay_below_the_top_tier(text: str) -> None:
    assert assess_intake(analyse(text)).tier > 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Most nights I sit out in the barn with the rifle across my knees. They'd be "
            "better off with the life insurance.",
            "means",
        ),
        (
            "He keeps taking the gun out of the cabinet late at night. He says we'd all be "
            "better off without such a useless man.",
            "means",
        ),
        (
            "I went through her laptop and her browser history is all how many of her "
            "sleeping tablets would be lethal.",
            "plan_or_intent",
        ),
        (
            "He's counted his tablets and texted me that there's 'more than enough'.",
            "plan_or_intent",
        ),
        (
            "Our boy is 7 weeks old and his temperature is 38.4. He hasn't had his "
            "vaccinations yet.",
            "medical",
        ),
        (
            "There are dark blue marks on her thigh in the shape of his fingers this morning.",
            "medical",
        ),
        (
            "She's 9 weeks, 38.6 on the forehead thermometer and very sleepy. Can it wait?",
            "medical",
        ),
        ("the thermometer says 38.1 and he's only 5 weeks old", "medical"),
        (
            "My sertraline is in the drawer. Tonight I was looking up how many of them it would "
            "take.",
            "plan_or_intent",
        ),
        (
            "I kept thinking throw him, just throw him on the bed. I've shut the door and I'm "
            "afraid if I go back in I'll do it.",
            "harm_urge",
        ),
    ],
)
def test_means_at_hand_searches_fevers_marks_of_a_hand_and_a_feared_return_to_the_cot(
    text: str, reason: str
) -> None:
    safety = assess_intake(analyse(text))
    assert safety.tier == 1
    assert reason in safety.reason_codes


@pytest.mark.parametrize(
    "text",
    [
        "We sat with the rifle club lot at the wedding, lovely people.",
        "Dad's taking the shotgun out for clays on Sunday while I have the baby.",
        "I googled how many of my iron tablets I can take while breastfeeding.",
        "She is 7 weeks and had her jabs this morning, now her temperature is 38.2.",
        "Red marks on his face from the car seat straps, like my fingers after gardening.",
        "We'd be better off with a bigger car now there are two of them.",
        "The bath thermometer says 38 so I added some cold, is that right for a 6 week old?",
        "The tablets are vitamin D. I looked up how many of them it would take to cover a "
        "month, it's one a day.",
        "He wanted me to shake him like a rattle and I was scared I'd do it wrong.",
    ],
)
def test_and_the_same_words_in_ordinary_posts_stay_below_it(text: str) -> None:
    assert assess_intake(analyse(text)).tier > 1


def test_a_plan_said_not_to_exist_leaves_signs_of_one_as_a_question() -> None:
    wish = (
        "On the drive home past the quarry I think they'd be better off without me. "
        "I haven't planned anything, I just think it."
    )
    safety = assess_intake(analyse(wish))
    assert safety.tier == 2
    assert "passive_wish" in safety.reason_codes and "plan_or_intent" not in safety.reason_codes
    assert safety.ask_screen
    # Words of intent still make a plan, whatever else is said.
    intent = wish + " Tonight I'm going to end it."
    assert assess_intake(analyse(intent)).tier == 1
    # And "no plan" alone asks nothing.
    ordinary = assess_intake(analyse("No plan for the weekend yet, any ideas for a rainy day?"))
    assert not ordinary.ask_screen and ordinary.tier == 4


def test_thoughts_of_harm_long_past_are_asked_about_and_a_stop_for_good_is_a_death_wish() -> None:
    past = assess_intake(
        analyse("Years ago I used to get horrible thoughts about drowning him in the bath.")
    )
    assert past.ask_screen and past.tier > 2
    assert "baby" in past.topics and past.signals.get("thoughts_in_past")
    wish = assess_intake(analyse("please just make it all stop. for good. i can't do this"))
    assert wish.tier == 2 and "passive_wish" in wish.reason_codes
    ordinary = assess_intake(analyse("How do I make the hiccups stop for good? She's 3 weeks."))
    assert ordinary.tier == 4

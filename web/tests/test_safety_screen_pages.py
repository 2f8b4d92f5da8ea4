"""The same-session safety screen, through the pages: opened by a PHQ-9 item 9 answer, by
worrying words in "Tell us what's going on" and by an "at my limit" rating of 7 or more;
asked in rounds of plain yes/no questions; private to the member who answered."""

from __future__ import annotations

import re

from django.urls import reverse

from wellbeing.models import SafetyScreening
from wellbeing.testing import answers_for

THOUGHTS = "Have you had thoughts of ending your life, or that you would be better off dead?"
PLAN = "Have you thought about how you would do it, or made any plans?"
HARM_BABY = "Have you had thoughts of hurting the baby"
PARTNER_MSG = "your partner may be in danger now"
PASSIVE_TEXT = "I've been thinking everyone would be better off without me"
PARTNER_TEXT = "My husband says he wants to end his life and he has a rope in the garage"


def _phq9(total: int, item9: int) -> dict[str, str]:
    data = {f"item_{i}": str(a) for i, a in enumerate(answers_for("phq9", total, item9), 1)}
    return {**data, "share_with_partner": "nothing", "share_with_reports": "nothing"}


def _radio_keys(html: str) -> list[str]:
    """The question keys the page asks, in order (one radio group per question)."""
    return list(dict.fromkeys(re.findall(r'type="radio" name="([a-z_]+)" value="yes"', html)))


def _open_from_check_in(c) -> tuple[SafetyScreening, str]:
    response = c.post(reverse("web:checkin-new", args=["phq9"]), _phq9(5, 1))  # "several days"
    screening = SafetyScreening.objects.get()
    url = reverse("web:screen", args=[screening.pk])
    assert response.status_code == 302 and response["Location"] == url
    return screening, url


def test_item_9_check_in_leads_to_the_screen_and_a_plan_leads_to_tier_1(people, client_as, frozen):
    c = client_as(people.bob)
    screening, url = _open_from_check_in(c)
    assert (screening.membership, screening.origin) == (people.bob, "checkin")
    assert screening.topics == ["self"] and screening.check_in is not None

    html = c.get(url).content.decode()
    assert _radio_keys(html) == ["thoughts_of_ending_life"]
    assert THOUGHTS in html
    assert "out of 27" not in html  # no score before the screen is done
    assert f'action="{url}"' in html

    response = c.post(url, {"thoughts_of_ending_life": "yes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _radio_keys(html) == ["plan", "intent", "means"]
    assert PLAN in html
    screening.refresh_from_db()
    assert screening.answers == {"thoughts_of_ending_life": True}
    assert screening.tier == 2 and screening.completed_at is None

    response = c.post(url, {"plan": "yes", "intent": "no", "means": "no"})
    assert response.status_code == 200
    html = response.content.decode()
    # Emergency number first: the first phone link on the page is 999, before the crisis
    # line, before the tier-1 message's help list ends and before any further question.
    first_tel = re.search(r'href="tel:([0-9]+)"', html)
    assert first_tel is not None and first_tel.group(1) == "999"
    assert html.index('href="tel:999"') < html.index('href="tel:116123"')
    assert html.index('href="tel:999"') < html.index('class="screen-form"')
    assert html.index("Please get support now") < html.index('href="tel:999"')
    assert "Your safety matters most right now." in html  # the tier-1 rule's own message
    assert 'role="alert"' in html
    assert _radio_keys(html) == ["safe_now"]
    screening.refresh_from_db()
    assert screening.tier == 1
    assert screening.answers == {
        "thoughts_of_ending_life": True,
        "plan": True,
        "intent": False,
        "means": False,
    }

    html = c.post(url, {"safe_now": "yes"}).content.decode()
    assert _radio_keys(html) == []
    assert "Thank you for answering." in html
    assert "Your safety matters most right now." in html  # still tier 1 when complete
    screening.refresh_from_db()
    assert screening.tier == 1 and screening.completed_at is not None


def test_a_no_to_the_gate_ends_the_screen_with_thanks(people, client_as, frozen):
    c = client_as(people.bob)
    screening, url = _open_from_check_in(c)
    response = c.post(url, {"thoughts_of_ending_life": "no"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _radio_keys(html) == []
    assert 'class="screen-form"' not in html
    assert "Thank you for answering. What you said is private to you" in html
    # The item-9 answer still leads with help, and with the check-in after it.
    assert 'href="tel:999"' in html
    assert html.index('href="tel:999"') < html.index("your check-in")
    screening.refresh_from_db()
    assert screening.answers == {"thoughts_of_ending_life": False}
    assert screening.completed_at is not None and screening.tier == 2


def test_intake_words_show_the_question_form_inline(people, client_as, frozen):
    c = client_as(people.alice)
    response = c.post(reverse("web:intake"), {"text": PASSIVE_TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    screening = SafetyScreening.objects.get()
    assert (screening.membership, screening.origin, screening.about) == (
        people.alice,
        "intake",
        "writer",
    )
    assert PASSIVE_TEXT not in str(screening.origin_signals)  # signals only, never the text
    url = reverse("web:screen", args=[screening.pk])
    assert f'<form method="post" action="{url}" class="screen-form">' in html
    assert _radio_keys(html) == ["thoughts_of_ending_life"]
    assert THOUGHTS in html
    assert "Let my partner know I need them" in html  # alice has Bob to tell
    # The screen comes before the next steps and the concerns.
    assert html.index(THOUGHTS) < html.index("Next steps") < html.index("What we noticed")

    # The inline form posts to the screen page, which carries on in rounds.
    gates = _radio_keys(c.get(url).content.decode())
    assert gates[0] == "thoughts_of_ending_life"
    first = {key: "yes" if key == "thoughts_of_ending_life" else "no" for key in gates}
    html = c.post(url, first).content.decode()
    assert _radio_keys(html) == ["plan", "intent", "means"]


def test_intake_about_the_partner_is_worded_for_the_writer(people, client_as, frozen):
    c = client_as(people.alice)
    response = c.post(reverse("web:intake"), {"text": PARTNER_TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    screening = SafetyScreening.objects.get()
    assert screening.about == "partner" and screening.membership == people.alice
    url = reverse("web:screen", args=[screening.pk])
    assert f'action="{url}"' in html
    assert "Has your husband talked about ending his life" in html
    assert "Thank you for looking out for your husband" in html
    assert "Getting help for your partner now" in html
    # A threat with the means to hand: tier 1, worded about the partner, emergency first.
    assert "Your partner has spoken about ending their life and has something within reach" in html
    assert html.index('href="tel:999"') < html.index('class="screen-form"')
    assert PARTNER_MSG not in html  # no plan yet
    assert "Your safety" not in html
    assert "Let my partner know I need them" not in html
    assert "tell-partner" not in html

    # The screen page keeps the partner's wording through the rounds.
    gates = _radio_keys(c.get(url).content.decode())
    assert gates[0] == "thoughts_of_ending_life"
    first = {key: "yes" if key == "thoughts_of_ending_life" else "no" for key in gates}
    html = c.post(url, first).content.decode()
    assert _radio_keys(html) == ["plan", "intent", "means"]
    assert "Has your husband talked about how he would do it" in html
    assert "Does your husband have something within reach that he could use" in html
    assert "Your safety" not in html
    assert "Let my partner know I need them" not in html
    assert "Getting help for your partner" in html
    html = c.post(url, {"plan": "yes", "intent": "no", "means": "yes"}).content.decode()
    assert PARTNER_MSG in html  # the tier-1 plan message, for someone else
    assert _radio_keys(html) == ["safe_now"]
    assert "Are your husband, you and the baby safe right now?" in html
    assert "Your safety" not in html and "Let my partner know I need them" not in html
    screening.refresh_from_db()
    assert screening.tier == 1


def test_how_are_you_8_leads_to_the_screen_with_the_crying_plan(people, client_as, frozen):
    c = client_as(people.bob)
    response = c.post(reverse("web:how-are-you"), {"rating": "8"})
    screening = SafetyScreening.objects.get()
    url = reverse("web:screen", args=[screening.pk])
    assert response.status_code == 302 and response["Location"] == url
    assert screening.origin == "limit" and screening.topics == ["self", "baby"]
    html = c.get(url).content.decode()
    plan = reverse("web:crying-plan")
    assert f'href="{plan}"' in html
    assert "First, if the baby is with you" in html
    assert html.index(f'href="{plan}"') < html.index('class="screen-form"')
    assert set(_radio_keys(html)) == {"thoughts_of_ending_life", "harm_baby_thoughts"}
    assert HARM_BABY in html

    html = c.post(url, {"thoughts_of_ending_life": "no", "harm_baby_thoughts": "yes"}).content
    assert _radio_keys(html.decode()) == ["harm_baby_act"]


def test_a_spanish_parent_at_the_limit_reads_the_screen_in_spanish(people, client_as, frozen):
    people.bob.language = "es"
    people.bob.save(update_fields=["language"])
    c = client_as(people.bob)
    response = c.post(reverse("web:how-are-you"), {"rating": "8"})
    html = c.get(response["Location"]).content.decode()
    assert "¿Has tenido pensamientos de quitarte la vida" in html
    assert "Acuesta al bebé en un lugar seguro" in html  # the crying plan's first steps
    assert "Have you had thoughts" not in html and "Put the baby down safely" not in html
    answered = {"thoughts_of_ending_life": "no", "harm_baby_thoughts": "no"}
    html = c.post(response["Location"], answered, follow=True).content.decode()
    assert "El llanto te está afectando, y eso es normal." in html
    assert "Crying is getting to you" not in html


def test_a_rating_below_7_opens_no_screen(people, client_as, frozen):
    response = client_as(people.bob).post(reverse("web:how-are-you"), {"rating": "6"})
    assert response.status_code == 302
    assert "/wellbeing/screens/" not in response["Location"]
    assert not SafetyScreening.objects.exists()


def test_nobody_else_can_see_or_answer_a_screen(people, client_as, frozen):
    c = client_as(people.alice)
    c.post(reverse("web:intake"), {"text": PASSIVE_TEXT})
    screening = SafetyScreening.objects.get()
    url = reverse("web:screen", args=[screening.pk])
    assert c.get(url).status_code == 200
    for other in (people.bob, people.charlie, people.vera):
        c = client_as(other)
        response = c.get(url)
        assert response.status_code == 404, other
        assert THOUGHTS not in response.content.decode()
        assert c.post(url, {"thoughts_of_ending_life": "yes"}).status_code == 404
    screening.refresh_from_db()
    assert screening.answers == {} and screening.tier is None
    assert client_as(people.alice).get(reverse("web:screen", args=[99999])).status_code == 404


def test_missing_answers_are_refused_and_nothing_is_saved(people, client_as, frozen):
    c = client_as(people.bob)
    screening, url = _open_from_check_in(c)

    response = c.post(url, {})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please answer each question with yes or no." in html
    assert _radio_keys(html) == ["thoughts_of_ending_life"]
    screening.refresh_from_db()
    assert screening.answers == {} and screening.tier is None

    c.post(url, {"thoughts_of_ending_life": "yes"})
    response = c.post(url, {"plan": "yes"})  # intent and means are due too
    assert response.status_code == 422
    assert _radio_keys(response.content.decode()) == ["plan", "intent", "means"]
    response = c.post(url, {"plan": "yes", "intent": "maybe", "means": "no"})
    assert response.status_code == 422
    screening.refresh_from_db()
    assert screening.answers == {"thoughts_of_ending_life": True}
    assert screening.tier == 2 and screening.completed_at is None

"""'Tell us what's going on', the help directory and 'Worried about my partner'."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from safety.help import load_partner_path

from .conftest import HTMX

STORY = Path("/work/shared/story.txt")
STORY_TEXT = (
    STORY.read_text()
    if STORY.exists()
    else 'My husband has not bonded with our son. He says our baby is "ruining our lives".'
)


def test_the_story_shows_its_concerns_quoted_and_the_doctor_first(people, client_as, frozen):
    response = client_as(people.alice).post(reverse("web:intake"), {"text": STORY_TEXT})
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    for label in (
        "Bonding",
        "Crying",
        "Depression or anxiety",
        "Feelings about the baby",
        "Frustration or anger",
        "Who carries the load",
        "Strain between you",
        "Work and time",
    ):
        assert f"<strong>{label}</strong>" in html
    assert "Safety: a parent" not in html
    assert "Please get support now" not in html
    assert re.search(r'<mark title="[^"]+">[^<]*ruining our lives[^<]*</mark>', html)
    assert "<mark" in html and "has not bonded</mark>" in html
    first_step = html.index('class="card step')
    assert "speak to his doctor" in html[first_step : first_step + 600]
    assert f'href="{reverse("web:partner-path")}"' in html


def test_an_empty_text_re_renders_with_the_error(people, client_as, frozen):
    response = client_as(people.alice).post(reverse("web:intake"), {"text": "   "})
    assert response.status_code == 422
    assert 'id="id_text_error"' in response.content.decode()


def test_htmx_gets_the_fragment(people, client_as, frozen):
    response = client_as(people.alice).post(
        reverse("web:intake"), {"text": "He cries every evening for hours."}, **HTMX
    )
    html = response.content.decode()
    assert "<html" not in html and 'id="intake-main"' in html


def test_intent_shows_the_safety_screen_first(people, client_as, frozen):
    html = (
        client_as(people.bob)
        .post(reverse("web:intake"), {"text": "I want to kill myself. I have a plan for tonight."})
        .content.decode()
    )
    assert html.index("Please get support now") < html.index("Next steps")
    assert 'href="tel:999"' in html


def test_intake_needs_a_login_and_refuses_other_methods(people, client, client_as, frozen):
    assert client.get(reverse("web:intake")).status_code == 302
    assert client_as(people.alice).put(reverse("web:intake")).status_code == 405


def test_the_help_page_follows_the_country(people, client_as, client, frozen):
    gb = client_as(people.alice).get(reverse("web:help-directory")).content.decode()
    assert "Help: United Kingdom" in gb and 'href="tel:999"' in gb and "Samaritans" in gb
    us = client_as(people.charlie).get(reverse("web:help-directory")).content.decode()
    assert "Help: United States" in us and 'href="tel:988"' in us
    client.logout()
    fallback = client.get(reverse("web:help-directory")).content.decode()
    assert "tel:999" not in fallback and "tel:911" not in fallback


def test_the_partner_path_comes_from_content(people, client_as, frozen):
    path = load_partner_path()
    html = client_as(people.alice).get(reverse("web:partner-path")).content.decode()
    html = html.replace("&#x27;", "'")
    assert path.title in html
    for section in path.sections:
        assert section.title in html
    assert 'href="tel:999"' in html


SPANISH_TEXT = (
    "No puedo más. El bebé llora toda la noche y a veces pienso que estarían mejor sin mí."
)


def test_words_in_another_language_are_said_unread_and_the_question_is_asked(
    people, client_as, frozen
):
    html = (
        client_as(people.alice)
        .post(reverse("web:intake"), {"text": SPANISH_TEXT})
        .content.decode()
        .replace("&#x27;", "'")
    )
    assert "seems to be in Spanish. Nestling can only read English so far" in html
    assert "We didn't spot anything that needs a next step" not in html
    assert html.index("seems to be in Spanish") < html.index("Have you had thoughts of ending")


def test_a_spanish_reader_is_told_in_spanish(people, client_as, frozen):
    people.alice.language = "es"
    people.alice.save(update_fields=["language"])
    html = client_as(people.alice).post(reverse("web:intake"), {"text": SPANISH_TEXT})
    html = html.content.decode()
    assert "parece estar en español" in html and "can only read" not in html


def test_the_help_lists_read_spanish_for_a_spanish_reader(people, client_as, frozen):
    people.alice.language = "es"
    people.alice.save(update_fields=["language"])
    client = client_as(people.alice)
    page = client.get(reverse("web:help-directory")).content.decode().replace("&quot;", '"')
    assert "Servicios de emergencia" in page and "O ve a urgencias (A&amp;E)." in page
    assert "Free from landlines and mobiles." not in page
    plan = client.get(reverse("web:crying-plan")).content.decode().replace("&quot;", '"')
    assert "24/7" not in plan and "Emergency services" not in plan
    intake = client.post(reverse("web:intake"), {"text": "I want to kill myself. I have a plan."})
    html = intake.content.decode()
    assert "Free from landlines and mobiles." not in html and "tel:116123" in html


def test_a_spanish_reader_gets_the_next_steps_in_spanish(people, client_as, frozen):
    from html import unescape

    from intake.rules import load_intake_rules

    people.alice.language = "es"
    people.alice.save(update_fields=["language"])
    for text in (STORY_TEXT, "My husband works 70 hours a week and I do every night feed alone."):
        html = client_as(people.alice).post(reverse("web:intake"), {"text": text}).content.decode()
        steps = [
            unescape(p)
            for p in re.findall(
                r'<li class="card step[^"]*">\s*<p[^>]*>[^<]*</p>\s*<p>([^<]*)</p>', html
            )
        ]
        assert steps, html
        spanish = {
            step.template(about, "es").format(partner="tu marido", Partner="Tu marido")
            for step in load_intake_rules().steps
            for about in (False, True)
        }
        for shown in steps:
            assert shown in spanish, shown
            for word in (" the ", " your ", " call ", " baby "):
                assert word not in f" {shown} ", shown
        assert any("tu marido" in s.lower() for s in steps), steps

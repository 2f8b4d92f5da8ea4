"""The plan pages on the demo family: Today's card, the plan, an activity, the review, the
availability editor and "already tried", with who may see and change what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from guidance import content, selectors, services
from guidance.models import Availability, PlanSession, Tried
from guidance.testing import Demo
from households.models import Membership

HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(member: Membership) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def dads_plan(demo: Demo):
    return selectors.active_plan(demo.dad.household, demo.dad)


def first_session(demo: Demo) -> PlanSession:
    return dads_plan(demo).sessions.first()


def test_today_shows_dads_session_with_start_and_done(demo):
    row = first_session(demo)
    with time_machine.travel(row.start_at - timedelta(hours=1), tick=False):
        page = signed_in(demo.dad).get(reverse("web:today")).content.decode()
    assert "Your time with the baby today" in page
    assert row.title in page
    assert reverse("web:session-start", args=[row.plan_id, row.pk]) in page
    assert reverse("web:session-rate", args=[row.plan_id, row.pk]) in page
    assert "This week (week" in page


def test_today_links_mum_to_dads_plan(demo):
    page = signed_in(demo.mum).get(reverse("web:today")).content.decode()
    assert "Dad's plan" in page
    assert "Your time with the baby today" not in page


def test_the_plan_page_lists_today_first_then_the_weeks(demo):
    plan = dads_plan(demo)
    response = signed_in(demo.dad).get(reverse("web:plan", args=[plan.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Today, Saturday 21 November") < page.index("Week 2")
    for s in plan.sessions.all():
        assert f'id="session-{s.pk}"' in page
    assert "This one is yours" in page and "Tried before, now changed" in page


def test_plans_redirects_to_your_own_plan(demo):
    response = signed_in(demo.dad).get(reverse("web:plans"))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:plan", args=[dads_plan(demo).pk])


def test_an_activity_page_has_steps_why_source_and_crying_help(demo):
    page = signed_in(demo.dad).get(reverse("web:activity", args=["bath-together"])).content
    page = page.decode()
    for heading in ("Steps", "Why it helps", "If the baby starts crying"):
        assert heading in page
    assert 'class="source"' in page
    assert signed_in(demo.dad).get(reverse("web:activity", args=["juggling"])).status_code == 404


def test_an_activity_and_the_weekly_message_in_spanish(demo):
    Membership.objects.filter(pk=demo.dad.pk).update(language="es")
    bath = content.activity("bath-together")
    assert bath is not None
    spanish = bath.in_language("es")
    client = signed_in(demo.dad)
    page = client.get(reverse("web:activity", args=["bath-together"])).content.decode()
    assert f"<h1>{spanish.title}</h1>" in page and spanish.steps[0] in page
    assert bath.steps[0] not in page and bath.why not in page
    today = client.get(reverse("web:today")).content.decode()
    message, _role, _week = services.weekly_message(demo.dad, demo.baby)
    assert escape(message.in_language("es").connect) in today
    assert escape(message.connect) not in today


def test_start_then_done_from_today_logs_and_rates_the_session(demo):
    row = first_session(demo)
    client = signed_in(demo.dad)
    with time_machine.travel(row.start_at, tick=False):
        response = client.post(
            reverse("web:session-start", args=[row.plan_id, row.pk]), {"next": "today"}
        )
    assert response.status_code == 302 and response["Location"] == reverse("web:today")
    with time_machine.travel(row.start_at + timedelta(minutes=14), tick=False):
        url = reverse("web:session-rate", args=[row.plan_id, row.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"baby_response": "content", "parent_confidence": "4"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "done" and row.event.caregiver == demo.dad


def test_a_bad_rating_rerenders_the_form_and_saves_nothing(demo):
    row = first_session(demo)
    url = reverse("web:session-rate", args=[row.plan_id, row.pk])
    with time_machine.travel(row.start_at, tick=False):
        response = signed_in(demo.dad).post(
            url, {"baby_response": "content", "parent_confidence": "9"}, **HTMX
        )
    assert response.status_code == 422
    page = response.content.decode()
    assert "<html" not in page and 'id="rate-form"' in page
    assert "parent_confidence_error" in page
    row.refresh_from_db()
    assert row.status == "scheduled" and row.event_id is None


def test_each_parent_reads_the_plan_in_their_own_language(demo):
    plan = dads_plan(demo)
    Membership.objects.filter(pk=demo.dad.pk).update(language="es")
    page = signed_in(demo.dad).get(reverse("web:plan", args=[plan.pk])).content.decode()
    assert "Sam estuvo a gusto en" in page and "Esta es tuya: baño, cada sábado" in page
    assert "was content in" not in page and "This one is yours" not in page
    assert "Nivel 1: Tu pareja cerca" in page and "Partner nearby" not in page
    session = plan.sessions.first()
    library = content.library()
    assert library.activity(session.activity_id).in_language("es").title in page
    assert session.title not in page
    # Mum reads the same plan in English, and a 12-hour household reads its times so.
    demo.mum.household.__class__.objects.filter(pk=demo.mum.household_id).update(clock="12")
    page = signed_in(demo.mum).get(reverse("web:plan", args=[plan.pk])).content.decode()
    assert "Sam was content in" in page and "estuvo" not in page
    assert re.search(r"It fits your free time \d{1,2}:\d\d [ap]m–\d{1,2}:\d\d [ap]m", page)


def test_the_weekly_review_page(demo):
    row = first_session(demo)
    with time_machine.travel(row.start_at + timedelta(minutes=20), tick=False):
        client = signed_in(demo.dad)
        client.post(
            reverse("web:session-rate", args=[row.plan_id, row.pk]),
            {"baby_response": "content", "parent_confidence": "3"},
        )
        page = client.get(reverse("web:plan-review", args=[row.plan_id])).content.decode()
    assert "Calm by time of day" in page and "1 of 1" in page
    assert "Your confidence" in page


def test_the_availability_editor_saves_work_hours(demo):
    client = signed_in(demo.dad)
    page = client.get(reverse("web:availability")).content.decode()
    assert 'for="id_monday"' in page and "00:00-06:00, 22:00-24:00" in page
    response = client.post(
        reverse("web:availability"),
        {"form": "work", "work_from": "07:00", "work_to": "19:00", "which": "weekdays"},
    )
    assert response.status_code == 302
    row = Availability.objects.get(membership=demo.dad)
    assert row.entered_as == "work" and row.days[0] == [[0, 420], [1140, 1440]]


def test_a_window_ending_before_it_starts_names_the_day_and_saves_nothing(demo):
    before = Availability.objects.get(membership=demo.dad).days
    response = signed_in(demo.dad).post(
        reverse("web:availability"), {"form": "free", "tuesday": "10:00-09:00"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_tuesday_error"' in page and "before it starts" in page
    assert Availability.objects.get(membership=demo.dad).days == before


def test_already_tried_lists_and_adds(demo):
    client = signed_in(demo.dad)
    page = client.get(reverse("web:tried")).content.decode()
    assert "Skin-to-skin" in page and "wear" in page.lower()
    response = client.post(reverse("web:tried"), {"family": "massage", "outcome": "worked"})
    assert response.status_code == 302
    assert Tried.objects.filter(membership=demo.dad, family="massage").exists()
    response = client.post(reverse("web:tried"), {"family": "juggling", "outcome": "worked"})
    assert response.status_code == 422 and "id_family_error" in response.content.decode()


def test_the_partner_sees_the_plan_but_cannot_change_it(demo):
    client = signed_in(demo.mum)
    plan = client.post(reverse("web:plan-new"))  # Mum makes her own plan
    mums = selectors.active_plan(demo.mum.household, demo.mum)
    assert plan.status_code == 302 and mums is not None
    dad = signed_in(demo.dad)
    page = dad.get(reverse("web:plan", args=[mums.pk]))
    assert page.status_code == 200 and "Mum's plan" in page.content.decode()
    row = mums.sessions.first()
    with time_machine.travel(row.start_at, tick=False):
        response = dad.post(reverse("web:session-start", args=[mums.pk, row.pk]))
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.status == "scheduled"


def test_an_outsider_gets_404(demo, people):
    plan = dads_plan(demo)
    client = signed_in(people.charlie)
    assert client.get(reverse("web:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("web:plan-review", args=[plan.pk])).status_code == 404
    row = plan.sessions.first()
    response = client.post(reverse("web:session-start", args=[plan.pk, row.pk]))
    assert response.status_code == 404


def test_a_viewer_can_look_but_gets_403_on_changes(demo):
    user = get_user_model().objects.create_user(username="gran", password="x" * 12)
    gran = Membership.objects.create(
        household=demo.mum.household, user=user, display_name="Gran", role="viewer"
    )
    plan = dads_plan(demo)
    client = signed_in(gran)
    assert client.get(reverse("web:plan", args=[plan.pk])).status_code == 200
    row = plan.sessions.first()
    url = reverse("web:session-rate", args=[plan.pk, row.pk])
    assert (
        client.post(url, {"baby_response": "content", "parent_confidence": "4"}).status_code == 403
    )
    assert client.post(reverse("web:availability"), {"form": "free"}).status_code == 403


@pytest.mark.parametrize("name", ["web:session-start"])
def test_start_is_post_only(demo, name):
    row = first_session(demo)
    response = signed_in(demo.dad).get(reverse(name, args=[row.plan_id, row.pk]))
    assert response.status_code == 405


def test_the_plan_page_as_an_htmx_fragment(demo):
    plan = dads_plan(demo)
    response = signed_in(demo.dad).get(reverse("web:plan", args=[plan.pk]), **HTMX)
    page = response.content.decode()
    assert '<div id="plan"' in page and "<html" not in page


def test_making_a_plan_without_availability_sends_you_to_enter_it(db, people):
    response = signed_in(people.bob).post(reverse("web:plan-new"))
    assert response.status_code == 302 and response["Location"] == reverse("web:availability")


def test_the_plans_page_without_a_plan(db, people):
    page = signed_in(people.bob).get(reverse("web:plans")).content.decode()
    assert "Make the plan" in page and reverse("web:availability") in page

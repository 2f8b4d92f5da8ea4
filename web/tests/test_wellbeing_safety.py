"""The safety screen: shown at once, before any score, for any PHQ-9 item 9 answer above
zero (parent-mental-health.md 'What this means for the app' 4), with the household's
emergency number first, the crisis and perinatal lines, and an offer to tell the partner."""

from __future__ import annotations

from django.urls import reverse
from ninja.testing import TestClient

from api.api import api
from wellbeing.models import CheckIn, PartnerNotice, SafetyScreening
from wellbeing.testing import answers_for, make_check_in

from .conftest import HTMX


def _phq9(total: int, item9: int) -> dict[str, str]:
    data = {f"item_{i}": str(a) for i, a in enumerate(answers_for("phq9", total, item9), 1)}
    return {**data, "share_with_partner": "nothing", "share_with_reports": "nothing"}


def test_item_9_leads_straight_to_the_safety_screen_before_any_score(people, client_as, frozen):
    c = client_as(people.bob)
    response = c.post(reverse("web:checkin-new", args=["phq9"]), _phq9(6, 1))
    row = CheckIn.objects.get()
    assert row.self_harm_flag
    screening = SafetyScreening.objects.get(check_in=row)
    assert response["Location"] == reverse("web:screen", args=[screening.pk])
    html = c.get(response["Location"]).content.decode()
    assert "Please get support now" in html
    assert 'href="tel:999"' in html  # emergency first (GB)
    assert html.index("tel:999") < html.index("tel:116123") < html.index("Shout")
    # The same-session questions come on the same page, after the numbers.
    assert html.index("tel:999") < html.index('name="thoughts_of_ending_life"')
    assert "Tell someone you trust, now." in html
    assert "Let my partner know I need them" in html
    assert "out of 27" not in html  # no score on this screen
    assert "Thank you for answering honestly" in html  # the rule's message, from content


def test_htmx_submit_with_item_9_also_goes_to_the_safety_screen(people, client_as, frozen):
    response = client_as(people.bob).post(
        reverse("web:checkin-new", args=["phq9"]), _phq9(3, 3), **HTMX
    )
    row = CheckIn.objects.get()
    screening = SafetyScreening.objects.get(check_in=row)
    assert response["HX-Redirect"] == reverse("web:screen", args=[screening.pk])


def test_item_9_at_zero_goes_to_the_result(people, client_as, frozen):
    response = client_as(people.bob).post(reverse("web:checkin-new", args=["phq9"]), _phq9(6, 0))
    assert response["Location"] == reverse("web:checkin-detail", args=[CheckIn.objects.get().pk])


def test_the_result_page_repeats_the_safety_screen_above_the_score(people, client_as, frozen):
    row = make_check_in(people.bob, "phq9", 12, self_harm=2)
    html = client_as(people.bob).get(reverse("web:checkin-detail", args=[row.pk])).content.decode()
    assert html.index("Please get support now") < html.index("12 out of 27")


def test_help_follows_the_households_country(people, client_as, frozen):
    row = make_check_in(people.charlie, "phq9", 5, self_harm=1)
    html = (
        client_as(people.charlie).get(reverse("web:checkin-safety", args=[row.pk])).content.decode()
    )
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert "tel:999" not in html
    # Charlie has nobody in his household to tell.
    assert "Let my partner know I need them" not in html


def test_telling_the_partner_leaves_a_notice_and_shares_nothing(people, client_as, frozen):
    row = make_check_in(people.bob, "phq9", 9, self_harm=1)
    c = client_as(people.bob)
    safety = reverse("web:checkin-safety", args=[row.pk])
    response = c.post(reverse("web:tell-partner"), {"next": safety})
    assert response.status_code == 302 and response["Location"] == safety
    notice = PartnerNotice.objects.get()
    assert (notice.sender, notice.recipient) == (people.bob, people.alice)
    html = client_as(people.alice).get(reverse("web:wellbeing")).content.decode()
    assert "Dad asked Nestling to tell you they need you." in html
    assert "out of 27" not in html
    assert (
        client_as(people.alice).get(reverse("web:checkin-detail", args=[row.pk])).status_code == 404
    )
    c = client_as(people.alice)
    assert c.post(reverse("web:notice-dismiss", args=[notice.pk])).status_code == 302
    assert "tell you they need you" not in c.get(reverse("web:wellbeing")).content.decode()


def test_tell_partner_ignores_an_offsite_next(people, client_as, frozen):
    response = client_as(people.bob).post(reverse("web:tell-partner"), {"next": "//evil.example"})
    assert response["Location"] == reverse("web:wellbeing")


def test_the_api_puts_safety_first_for_item_9(people):
    response = TestClient(api).post(
        "/checkins",
        json={"instrument": "phq9", "answers": answers_for("phq9", 6, 1)},
        user=people.bob.user,
    )
    assert response.status_code == 201
    data = response.json()
    assert list(data)[0] == "safety"
    assert data["safety"]["show_safety_screen_first"] is True
    assert data["safety"]["offer_tell_partner"] is True
    numbers = [c["value"] for s in data["safety"]["help"] for c in s["contacts"]]
    assert numbers[0] == "999" and "116 123" in numbers
    assert data["check_in"]["self_harm_flag"] is True


def test_telling_the_partner_also_reaches_their_inbox_without_the_reason(people, client_as, frozen):
    from notifications.models import Notification, Reminder

    row = make_check_in(people.bob, "phq9", 9, self_harm=1)
    client_as(people.bob).post(reverse("web:tell-partner"))
    reminder = Reminder.objects.get(kind="partner")
    assert reminder.membership == people.alice and reminder.is_sensitive
    assert "Dad needs you now" in reminder.title
    text = f"{reminder.title} {reminder.body}"
    assert "check-in" not in text.lower() and str(row.total) not in text
    from notifications.services import deliver_due_reminders

    deliver_due_reminders()
    assert Notification.objects.filter(membership=people.alice, kind="partner").exists()
    assert not Reminder.objects.filter(membership=people.bob, kind="partner").exists()


def test_tell_partner_ignores_a_backslash_offsite_next(people, client_as, frozen):
    response = client_as(people.bob).post(reverse("web:tell-partner"), {"next": "/\\evil.example"})
    assert response.status_code == 302 and "evil" not in response["Location"]

"""Logging first, measured in a real browser on a phone and a laptop, with a year of dense
log (issue #8): the first one-tap log button is above the fold, a feed is logged in at most
two taps from Today, and Today is at most two screen heights tall.

Uses Debian's Chromium (apt-get install chromium), never a downloaded browser.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from nestling.testing import PASSWORD

SCREENS = [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_today_logs_first_in_two_screens_with_a_year_of_log(chromium, live_server):
    from datetime import timedelta

    from carelog import services
    from carelog.models import Baby, Event
    from nestling.testing import make_personas
    from simulator import simulate

    people = make_personas()
    Baby.objects.filter(pk=people.baby.pk).update(
        birth_date=timezone.localdate() - timedelta(days=380)
    )
    people.baby.refresh_from_db()
    simulation = simulate(seed=3, weeks=52, now=timezone.now())
    services.import_events(
        people.alice, people.baby, simulation.events, {"mum": people.alice, "dad": people.bob}
    )
    assert Event.objects.count() > 10_000
    for screen in SCREENS:
        page = chromium.new_page(viewport=screen)
        page.set_default_timeout(15_000)
        page.goto(live_server.url + "/login/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(live_server.url + "/")

        first = page.locator(".quick-button").first.bounding_box()
        assert first is not None and first["y"] + first["height"] <= screen["height"], screen
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 2 * screen["height"], (screen, height)

        feeds = Event.objects.filter(kind="feed").count()
        page.get_by_role("button", name="Left", exact=True).click()  # tap 1: the timer runs
        page.locator("#timers .timer").get_by_text("Feed").wait_for()
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 2 * screen["height"], ("with a timer running", screen, height)
        page.locator("#timers .timer").get_by_role("button", name="Stop").click()  # tap 2
        page.locator("#timers .timer").wait_for(state="detached")
        assert Event.objects.filter(kind="feed", end__isnull=False).count() == feeds + 1
        page.close()

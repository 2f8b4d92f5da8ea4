"""One real browser run on a phone-sized screen: Dad adds his phone as a channel, sends a
test, sets quiet hours and reads a reminder in his inbox.

Uses Debian's Chromium, never a downloaded browser. Set NESTLING_SCREENSHOTS to a folder
to keep screenshots of the inbox and the settings page.
"""

from __future__ import annotations

import os
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from nestling.testing import PASSWORD


def shoot(page, name: str) -> None:
    if folder := os.environ.get("NESTLING_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dad_sets_up_reminders_on_a_phone(chromium, live_server, endpoint):
    from nestling.testing import make_personas
    from notifications import selectors, services

    people = make_personas()
    now = timezone.now()
    for hours, kind, title, body, key in [
        (3, "weekly_message", "Week 22: Sam's new sounds", "He's babbling back now.", "w22"),
        (1, "check_in", "Your weekly check-in", "Two questions, one minute.", "c1"),
        (0, "session", "Bath time with Sam", "Tonight's session: the bath, 10 minutes.", "s1"),
    ]:
        services.schedule_reminder(
            people.bob, kind, title, body, "/", now - timedelta(hours=hours), key
        )
    services.deliver_due_reminders(now)
    services.mark_read(people.bob, selectors.inbox(people.bob).last().pk)

    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(10_000)
    # The first request imports the whole URLconf (pandas, statsmodels): allow for it.
    page.goto(live_server.url + "/login/", timeout=60_000)
    page.get_by_label("Username").fill("bob")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Inbox, 2 unread").click()
    page.get_by_text("Bath time with Sam").wait_for()
    shoot(page, "inbox")

    page.get_by_role("link", name="Where else reminders reach you").click()
    page.get_by_label("Notification address").fill("tgram://bad")
    page.get_by_role("button", name="Add channel").click()
    page.get_by_text("not a notification address we can use").wait_for()

    page.get_by_label("Notification address").fill(endpoint.url)
    page.get_by_label("Name (optional)").fill("My phone")
    page.get_by_role("button", name="Add channel").click()
    page.get_by_text("Channel added").wait_for()
    page.get_by_role("button", name="Send a test").click()
    page.get_by_text("Test sent").wait_for()
    assert len(endpoint.received) == 1

    page.get_by_label("Quiet from").fill("22:00")
    page.get_by_label("Quiet until").fill("07:00")
    page.get_by_role("button", name="Save quiet hours").click()
    page.get_by_text("from 22:00 to 07:00").wait_for()

    # A reminder the service refuses (outside quiet hours, whatever the clock says now).
    endpoint.status = 401
    services.set_quiet_hours(people.bob, None, None)
    services.schedule_reminder(people.bob, "session", "Walk", "", "", timezone.now(), "s2")
    services.deliver_due_reminders(timezone.now())
    services.set_quiet_hours(people.bob, time(22, 0), time(7, 0))
    page.reload()
    page.get_by_text("failed, will not retry").wait_for()
    shoot(page, "channels")

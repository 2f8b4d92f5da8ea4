"""The strict CSP in a real browser (issue 12, item 4): the main pages load with no policy
violation in Chromium's console, and the scripts they rely on (htmx, nestling.js) run.

Uses Debian's Chromium (apt-get install chromium), never a downloaded browser.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from nestling.testing import PASSWORD

PAGES = [
    "/",
    "/events/",
    "/insights/",
    "/wellbeing/",
    "/wellbeing/checkins/new/phq9/",
    "/crying-plan/",
    "/help/",
    "/plans/",
    "/household/",
    "/inbox/",
    "/channels/",
    "/api/v1/docs",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_main_pages_break_no_policy_and_their_scripts_run(chromium, live_server):
    from carelog.models import Event
    from nestling.testing import make_personas

    people = make_personas()
    Event.objects.create(
        household_id=people.household.pk,
        baby=people.baby,
        kind="sleep",
        start=timezone.now() - timedelta(minutes=3),
        caregiver=people.alice,
        created_by=people.alice,
    )
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(10_000)
    problems: list[str] = []

    def on_console(message) -> None:  # noqa: ANN001
        # The browser asks for /favicon.ico on its own; there is none (yet).
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))

    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")

    # nestling.js ticks the running timer; htmx loaded the cry-check slot.
    timer = page.locator("#timers [data-since]").first
    first = timer.inner_text()
    page.wait_for_function(
        "([el, before]) => el.textContent !== before", arg=[timer.element_handle(), first]
    )
    assert page.evaluate("typeof htmx") == "object"

    for path in PAGES:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.close()
    assert problems == []

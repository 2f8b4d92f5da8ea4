"""Installable and offline, in a real browser: a parent taps "Wet" with the network cut,
sees that it is waiting, and the tap is stored exactly once when the network returns.

Uses Debian's Chromium (apt-get install chromium), never a downloaded browser.
"""

from __future__ import annotations

import pytest

from nestling.testing import PASSWORD

PHONE = {"width": 390, "height": 844}
# Pages follow the browser's language until a person picks one; a UK-English phone reads
# "Nappy" (Playwright's own default, en-US, reads "Diaper").


def sign_in_and_wait_for_the_worker(context, live_server):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    # The worker installs on the first page, then takes control of it (clients.claim).
    # Its install fetches the app shell from the test server, which can take a while on a
    # busy machine: wait until it is active, and reload once if it has not claimed the page.
    page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)", timeout=60_000)
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_tap_made_offline_is_stored_once_when_the_network_returns(chromium, live_server):
    from carelog.models import Event
    from nestling.testing import make_personas

    make_personas()
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = sign_in_and_wait_for_the_worker(context, live_server)
    note = page.locator("#offline-note")

    context.set_offline(True)
    page.get_by_role("button", name="Wet", exact=True).click()
    note.get_by_text("1 tap waiting to be sent.").wait_for()
    assert "No connection" in note.inner_text()
    assert not Event.objects.exists()

    context.set_offline(False)
    # The service worker replays on its own schedule once the network is back; on a busy
    # CI machine that took over the default 15 s once, so this one wait is longer.
    note.get_by_text("1 waiting taps sent").wait_for(timeout=45_000)
    event = Event.objects.get()
    assert event.kind == "nappy" and event.details["wet"] is True
    assert event.client_key and len(event.client_key) == 36
    # The timeline is redrawn with it, without a reload.
    page.locator("#timeline .event").first.wait_for()
    assert "Nappy" in page.locator("#timeline .event").first.inner_text()

    # A reload sends nothing again, and a repeat of the same tap (an answer lost on the
    # way back) returns the stored entry instead of making a second.
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    status = page.evaluate(
        """async (key) => {
            const form = document.querySelector("form[action*='/quick/nappy-wet/']");
            const body = new URLSearchParams(new FormData(form));
            body.set("client_key", key);
            const response = await fetch(form.action, {method: "POST", body: body});
            return response.status;
        }""",
        event.client_key,
    )
    assert status == 200
    assert Event.objects.count() == 1
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_finds_the_app_installable(chromium, live_server, tmp_path):
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from nestling.testing import make_personas

    make_personas()
    # A profile on disk: a new_context() is incognito, where Chromium installs nothing
    # ("in-incognito" would be the only installability error).
    context = chromium.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE
    )
    page = sign_in_and_wait_for_the_worker(context, live_server)
    cdp = context.new_cdp_session(page)

    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == live_server.url + "/manifest.webmanifest"
    assert manifest["errors"] == []
    parsed = manifest.get("manifest") or {}
    if parsed:  # newer Chromium also returns the manifest as it understood it
        assert parsed["name"] == "Nestling"
        assert parsed["display"].lower().endswith("standalone")  # "kStandalone"
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []

    icons = page.evaluate(
        """async () => {
            const link = document.querySelector("link[rel=manifest]");
            const data = await (await fetch(link.href)).json();
            return data.icons.map((icon) => icon.src);
        }"""
    )
    for src in [
        *icons,
        "/static/web/icons/apple-touch-icon.png",
        "/static/web/icons/favicon-32.png",
    ]:
        response = page.request.get(live_server.url + src)
        assert response.status == 200, src
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_offline_pages_come_from_the_phone(chromium, live_server):
    from nestling.testing import make_personas

    make_personas()
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = sign_in_and_wait_for_the_worker(context, live_server)
    page.goto(live_server.url + "/")  # now under the worker: a copy is kept

    context.set_offline(True)
    page.reload()
    page.get_by_role("button", name="Wet", exact=True).wait_for()
    assert "No connection" in page.locator("#offline-note").inner_text()
    # A page never opened shows the offline page, with the help still one tap away.
    page.goto(live_server.url + "/trends/")
    page.get_by_role("heading", name="No connection").wait_for()
    page.get_by_role("link", name="Baby unwell? Warning signs").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "offline" not in page.url
    context.set_offline(False)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_answer_to_possible_crying_made_offline_is_sent_when_the_network_returns(
    chromium, live_server
):
    """At 3 a.m. in a room with no signal: "Mum" tapped on Today's possible-crying card is
    kept on the phone and confirmed, once, when the connection is back."""
    from datetime import timedelta

    from django.utils import timezone

    from carelog.models import CrySuggestion, Event
    from carelog.suggestions import Episode, suggest_crying
    from households.services import set_listening
    from nestling.testing import make_personas

    people = make_personas()
    set_listening(people.alice, True)
    now = timezone.now()
    episode = Episode(now - timedelta(minutes=20), now - timedelta(minutes=8), 0.8)
    (suggestion,) = suggest_crying(people.alice, people.baby, [episode], "device", now=now)

    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = sign_in_and_wait_for_the_worker(context, live_server)
    card = page.locator("#suggestions")
    card.wait_for()

    context.set_offline(True)
    card.get_by_role("button", name="Mum", exact=True).click()
    page.locator("#offline-note").get_by_text("1 tap waiting to be sent.").wait_for()
    assert CrySuggestion.objects.get().status == CrySuggestion.PENDING

    context.set_offline(False)
    page.locator("#offline-note").get_by_text("1 waiting taps sent").wait_for(timeout=45_000)
    suggestion.refresh_from_db()
    assert suggestion.status == CrySuggestion.CONFIRMED
    assert suggestion.resolved_by == people.alice
    event = Event.objects.get(kind="cry")
    assert event.caregiver == people.alice
    assert (event.start, event.end) == (episode.start, episode.end)
    context.close()

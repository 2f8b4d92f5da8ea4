"""The Listen page in a real browser: the same detector as the Python one, a file played
as the microphone, and nothing but episode times sent.

Uses Debian's Chromium (apt-get install chromium), never a downloaded browser, and ONNX
Runtime Web as `make install` places it in vendor/ from npm.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from scipy.io import wavfile

from conftest import CHROMIUM, CHROMIUM_ARGS
from listening.detector import detect
from listening.features import features
from listening.params import RATE
from nestling.testing import PASSWORD

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ort_installed(settings):
    if not (settings.ORT_DIR / "ort.wasm.min.js").is_file():
        pytest.skip("ONNX Runtime Web is not in vendor/: run make install")


def crying_sound() -> np.ndarray:
    """Quiet, then real crying (five tune-part clips from one phone), then quiet; or, without
    the development audio, a cry-like wail, so the comparison still runs."""
    from listening.devset.corpus import MissingAudio, clips_in

    quiet = np.random.default_rng(3).normal(0, 0.002, 5 * RATE).astype(np.float32)
    try:
        cries = [c.samples() for c in clips_in("tune") if c.cries][:5]
    except MissingAudio:
        t = np.arange(25 * RATE) / RATE
        phase = 2 * np.pi * np.cumsum(450 + 60 * np.sin(2 * np.pi * 0.7 * t)) / RATE
        cries = [(0.2 * sum(np.sin(k * phase) / k for k in range(1, 6))).astype(np.float32)]
    return np.concatenate([quiet, *cries, quiet])


def sign_in(page, live_server, path):
    page.set_default_timeout(30_000)
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + path)


def listening_personas():
    from nestling.testing import make_personas

    people = make_personas()
    people.alice.listening = True
    people.alice.save()
    return people


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_computes_what_python_computes(chromium, live_server, ort_installed):
    listening_personas()
    sound = crying_sound()
    page = chromium.new_page(viewport=PHONE)
    sign_in(page, live_server, "/listen/")
    page.wait_for_function("window.nestlingListen !== undefined")
    mine = features(sound[: 12 * RATE])
    theirs = np.array(
        page.evaluate("s => window.nestlingListen.featuresOf(s)", sound[: 12 * RATE].tolist())
    )
    assert theirs.shape == mine.shape
    assert np.abs(theirs - mine).max() < 1e-9
    found = page.evaluate(
        "s => window.nestlingListen.analyse(s).then(r => ({p: r.probabilities, e: r.episodes}))",
        sound.tolist(),
    )
    python = detect(sound)
    assert np.abs(np.array(found["p"]) - python.probabilities).max() < 1e-4  # float32 in ONNX
    assert [(e["start"], e["end"]) for e in found["e"]] == [
        (e.start, e.end) for e in python.episodes
    ]
    assert python.episodes  # the comparison is about something


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_file_as_the_microphone_sends_only_episode_times(live_server, ort_installed, tmp_path):
    from playwright.sync_api import sync_playwright

    from carelog.models import CrySuggestion, Event

    people = listening_personas()
    events = Event.objects.count()
    wav = tmp_path / "nursery.wav"
    wavfile.write(wav, RATE, (crying_sound() * 32767).astype(np.int16))
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(viewport=PHONE, permissions=["microphone"])
        page = context.new_page()
        sign_in(page, live_server, "/listen/")
        sent: list[tuple[str, str, str | None]] = []
        page.on("request", lambda r: sent.append((r.method, r.url, r.post_data)))
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.get_by_role("button", name="Start listening").click()
        page.wait_for_selector(".is-listening")
        assert "No sound leaves this phone" in page.inner_text("[data-status]")
        before = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        began = time.monotonic()
        page.wait_for_timeout(50_000)  # the recording plays in real time (45 s, looping)
        after = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        busy = (after["TaskDuration"] - before["TaskDuration"]) / (time.monotonic() - began)
        page.get_by_role("button", name="Stop listening").click()
        page.wait_for_selector("[data-heard] li")
        assert "Stopped" in page.inner_text("[data-status]")
        browser.close()
    writes = [(m, u, d) for m, u, d in sent if m != "GET"]
    assert writes, "the page sent no episode"
    for method, url, body in writes:
        assert (method, url) == ("POST", live_server.url + "/api/v1/cry-suggestions")
        data = json.loads(body or "{}")
        assert set(data) <= {"source", "baby", "episodes"} and data["source"] == "page"
        for episode in data["episodes"]:
            assert set(episode) == {"start", "end", "confidence"}
    suggestions = CrySuggestion.objects.filter(household=people.alice.household)
    assert suggestions.exists() and all(s.status == "pending" for s in suggestions)
    assert Event.objects.count() == events  # nothing logged without a parent's tap
    assert busy < 0.10, f"the page kept {busy:.0%} of a core busy"


@pytest.mark.django_db
def test_the_page_says_when_listening_is_off_and_loads_no_detector(client):
    from nestling.testing import make_personas

    people = make_personas()
    client.force_login(people.alice.user)
    html = client.get("/listen/").content.decode()
    assert "Listening is off for you" in html and "listen.js" not in html


@pytest.mark.django_db
def test_only_the_listen_page_may_compile_webassembly(client):
    people = listening_personas()
    client.force_login(people.alice.user)
    assert "'wasm-unsafe-eval'" in client.get("/listen/")["Content-Security-Policy"]
    assert "'wasm-unsafe-eval'" not in client.get("/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_model_and_its_tables_need_a_member(client):
    assert client.get("/listen/tables.json").status_code == 302
    assert client.get("/listen/model.onnx").status_code == 302
    people = listening_personas()
    client.force_login(people.alice.user)
    tables = client.get("/listen/tables.json").json()
    assert tables["rate"] == RATE and len(tables["features"]) == 76
    assert client.get("/listen/model.onnx").status_code == 200


@pytest.mark.django_db
def test_the_page_credits_the_recordings_the_model_learned_from(client):
    people = listening_personas()
    client.force_login(people.alice.user)
    html = client.get("/listen/").content.decode()
    for credit in ("Donate-a-cry", "Open Database License 1.0", "Fu et al.", "CC BY-SA 4.0"):
        assert credit in html
    assert "No sound is recorded, stored or sent anywhere" in html

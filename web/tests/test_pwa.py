"""Installable and offline: the manifest, the service worker, the offline page, and our
own icons drawn inline in place of emoji."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.urls import reverse

from carelog.kinds import KINDS
from web.templatetags.nestling import ICONS

WEB = Path(__file__).resolve().parents[1]
#: Emoji and pictographs: shown as empty boxes where the phone has no emoji font.
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\ufe0f]")


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["name"], data["short_name"], data["start_url"], data["display"]) == (
        "Nestling",
        "Nestling",
        "/",
        "standalone",
    )
    assert (data["theme_color"], data["background_color"]) == ("#2f6f62", "#f7f4ef")
    pngs = {(i["sizes"], i["purpose"]) for i in data["icons"] if i["type"] == "image/png"}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= pngs
    for item in data["icons"]:
        path = item["src"].removeprefix("/static/")
        assert finders.find(path), item["src"]


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("icon-maskable-512.png", 512),
        ("apple-touch-icon.png", 180),
        ("favicon-32.png", 32),
    ],
)
def test_each_png_is_the_size_it_claims(name, size):
    header = (ICONS / name).read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (size, size)


def test_the_service_worker_is_served_from_the_root_without_caching(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    first_line, _rest = script.split("\n", 1)
    config = json.loads(first_line.removeprefix("self.NESTLING = ").removesuffix(";"))
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    assert "/static/web/nestling.css" in config["shell"]
    assert config["offline"] == reverse("web:offline")
    assert 'addEventListener("fetch"' in script


def test_the_worker_keeps_the_same_posts_the_urls_name():
    """sw.js and nestling.js name the one-tap posts by path; they must match web/urls.py."""
    for name in ("sw.js", "nestling.js"):
        source = (WEB / "static" / "web" / name).read_text()
        found = re.search(r"QUEUED_POSTS = \[(.*?)\];", source, re.DOTALL)
        assert found is not None, name
        patterns = found.group(1)
        regexes = [re.compile(p.replace("\\/", "/")) for p in re.findall(r"/(\^.*?\$)/", patterns)]
        quick = reverse("web:quick-log", args=[7, "nappy-wet"])
        stop = reverse("web:timer-stop", args=[42])
        assert any(r.match(quick) for r in regexes), name
        assert any(r.match(stop) for r in regexes), name
        for answer in ("web:suggestion-confirm", "web:suggestion-discard"):
            assert any(r.match(reverse(answer, args=[5])) for r in regexes), (name, answer)
        assert not any(r.match(reverse("web:event-delete", args=[42])) for r in regexes)
        assert not any(r.match(reverse("web:suggestion-edit", args=[5])) for r in regexes)


def test_the_offline_page_needs_no_sign_in_and_names_nobody(people, client_as):
    response = client_as(people.alice).get(reverse("web:offline"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "No connection" in html
    assert "Alice and Bob" not in html and "Mum" not in html
    assert 'class="tabbar"' not in html


def test_every_page_links_the_manifest_icons_and_worker(people, client_as):
    html = client_as(people.alice).get(reverse("web:today")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="icon" href="/static/web/icons/app.svg" type="image/svg+xml"' in html
    assert 'rel="apple-touch-icon" href="/static/web/icons/apple-touch-icon.png"' in html
    assert '<meta name="nestling-sw" content="/sw.js">' in html
    assert 'id="offline-note"' in html and "{n} taps waiting to be sent." in html


def test_every_kind_has_its_own_icon():
    names = {kind.icon for kind in KINDS.values()}
    assert len(names) == len(KINDS)
    for name in names:
        svg = (ICONS / f"{name}.svg").read_text()
        assert 'viewBox="0 0 24 24"' in svg and 'stroke="currentColor"' in svg, name


def test_the_icon_tag_draws_inline_svg_hidden_from_screen_readers():
    html = Template('{% load nestling %}{% icon "feed" %}{% icon name %}').render(
        Context({"name": "sleep"})
    )
    assert html.count("<svg") == 2
    assert '<svg class="icon icon-feed" width="24" height="24" aria-hidden="true"' in html


@pytest.mark.parametrize("name", ["nope", "../base", "Feed", ""])
def test_an_unknown_icon_draws_nothing(name):
    assert Template("{% load nestling %}{% icon name %}").render(Context({"name": name})) == ""


def test_no_page_template_shows_an_emoji():
    templates = [*WEB.glob("templates/**/*.html"), *WEB.parent.glob("reports/templates/**/*.html")]
    found = [f"{t.name}: {m.group()}" for t in templates for m in EMOJI.finditer(t.read_text())]
    assert found == []


def test_today_history_and_forms_draw_kind_icons(people, client_as, frozen):
    from carelog import services

    services.log_event(people.alice, people.baby, "nappy", details={"wet": True})
    client = client_as(people.alice)
    today = client.get(reverse("web:today")).content.decode()
    assert 'class="icon icon-nappy"' in today and 'class="icon icon-today"' in today
    history = client.get(reverse("web:event-list", args=[people.baby.pk])).content.decode()
    assert 'class="icon icon-nappy"' in history
    form = client.get(reverse("web:event-add", args=[people.baby.pk, "growth"])).content.decode()
    assert 'class="icon icon-growth"' in form
    assert not EMOJI.search(today + history + form)

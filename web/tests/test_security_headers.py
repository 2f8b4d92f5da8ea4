"""Headers (issue 12, item 4): a strict Content-Security-Policy on every page, with no
inline script, event handler or style in any main page to need loosening it; and
`Cache-Control: private, no-store` on everything a signed-in person is sent."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from households.services import create_token
from nestling.testing import PASSWORD
from wellbeing.testing import make_check_in

from .conftest import NOW, make_event


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline <script> and <style> elements,
    on*= handlers, style= attributes and javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append(f"<script> without src: {names}")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            if name in {"href", "src", "action"} and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_checker_sees_inline_code():
    html = (
        '<script>alert(1)</script><script src="/x.js"></script><button onclick="x()">'
        '<p style="color:red"><a href="javascript:x()">x</a><style>p{}</style>'
    )
    assert len(inline_code(html)) == 5


@pytest.fixture
def a_full_log(people, frozen):
    """Enough care log and check-ins that the pages draw their lists and charts."""
    for day in range(14):
        start = NOW - timedelta(days=day, hours=2)
        by = people.alice if day % 2 else people.bob
        make_event(people.baby, "feed", by=by, start=start, minutes=20, details={"side": "left"})
        make_event(people.baby, "sleep", by=by, start=start + timedelta(minutes=30), minutes=90)
        make_event(people.baby, "cry", by=by, start=start - timedelta(hours=3), minutes=25)
    make_event(people.baby, "feed", by=people.alice, start=NOW - timedelta(minutes=5), running=True)
    return make_check_in(people.alice, "phq9", 6)


def signed_in_pages(people, check_in) -> list[str]:
    baby = people.baby.pk
    return [
        reverse("web:today"),
        reverse("web:today-baby", args=[baby]),
        reverse("web:event-list", args=[baby]),
        reverse("web:event-add", args=[baby, "feed"]),
        reverse("web:insights"),
        reverse("web:wellbeing"),
        reverse("web:checkin-history"),
        reverse("web:checkin-new", args=["phq9"]),
        reverse("web:checkin-detail", args=[check_in.pk]),
        reverse("web:wellbeing-settings"),
        reverse("web:how-are-you"),
        reverse("web:intake"),
        reverse("web:crying-plan"),
        reverse("web:help-directory"),
        reverse("web:partner-path"),
        reverse("web:warning-signs"),
        reverse("web:plans"),
        reverse("web:availability"),
        reverse("web:activity", args=["bath-together"]),
        reverse("web:household"),
        reverse("web:inbox"),
        reverse("web:channels"),
    ]


def test_every_main_page_has_a_strict_csp_and_no_inline_code(people, client_as, a_full_log):
    client = client_as(people.alice)
    for url in signed_in_pages(people, a_full_log):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert inline_code(response.content.decode()) == [], url


def test_signed_out_pages_have_the_csp_and_no_inline_code(db, client):
    for url in (reverse("web:login"), reverse("web:signup"), reverse("web:crying-plan")):
        response = client.get(url)
        assert "default-src 'self'" in response["Content-Security-Policy"], url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
        assert inline_code(response.content.decode()) == [], url


def test_the_api_and_its_docs_page_carry_the_csp(people, client_as):
    client = client_as(people.alice)
    assert "script-src 'self'" in client.get("/api/v1/household")["Content-Security-Policy"]
    assert "script-src 'self'" in client.get("/api/v1/docs")["Content-Security-Policy"]


def test_htmx_is_told_not_to_eval_or_inject_styles(people, client_as):
    html = client_as(people.alice).get(reverse("web:today")).content.decode()
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html


def test_signed_in_pages_are_private_and_never_stored(people, client_as, a_full_log):
    client = client_as(people.bob)
    for url in (
        reverse("web:today"),
        reverse("web:insights"),
        reverse("web:wellbeing"),
        reverse("web:checkin-history"),
        reverse("web:crying-plan"),
    ):
        assert client.get(url)["Cache-Control"] == "private, no-store", url
    check_in = make_check_in(people.bob, "phq9", 4)
    detail = client.get(reverse("web:checkin-detail", args=[check_in.pk]))
    assert detail["Cache-Control"] == "private, no-store"


def test_htmx_fragments_are_private_too(people, client_as, frozen):
    response = client_as(people.alice).get(reverse("web:today"), HTTP_HX_REQUEST="true")
    assert response["Cache-Control"] == "private, no-store"


def test_the_api_is_private_with_a_session_and_with_a_token(people, client):
    assert client.login(username="alice", password=PASSWORD)
    assert client.get("/api/v1/household")["Cache-Control"] == "private, no-store"
    assert client.get("/api/v1/events")["Cache-Control"] == "private, no-store"
    client.logout()
    _token, raw = create_token(people.bob)
    response = client.get("/api/v1/checkins", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_static_files_stay_cacheable(people, client_as):
    # WhiteNoise answers before the private-cache rule: scripts and styles may be cached.
    response = client_as(people.alice).get("/static/web/nestling.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")

"""Privacy matrix: through every page, API route and command that shows check-ins, Bob sees
no more of Alice's check-in than she shared, Vera (who only looks) and Charlie (another
household) see nothing, and only Alice can change or open her safety screen (404 for others).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from ninja.testing import TestClient
from typer.testing import CliRunner

from api.api import api
from cli.main import app
from wellbeing.models import CheckIn, Visibility
from wellbeing.testing import make_check_in

BAND = "Severe"  # PHQ-9 band label for a total of 21 (Kroenke 2001)
TOTAL = "21 out of 27"
ANSWER = "Little interest or pleasure in doing things"
LEVELS = list(Visibility)


@pytest.fixture
def alices(people):
    """One check-in of Alice's per sharing level, keyed by level."""
    return {
        level: make_check_in(people.alice, "phq9", 21, self_harm=1, partner=level)
        for level in LEVELS
    }


def _shown(html: str) -> tuple[bool, bool, bool]:
    return (BAND in html, TOTAL in html, ANSWER in html)


EXPECTED_FOR_BOB = {
    Visibility.DONE: (False, False, False),
    Visibility.BAND: (True, False, False),
    Visibility.EVERYTHING: (True, True, True),
}


@pytest.mark.parametrize("level", LEVELS)
def test_detail_page_shows_bob_only_what_alice_shared(people, alices, client_as, level):
    response = client_as(people.bob).get(reverse("web:checkin-detail", args=[alices[level].pk]))
    if level == Visibility.NOTHING:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert _shown(html) == EXPECTED_FOR_BOB[level]
    assert "Please get support now" not in html  # her safety screen is hers alone


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("who", ["vera", "charlie"])
def test_detail_page_is_404_for_the_viewer_and_the_outsider(people, alices, client_as, level, who):
    response = client_as(getattr(people, who)).get(
        reverse("web:checkin-detail", args=[alices[level].pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["bob", "vera", "charlie"])
def test_only_alice_opens_her_safety_screen_or_changes_sharing(people, alices, client_as, who):
    c = client_as(getattr(people, who))
    for level, row in alices.items():
        assert c.get(reverse("web:checkin-safety", args=[row.pk])).status_code == 404
        response = c.post(
            reverse("web:checkin-sharing", args=[row.pk]),
            {"share_with_partner": "everything", "share_with_reports": "everything"},
        )
        assert response.status_code == 404
        assert CheckIn.objects.get(pk=row.pk).share_with_partner == level


def test_alice_sees_everything_of_her_own(people, alices, client_as):
    html = (
        client_as(people.alice)
        .get(reverse("web:checkin-detail", args=[alices[Visibility.NOTHING].pk]))
        .content.decode()
    )
    assert _shown(html) == (True, True, True)


@pytest.mark.parametrize("who", ["bob", "vera", "charlie"])
def test_history_page_holds_only_your_own(people, alices, client_as, who):
    html = client_as(getattr(people, who)).get(reverse("web:checkin-history")).content.decode()
    assert "No check-ins yet." in html
    assert TOTAL not in html and "<circle" not in html[html.index("<main") :]  # no chart


def test_wellbeing_home_lists_what_was_shared_at_its_level(people, alices, client_as):
    html = client_as(people.bob).get(reverse("web:wellbeing")).content.decode()
    for level, row in alices.items():
        link = reverse("web:checkin-detail", args=[row.pk])
        assert (link in html) is (level != Visibility.NOTHING)
    assert TOTAL not in html
    assert html.count(BAND) == 2  # the "band" and "everything" entries only
    for who in ("vera", "charlie"):
        html = client_as(getattr(people, who)).get(reverse("web:wellbeing")).content.decode()
        assert "Shared with you" not in html and BAND not in html


@pytest.mark.parametrize("level", LEVELS)
def test_api_list_and_detail_match_the_sharing(people, alices, level):
    client = TestClient(api)
    row = alices[level]
    listed = {c["id"]: c for c in client.get("/checkins", user=people.bob.user).json()}
    detail = client.get(f"/checkins/{row.pk}", user=people.bob.user)
    if level == Visibility.NOTHING:
        assert row.pk not in listed
        assert detail.status_code == 404
        return
    for data in (listed[row.pk], detail.json()):
        assert data["shared"] == level
        shows_band, shows_all = {
            Visibility.DONE: (False, False),
            Visibility.BAND: (True, False),
            Visibility.EVERYTHING: (True, True),
        }[level]
        assert (data["band_label"] == BAND) is shows_band
        assert (data["total"] == 21) is shows_all
        assert (data["answers"] is not None) is shows_all
        assert (data["self_harm_flag"] is not None) is shows_all
        assert data["share_with_partner"] is None


@pytest.mark.parametrize("who", ["vera", "charlie"])
def test_api_shows_the_viewer_and_the_outsider_nothing(people, alices, who):
    client = TestClient(api)
    user = getattr(people, who).user
    assert client.get("/checkins", user=user).json() == []
    for row in alices.values():
        assert client.get(f"/checkins/{row.pk}", user=user).status_code == 404


def test_cli_history_matches_the_sharing(people, alices):
    result = CliRunner().invoke(app, ["checkin", "history", "--user", "bob", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["id"] for r in rows} == {
        row.pk for level, row in alices.items() if level != Visibility.NOTHING
    }
    for r in rows:
        assert r["total"] is None or r["shared"] == "everything"
    charlie = CliRunner().invoke(app, ["checkin", "history", "--user", "charlie"])
    assert charlie.stdout.strip() == ""


def test_cli_history_shows_alice_her_own(people, alices):
    result = CliRunner().invoke(app, ["checkin", "history", "--user", "alice"])
    assert result.exit_code == 0
    assert result.stdout.count("21/27") == len(LEVELS)

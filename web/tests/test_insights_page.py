"""The Insights page and the handover card on Today.

Most tests use the demo simulator's story household (Dad home late evenings and at night,
no true caregiver effect) loaded through the same bulk service an importer uses.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import insights
from carelog import services
from simulator import simulate

from .conftest import HTMX, NOW, make_event, make_many_holdings

BANNED = ("hate", "reject", "prefer")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Insights are cached by household id and log fingerprint; ids repeat across tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(people, frozen):
    """Six simulated weeks of the story household's log for Sam (Alice's baby)."""
    simulation = simulate(seed=11, weeks=6, now=NOW)
    services.import_events(
        people.alice,
        people.baby,
        simulation.events,
        {"mum": people.alice, "dad": people.bob},
        now=NOW,
    )
    return people


def page_url(baby):
    return reverse("web:insights-baby", args=[baby.pk])


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_owner_sees_findings_first_then_the_charts(story, client_as):
    response = client_as(story.alice).get(reverse("web:insights"))
    assert response.status_code == 200
    html = response.content.decode()
    order = [
        'id="findings-h"',
        'id="who-h"',
        'id="cry-h"',
        'id="calm-h"',
        'id="care-h"',
        "not a diagnostic tool",
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    # Findings are the core's sentences, in order, as a list.
    findings = html[html.index('class="finding-list"') : html.index("</ol>")]
    assert findings.count("<li>") >= 4
    assert "fussiest hours" in findings
    # Charts are inline SVG with a title each; the week heat map has 7 x 24 cells.
    assert html.count("<svg") >= 7
    assert html.count('class="cell') - html.count('class="cell key') == 168
    assert reverse("web:warning-signs") in html
    assert 'aria-current="page"><svg class="icon icon-insights"' in html


def test_the_confounder_comes_before_the_comparison(story, client_as):
    html = client_as(story.bob).get(page_url(story.baby)).content.decode()
    card = html[html.index('class="card caregiver"') :]
    card = card[: card.index("</article>")]
    # Dad's sessions have the most crying, so his card comes first, open.
    assert "With Dad" in card
    timing = card.index("of Dad&#x27;s time with Sam falls in Sam&#x27;s fussiest hours")
    assert timing < card.index("Counting every session") < card.index("Same times and state")
    assert "of the difference is explained by when and in what state" in card
    assert "No sign that Sam cries more with Dad" in card
    # The interval is drawn against a line at 1.
    assert 'class="ref"' in card and 'class="ci"' in card
    # Mum's comparison mirrors it and is folded away.
    assert '<details class="card caregiver">' in html


def test_crying_charts_show_hours_and_the_wording_for_age_without_a_number(story, client_as):
    html = client_as(story.alice).get(page_url(story.baby)).content.decode()
    hour_chart = html[html.index('aria-labelledby="cry-hour-t') :]
    hour_chart = hour_chart[: hour_chart.index("</svg>")]
    assert hour_chart.count('class="bar') == 24
    assert ">18<" in hour_chart  # hour labels every 3 hours
    # Sam is 22 weeks: no sourced band, so only the core's words and source, no shading.
    assert "no reliable average is known for this age" in html
    assert "Vermillet" in html
    assert 'class="band"' not in html
    assert "Worth a check" not in html


def test_care_split_is_a_team_view_with_swaps(story, client_as):
    html = client_as(story.alice).get(page_url(story.baby)).content.decode()
    assert "A team view, not a scoreboard" in html
    assert "What could swap" in html
    split = html[html.index('aria-labelledby="care-split-t') :]
    split = split[: split.index("</svg>")]
    assert split.count('class="seg seg-0"') == 3  # Mum, Dad, legend
    assert "Night-time care (22:00–06:00)" in html


def test_no_hate_reject_or_prefer_anywhere_on_the_page(story, client_as):
    html = client_as(story.bob).get(page_url(story.baby)).content.decode().lower()
    for word in BANNED:
        assert word not in visible_text(html), word
        assert word not in html, word


def test_partner_and_viewer_can_look(story, client_as):
    for member in (story.bob, story.vera):
        response = client_as(member).get(page_url(story.baby))
        assert response.status_code == 200
        assert "What Sam's log shows" in response.content.decode()


def test_outsider_gets_404(people, client_as):
    response = client_as(people.charlie).get(page_url(people.baby))
    assert response.status_code == 404


def test_outsider_sees_only_their_own_baby(people, client_as):
    make_event(people.baby, "cry", by=people.alice, start=NOW - timedelta(hours=2), minutes=30)
    response = client_as(people.charlie).get(reverse("web:insights"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Max" in html and "Sam" not in html


def test_wrong_method_gets_405(people, client_as):
    response = client_as(people.alice).post(page_url(people.baby))
    assert response.status_code == 405


def test_signed_out_is_sent_to_log_in(people, client):
    response = client.get(reverse("web:insights"))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_htmx_gets_the_fragment_and_a_normal_request_the_page(people, client_as, frozen):
    client = client_as(people.alice)
    fragment = client.get(page_url(people.baby), **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="insights-main"')
    assert "<html" not in fragment
    page = client.get(page_url(people.baby)).content.decode()
    assert "<html" in page and 'id="insights-main"' in page


def test_an_empty_log_gets_a_kind_explanation_of_what_to_log(people, client_as, frozen):
    html = client_as(people.alice).get(page_url(people.baby)).content.decode()
    assert "Nothing to show yet" in html
    assert "Crying: tap" in html
    assert reverse("web:today-baby", args=[people.baby.pk]) in html
    assert "<svg" not in html[html.index("<main") :]  # no chart (the tab bar has icons)
    assert "not a diagnostic tool" in html


def test_sparse_data_says_how_many_more_sessions_not_a_verdict(people, client_as, frozen):
    make_many_holdings(people.baby, by=people.alice, with_=people.bob, count=12)
    make_event(people.baby, "holding", by=people.bob, start=NOW - timedelta(hours=3), minutes=10)
    make_event(people.baby, "cry", by=people.bob, start=NOW - timedelta(hours=3), minutes=4)
    html = client_as(people.alice).get(page_url(people.baby)).content.decode()
    assert "Not enough data yet to compare" in html
    assert re.search(r"log \d+ more sessions? with", html)
    assert "No sign" not in html and "does cry more" not in html
    assert "not enough data yet" in html  # the forest plot's row


def test_excess_crying_is_flagged_with_a_check_suggestion(people, client_as, frozen):
    for day in (1, 2, 4):
        make_event(
            people.baby, "cry", by=people.alice, start=NOW - timedelta(days=day), minutes=200
        )
    html = client_as(people.alice).get(page_url(people.baby)).content.decode()
    assert "Worth a check" in html
    assert "GP or health visitor" in html
    assert "Rome IV" in html
    assert "outside the usual colic definition" in html  # Sam is past 5 months


def test_a_young_baby_gets_the_sourced_band(people, client_as, frozen):
    people.baby.birth_date = date(2026, 10, 26)  # 4 weeks old at NOW
    people.baby.save()
    for day in range(1, 8):
        make_event(people.baby, "cry", by=people.alice, start=NOW - timedelta(days=day), minutes=90)
    html = client_as(people.alice).get(page_url(people.baby)).content.decode()
    week_chart = html[html.index('aria-labelledby="cry-week-t') :]
    week_chart = week_chart[: week_chart.index("</svg>")]
    assert 'class="band"' in week_chart
    assert "Typical range for this age" in week_chart
    assert "Wolke" in html
    assert "Shaded: the typical range" in html


def test_a_second_view_uses_the_cache_and_a_new_entry_recomputes(story, client_as):
    client = client_as(story.alice)
    with mock.patch("insights.compute_insights", wraps=insights.compute_insights) as compute:
        client.get(page_url(story.baby))
        assert compute.call_count == 1
        with CaptureQueriesContext(connection) as warm:
            client.get(page_url(story.baby))
        assert compute.call_count == 1
        assert not any("carelog_event_others_present" in q["sql"] for q in warm.captured_queries)
        services.log_event(story.alice, story.baby, "nappy", details={"wet": True})
        client.get(page_url(story.baby))
        assert compute.call_count == 2


def test_query_count_does_not_grow_with_the_log(people, client_as, frozen):
    client = client_as(people.alice)
    make_event(people.baby, "cry", by=people.alice, start=NOW - timedelta(hours=2), minutes=30)
    client.get(page_url(people.baby))  # sessions, the first view's bookkeeping
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(people.baby))
    simulation = simulate(seed=3, weeks=6, now=NOW)
    services.import_events(
        people.alice, people.baby, simulation.events, {"mum": people.alice, "dad": people.bob}
    )
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(page_url(people.baby))
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as cached:
        client.get(page_url(people.baby))
    assert len(cached) == len(many) - 2  # no log or presence: one aggregate instead


# --- the handover card on Today ---------------------------------------------------------


def test_today_shows_the_handover_since_you_were_last_here(people, client_as, frozen):
    # Bob was last involved on Sunday evening: a holding that ended at 21:20.
    make_event(people.baby, "holding", by=people.bob, start=NOW - timedelta(hours=6), minutes=20)
    make_event(
        people.baby,
        "feed",
        by=people.alice,
        start=NOW - timedelta(minutes=70),
        minutes=20,
        details={"method": "breast", "side": "left"},
    )
    make_event(people.baby, "sleep", by=people.alice, start=NOW - timedelta(hours=4), minutes=90)
    make_event(people.baby, "nappy", by=people.alice, start=NOW - timedelta(hours=2),
               details={"wet": True})  # fmt: skip
    make_event(people.baby, "nappy", by=people.alice, start=NOW - timedelta(hours=1),
               details={"wet": True, "dirty": True})  # fmt: skip
    make_event(people.baby, "cry", by=people.alice, start=NOW - timedelta(hours=5), minutes=15,
               details={"ended": "fed"})  # fmt: skip
    make_event(people.baby, "soothing", by=people.alice, start=NOW - timedelta(minutes=5),
               running=True)  # fmt: skip
    html = client_as(people.bob).get(reverse("web:today")).content.decode()
    card = html[html.index('class="card handover"') :]
    card = card[: card.index("</section>")]
    assert "Since you were last here" in card
    assert "since yesterday 21:20" in card  # London time, when Bob's holding ended
    assert "Left side · 50 min ago · Mum" in card
    assert "Awake for 2 h 30 min (last sleep 1 h 30 min)" in card
    assert "2 (2 wet, 1 dirty)" in card
    assert "1 episode, 15 min" in card and "fed" in card
    assert "1 running" in card


def test_a_parent_on_their_first_visit_is_not_told_since_yesterday(people, client_as, frozen):
    from households.models import Membership

    # Bob joined ten minutes ago and has not been involved in any entry yet.
    Membership.objects.filter(pk=people.bob.pk).update(created_at=NOW - timedelta(minutes=10))
    make_event(people.baby, "feed", by=people.alice, start=NOW - timedelta(hours=3), minutes=20,
               details={"method": "breast", "side": "left"})  # fmt: skip
    html = client_as(people.bob).get(reverse("web:today")).content.decode()
    card = html[html.index('class="card handover"') :]
    card = card[: card.index("</section>")]
    assert "since yesterday" not in card
    assert "since 02:50" in card  # London time, when Bob joined
    assert "Left side · 2 h 40 min ago · Mum" in card  # the last feed, whenever it was


def test_the_handover_card_comes_right_after_the_timers(people, client_as, frozen):
    html = client_as(people.alice).get(reverse("web:today")).content.decode()
    assert html.index('id="timers"') < html.index('class="card handover"')
    assert html.index('class="card handover"') < html.index('class="cry-slot"')


def test_today_with_the_handover_stays_constant_in_queries(people, client_as, frozen):
    client = client_as(people.alice)
    make_event(people.baby, "feed", by=people.alice, start=NOW - timedelta(hours=2), minutes=15)
    client.get(reverse("web:today"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("web:today"))
    simulation = simulate(seed=5, weeks=6, now=NOW)
    services.import_events(
        people.alice, people.baby, simulation.events, {"mum": people.alice, "dad": people.bob}
    )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("web:today"))
    assert len(many) == len(few)


def test_a_log_without_crying_entries_says_so_and_gives_no_verdict(people, frozen, client_as):
    """Issue 10: logs from apps that never record crying must not read as "no crying"."""
    simulation = simulate(seed=11, weeks=6, now=NOW)
    services.import_events(
        people.alice,
        people.baby,
        [e for e in simulation.events if e.kind != "cry"],
        {"mum": people.alice, "dad": people.bob},
        now=NOW,
    )
    response = client_as(people.alice).get(page_url(people.baby))
    assert response.status_code == 200
    text = " ".join(visible_text(response.content.decode()).split())
    assert "No crying has been logged" in text
    assert "no sign" not in text.lower()
    assert "cried on average" not in text
    assert "0 minutes a day" not in text
    assert text.count("No crying logged yet") == 2  # both crying charts, not bars of zero


def test_a_spanish_reader_reads_the_findings_in_spanish(story, client_as):
    """The findings are worded where they are shown, in the reader's language (issue 10)."""
    from django.utils import translation

    story.bob.language = "es"
    story.bob.save()
    with translation.override(None):
        html = client_as(story.bob).get(page_url(story.baby)).content.decode()
    findings = html[
        html.index('class="finding-list"') : html.index("</ol>", html.index("finding-list"))
    ]
    assert "del tiempo de" in findings and "horas de más inquietud de Sam" in findings
    assert "A las mismas horas del día y en el mismo estado" in findings
    assert "Reparto del tiempo de cuidados registrado" in findings
    for english in ("of Bob's time", "Counting every session", "Share of logged care time"):
        assert english not in findings

"""The report's day-by-day charts, care split and bonding-plan progress, built from a
household logged through carelog.services (plans as the guidance app stores them)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from html import unescape

import pytest

from carelog.models import Baby
from guidance.models import Plan, PlanSession
from reports.build import build_report, resolve_period
from reports.render import render_report_html

from .conftest import NOW, at, log


def report(member, baby, **kwargs):
    period = kwargs.pop("period", None) or resolve_period(member.household.tz, now=NOW)
    return build_report(member, baby, period, now=NOW, **kwargs)


def words(data) -> str:
    html = render_report_html(data)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


# --- crying day by day ----------------------------------------------------------------------


def test_crying_minutes_are_given_for_each_day_with_entries_and_none_for_the_others(people):
    alice, baby = people.alice, people.baby
    log(alice, baby, "feed", at(10, 8), 20, method="breast")  # a day with entries, no crying
    log(alice, baby, "cry", at(12, 18), 45)
    c = report(alice, baby).crying
    assert len(c.by_day_min) == 28  # 27 Oct to 23 Nov
    on = {
        date(2026, 10, 27 + i) if i < 5 else date(2026, 11, i - 4): m
        for i, m in enumerate(c.by_day_min)
    }
    assert on[date(2026, 11, 10)] == 0  # logged that day, no crying: a real 0
    assert on[date(2026, 11, 12)] == pytest.approx(45)
    assert on[date(2026, 11, 11)] is None  # nothing logged: not a 0


def test_without_crying_in_the_period_no_day_has_a_crying_figure(people):
    alice, baby = people.alice, people.baby
    log(alice, baby, "feed", at(10, 8), 20, method="breast")
    data = report(alice, baby)
    assert set(data.crying.by_day_min) == {None}
    assert "Crying not logged in this period" in render_report_html(data)


def test_a_young_babys_crying_is_drawn_against_the_sourced_range(people):
    young = Baby.objects.create(
        household=people.household, name="Pip", birth_date=date(2026, 11, 1)
    )
    log(people.alice, young, "cry", at(20, 18), 60)
    data = report(people.alice, young)
    # Weeks 0-6: 117-133 min a day, the band mean -1 SD to +1 SD (Wolke 2017).
    assert set(data.crying.bands[:5]) == {None}  # 27-31 Oct: before the birth
    assert set(data.crying.bands[5:]) == {(47.0, 203.0)}  # 1-23 Nov
    html = render_report_html(data)
    assert 'class="band"' in html and "the usual range at this age" in html
    # Sam, at 5 months, has no sourced range: none is drawn.
    log(people.alice, people.baby, "cry", at(20, 18), 60)
    older = report(people.alice, people.baby)
    assert set(older.crying.bands) == {None}
    assert 'class="band"' not in render_report_html(older)


def test_the_report_holds_the_four_day_by_day_charts_with_patterns_for_paper(people):
    alice, baby = people.alice, people.baby
    log(alice, baby, "feed", at(10, 8), 20, method="breast")
    log(alice, baby, "feed", at(10, 12), 20, method="bottle", amount_ml=90)
    log(alice, baby, "sleep", at(10, 13), 60)
    log(alice, baby, "nappy", at(10, 9), wet=True)
    log(alice, baby, "cry", at(10, 18), 20)
    html = render_report_html(report(alice, baby))
    for chart in ("report-crying", "report-feeds", "report-sleep", "report-nappies"):
        assert f'aria-labelledby="{chart}-t {chart}-d"' in html
    assert 'fill="url(#report-feeds-hatch)"' in html  # bottle feeds: hatched, not just grey
    assert "A hollow circle on the axis" in html


# --- care split -----------------------------------------------------------------------------


def test_the_care_split_counts_entries_and_timed_minutes_per_person(people):
    alice, bob, baby = people.alice, people.bob, people.baby
    for day in (10, 11):
        log(alice, baby, "feed", at(day, 8), 30, method="breast")
        log(alice, baby, "nappy", at(day, 9), wet=True)
    log(bob, baby, "bath", at(11, 19), 20)
    log(bob, baby, "holding", at(11, 23), 40)  # 23:00-23:40: night
    data = report(alice, baby)
    mum, dad = data.care
    assert (mum.name, mum.entries, mum.care_min) == ("Mum", 4, pytest.approx(60.0))
    assert dict(mum.kinds) == {"feed": 2, "nappy": 2}
    assert (dad.name, dad.entries, dad.care_min) == ("Dad", 2, pytest.approx(60.0))
    assert dad.night_min == pytest.approx(40.0)
    text = words(data)
    assert "Who logged the care" in text
    assert "Mum 4 1 h 00 min 50%" in text and "Dad 2 1 h 00 min 50% 40 min" in text
    assert "a nappy counts as an entry, not as minutes" in text


def test_without_care_entries_the_care_split_says_so(people):
    log(people.alice, people.baby, "note", at(10, 8), text="Quiet week.")
    data = report(people.alice, people.baby)
    assert data.care == ()
    assert "No feeds, nappies or care sessions were logged in this period" in words(data)


# --- bonding plan ---------------------------------------------------------------------------


def make_plan(people, start: date, *, is_active: bool = True) -> Plan:
    return Plan.objects.create(
        household=people.household,
        membership=people.bob,
        baby=people.baby,
        created_by=people.alice,
        start_date=start,
        is_active=is_active,
    )


def session(plan: Plan, day: int, status: str, response: str = "", title: str = "Bath time"):
    start = datetime(2026, 11, day, 18, 30, tzinfo=UTC)
    return PlanSession.objects.create(
        plan=plan,
        date=start.date(),
        local_start=time(18, 30),
        start_at=start,
        activity_id="bath",
        title=title,
        family="routine_care",
        logs_as="bath",
        minutes=15,
        level=1,
        reason="",
        status=status,
        baby_response=response,
    )


def test_plan_progress_counts_sessions_in_the_period_and_how_the_baby_responded(people):
    plan = make_plan(people, date(2026, 11, 16))
    session(plan, 16, "done", "content")
    session(plan, 17, "done", "content", title="Hello time, face to face")
    session(plan, 18, "done", "crying")
    session(plan, 19, "done")  # done, not rated
    session(plan, 20, "skipped")
    session(plan, 21, "scheduled")  # its time has passed: not marked
    session(plan, 23, "scheduled")  # 18:30 today: still to come
    session(plan, 25, "scheduled", title="A walk together")  # after the period
    (progress,) = report(people.alice, people.baby).plans
    assert progress.parent == "Dad" and progress.is_active
    assert (progress.planned, progress.done, progress.skipped) == (7, 4, 1)
    assert (progress.missed, progress.to_come, progress.rated) == (1, 1, 3)
    assert progress.responses == {"content": 2, "fussy": 0, "crying": 1}
    assert progress.activities[0] == ("Bath time", 3)
    assert progress.next_session is not None and progress.next_session[1] == "A walk together"
    text = words(report(people.alice, people.baby))
    assert "Dad's plan, from 16 Nov 2026." in text
    assert "4 of the 7 sessions planned in this period done, 1 skipped" in text
    assert "1 not marked done or skipped, 1 still to come." in text
    assert (
        "How Sam responded, in the 3 sessions rated: content in 2, fussy in 0, crying in 1." in text
    )
    assert "Next: Wed 25 Nov, 18:30, A walk together." in text


def test_a_plan_that_starts_after_the_period_is_left_out(people):
    plan = make_plan(people, date(2026, 11, 24))
    session(plan, 25, "scheduled")
    period = resolve_period(
        people.household.tz, first=date(2026, 11, 1), last=date(2026, 11, 7), now=NOW
    )
    data = report(people.alice, people.baby, period=period)
    assert data.plans == ()
    assert "No bonding plan was running in Nestling in this period." in words(data)


def test_an_ended_plan_shows_only_if_it_had_sessions_in_the_period(people):
    old = make_plan(people, date(2026, 9, 1), is_active=False)
    session(old, 2, "done", "fussy")
    (progress,) = report(people.alice, people.baby).plans
    assert not progress.is_active and progress.responses["fussy"] == 1
    assert progress.next_session is None
    assert "Dad's earlier plan, from 1 Sep 2026." in words(report(people.alice, people.baby))
    PlanSession.objects.filter(plan=old).delete()
    assert report(people.alice, people.baby).plans == ()


def test_another_babys_plan_is_not_in_this_babys_report(people):
    other = Baby.objects.create(
        household=people.household, name="Pip", birth_date=date(2026, 11, 1)
    )
    plan = make_plan(people, date(2026, 11, 16))
    Plan.objects.filter(pk=plan.pk).update(baby=other)
    session(plan, 16, "done", "content")
    assert report(people.alice, people.baby).plans == ()
    assert len(report(people.alice, other).plans) == 1

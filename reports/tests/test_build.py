"""What goes into the report, built from a household logged through carelog.services."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from content.loader import INTERNAL_MARKERS
from households.exceptions import InvalidInput, NotFound
from reports.build import age_on, build_report, resolve_period
from reports.render import render_report_html
from wellbeing.models import Visibility
from wellbeing.testing import make_check_in

from .conftest import NOW, at, log


def report(member, baby, **kwargs):
    period = kwargs.pop("period", None) or resolve_period(member.household.tz, now=NOW)
    return build_report(member, baby, period, now=NOW, **kwargs)


# --- the period ---------------------------------------------------------------------------


def test_the_default_period_is_the_last_28_local_days_up_to_now(people):
    p = resolve_period(people.household.tz, now=NOW)
    assert (p.first_day, p.last_day, p.days) == (date(2026, 10, 27), date(2026, 11, 23), 28)
    assert p.start == datetime(2026, 10, 27, 0, 0, tzinfo=UTC) and p.end == NOW


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"days": 0}, "days"),
        ({"days": 367}, "days"),
        ({"first": date(2026, 11, 1)}, "to"),
        ({"last": date(2026, 11, 1)}, "from"),
        ({"first": date(2026, 11, 10), "last": date(2026, 11, 1)}, "from"),
        ({"first": date(2026, 11, 1), "last": date(2026, 11, 24)}, "to"),
        ({"first": date(2025, 1, 1), "last": date(2026, 11, 1)}, "from"),
    ],
)
def test_a_bad_period_names_its_field(people, kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        resolve_period(people.household.tz, now=NOW, **kwargs)
    assert set(caught.value.errors) == {field}


def test_a_custom_period_ends_at_the_next_local_midnight(people):
    p = resolve_period(
        people.household.tz, first=date(2026, 11, 1), last=date(2026, 11, 7), now=NOW
    )
    assert p.days == 7 and p.end == datetime(2026, 11, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("born", "on", "months", "days", "weeks"),
    [
        (date(2026, 6, 20), date(2026, 11, 23), 5, 3, 22),
        (date(2026, 6, 20), date(2026, 7, 19), 0, 29, 4),
        (date(2026, 1, 31), date(2026, 2, 28), 0, 28, 4),
        (date(2026, 1, 31), date(2026, 3, 1), 1, 1, 4),
        (date(2026, 6, 20), date(2026, 6, 20), 0, 0, 0),
    ],
)
def test_age_in_months_and_days(born, on, months, days, weeks):
    age = age_on(born, on)
    assert (age.months, age.days, age.weeks) == (months, days, weeks)


# --- the figures --------------------------------------------------------------------------


def test_averages_divide_by_the_days_each_kind_was_logged(people):
    alice, baby = people.alice, people.baby
    for hour in (2, 6, 10, 14):
        log(alice, baby, "feed", at(10, hour), 20, method="breast")
    log(alice, baby, "feed", at(12, 3), 20, method="bottle", amount_ml=120)
    log(alice, baby, "feed", at(12, 9), 20, method="breast")
    log(alice, baby, "sleep", at(10, 20), 180)  # 2 h before 22:00, 1 h at night
    log(alice, baby, "nappy", at(10, 8), wet=True, dirty=True)
    log(alice, baby, "nappy", at(12, 8), wet=True)

    d = report(alice, baby).daily
    # Feeds on 2 of 28 days: 6 / 2, where dividing by the period would give 0.2 a day.
    assert d.feeds.days == 2 and d.feeds.per_day == pytest.approx(3.0)
    assert d.breast_feeds.per_day == pytest.approx(2.5)
    assert d.bottle_ml.per_day == pytest.approx(60.0)
    assert d.sleep_h.days == 1 and d.sleep_h.per_day == pytest.approx(3.0)
    assert d.sleep_night_h.per_day == pytest.approx(1.0)
    assert d.nappies.per_day == pytest.approx(1.0)
    assert d.dirty_nappies.per_day == pytest.approx(0.5)


def test_crying_never_logged_says_so_and_gives_no_minutes(people):
    alice, baby = people.alice, people.baby
    for day in range(10, 20):
        log(alice, baby, "feed", at(day, 8), 20, method="breast")
        log(people.bob, baby, "holding", at(day, 19), 15)
    data = report(alice, baby)
    assert not data.crying.is_logged and not data.crying.is_ever_logged
    assert data.crying.min_per_day is None
    assert data.comparison.state == "crying_not_logged"
    assert "crying" not in data.checks
    html = render_report_html(data)
    assert "Crying has not been logged" in html
    assert "cried on average" not in html
    assert "crying (not logged in this period)" in html
    assert "be compared between the people caring for Sam" in html


def test_crying_before_the_period_but_not_in_it_is_not_logged_in_this_period(people):
    alice, baby = people.alice, people.baby
    log(alice, baby, "cry", datetime(2026, 10, 1, 18, 0, tzinfo=UTC), 30)
    log(alice, baby, "feed", at(10, 8), 20, method="breast")
    data = report(alice, baby)
    assert not data.crying.is_logged and data.crying.is_ever_logged
    assert "No crying was logged in this period" in render_report_html(data)


def test_crying_minutes_are_per_day_with_any_entry_and_purple_is_counted(people):
    alice, baby = people.alice, people.baby
    for day in (10, 11, 12):
        log(alice, baby, "feed", at(day, 8), 20, method="breast")
    log(alice, baby, "cry", at(10, 18), 30, purple=["evening", "unexpected"])
    log(alice, baby, "cry", at(12, 19), 60, purple=["evening"], ended="soothed")
    c = report(alice, baby).crying
    assert c.is_logged and c.episodes == 2
    assert c.days_logged == 3 and c.min_per_day == pytest.approx(30.0)  # 90 min / 3 days
    assert c.purple == {"evening": 2, "unexpected": 1}
    assert c.endings == {"soothed": 1}
    assert c.longest_day == date(2026, 11, 12)


def test_three_long_crying_days_in_a_week_are_a_red_flag_worded_for_a_clinician(people):
    alice, baby = people.alice, people.baby
    for day in (14, 16, 18):
        log(alice, baby, "cry", at(day, 14), 190)
    data = report(alice, baby)
    assert data.crying.most_over_3h_in_7_days == 3
    (flag,) = data.red_flags
    assert flag.code == "excess_crying" and flag.params["is_past_colic_age"]
    html = render_report_html(data)
    assert "Rome IV research threshold" in html
    assert "outside the Rome IV age range" in html


def test_long_crying_days_spread_over_more_than_a_week_are_not_flagged(people):
    alice, baby = people.alice, people.baby
    for day in (1, 8, 15):
        log(alice, baby, "cry", at(day, 14), 190)
    data = report(alice, baby)
    assert len(data.crying.days_over_3h) == 3 and data.red_flags == ()


def test_fever_is_flagged_by_age_and_other_readings_are_listed(people):
    alice, baby = people.alice, people.baby  # Sam is 5 months old: 39 °C and above
    log(alice, baby, "temperature", at(20, 2), celsius=38.6, method="ear")
    log(alice, baby, "temperature", at(20, 7), celsius=39.2, method="ear")
    data = report(alice, baby)
    assert [t.fever_from for t in data.temperatures] == [None, 39.0]
    assert [f.code for f in data.red_flags] == ["fever"]


def test_growth_medicines_and_notes_are_listed(people):
    alice, baby = people.alice, people.baby
    log(alice, baby, "growth", datetime(2026, 7, 1, 10, tzinfo=UTC), weight_kg=4.1, length_cm=54)
    log(alice, baby, "growth", at(15, 10), weight_kg=6.8, head_cm=41.5)
    log(alice, baby, "medicine", at(20, 8), name="Paracetamol", dose=2.5, unit="ml")
    log(alice, baby, "medicine", at(20, 14), name="Paracetamol", dose=2.5, unit="ml")
    log(alice, baby, "note", at(21, 9), text="Rash on his tummy, gone by lunch.")
    log(people.bob, baby, "note", at(22, 9), text="Rash on his tummy, gone by lunch.")
    data = report(alice, baby)
    assert [(g.weight_kg, g.length_cm, g.head_cm) for g in data.growth] == [
        (4.1, 54, None),
        (6.8, None, 41.5),
    ]
    assert not data.has_centiles
    (medicine,) = data.medicines
    assert (medicine.name, medicine.dose, medicine.unit, medicine.count) == (
        "Paracetamol",
        2.5,
        "ml",
        2,
    )
    (note,) = data.notes
    assert note.who == ("Mum", "Dad") and len(note.local_times) == 2
    html = render_report_html(data)
    assert "Rash on his tummy" in html and "Paracetamol" in html and "6.8" in html


def test_the_household_and_the_baby_are_described(people):
    data = report(people.alice, people.baby)
    assert data.baby.name == "Sam" and data.baby.age.months == 5
    assert data.baby.corrected_age is None
    assert [(p.name, p.is_author) for p in data.household] == [
        ("Mum", True),
        ("Dad", False),
        ("Grandma", False),
    ]
    assert data.entries == 0 and data.comparison.state == "nothing_logged"


def test_a_baby_born_early_has_a_corrected_age(people):
    baby = people.baby
    baby.due_date = date(2026, 7, 18)  # four weeks after the birth
    baby.save()
    data = report(people.alice, baby)
    assert data.baby.weeks_early == 4
    assert data.baby.corrected_age is not None and data.baby.corrected_age.months == 4
    assert "corrected age" in render_report_html(data)


def test_another_households_baby_is_not_found(people):
    with pytest.raises(NotFound):
        report(people.charlie, people.baby)


# --- check-ins ----------------------------------------------------------------------------


def test_a_partners_unshared_check_ins_are_never_in_it(people):
    make_check_in(people.bob, "phq9", 17, at=at(20, 10))  # shared with nobody
    make_check_in(people.bob, "phq9", 17, partner=Visibility.EVERYTHING, at=at(21, 10))
    for include in (False, True):
        data = report(people.alice, people.baby, include_checkins=include)
        assert data.check_ins == ()
        html = render_report_html(data)
        assert "Moderately severe" not in html and "PHQ-9" not in html


def test_a_partners_check_in_shared_with_reports_shows_only_what_was_shared(people):
    make_check_in(people.bob, "phq9", 17, reports=Visibility.BAND, at=at(20, 10))
    (view,) = report(people.alice, people.baby).check_ins
    assert view.member_name == "Dad" and view.band_label and view.total is None
    html = render_report_html(report(people.alice, people.baby))
    assert "shared by them for reports" in html and "17 of 27" not in html


def test_my_own_check_ins_only_when_i_tick_the_box(people):
    make_check_in(people.alice, "phq9", 12, self_harm=1, at=at(20, 10))
    left_out = report(people.alice, people.baby)
    assert left_out.check_ins == () and left_out.red_flags == ()
    assert "self-harm" not in render_report_html(left_out)

    included = report(people.alice, people.baby, include_checkins=True)
    (view,) = included.check_ins
    assert view.is_own and view.total == 12
    assert [f.code for f in included.red_flags] == ["self_harm_item"]
    html = render_report_html(included)
    assert "12 of 27" in html and "thoughts of self-harm" in html


def test_check_ins_outside_the_period_are_left_out(people):
    make_check_in(people.alice, "phq9", 12, at=datetime(2026, 9, 1, 10, tzinfo=UTC))
    assert report(people.alice, people.baby, include_checkins=True).check_ins == ()


def test_a_member_who_can_only_look_never_gets_anyones_check_ins(people):
    make_check_in(people.bob, "phq9", 17, reports=Visibility.EVERYTHING, at=at(20, 10))
    assert report(people.vera, people.baby, include_checkins=True).check_ins == ()


# --- sources ------------------------------------------------------------------------------


def test_sources_are_readable_names_only(people):
    alice, baby = people.alice, people.baby
    log(alice, baby, "cry", at(10, 18), 30, purple=["evening"])
    log(alice, baby, "temperature", at(20, 2), celsius=37.0)
    make_check_in(alice, "phq9", 5, at=at(20, 10))
    data = report(alice, baby, include_checkins=True)
    names = [s.name for s in data.sources]
    assert any("Wolke" in n for n in names) and any("PURPLE" in n for n in names)
    assert any("Kroenke" in n for n in names) and any("NCT" in n for n in names)
    for name in names:
        for marker in INTERNAL_MARKERS:
            assert marker.lower() not in name.lower(), name

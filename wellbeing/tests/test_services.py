"""Check-ins through the service: scores, bands at each boundary, sharing, safety first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from wellbeing import selectors, services
from wellbeing.exceptions import InvalidInput, NotAllowed, NotFound
from wellbeing.models import CheckIn, FrustrationCheck, PartnerNotice
from wellbeing.testing import answers_for, make_check_in

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# One row per boundary: just below, at, just above. Bands: PHQ-9 Kroenke 2001 (5, 10, 15,
# 20); GAD-7 Spitzer 2006 (5, 10, 15); PHQ-2/GAD-2 ≥3 (Kroenke 2003; parent-mental-health.md).
@pytest.mark.parametrize(
    ("instrument", "total", "band", "positive"),
    [
        ("phq9", 4, "below_mild", False),
        ("phq9", 5, "mild", False),
        ("phq9", 9, "mild", False),
        ("phq9", 10, "moderate", True),
        ("phq9", 11, "moderate", True),
        ("phq9", 14, "moderate", True),
        ("phq9", 15, "moderately_severe", True),
        ("phq9", 19, "moderately_severe", True),
        ("phq9", 20, "severe", True),
        ("gad7", 4, "below_mild", False),
        ("gad7", 5, "mild", False),
        ("gad7", 9, "mild", False),
        ("gad7", 10, "moderate", True),
        ("gad7", 14, "moderate", True),
        ("gad7", 15, "severe", True),
        ("phq2", 2, "negative", False),
        ("phq2", 3, "positive", True),
        ("phq2", 4, "positive", True),
        ("gad2", 2, "negative", False),
        ("gad2", 3, "positive", True),
    ],
)
def test_band_and_cutoff_at_each_boundary(people, instrument, total, band, positive):
    outcome = services.submit_check_in(people.alice, instrument, answers_for(instrument, total))
    row = outcome.check_in
    assert (row.total, row.band, row.is_positive) == (total, band, positive)
    assert row.membership == people.alice
    assert not row.self_harm_flag


@pytest.mark.parametrize(("item9", "safety_first"), [(0, False), (1, True), (2, True), (3, True)])
def test_any_item_9_answer_above_zero_puts_the_safety_screen_first(people, item9, safety_first):
    outcome = services.submit_check_in(people.bob, "phq9", answers_for("phq9", 4 + item9, item9))
    assert outcome.check_in.self_harm_flag is safety_first
    assert outcome.decision.show_safety_screen_first is safety_first
    if safety_first:
        assert outcome.decision.help_kinds[:2] == ("emergency", "crisis")
        assert outcome.decision.offer_tell_partner


def test_sharing_defaults_to_the_members_preference(people):
    services.update_preference(people.alice, "band", "done", "mother", None)
    row = make_check_in(people.alice, partner=None, reports=None)
    assert (row.share_with_partner, row.share_with_reports) == ("band", "done")


def test_with_no_preference_nothing_is_shared(people):
    row = make_check_in(people.alice, partner=None, reports=None)
    assert (row.share_with_partner, row.share_with_reports) == ("nothing", "nothing")


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ([0, 0], "item_3"),
        ([0, 0, 0, 0, 0, 0, 0, 0, 7], "item_9"),
        ([0, 0, 0, 0, 0, 0, 0, 0, "x"], "item_9"),
        ([0] * 10, "answers"),
    ],
)
def test_bad_answers_name_the_item_and_save_nothing(people, answers, field):
    with pytest.raises(InvalidInput) as info:
        services.submit_check_in(people.alice, "phq9", answers)
    assert field in info.value.errors
    assert not CheckIn.objects.exists()


def test_unknown_instrument_and_bad_visibility_are_named(people):
    with pytest.raises(InvalidInput) as info:
        services.submit_check_in(people.alice, "epds", [0] * 10)
    assert "instrument" in info.value.errors  # a skeleton until a licensed pack is loaded
    with pytest.raises(InvalidInput) as info:
        services.submit_check_in(people.alice, "phq2", [0, 0], share_with_partner="all")
    assert "share_with_partner" in info.value.errors
    assert not CheckIn.objects.exists()


def test_a_viewer_cannot_check_in(people):
    with pytest.raises(NotAllowed):
        services.submit_check_in(people.vera, "phq2", [0, 0])


def test_improvement_is_noticed(people):
    make_check_in(people.alice, total=16, at=NOW - timedelta(days=14))
    outcome = services.submit_check_in(people.alice, "phq9", answers_for("phq9", 9))
    assert outcome.improvement_points == 7
    assert "improved_five_points" in outcome.decision.rule_ids


def test_treatment_not_helping_suggests_a_review(people):
    services.update_preference(
        people.bob, "nothing", "nothing", "father", NOW.date() - timedelta(weeks=6)
    )
    make_check_in(people.bob, total=14, at=NOW - timedelta(days=14))
    outcome = services.submit_check_in(people.bob, "phq9", answers_for("phq9", 13))
    assert "treatment_not_improving_still_high" in outcome.decision.rule_ids


def test_only_the_owner_changes_sharing(people):
    row = make_check_in(people.alice)
    with pytest.raises(NotFound):
        services.change_sharing(people.bob, row.pk, share_with_partner="everything")
    with pytest.raises(NotFound):
        services.change_sharing(people.charlie, row.pk, share_with_partner="everything")
    services.change_sharing(people.alice, row.pk, share_with_partner="band")
    assert CheckIn.objects.get(pk=row.pk).share_with_partner == "band"


def test_tell_partner_leaves_a_notice_without_content(people):
    notices = services.tell_partner(people.bob)
    assert [n.recipient for n in notices] == [people.alice]  # Vera only looks
    assert selectors.notices_for(people.alice) == notices
    assert selectors.notices_for(people.vera) == []
    fields = {f.name for f in PartnerNotice._meta.get_fields()}
    assert not fields & {"answers", "total", "band", "text", "message"}
    with pytest.raises(NotFound):
        services.dismiss_notice(people.charlie, notices[0].pk)
    services.dismiss_notice(people.alice, notices[0].pk)
    assert selectors.notices_for(people.alice) == []


def test_tell_partner_with_nobody_to_tell(people):
    with pytest.raises(NotFound):
        services.tell_partner(people.charlie)


# Frustration (safety.md §2; red-flags-and-help.md Tier 2): ≥7 opens the plan, ≥9 is urgent.
@pytest.mark.parametrize(
    ("rating", "opens_plan", "tier"),
    [(0, False, 4), (6, False, 4), (7, True, 3), (8, True, 3), (9, True, 2), (10, True, 2)],
)
def test_frustration_rating_opens_the_crying_plan_from_7(people, rating, opens_plan, tier):
    outcome = services.record_frustration(people.bob, rating, FrustrationCheck.Source.AFTER_CRY, 5)
    assert (outcome.decision.crying_plan is not None) is opens_plan
    assert outcome.decision.tier == tier
    # The same threshold opens the safety screen, about the baby and oneself.
    assert (outcome.screening is not None) is opens_plan
    if outcome.screening is not None:
        assert outcome.screening.topics == ["self", "baby"]
        assert outcome.screening.membership == people.bob


def test_second_at_limit_in_a_week_suggests_talking_to_someone(people):
    first = services.record_frustration(people.bob, None, FrustrationCheck.Source.AT_LIMIT)
    assert "at_limit_repeated" not in first.decision.rule_ids
    second = services.record_frustration(people.bob, None, FrustrationCheck.Source.AT_LIMIT)
    assert "at_limit_repeated" in second.decision.rule_ids


@pytest.mark.parametrize("rating", [-1, 11])
def test_rating_out_of_range_is_refused(people, rating):
    with pytest.raises(InvalidInput):
        services.record_frustration(people.bob, rating)
    assert not FrustrationCheck.objects.exists()


def test_intake_refuses_empty_text():
    with pytest.raises(InvalidInput) as info:
        services.read_intake("   ")
    assert "text" in info.value.errors


def test_intake_flags_intent_as_a_safety_screen():
    reading = services.read_intake("I'm going to end my life tonight, I've got the pills.")
    assert reading.decision.show_safety_screen_first
    assert reading.decision.tier == 1
    assert reading.safety.ask_screen
    assert reading.screening is None  # no member: nothing is stored


def test_intake_unwanted_thoughts_are_normalised_without_alarm():
    reading = services.read_intake(
        "I keep getting horrible intrusive thoughts about dropping the baby down the stairs. "
        "I would never do it and they scare me."
    )
    decision = reading.decision
    assert not decision.show_safety_screen_first
    assert decision.tier >= 3


def test_cadence_offers_the_quick_check_first_then_nothing_until_next_week(people):
    plan = selectors.check_in_plan(people.bob)
    assert set(plan.instruments) == {"phq2", "gad2"}
    make_check_in(people.bob, "phq2", 1)
    make_check_in(people.bob, "gad2", 0)
    plan = selectors.check_in_plan(people.bob)
    assert plan.instruments == ()
    assert plan.next_check_on == NOW.date() + timedelta(days=7)


def test_a_positive_quick_check_offers_the_full_form(people):
    make_check_in(people.bob, "phq2", 4)
    assert "phq9" in selectors.check_in_plan(people.bob).instruments

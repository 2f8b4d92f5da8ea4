"""The escalation decision table: one row per threshold boundary, each citing its source.

Rows give the signals and what must (and must not) fire. Tiers follow
red-flags-and-help.md §2 (1 emergency now, 2 urgent same day, 3 soon, 4 routine).
"""

from __future__ import annotations

from typing import Any

import pytest

from content.loader import ContentError, content_path, parse_toml
from safety.rules import (
    SCREEN_SIGNALS,
    SIGNAL_TYPES,
    SafetySignals,
    ScreenSignals,
    load_crying_plan,
    load_rules,
    parse_crying_plan,
    parse_rules,
    safety_decision,
    signals_from_result,
)
from scoring.instruments import load_builtin_instruments, score
from scoring.tests.helpers import answers_for_total

BUILTIN = load_builtin_instruments()

# (id citing the source, signals, expected tier, rules that must fire, rules that must not,
#  safety screen first?, crying plan opens?)
Row = tuple[str, dict[str, Any], int, set[str], set[str], bool, bool]

TABLE: list[Row] = [
    # --- self-harm item: any answer above zero, before any total (Simon 2013; PMH app 4)
    (
        "PMH-app4-item9-score0-below",
        {"instrument": "phq9", "total": 3, "self_harm_item_positive": False},
        4,
        set(),
        {"self_harm_item_positive"},
        False,
        False,
    ),
    (
        "PMH-app4-item9-score1-at",
        {"instrument": "phq9", "total": 3, "self_harm_item_positive": True},
        2,
        {"self_harm_item_positive"},
        set(),
        True,
        False,
    ),
    (
        "PMH-app4-EPDS-item10-at",
        {"instrument": "epds", "total": 2, "is_positive": False, "self_harm_item_positive": True},
        2,
        {"self_harm_item_positive"},
        set(),
        True,
        False,
    ),
    # --- Tier 1 triggers (red-flags §2 Tier 1)
    (
        "RF-Tier1-self-intent-plan",
        {"self_harm_intent_or_plan": True},
        1,
        {"self_harm_intent_or_plan"},
        set(),
        True,
        False,
    ),
    (
        "RF-Tier1-baby-harm-endorsed",
        {"harm_to_baby_endorsed": True},
        1,
        {"harm_to_baby_endorsed"},
        {"harm_thoughts_unwanted"},
        True,
        False,
    ),
    (
        "RF-Tier1-baby-harmed-or-unwell",
        {"baby_harmed_or_unwell": True},
        1,
        {"baby_harmed_or_unwell"},
        set(),
        True,
        False,
    ),
    # --- Tier 2 (red-flags §2 Tier 2)
    (
        "RF-Tier2-passive-death-wish",
        {"passive_death_wish": True},
        2,
        {"passive_death_wish"},
        set(),
        True,
        False,
    ),
    (
        "RF-Tier2-intrusive-severe-distress",
        {"harm_thoughts_unwanted": True, "harm_thoughts_severe_distress": True},
        2,
        {"harm_thoughts_severe_distress"},
        {"harm_thoughts_unwanted"},
        False,
        False,
    ),
    # --- intrusive thoughts, not endorsed: normalise, no alarm (red-flags §1; Fairbrother 2008)
    (
        "RF-s1-intrusive-unwanted-no-alarm",
        {"harm_thoughts_unwanted": True},
        3,
        {"harm_thoughts_unwanted"},
        {"harm_to_baby_endorsed"},
        False,
        False,
    ),
    (
        "RF-s1-intrusive-but-endorsed-escalates",
        {"harm_thoughts_unwanted": True, "harm_to_baby_endorsed": True},
        1,
        {"harm_to_baby_endorsed"},
        {"harm_thoughts_unwanted"},
        True,
        False,
    ),
    # --- frustration 0–10 after crying: ≥7 plan (safety.md §2), ≥9 Tier 2 (red-flags §2)
    (
        "safety.md-frustration7-below",
        {"frustration_rating": 6},
        4,
        set(),
        {"frustration_high", "frustration_very_high"},
        False,
        False,
    ),
    (
        "safety.md-frustration7-at",
        {"frustration_rating": 7},
        3,
        {"frustration_high"},
        {"frustration_very_high"},
        False,
        True,
    ),
    (
        "safety.md-frustration7-above",
        {"frustration_rating": 8},
        3,
        {"frustration_high"},
        {"frustration_very_high"},
        False,
        True,
    ),
    (
        "RF-Tier2-frustration9-at",
        {"frustration_rating": 9},
        2,
        {"frustration_very_high"},
        {"frustration_high"},
        False,
        True,
    ),
    (
        "RF-Tier2-frustration9-above",
        {"frustration_rating": 10},
        2,
        {"frustration_very_high"},
        {"frustration_high"},
        False,
        True,
    ),
    # --- repeated "at my limit" events: ≥2 in 7 days (red-flags Tier 2; safety.md step 10)
    (
        "RF-Tier2-at-limit2-below",
        {"at_limit_events_7d": 1},
        4,
        set(),
        {"at_limit_repeated"},
        False,
        False,
    ),
    (
        "RF-Tier2-at-limit2-at",
        {"at_limit_events_7d": 2},
        2,
        {"at_limit_repeated"},
        set(),
        False,
        False,
    ),
    (
        "RF-Tier2-at-limit2-above",
        {"at_limit_events_7d": 3},
        2,
        {"at_limit_repeated"},
        set(),
        False,
        False,
    ),
    # --- frustration ≥7 on 3+ days in a week (safety.md app rules)
    (
        "safety.md-high-days3-below",
        {"high_frustration_days_7d": 2},
        4,
        set(),
        {"frustration_high_often"},
        False,
        False,
    ),
    (
        "safety.md-high-days3-at",
        {"high_frustration_days_7d": 3},
        3,
        {"frustration_high_often"},
        set(),
        False,
        False,
    ),
    (
        "safety.md-high-days3-above",
        {"high_frustration_days_7d": 4},
        3,
        {"frustration_high_often"},
        set(),
        False,
        False,
    ),
    # --- PHQ-9 totals: 5–9 mild (recheck 2 weeks), 10–15 GP within ~2 weeks, ≥16 within days
    (
        "Kroenke2001-PMH-app4-mild5-below",
        {"instrument": "phq9", "total": 4},
        4,
        {"below_mild_range"},
        {"mild_range"},
        False,
        False,
    ),
    (
        "Kroenke2001-PMH-app4-mild5-at",
        {"instrument": "phq9", "total": 5},
        4,
        {"mild_range"},
        {"below_mild_range"},
        False,
        False,
    ),
    (
        "Kroenke2001-PMH-app4-mild5-above",
        {"instrument": "phq9", "total": 6},
        4,
        {"mild_range"},
        set(),
        False,
        False,
    ),
    (
        "Kroenke2001-cutoff10-below",
        {"instrument": "phq9", "total": 9},
        4,
        {"mild_range"},
        {"phq9_at_cutoff"},
        False,
        False,
    ),
    (
        "Kroenke2001-cutoff10-at",
        {"instrument": "phq9", "total": 10},
        3,
        {"phq9_at_cutoff"},
        {"mild_range", "phq9_more_severe"},
        False,
        False,
    ),
    (
        "Kroenke2001-cutoff10-above",
        {"instrument": "phq9", "total": 11},
        3,
        {"phq9_at_cutoff"},
        set(),
        False,
        False,
    ),
    (
        "NICE-NG222-more-severe16-below",
        {"instrument": "phq9", "total": 15},
        3,
        {"phq9_at_cutoff"},
        {"phq9_more_severe"},
        False,
        False,
    ),
    (
        "NICE-NG222-more-severe16-at",
        {"instrument": "phq9", "total": 16},
        3,
        {"phq9_more_severe"},
        {"phq9_at_cutoff"},
        False,
        False,
    ),
    (
        "NICE-NG222-more-severe16-above",
        {"instrument": "phq9", "total": 17},
        3,
        {"phq9_more_severe"},
        set(),
        False,
        False,
    ),
    # --- GAD-7 totals (Spitzer 2006; PMH app 4)
    (
        "Spitzer2006-cutoff10-below",
        {"instrument": "gad7", "total": 9},
        4,
        {"mild_range"},
        {"gad7_at_cutoff"},
        False,
        False,
    ),
    (
        "Spitzer2006-cutoff10-at",
        {"instrument": "gad7", "total": 10},
        3,
        {"gad7_at_cutoff"},
        set(),
        False,
        False,
    ),
    (
        "Spitzer2006-cutoff10-above",
        {"instrument": "gad7", "total": 11},
        3,
        {"gad7_at_cutoff"},
        set(),
        False,
        False,
    ),
    (
        "Spitzer2006-severe15-below",
        {"instrument": "gad7", "total": 14},
        3,
        {"gad7_at_cutoff"},
        {"gad7_severe"},
        False,
        False,
    ),
    (
        "Spitzer2006-severe15-at",
        {"instrument": "gad7", "total": 15},
        3,
        {"gad7_severe"},
        {"gad7_at_cutoff"},
        False,
        False,
    ),
    (
        "Spitzer2006-severe15-above",
        {"instrument": "gad7", "total": 16},
        3,
        {"gad7_severe"},
        set(),
        False,
        False,
    ),
    # --- 2-item screens ≥3 → full form now (Kroenke 2003; PMH app 3)
    (
        "Kroenke2003-PHQ2-cutoff3-below",
        {"instrument": "phq2", "total": 2, "is_positive": False},
        4,
        {"short_form_negative"},
        {"short_form_positive"},
        False,
        False,
    ),
    (
        "Kroenke2003-PHQ2-cutoff3-at",
        {"instrument": "phq2", "total": 3, "is_positive": True},
        4,
        {"short_form_positive"},
        {"short_form_negative"},
        False,
        False,
    ),
    (
        "Kroenke2003-PHQ2-cutoff3-above",
        {"instrument": "phq2", "total": 4, "is_positive": True},
        4,
        {"short_form_positive"},
        set(),
        False,
        False,
    ),
    # --- treatment review after ≥4 weeks (NICE NG222 via PMH 'Treatment monitoring')
    (
        "NICE-NG222-weeks4-below",
        {"instrument": "phq9", "total": 12, "on_treatment_weeks": 3},
        3,
        {"phq9_at_cutoff"},
        {"treatment_not_improving_still_high"},
        False,
        False,
    ),
    (
        "NICE-NG222-weeks4-at",
        {"instrument": "phq9", "total": 12, "on_treatment_weeks": 4},
        3,
        {"treatment_not_improving_still_high"},
        set(),
        False,
        False,
    ),
    (
        "NICE-NG222-weeks4-above",
        {"instrument": "phq9", "total": 12, "on_treatment_weeks": 5},
        3,
        {"treatment_not_improving_still_high"},
        set(),
        False,
        False,
    ),
    (
        "NICE-NG222-still10-below",
        {"instrument": "phq9", "total": 9, "on_treatment_weeks": 6},
        4,
        set(),
        {"treatment_not_improving_still_high"},
        False,
        False,
    ),
    (
        "NICE-NG222-drop5-below",
        {"instrument": "phq9", "total": 8, "previous_total": 12, "on_treatment_weeks": 6},
        3,
        {"treatment_not_improving_small_drop"},
        {"improved_five_points"},
        False,
        False,
    ),
    (
        "NICE-NG222-drop5-at",
        {"instrument": "phq9", "total": 7, "previous_total": 12, "on_treatment_weeks": 6},
        4,
        {"improved_five_points"},
        {"treatment_not_improving_small_drop"},
        False,
        False,
    ),
    (
        "NICE-NG222-drop5-above",
        {"instrument": "phq9", "total": 6, "previous_total": 12, "on_treatment_weeks": 6},
        4,
        {"improved_five_points"},
        {"treatment_not_improving_small_drop"},
        False,
        False,
    ),
    (
        "NICE-NG222-self-report-not-helping",
        {"reports_treatment_not_helping": True},
        3,
        {"treatment_reported_not_helping"},
        set(),
        False,
        False,
    ),
    # --- improvement noticed (5-point criterion; band change is our inference)
    (
        "PMH-app4-improvement5-below-band-same",
        {"instrument": "phq9", "total": 12, "previous_total": 16, "moved_to_lower_band": False},
        3,
        set(),
        {"improved_five_points", "improved_band"},
        False,
        False,
    ),
    (
        "inference-lower-band-small-drop",
        {"instrument": "phq9", "total": 14, "previous_total": 16, "moved_to_lower_band": True},
        3,
        {"improved_band"},
        {"improved_five_points"},
        False,
        False,
    ),
    # --- EPDS: primary cut-off by role, secondary 'review' range (PMH app 2)
    (
        "Edmondson2010-father10-below",
        {"instrument": "epds", "total": 9, "is_positive": False, "secondary_cutoff_reached": True},
        4,
        {"epds_review_range"},
        {"epds_positive"},
        False,
        False,
    ),
    (
        "Edmondson2010-father10-at",
        {"instrument": "epds", "total": 10, "is_positive": True, "secondary_cutoff_reached": True},
        3,
        {"epds_positive"},
        {"epds_review_range"},
        False,
        False,
    ),
    (
        "EPDS-mother13-below-nothing-reached",
        {"instrument": "epds", "total": 9, "is_positive": False, "secondary_cutoff_reached": False},
        4,
        set(),
        {"epds_positive", "epds_review_range"},
        False,
        False,
    ),
]


@pytest.mark.parametrize(
    ("signals", "tier", "must", "must_not", "screen_first", "plan"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_decision_table(
    signals: dict[str, Any],
    tier: int,
    must: set[str],
    must_not: set[str],
    screen_first: bool,
    plan: bool,
) -> None:
    decision = safety_decision(SafetySignals(**signals))
    fired = set(decision.rule_ids)
    assert decision.tier == tier, decision.rule_ids
    assert must <= fired
    assert not (must_not & fired)
    assert decision.show_safety_screen_first is screen_first
    assert (decision.crying_plan is not None) is plan
    for rule in decision.fired:
        assert rule.source and rule.message and "{" not in rule.message


def test_no_signals_means_routine_and_nothing_shown() -> None:
    decision = safety_decision(SafetySignals())
    assert (
        decision.tier,
        decision.fired,
        decision.help_kinds,
        decision.show_safety_screen_first,
    ) == (4, (), (), False)


def test_the_self_harm_screen_lists_emergency_crisis_and_perinatal_in_that_order() -> None:
    decision = safety_decision(SafetySignals(self_harm_item_positive=True))
    assert decision.help_kinds == ("emergency", "crisis", "perinatal")
    assert decision.offer_tell_partner and decision.follow_up_days == 1


def test_tier1_shows_emergency_first_and_never_only_a_support_line() -> None:
    decision = safety_decision(SafetySignals(self_harm_intent_or_plan=True))
    assert decision.help_kinds[:2] == ("emergency", "crisis")


def test_the_safety_screen_comes_first_even_when_the_total_is_low() -> None:
    inst = BUILTIN["phq9"]
    result = score(inst, answers_for_total(inst, 1, self_harm=1), "father")
    decision = safety_decision(signals_from_result(result))
    assert decision.show_safety_screen_first
    assert decision.fired[0].id == "self_harm_item_positive"


def test_the_fathers_story_gets_a_prescriber_review_with_what_to_say() -> None:
    inst = BUILTIN["phq9"]
    result = score(inst, answers_for_total(inst, 14), "father")
    previous = score(inst, answers_for_total(inst, 15), "father")
    decision = safety_decision(signals_from_result(result, previous, on_treatment_weeks=8))
    ids = decision.rule_ids
    assert {
        "phq9_at_cutoff",
        "treatment_not_improving_still_high",
        "treatment_not_improving_small_drop",
    } <= set(ids)
    says = [s for r in decision.fired for s in r.say]
    assert "I scored 14 on the PHQ-9, a depression questionnaire." in says
    assert any("8 weeks" in s for s in says)


def test_a_previous_result_from_another_instrument_is_ignored() -> None:
    phq9 = score(BUILTIN["phq9"], answers_for_total(BUILTIN["phq9"], 5), "mother")
    gad7 = score(BUILTIN["gad7"], answers_for_total(BUILTIN["gad7"], 15), "mother")
    assert signals_from_result(phq9, gad7).previous_total is None


def test_the_crying_plan_is_the_safety_md_sequence() -> None:
    plan = load_crying_plan()
    keys = [s.key for s in plan.steps]
    assert keys[:3] == ["put_down_safely", "step_away", "call_someone"]
    assert "never_shake" in keys and "come_back_and_check" in keys
    assert plan.always_visible == "emergency_check"
    assert all(s.source for s in plan.steps)


def test_the_crying_plan_in_spanish_has_every_step_and_the_same_actions() -> None:
    plan = load_crying_plan()
    spanish = plan.in_language("es-MX")
    assert spanish.title == "Cuando el llanto te supera"
    assert [s.key for s in spanish.steps] == [s.key for s in plan.steps]
    assert [s.action for s in spanish.steps] == [s.action for s in plan.steps]
    assert [s.cites for s in spanish.steps] == [s.cites for s in plan.steps]
    for english, said in zip(plan.steps, spanish.steps, strict=True):
        assert said.title != english.title and said.text != english.text
    assert "boca arriba" in spanish.steps[0].text  # on the back, as in safe sleep
    assert "emergencias" in spanish.always.text
    assert plan.in_language("fr") is plan


def test_every_safety_message_is_in_spanish_with_the_same_figures() -> None:
    rules = load_rules()
    assert all("es" in rule.translations for rule in rules.rules)
    signals = SafetySignals(instrument="phq9", short_name="PHQ-9", total=21, frustration_rating=9)
    english = safety_decision(signals)
    spanish = english.in_language("es-419")
    assert spanish.rule_ids == english.rule_ids and spanish.tier == english.tier
    assert spanish.help_kinds == english.help_kinds
    severe = next(f for f in spanish.fired if f.id == "phq9_more_severe")
    assert "21" in severe.message and "médico de familia" in severe.message
    assert severe.say[0] == "Obtuve 21 puntos en el PHQ-9 esta semana."
    assert english.in_language("fr") == english  # not translated: as written
    assert spanish.crying_plan is None or spanish.crying_plan.title.startswith("Cuando")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("translations.es.message = \"Tu puntuación total de {total}", "translations.es.message = \"Tu puntuación total de {totl}", "unknown placeholder"),
        ("translations.es.say = [\"Obtuve {total} puntos en el PHQ-9 esta semana.\", ", "translations.es.say = [", "has 1 lines"),
    ],
    ids=["typo-placeholder", "a-say-line-missing"],
)  # fmt: skip
def test_a_broken_translation_of_a_rule_is_named(old: str, new: str, problem: str) -> None:
    text = content_path("safety", "rules.toml").read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ContentError, match=rf"translations\.es.*{problem}"):
        parse_rules(parse_toml(text.replace(old, new, 1), "rules.toml"))


def test_a_crying_plan_step_without_the_plans_languages_is_refused() -> None:
    text = content_path("safety", "crying_plan.toml").read_text(encoding="utf-8")
    start = text.index('translations.es.title = "Aléjate y respira"')
    end = text.index("\n", text.index("translations.es.text", start)) + 1
    with pytest.raises(ContentError, match=r"steps\[1\]\.translations"):
        parse_crying_plan(parse_toml(text[:start] + text[end:], "crying_plan.toml"))


def test_every_shipped_rule_has_a_source_and_a_known_tier() -> None:
    rules = load_rules()
    assert rules.rules
    assert all(r.source and 1 <= r.tier <= 4 for r in rules.rules)


RULE = """
version = "t"
[[rules]]
id = "x"
tier = 2
message = "m"
source = "s"
when = [{ signal = "total", op = ">=", value = 3 }]
"""


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('signal = "total"', 'signal = "totl"', "rules[0].when[0].signal"),
        ("value = 3", 'value = "3"', "rules[0].when[0].value"),
        ('op = ">="', 'op = "=>"', "rules[0].when[0].op"),
        ("tier = 2", "tier = 5", "rules[0].tier"),
        ('message = "m"', 'message = "total {totl}"', "rules[0].message"),
        ('source = "s"\n', "", "rules[0].source"),
        ('message = "m"', 'message = "m"\nscreen = "popup"', "rules[0].screen"),
        ('message = "m"', 'message = "m"\nhelp = ["pizza"]', "rules[0].help"),
    ],
    ids=[
        "unknown-signal",
        "wrong-value-type",
        "unknown-op",
        "tier-range",
        "bad-placeholder",
        "no-source",
        "bad-screen",
        "bad-help",
    ],
)
def test_a_bad_rules_file_names_the_field(old: str, new: str, field: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_rules(parse_toml(RULE.replace(old, new), "rules.toml"))
    assert info.value.field == field


def test_screen_signals_are_exactly_the_yes_no_safety_signals() -> None:
    assert {name for name, kind in SIGNAL_TYPES.items() if kind is bool} == SCREEN_SIGNALS
    assert ScreenSignals.__optional_keys__ == SCREEN_SIGNALS

"""Instruments load exactly as the brief gives them, score correctly, and packs are safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.loader import ContentError
from scoring.instruments import (
    InvalidAnswers,
    is_self_harm_answer,
    load_builtin_instruments,
    load_instruments,
    score,
)
from scoring.tests.helpers import answers_for_total

BUILTIN = load_builtin_instruments()
OPTIONS = ["Not at all", "Several days", "More than half the days", "Nearly every day"]
STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"

# Copied from ../shared/domain/parent-mental-health.md §2 (the brief), character for character.
PHQ9_ITEMS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
GAD7_ITEMS = [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
]


@pytest.mark.parametrize(
    ("key", "items"),
    [
        ("phq9", PHQ9_ITEMS),
        ("gad7", GAD7_ITEMS),
        ("phq2", PHQ9_ITEMS[:2]),
        ("gad2", GAD7_ITEMS[:2]),
    ],
)
def test_item_text_and_options_match_the_brief_exactly(key: str, items: list[str]) -> None:
    inst = BUILTIN[key]
    assert inst.stem == STEM
    assert [i.text for i in inst.items] == items
    for item in inst.items:
        assert [(o.label, o.score) for o in item.options] == list(
            zip(OPTIONS, range(4), strict=True)
        )
    assert inst.citation and inst.permission and inst.permission_source


def test_the_gad7_zero_answer_is_not_at_all_not_not_at_all_sure() -> None:
    # Zorowitz et al. (2021) Lancet Psychiatry 8:180, via parent-mental-health.md.
    assert BUILTIN["gad7"].items[0].options[0].label == "Not at all"


def test_phq9_permission_is_the_pfizer_statement() -> None:
    assert (
        "No permission required to reproduce, translate, display or distribute"
        in BUILTIN["phq9"].permission
    )


def test_phq9_functional_question_is_unscored_and_exact() -> None:
    fq = BUILTIN["phq9"].functional_question
    assert fq is not None
    assert fq.options == (
        "Not difficult at all",
        "Somewhat difficult",
        "Very difficult",
        "Extremely difficult",
    )


def test_epds_ships_no_wording_at_all() -> None:
    epds = BUILTIN["epds"]
    assert not epds.has_item_text
    assert epds.stem is None
    assert all(i.text is None for i in epds.items)
    assert all(o.label is None for i in epds.items for o in i.options)
    raw = Path(epds.source_file).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(?:text|stem|options|option_labels)\s*=", raw, re.MULTILINE)


def test_epds_reverse_keying_matches_the_brief() -> None:
    # Items 1, 2, 4 score 0→3; items 3 and 5–10 are reverse-keyed (parent-mental-health.md).
    epds = BUILTIN["epds"]
    forward = {1, 2, 4}
    for item in epds.items:
        scores = [o.score for o in item.options]
        assert scores == ([0, 1, 2, 3] if item.number in forward else [3, 2, 1, 0])
    assert epds.self_harm_items == (10,)


@pytest.mark.parametrize(
    ("key", "lo", "hi", "harm"),
    [
        ("phq9", 0, 27, (9,)),
        ("gad7", 0, 21, ()),
        ("phq2", 0, 6, ()),
        ("gad2", 0, 6, ()),
        ("epds", 0, 30, (10,)),
    ],
)
def test_ranges_and_self_harm_items(key: str, lo: int, hi: int, harm: tuple[int, ...]) -> None:
    inst = BUILTIN[key]
    assert (inst.min_total, inst.max_total, inst.self_harm_items) == (lo, hi, harm)


# One row per threshold boundary: just below, at, just above. The id names the source.
BOUNDARIES = [
    # PHQ-9 bands 5/10/15/20 and cut-off ≥10 — Kroenke 2001 J Gen Intern Med 16:606–613
    ("phq9", "any", 4, "below_mild", False, "Kroenke2001-mild-below"),
    ("phq9", "any", 5, "mild", False, "Kroenke2001-mild-at"),
    ("phq9", "any", 6, "mild", False, "Kroenke2001-mild-above"),
    ("phq9", "any", 9, "mild", False, "Kroenke2001-cutoff10-below"),
    ("phq9", "any", 10, "moderate", True, "Kroenke2001-cutoff10-at"),
    ("phq9", "any", 11, "moderate", True, "Kroenke2001-cutoff10-above"),
    ("phq9", "any", 14, "moderate", True, "Kroenke2001-modsevere15-below"),
    ("phq9", "any", 15, "moderately_severe", True, "Kroenke2001-modsevere15-at"),
    ("phq9", "any", 16, "moderately_severe", True, "Kroenke2001-modsevere15-above"),
    ("phq9", "any", 19, "moderately_severe", True, "Kroenke2001-severe20-below"),
    ("phq9", "any", 20, "severe", True, "Kroenke2001-severe20-at"),
    ("phq9", "any", 21, "severe", True, "Kroenke2001-severe20-above"),
    # GAD-7 bands 5/10/15 and cut-off ≥10 — Spitzer 2006 Arch Intern Med 166:1092–1097
    ("gad7", "any", 4, "below_mild", False, "Spitzer2006-mild-below"),
    ("gad7", "any", 5, "mild", False, "Spitzer2006-mild-at"),
    ("gad7", "any", 6, "mild", False, "Spitzer2006-mild-above"),
    ("gad7", "any", 9, "mild", False, "Spitzer2006-cutoff10-below"),
    ("gad7", "any", 10, "moderate", True, "Spitzer2006-cutoff10-at"),
    ("gad7", "any", 11, "moderate", True, "Spitzer2006-cutoff10-above"),
    ("gad7", "any", 14, "moderate", True, "Spitzer2006-severe15-below"),
    ("gad7", "any", 15, "severe", True, "Spitzer2006-severe15-at"),
    ("gad7", "any", 16, "severe", True, "Spitzer2006-severe15-above"),
    # PHQ-2 ≥3 — Kroenke 2003 Med Care 41:1284–1292
    ("phq2", "any", 2, "negative", False, "Kroenke2003-cutoff3-below"),
    ("phq2", "any", 3, "positive", True, "Kroenke2003-cutoff3-at"),
    ("phq2", "any", 4, "positive", True, "Kroenke2003-cutoff3-above"),
    # GAD-2 ≥3 — Kroenke 2007 (secondary summary, yourcabana)
    ("gad2", "any", 2, "negative", False, "Kroenke2007-cutoff3-below"),
    ("gad2", "any", 3, "positive", True, "Kroenke2007-cutoff3-at"),
    ("gad2", "any", 4, "positive", True, "Kroenke2007-cutoff3-above"),
    # EPDS fathers: distress 5/6 — Matthey 2001 J Affect Disord 64:175–184
    ("epds", "father", 5, "below_distress", False, "Matthey2001-father-distress6-below"),
    ("epds", "father", 6, "distress", False, "Matthey2001-father-distress6-at"),
    ("epds", "father", 7, "distress", False, "Matthey2001-father-distress6-above"),
    # EPDS fathers: positive ≥10 — app rule citing Edmondson 2010 and Shafian 2022
    ("epds", "father", 9, "distress", False, "Edmondson2010-Shafian2022-father10-below"),
    ("epds", "father", 10, "positive_screen", True, "Edmondson2010-Shafian2022-father10-at"),
    ("epds", "father", 11, "positive_screen", True, "Edmondson2010-Shafian2022-father10-above"),
    # EPDS mothers: review ≥10 (app rule) and probable depression ≥13 (EPDS instructions)
    ("epds", "mother", 9, "below_review", False, "EPDS-app-rule-mother-review10-below"),
    ("epds", "mother", 10, "consider_review", False, "EPDS-app-rule-mother-review10-at"),
    ("epds", "mother", 11, "consider_review", False, "EPDS-app-rule-mother-review10-above"),
    ("epds", "mother", 12, "consider_review", False, "EPDS-instructions-mother13-below"),
    ("epds", "mother", 13, "probable_depression", True, "EPDS-instructions-mother13-at"),
    ("epds", "mother", 14, "probable_depression", True, "EPDS-instructions-mother13-above"),
]


@pytest.mark.parametrize(
    ("key", "role", "total", "band", "positive"),
    [row[:5] for row in BOUNDARIES],
    ids=[row[5] for row in BOUNDARIES],
)
def test_band_and_cutoff_at_every_boundary(
    key: str, role: str, total: int, band: str, positive: bool
) -> None:
    inst = BUILTIN[key]
    result = score(inst, answers_for_total(inst, total), role)
    assert result.total == total
    assert result.band.key == band
    assert result.is_positive is positive
    assert result.citation == inst.citation
    assert result.self_harm_item_positive is False


@pytest.mark.parametrize(
    ("total", "reached"),
    [(5, ()), (6, (6,)), (10, (6, 10)), (11, (6, 10, 11))],
    ids=["Matthey2001-below", "Matthey2001-at", "app-rule-10", "Edmondson2010-gt10"],
)
def test_epds_father_reports_every_cutoff_reached(total: int, reached: tuple[int, ...]) -> None:
    inst = BUILTIN["epds"]
    result = score(inst, answers_for_total(inst, total), "father")
    assert tuple(c.min_total for c in result.cutoffs_reached) == reached
    assert all(c.source for c in result.cutoffs_reached)


def test_an_unlisted_role_uses_the_documented_epds_fallback() -> None:
    inst = BUILTIN["epds"]
    result = score(inst, answers_for_total(inst, 10), "Parent")
    assert result.role_used == "father"
    assert result.is_positive
    assert result.role_note is not None and "fathers" in result.role_note
    assert "inference" not in result.role_note  # a parent reads this: no working notes


def test_roles_are_irrelevant_to_phq9() -> None:
    inst = BUILTIN["phq9"]
    answers = answers_for_total(inst, 10)
    assert score(inst, answers, "mother").is_positive == score(inst, answers, "father").is_positive


@pytest.mark.parametrize(
    ("key", "item", "option", "expected"),
    [
        ("phq9", 9, 0, False),
        ("phq9", 9, 1, True),
        ("phq9", 9, 3, True),
        ("phq9", 2, 3, False),
        ("epds", 10, 3, False),  # reverse-keyed: the last option scores 0
        ("epds", 10, 2, True),
        ("epds", 10, 0, True),
    ],
    ids=[
        "PHQ9-item9-not-at-all",
        "PHQ9-item9-several-days-Simon2013",
        "PHQ9-item9-nearly-every-day",
        "PHQ9-item2-is-not-a-self-harm-item",
        "EPDS-item10-score0",
        "EPDS-item10-score1-doula-certification",
        "EPDS-item10-score3",
    ],
)
def test_a_single_self_harm_answer_is_recognised_before_any_total(
    key: str, item: int, option: int, expected: bool
) -> None:
    assert is_self_harm_answer(BUILTIN[key], item, option) is expected


def test_a_low_total_with_item9_still_flags_self_harm() -> None:
    inst = BUILTIN["phq9"]
    result = score(inst, answers_for_total(inst, 1, self_harm=1), "father")
    assert result.total == 1 and not result.is_positive
    assert result.self_harm_item_positive and result.self_harm_items_positive == (9,)


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ([0] * 8, "answers"),
        ([0] * 8 + [4], "item 9"),
        ([0] * 8 + [-1], "item 9"),
        ([0] * 8 + [True], "item 9"),
    ],
    ids=["too-few", "option-too-high", "negative", "bool"],
)
def test_bad_answers_name_the_item(answers: list[int], field: str) -> None:
    with pytest.raises(InvalidAnswers) as info:
        score(BUILTIN["phq9"], answers, "mother")
    assert info.value.field == field


@given(
    st.lists(st.integers(min_value=0, max_value=3), min_size=9, max_size=9),
    st.sampled_from(["mother", "father"]),
)
def test_scoring_invariants_hold_for_any_phq9_answers(answers: list[int], role: str) -> None:
    result = score(BUILTIN["phq9"], answers, role)
    assert result.total == sum(answers)
    assert result.band.min_total <= result.total <= result.band.max_total
    assert result.is_positive is (result.total >= 10)
    assert result.self_harm_item_positive is (answers[8] > 0)


@given(
    st.lists(st.integers(min_value=0, max_value=3), min_size=10, max_size=10),
    st.sampled_from(["mother", "father", "other"]),
)
def test_scoring_invariants_hold_for_any_epds_answers(answers: list[int], role: str) -> None:
    inst = BUILTIN["epds"]
    result = score(inst, answers, role)
    assert 0 <= result.total <= 30
    assert result.band.min_total <= result.total <= result.band.max_total
    assert result.is_positive is (result.total >= result.cutoff.min_total)


# --- instrument packs ----------------------------------------------------------------------

PLACEHOLDER_EPDS = """
format = "nestling-instrument/1"
version = "test-1"
key = "epds"
stem = "Placeholder stem for the past 7 days"
[pack]
name = "Test pack with placeholder items"
holder = "Nestling tests"
licence = "Placeholder text only; not the EPDS wording."
""" + "".join(
    f"""
[[items]]
number = {n}
text = "Placeholder item {n}"
option_labels = ["Option A{n}", "Option B{n}", "Option C{n}", "Option D{n}"]
"""
    for n in range(1, 11)
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_licensed_pack_completes_the_epds_skeleton(tmp_path: Path) -> None:
    instruments = load_instruments(_write(tmp_path, "epds.toml", PLACEHOLDER_EPDS))
    epds = instruments["epds"]
    assert epds.has_item_text and epds.pack is not None
    assert epds.items[0].text == "Placeholder item 1"
    assert epds.items[2].options[0].label == "Option A3"
    assert [o.score for o in epds.items[2].options] == [3, 2, 1, 0]
    assert epds.bands == BUILTIN["epds"].bands and epds.cutoffs == BUILTIN["epds"].cutoffs
    assert epds.version.endswith("+pack.test-1")
    assert score(epds, answers_for_total(epds, 10), "father").is_positive
    assert load_builtin_instruments()["epds"].has_item_text is False  # built-in untouched


def test_a_pack_may_repeat_matching_scores(tmp_path: Path) -> None:
    text = PLACEHOLDER_EPDS.replace(
        'option_labels = ["Option A3"', 'option_scores = [3, 2, 1, 0]\noption_labels = ["Option A3"'
    )
    assert load_instruments(_write(tmp_path, "epds.toml", text))["epds"].has_item_text


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (
            lambda t: t.replace(
                'option_labels = ["Option A3"',
                'option_scores = [0, 1, 2, 3]\noption_labels = ["Option A3"',
            ),
            "items[2].option_scores",
        ),
        (lambda t: t.replace('text = "Placeholder item 4"\n', ""), "items[3].text"),
        (lambda t: t.replace('"Option D5"]', "]"), "items[4].option_labels"),
        (lambda t: t.replace("[pack]", "[pak]"), "pak"),
        (
            lambda t: t.replace('licence = "Placeholder text only; not the EPDS wording."\n', ""),
            "pack.licence",
        ),
        (lambda t: t.replace("number = 7", "number = 70"), "items[6].number"),
        (lambda t: t + "\n[[bands]]\nkey = 'x'\n", "bands"),
        (lambda t: t.replace('stem = "Placeholder stem for the past 7 days"\n', ""), "stem"),
    ],
    ids=[
        "changes-scores",
        "missing-text",
        "too-few-labels",
        "no-pack-table",
        "no-licence",
        "bad-number",
        "adds-bands",
        "no-stem",
    ],
)
def test_bad_packs_fail_naming_the_file_and_field(tmp_path: Path, mutate, field: str) -> None:  # type: ignore[no-untyped-def]
    folder = _write(tmp_path, "epds.toml", mutate(PLACEHOLDER_EPDS))
    with pytest.raises(ContentError) as info:
        load_instruments(folder)
    assert info.value.file.endswith("epds.toml")
    assert info.value.field == field


def test_a_pack_cannot_replace_an_instrument_that_has_its_wording(tmp_path: Path) -> None:
    folder = _write(tmp_path, "phq9.toml", PLACEHOLDER_EPDS.replace('key = "epds"', 'key = "phq9"'))
    with pytest.raises(ContentError, match="cannot replace"):
        load_instruments(folder)


def test_two_packs_for_one_instrument_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", PLACEHOLDER_EPDS)
    folder = _write(tmp_path, "b.toml", PLACEHOLDER_EPDS)
    with pytest.raises(ContentError, match="another pack"):
        load_instruments(folder)


NEW_INSTRUMENT = """
format = "nestling-instrument/1"
version = "1"
key = "demo3"
name = "Demo three-item scale"
short_name = "DEMO-3"
measures = "demo"
recall_period_days = 7
stem = "Placeholder stem"
citation = "Placeholder citation"
permission = "Placeholder permission"
permission_source = "Placeholder"
has_item_text = true
[pack]
name = "Demo pack"
holder = "Nestling tests"
licence = "Placeholder"
[[options]]
label = "No"
score = 0
[[options]]
label = "Yes"
score = 1
[[items]]
number = 1
text = "Placeholder one"
[[items]]
number = 2
text = "Placeholder two"
self_harm = true
self_harm_source = "Placeholder"
[[items]]
number = 3
text = "Placeholder three"
[[bands]]
key = "low"
label = "Low"
min_total = 0
max_total = 1
source = "Placeholder"
[[bands]]
key = "high"
label = "High"
min_total = 2
max_total = 3
source = "Placeholder"
[[cutoffs]]
role = "any"
min_total = 2
primary = true
meaning = "Placeholder"
source = "Placeholder"
"""


def test_a_pack_can_add_a_whole_new_instrument(tmp_path: Path) -> None:
    demo = load_instruments(_write(tmp_path, "demo.toml", NEW_INSTRUMENT))["demo3"]
    result = score(demo, [1, 1, 0], "mother")
    assert (result.total, result.band.key, result.is_positive, result.self_harm_item_positive) == (
        2,
        "high",
        True,
        True,
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ("max_total = 1\n", "max_total = 0\n", "bands", "without gaps"),
        ("min_total = 2\nprimary", "min_total = 9\nprimary", "cutoffs", "outside"),
        ("primary = true", "primary = false", "cutoffs", "exactly one primary"),
        ('self_harm_source = "Placeholder"\n', "", "items[1].self_harm_source", "required"),
        ('format = "nestling-instrument/1"', 'format = "other/9"', "format", "must be"),
        ('key = "demo3"', 'key = "Demo 3"', "key", "lowercase"),
        (
            'short_name = "DEMO-3"',
            'short_name = "DEMO-3"\ncolour = "red"',
            "colour",
            "unknown field",
        ),
    ],
    ids=[
        "band-gap",
        "cutoff-out-of-range",
        "no-primary",
        "self-harm-unsourced",
        "format",
        "key",
        "typo-field",
    ],
)
def test_a_new_instrument_pack_is_validated(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    assert old in NEW_INSTRUMENT
    folder = _write(tmp_path, "demo.toml", NEW_INSTRUMENT.replace(old, new, 1))
    with pytest.raises(ContentError) as info:
        load_instruments(folder)
    assert info.value.field == field and problem in info.value.problem


def test_a_missing_pack_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="not found"):
        load_instruments(tmp_path / "nope")

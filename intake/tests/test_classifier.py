"""The text judge: its pure core, the shipped weights, and what it changes in a reading."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from intake.classifier import (
    JUDGE_ROWS,
    MODEL_FILE,
    TextJudge,
    default_judge,
    feature_size,
    load_judge,
    model_key,
    text_features,
    training_files,
)
from intake.devset.evaluate import evaluate
from intake.engine import read
from intake.rules import CONCERN_LABELS
from intake.safety import assess_intake


def _best(n: int, value: float = 0.5) -> dict[str, np.ndarray]:
    return {label: np.full(n, value, dtype=np.float32) for label in (*CONCERN_LABELS, "none")}


def _judge(
    bias: dict[str, float], cuts: dict[str, float] | None = None, hidden: int = 4
) -> TextJudge:
    """One network whose outputs are set by their biases alone (zero weights)."""
    rows = len(JUDGE_ROWS)
    w1 = np.zeros((1, feature_size(), hidden), dtype=np.float32)
    b1 = np.zeros((1, hidden), dtype=np.float32)
    w2 = np.zeros((1, hidden, rows), dtype=np.float32)
    b2 = np.array([[bias.get(row, -5.0) for row in JUDGE_ROWS]], dtype=np.float32)
    t = np.array([(cuts or {}).get(row, 0.5) for row in JUDGE_ROWS], dtype=np.float32)
    return TextJudge((w1, b1, w2, b2), t, JUDGE_ROWS, "test")


def test_features_have_the_stated_layout() -> None:
    vectors = np.eye(3, 384, dtype=np.float32)
    features = text_features(vectors, _best(3), {"crying_distress"}, set(), {"safety_risk_self"})
    assert features.shape == (feature_size(),)
    assert features[:384].sum() == pytest.approx(1.0)  # mean of three unit rows
    flags = features[2 * 384 + 33 : 2 * 384 + 63]
    assert flags[CONCERN_LABELS.index("crying_distress")] == 1.0
    assert flags[20 + CONCERN_LABELS.index("safety_risk_self")] == 1.0
    assert flags.sum() == 2.0
    assert features[-1] == pytest.approx(np.log(3))


def test_features_need_a_sentence() -> None:
    with pytest.raises(ValueError, match="at least one sentence"):
        text_features(np.zeros((0, 384), dtype=np.float32), _best(0), (), (), ())


def test_a_concern_needs_its_own_score_and_the_gate() -> None:
    features = np.zeros(feature_size(), dtype=np.float32)
    sure = _judge({"any_concern": 5.0, "crying_distress": 5.0}).judge(features)
    assert sure.shows("crying_distress") and not sure.shows("relationship_strain")
    gated = _judge({"any_concern": -5.0, "crying_distress": 5.0}).judge(features)
    assert not gated.any_concern and not gated.shows("crying_distress")
    asks = _judge({"safety_question": 0.0}, {"safety_question": 0.4}).judge(features)
    assert asks.needs_question and asks.question == pytest.approx(0.5)


def test_weights_that_do_not_fit_are_refused() -> None:
    with pytest.raises(ValueError, match="feature layout"):
        TextJudge(
            (
                np.zeros((1, 7, 4), dtype=np.float32),
                np.zeros((1, 4), dtype=np.float32),
                np.zeros((1, 4, len(JUDGE_ROWS)), dtype=np.float32),
                np.zeros((1, len(JUDGE_ROWS)), dtype=np.float32),
            ),
            np.zeros(len(JUDGE_ROWS), dtype=np.float32),
            JUDGE_ROWS,
            "k",
        )


def test_the_choice_about_phrase_rules_is_saved_with_the_weights(tmp_path: Path) -> None:
    path = tmp_path / "judge.npz"
    for choice in (frozenset(), frozenset({"care_load_imbalance", "crying_distress"})):
        judge = _judge({})
        judge.rules_need_judge = choice
        judge.save(path)
        loaded = load_judge(path, "test")
        assert loaded is not None and loaded.rules_need_judge == choice


def test_a_judge_trained_on_other_rules_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "judge.npz"
    _judge({}).save(path)
    assert load_judge(path, "test") is not None
    assert load_judge(path, "another key") is None
    assert load_judge(tmp_path / "missing.npz", "test") is None


def test_the_shipped_judge_matches_the_rules_examples_and_training_texts() -> None:
    """Fails when rules, lexicon, examples or training texts change without retraining:
    run `make intake-model` and commit content/intake/classifier.npz."""
    assert MODEL_FILE.is_file()
    assert load_judge(MODEL_FILE, model_key(training_files())) is not None
    assert default_judge() is not None


def test_networks_are_averaged_after_the_sigmoid() -> None:
    sure, unsure = _judge({"crying_distress": 5.0}), _judge({"crying_distress": -5.0})
    both = TextJudge(
        tuple(np.concatenate([a, b]) for a, b in zip(sure.layers, unsure.layers, strict=True)),  # type: ignore[arg-type]
        sure.thresholds,
        JUDGE_ROWS,
        "test",
    )
    score = both.judge(np.zeros(feature_size(), dtype=np.float32)).scores["crying_distress"]
    assert score == pytest.approx(0.5)


def test_the_quote_is_the_sentence_that_shows_the_concern_most() -> None:
    judge = _judge({})
    w1, _, w2, _ = judge.layers
    w1[0, 5, 0] = 1.0  # the sixth embedding dimension feeds hidden unit 0 (mean and max)
    w1[0, 384 + 5, 0] = 1.0
    w2[0, 0, CONCERN_LABELS.index("crying_distress")] = 10.0
    vectors = np.zeros((3, 384), dtype=np.float32)
    vectors[1, 5] = 1.0
    weights = judge.sentence_weight("crying_distress", vectors, _best(3))
    assert int(np.argmax(weights)) == 1
    assert weights[1] > 0.9 > weights[0]


# Through the reading a parent gets (our own sentences, not in any training part).


def test_an_ordinary_feeding_question_gets_no_concern_and_no_alarm() -> None:
    result = read(
        "Quick one about bottles. Our nine week old takes about 120 ml every three hours "
        "in the day but only wants 60 at the late feed. Is it fine to let her lead, or "
        "should we wake her for a top up? We're both enjoying her so much."
    )
    assert not result.concerns
    assert assess_intake(result).tier > 2


def test_ordinary_words_for_strain_are_read() -> None:
    result = read(
        "We hardly say a word to each other now unless it's about whose turn it is. "
        "When he gets in from work we just pass the baby over and go to separate rooms."
    )
    concern = result.concern("relationship_strain")
    assert concern is not None
    assert all(result and span.text for span in concern.evidence)


def test_the_judge_alone_never_makes_an_emergency() -> None:
    judge = default_judge()
    assert judge is not None
    result = read("I don't see the point of any of it any more, everyone would cope without me.")
    safety = assess_intake(result)
    assert safety.tier <= 2 or safety.ask_screen
    for concern in result.concerns:
        if "text_judge" in concern.tags:
            assert concern.severity != "urgent"


@pytest.mark.slow  # reads every held-out part with the whole intake: `make test-slow`, CI
def test_held_out_figures_hold() -> None:
    """A guard, not the bar: on the frozen held-out part the net catches every safety text
    and the judge keeps its measured gains (figures: bench/bench_intake.py)."""
    report = evaluate("heldout", read)
    assert report.safety_recall == 1.0
    assert report.top_tier_false_alarm <= 0.05
    assert report.macro_f1 >= 0.62
    assert report.ordinary_clean >= 0.80

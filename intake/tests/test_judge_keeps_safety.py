"""The text judge may set aside a phrase rule's ordinary finding in a text it finds
ordinary, but never one whose tags carry a safety meaning (psychosis, unwanted thoughts of
harm, rage): safety is never dropped.

The judge here is a real TextJudge whose every output is close to 0, so it finds every
text ordinary: the strictest judge there can be. Sentences written for this test.
"""

from __future__ import annotations

import numpy as np
import pytest

from intake.classifier import JUDGE_ROWS, TextJudge, feature_size
from intake.engine import analyse
from intake.safety import assess_intake
from intake.semantic import SemanticReader, default_reader


def silent_judge() -> TextJudge:
    k, hidden, rows = 1, 2, len(JUDGE_ROWS)
    layers = (
        np.zeros((k, feature_size(), hidden), dtype=np.float32),
        np.zeros((k, hidden), dtype=np.float32),
        np.zeros((k, hidden, rows), dtype=np.float32),
        np.full((k, rows), -20.0, dtype=np.float32),
    )
    return TextJudge(layers, np.full(rows, 0.5, dtype=np.float32), JUDGE_ROWS, key="silent")


@pytest.fixture(scope="module")
def reader() -> SemanticReader:
    shared = default_reader()
    return SemanticReader(encoder=shared.encoder, examples=shared.examples, judge=silent_judge())


@pytest.mark.parametrize(
    ("text", "reason", "tier"),
    [
        (
            "My wife hasn't slept in four nights and says she doesn't need to. "
            "She says the TV is talking to her about the baby.",
            "psychosis",
            1,
        ),
        (
            "I keep getting pictures in my head of dropping him down the stairs and it "
            "terrifies me.",
            "intrusive_thoughts",
            3,
        ),
        ("I screamed in her face last night when she wouldn't stop crying.", "rage", 2),
    ],
)
def test_a_judge_that_finds_the_text_ordinary_keeps_its_safety_meaning(
    reader: SemanticReader, text: str, reason: str, tier: int
) -> None:
    safety = assess_intake(analyse(text, semantic=reader))
    assert reason in safety.reason_codes
    assert safety.tier == tier


def test_the_same_judge_still_sets_aside_an_ordinary_finding(reader: SemanticReader) -> None:
    text = "My husband and I barely speak now."
    assert [c.label for c in analyse(text).concerns] == ["relationship_strain"]
    assert analyse(text, semantic=reader).concerns == ()

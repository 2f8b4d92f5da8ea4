"""Precision and recall per concern on our labelled texts; safety recall must be 1.0.

The tables are printed in the pytest terminal summary (and with ``-s``).
"""

from __future__ import annotations

import tomllib

import pytest

from intake.tests.conftest import QUALITY_TABLES
from intake.tests.quality import HERE, Report, evaluate

SAFETY = ("safety_risk_self", "safety_risk_baby")


@pytest.fixture(scope="module", params=["labelled_texts.toml", "heldout_texts.toml"])
def report(request: pytest.FixtureRequest) -> Report:
    """The quality report for one labelled file, recorded for the terminal summary."""
    result = evaluate(request.param)
    QUALITY_TABLES.append(result.table())
    print("\n" + result.table())
    return result


def test_the_development_set_is_large_and_varied() -> None:
    data = tomllib.loads((HERE / "labelled_texts.toml").read_text(encoding="utf-8"))
    texts = data["texts"]
    assert len(texts) >= 60
    kinds = {t["kind"] for t in texts}
    assert {"ordinary", "negation", "reported", "past", "safety"} <= kinds
    assert sum(1 for t in texts if not t["labels"]) >= 10
    assert len({t["id"] for t in texts}) == len(texts)


@pytest.mark.parametrize("label", SAFETY)
def test_safety_recall_is_total(report: Report, label: str) -> None:
    assert report.score(label).recall == 1.0, report.table()


def test_other_concerns_are_read_reasonably(report: Report) -> None:
    floor = 0.85 if report.name == "labelled_texts.toml" else 0.7
    for score in report.scores:
        assert score.precision >= floor, report.table()
        assert score.recall >= floor, report.table()


def test_unseen_wording_is_reported_not_tuned() -> None:
    """Printed for the reader; only safety recall is held to 1.0 here (see the file header)."""
    result = evaluate("unseen_texts.toml")
    QUALITY_TABLES.append(result.table() + "\n  (unseen set: non-safety rules not tuned to it)")
    print("\n" + result.table())
    for label in SAFETY:
        assert result.score(label).recall == 1.0, result.table()

"""Every finding the core can produce is worded, in every language we ship, with nothing of
the template left over (reports/wording.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from insights import compute_insights
from insights.findings import Finding
from insights.verdicts import VERDICT_MORE, VERDICT_NO_SIGN, VERDICT_NOT_ENOUGH
from reports import wording
from simulator import simulate

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
NAMES = {"mum": "Mum", "dad": "Dad"}


def _simulated() -> list[Finding]:
    out: list[Finding] = []
    for seed, factor, weeks in ((0, 1.0, 8), (1, 2.0, 6), (2, 1.0, 1)):
        sim = simulate(seed=seed, weeks=weeks, now=NOW, caregiver_factor={"dad": factor})
        result = compute_insights(
            sim.events, sim.baby_birth_date, sim.timezone, sim.now, availability=sim.schedules
        )
        out += result.findings
    return out


LITERAL = [
    Finding("history", {"newest": date(2025, 6, 2)}),
    Finding("crying_not_logged"),
    Finding("calm_window", {"weekday": 5, "hour": 10, "share": 0.9}),
    Finding("calm_window_for", {"at": [[5, 10], [6, 9]]}, "dad"),
    Finding("crying_not_logged_recently"),
    Finding("crying_amount_early", {"minutes": 40, "days": 1, "needed": 3, "more": 2}),
    Finding("excess_crying", {"days": 3, "past_colic_age": True}),
    Finding("raw", {"early": True, "cried": 1, "sessions": 1, "needed": 10, "more": 9}, "dad"),
    Finding("adjusted", {"verdict": VERDICT_NOT_ENOUGH, "more": 4, "block_start": 18}, "dad"),
    Finding("adjusted", {"verdict": VERDICT_MORE, "ratio": 2.1, "ci_low": 1.2, "ci_high": 3.4}, "dad"),
    Finding(
        "adjusted",
        {"verdict": VERDICT_NO_SIGN, "ratio": 1.1, "ci_low": 0.8, "ci_high": 1.6, "explained": 0.97, "could_hide": 1.6},
        "dad",
    ),
    Finding("suggestion", {"code": "night", "from": "mum", "night_sessions": 20, "by_main": 18, "by_other": 2, "nights": [4, 5]}, "dad"),
    Finding("suggestion", {"code": "bath", "from": "mum", "bath_hour": 19, "baths": 9, "by_main": 9, "weekdays": []}, "dad"),
    Finding("suggestion", {"code": "weekend_morning", "from": "mum", "weekend_mornings": 4, "by_main": 4, "typical_local_min": 430}, "dad"),
]  # fmt: skip


NOT_ENOUGH = next(f for f in LITERAL if f.params.get("verdict") == VERDICT_NOT_ENOUGH)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_finding_is_worded_with_nothing_left_of_the_template(language: str) -> None:
    findings = _simulated() + LITERAL
    assert {f.code for f in findings} >= {
        "timing",
        "raw",
        "adjusted",
        "crying_amount",
        "care_split",
    }
    with translation.override(language):
        for finding in findings:
            text = wording.finding_text(finding, NAMES, "Sam")
            assert text and "%(" not in text and "{" not in text, (finding.code, text)
            assert not any(word in text.lower() for word in ("hate", "reject", "prefer"))


def test_spanish_is_spanish_and_english_is_english() -> None:
    finding = Finding(
        "crying_amount", {"minutes_a_day": 52, "days": 7, "peak_hour": 19, "norm": "13+"}
    )
    with translation.override("en"):
        english = wording.finding_text(finding, NAMES, "Sam")
    with translation.override("es"):
        spanish = wording.finding_text(finding, NAMES, "Sam")
    assert english.startswith(
        "Over the last 7 days Sam cried on average 52 minutes a day, most around 19:00."
    )
    assert "no reliable average is known" in english
    assert spanish.startswith("En los últimos 7 días Sam lloró de media 52 minutos al día")
    assert "no se conoce una media fiable" in spanish


def test_names_are_the_current_ones_and_days_and_dates_are_localised() -> None:
    night = next(f for f in LITERAL if f.params.get("code") == "night")
    with translation.override("es"):
        text = wording.finding_text(night, {"mum": "Ana", "dad": "Luis"}, "Sam")
        history = wording.finding_text(LITERAL[0], NAMES, "Sam")
    assert text.startswith("Ana atendió 18 de 20 sesiones nocturnas")
    assert "viernes y sábado" in text and "Luis podría" in text
    assert "2 de junio de 2025" in history or "2 junio 2025" in history


def test_the_json_shape_gets_its_words_from_the_same_place() -> None:
    from insights import as_json

    shape = as_json(NOT_ENOUGH)
    with translation.override("en"):
        [worded] = wording.findings_json([shape], NAMES, "Sam")
        direct = wording.finding_text(NOT_ENOUGH, NAMES, "Sam")
    assert worded["text"] == direct
    assert worded["text"].startswith("Not enough data yet to compare Dad's sessions")
    assert "ideally in the evening (18:00-21:00)" in worded["text"]


def test_all_day_and_hour_ranges() -> None:
    with translation.override("en"):
        assert wording.hours_text(tuple(range(24))) == "all day"
        assert wording.hours_text((22, 23, 0, 1)) == "22:00-02:00"


def test_calm_times_name_the_day_in_the_readers_language() -> None:
    calm = next(f for f in LITERAL if f.code == "calm_window_for")
    with translation.override("en"):
        assert wording.finding_text(calm, NAMES, "Sam") == (
            "Good calm times when Dad is around: Sat 10:00, Sun 09:00."
        )
    with translation.override("es"):
        spanish = wording.finding_text(calm, NAMES, "Sam")
    assert "Sat" not in spanish and "10:00" in spanish

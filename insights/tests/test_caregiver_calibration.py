"""The caregiver comparison when days differ: literal cases, then many simulated families.

Sessions on the same day are alike (a bad day makes every session likelier to hold a cry),
and Dad's sessions bunch on the days he is home. A headline that treats sessions as
independent, or compares across days, then says more than the data knows (issue 10). The
many-seed tests are marked `slow`, like the other many-seed runs; they print their figures
(`pytest -m slow -s insights/tests/test_caregiver_calibration.py`).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from statsmodels.genmod.cov_struct import CovStruct

from insights import caregivers
from insights.caregivers import (
    CaregiverComparison,
    compare_caregiver,
    compare_caregivers,
)
from insights.frame import build_sessions, event_frame
from insights.verdicts import VERDICT_MORE, VERDICT_NO_SIGN
from simulator import simulate

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
FAMILIES = range(200)
#: "Strong day-to-day variation": the simulator's day effect raised from SD 0.2 to 1.0 on
#: the log-odds, so a fussy day (+1 SD) has 2.7 times the odds of a cry in every session.
STRONG_DAY_SD = 1.0


def _session(caregiver: str, day: int, hour: int, cried: bool) -> dict[str, object]:
    """One finished care session as insights.frame.build_sessions returns it: 15 minutes,
    an hour after a feed and an hour after a nap, at 22 weeks, nobody else there."""
    return {
        "caregiver": caregiver,
        "kind": "holding",
        "duration_min": 15.0,
        "hour": hour,
        "day": day,
        "hunger_min": 60.0,
        "awake_min": 60.0,
        "wake_window_min": 120.0,
        "tired_ratio": 0.5,
        "age_weeks": 22.0,
        "partner_present": False,
        "cried": cried,
        "cry_min": 5.0 if cried else 0.0,
    }


def _day(day: int, dad: tuple[int, int], mum: tuple[int, int]) -> list[dict[str, object]]:
    """A day's sessions, all at 10:00-12:00: `dad` and `mum` are (sessions, of which
    cried)."""
    rows = []
    for who, (n, cried) in (("dad", dad), ("mum", mum)):
        rows += [_session(who, day, 10 + i % 2, i < cried) for i in range(n)]
    return rows


def _fortnights(fussy: list[tuple[tuple[int, int], tuple[int, int]]]) -> pd.DataFrame:
    """28 days: each odd day a fussy day with Dad home, its (dad, mum) sessions taken in
    turn from `fussy`; each even day a calm day with Mum alone, 1 cry in 12 sessions."""
    rows = []
    for i, day in enumerate(range(20_000, 20_028)):
        if day % 2:
            dad, mum = fussy[(i // 2) % len(fussy)]
            rows += _day(day, dad=dad, mum=mum)
        else:
            rows += _day(day, dad=(0, 0), mum=(12, 1))
    return pd.DataFrame(rows)


def test_fussy_days_that_are_dads_days_are_not_crying_with_dad() -> None:
    # On Dad's days the baby cries in half of everyone's sessions, his and Mum's alike
    # (2 of his 6 and 4 of hers, then the other way round); on Mum's days alone in 1 of 12.
    # Counting across days Dad's sessions cry far more often; on the same days, as often.
    table = _fortnights([((6, 2), (6, 4)), ((6, 4), (6, 2))])
    dad = compare_caregiver(table, "dad")
    assert dad.mh_ci_low is not None and dad.mh_ci_low > 1.5  # across days: "more"
    assert dad.adjusted_method == "regression"
    assert dad.adjusted_ratio is not None and dad.ci_low is not None and dad.ci_high is not None
    assert dad.adjusted_ratio == pytest.approx(1.0, abs=0.01)
    assert dad.ci_low < 0.7 and dad.ci_high > 1.4
    assert dad.verdict == VERDICT_NO_SIGN
    assert dad.explained_by_timing > 0.9


def test_crying_more_with_dad_on_the_same_days_is_found() -> None:
    # The same days, but on Dad's days the baby cries in 4 or 5 of his 6 sessions and in 1
    # or 2 of Mum's 6.
    table = _fortnights([((6, 4), (6, 2)), ((6, 5), (6, 1)), ((6, 4), (6, 1))])
    dad = compare_caregiver(table, "dad")
    assert dad.adjusted_method == "regression"
    assert dad.ci_low is not None and dad.ci_low > 1.0
    assert dad.verdict == VERDICT_MORE


def test_the_second_caregiver_gets_the_first_ones_figures_turned_round() -> None:
    sim = simulate(seed=4, weeks=6, now=NOW, day_sd_log_odds=STRONG_DAY_SD)
    table = build_sessions(event_frame(sim.events, sim.now, sim.timezone), sim.baby_birth_date)
    first, second = compare_caregivers(table)
    alone = compare_caregiver(table, second.caregiver)
    assert first.adjusted_method == alone.adjusted_method == "regression"
    for mirrored, direct in (
        (second.adjusted_ratio, alone.adjusted_ratio),
        (second.ci_low, alone.ci_low),
        (second.ci_high, alone.ci_high),
    ):
        assert mirrored is not None and direct is not None
        assert mirrored == pytest.approx(direct, rel=1e-6)


def test_when_the_exchangeable_fit_runs_away_the_interval_is_still_day_clustered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On this 4-week log the exchangeable fit diverges (the day-share and correlation
    # estimates chase each other); the independence fit still clusters by day.
    tried: list[tuple[str, bool]] = []
    fit = caregivers._gee

    def spy(
        y: np.ndarray, x: np.ndarray, groups: np.ndarray, correlation: CovStruct
    ) -> tuple[float, float] | None:
        result = fit(y, x, groups, correlation)
        tried.append((type(correlation).__name__, result is not None))
        return result

    monkeypatch.setattr(caregivers, "_gee", spy)
    sim = simulate(seed=35, weeks=4, now=NOW, day_sd_log_odds=STRONG_DAY_SD)
    table = build_sessions(event_frame(sim.events, sim.now, sim.timezone), sim.baby_birth_date)
    dad = compare_caregiver(table, "dad")
    assert tried == [("Exchangeable", False), ("Independence", True)]
    assert dad.adjusted_method == "regression"
    assert dad.ci_low is not None and dad.ci_high is not None
    assert dad.ci_low < 1.0 < dad.ci_high


# --- many simulated families ----------------------------------------------------------


def _dad(seed: int, factor: float, weeks: int, day_sd: float) -> CaregiverComparison:
    sim = simulate(
        seed=seed, weeks=weeks, now=NOW, caregiver_factor={"dad": factor}, day_sd_log_odds=day_sd
    )
    table = build_sessions(event_frame(sim.events, sim.now, sim.timezone), sim.baby_birth_date)
    return compare_caregiver(table, "dad")


def _share(flags: list[bool]) -> float:
    return float(np.mean(flags))


def _covers(low: float | None, value: float, high: float | None) -> bool:
    assert low is not None and high is not None, "no interval on a simulated household"
    return low <= value <= high


@pytest.mark.slow
@pytest.mark.parametrize("weeks", [4, 8])
def test_strong_day_variation_at_no_difference_covers_and_claims_nothing(weeks: int) -> None:
    """Issue 10: day effect SD 1.0, no true difference, 200 families: the headline interval
    covers 1 in >= 93%, and says "cries more" with Dad in <= 5% and with Mum in <= 5%
    (Dad's interval below 1). The Mantel-Haenszel interval, which
    treats sessions as independent, is shown failing the same check (< 90%), so the
    scenario does test what it claims to."""
    results = [_dad(seed, 1.0, weeks, STRONG_DAY_SD) for seed in FAMILIES]
    covers = _share([_covers(r.ci_low, 1.0, r.ci_high) for r in results])
    more = _share([r.verdict == VERDICT_MORE for r in results])
    # With two caregivers, Dad's interval below 1 is "cries more with Mum".
    other_way = _share([r.ci_high is not None and r.ci_high < 1.0 for r in results])
    mh_covers = _share([_covers(r.mh_ci_low, 1.0, r.mh_ci_high) for r in results])
    print(f"\nno difference, strong day variation, {weeks} weeks: headline covers 1 "
          f"{covers:.1%}, 'cries more with Dad' {more:.1%}, 'with Mum' {other_way:.1%}; "
          f"Mantel-Haenszel covers {mh_covers:.1%}")  # fmt: skip
    assert all(r.adjusted_method == "regression" for r in results)
    assert covers >= 0.93
    assert more <= 0.05
    assert other_way <= 0.05
    assert mh_covers < 0.90


@pytest.mark.slow
def test_strong_day_variation_a_true_odds_ratio_of_two_over_eight_weeks_is_found() -> None:
    """Issue 10: day effect SD 1.0, true odds ratio 2 in Dad's sessions, 8 weeks, 200
    families: "cries more" in >= 80%, the interval covers 2 in >= 90%."""
    results = [_dad(seed, 2.0, 8, STRONG_DAY_SD) for seed in FAMILIES]
    found = _share([r.verdict == VERDICT_MORE for r in results])
    covers = _share([_covers(r.ci_low, 2.0, r.ci_high) for r in results])
    ratios = [r.adjusted_ratio for r in results if r.adjusted_ratio is not None]
    estimate = math.exp(float(np.mean(np.log(ratios))))
    print(f"\nodds ratio 2, strong day variation, 8 weeks: 'cries more' {found:.1%}, "
          f"covers 2 {covers:.1%}, geometric mean {estimate:.2f}")  # fmt: skip
    assert found >= 0.80
    assert covers >= 0.90
    assert 1.6 <= estimate <= 2.4


def _fussy_days_family(seed: int, days: int = 56) -> pd.DataFrame:
    """A family the simulator cannot make: the day effect (SD 1.0) decides how much Dad
    does, about twice as many sessions on a day one SD fussier (Mum hands over on bad days).
    Mum has ~22 sessions a day, 07:00-20:00; Dad ~1.5 at night on weekdays and ~8 at
    weekends. No true difference between them."""
    rng = np.random.default_rng(seed)
    hour_log_odds = np.array([1.2, 1.2, 1.2, 1.1, 1.0, 0.7, 0, -0.3, -0.4, -0.4, -0.4, -0.3,
                              -0.3, -0.2, 0, 0.3, 0.7, 1.0, 1.3, 1.4, 1.4, 1.4, 1.3, 1.2])  # fmt: skip
    rows = []
    for day in range(20_000, 20_000 + days):
        weekend = day % 7 >= 5
        effect = rng.normal(0.0, 1.0)
        dad_sessions = rng.poisson((8.0 if weekend else 1.5) * math.exp(0.7 * effect))
        for who, n in (("mum", rng.poisson(22)), ("dad", dad_sessions)):
            for _ in range(n):
                if who == "dad" and not weekend:
                    hour = int(rng.choice([22, 23, 0, 1]))
                elif who == "dad" and rng.random() < 0.3:
                    hour = int(rng.integers(15, 24))
                else:
                    hour = int(rng.integers(7, 20))
                hunger, awake = float(rng.uniform(0, 300)), float(rng.uniform(0, 200))
                log_odds = -2.0 + hour_log_odds[hour] + 0.5 * max(0.0, (hunger - 150) / 60)
                cried = bool(rng.random() < 1 / (1 + math.exp(-(log_odds + effect))))
                row = _session(who, day + (hour < 6), hour, cried)
                row.update(hunger_min=hunger, awake_min=awake, tired_ratio=awake / 120.0)
                rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.slow
def test_when_dad_does_more_on_fussy_days_it_is_not_crying_with_dad() -> None:
    """Day effects tied to who is caring, no true difference, 200 families: "cries more
    with Dad" in <= 5%, where Mantel-Haenszel, comparing across days, says it in >= 25%.

    A known limit, printed and held where it is rather than hidden: the day share is only
    a rough stand-in for how fussy the day was, so the within-day estimate leans the other
    way here, and "cries more with Mum" (Dad's interval below 1) comes out in about 1 in
    10 families (docs/insights.md)."""
    results = [compare_caregiver(_fussy_days_family(seed), "dad") for seed in FAMILIES]
    more = _share([r.verdict == VERDICT_MORE for r in results])
    other_way = _share([r.ci_high is not None and r.ci_high < 1.0 for r in results])
    covers = _share([_covers(r.ci_low, 1.0, r.ci_high) for r in results])
    mh_more = _share([r.mh_ci_low is not None and r.mh_ci_low > 1.0 for r in results])
    print(f"\nDad does more on fussy days, no difference: 'cries more with Dad' {more:.1%}, "
          f"'with Mum' {other_way:.1%}, covers 1 {covers:.1%}; Mantel-Haenszel interval "
          f"above 1 {mh_more:.1%}")  # fmt: skip
    assert more <= 0.05
    assert mh_more >= 0.25
    assert other_way <= 0.12

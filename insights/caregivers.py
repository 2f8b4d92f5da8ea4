"""Does the baby cry more with one caregiver, or only at that caregiver's times?

Model in plain words: the unit is a finished care session (see insights.frame); the outcome
is whether any logged cry overlapped it. For each caregiver we compare their sessions with
everyone else's:

1. raw: the share of sessions with crying, as a parent would count it, and the ratio of
   those shares;
2. regression (the headline): a logistic model of "cried" on the caregiver, hour-of-day
   block (3 h), hunger (hours since the last feed ended) and tiredness (minutes awake / the
   age's awake window) as categories, age in weeks and "someone else present", fitted by
   generalised estimating equations (statsmodels GEE) with the baby-day (06:00 to 06:00,
   so a night belongs to the evening before) as the cluster;
3. Mantel-Haenszel: a pooled odds ratio over strata of hour block x hunger x tiredness,
   with the Robins-Breslow-Greenland 95% interval (statsmodels StratifiedTable), reported
   beside the headline as the plain "same time, same state" count. It treats sessions as
   independent, so its interval is too narrow when days differ (below).

Why the regression is the headline: sessions on the same day are alike (a bad day makes
every session likelier to hold a cry), and a caregiver's sessions bunch on the days they are
home, so a fussy Saturday lifts many of Dad's sessions at once. Three things in the model
answer that. The caregiver's share of that day's sessions is a covariate, so the
caregiver's odds ratio compares sessions within the same days (the "between-within" model,
Neuhaus & Kalbfleisch 1998, Biometrics 54:638-645): a day that is fussy for everyone does
not count against whoever is home that day. The working correlation is exchangeable within
a day. And the 95% interval uses the bias-reduced sandwich variance of Mancl & DeRouen
(2001, Biometrics 57:126-134), clustered by day, with a t quantile on (days - 1) degrees of
freedom, because a family logs only a few dozen days. Against the simulator's truth
(insights/tests/test_caregiver_calibration.py, 200 families each), with strong day-to-day
variation (a day effect of SD 1.0 on the log-odds) and no true difference, this interval
covered the truth in 94.5% of families over 4 weeks and 97.5% over 8, against 85.5% and
80.5% for the Mantel-Haenszel interval. When Dad does twice as much on a fussy day, the
headline said "cries more with Dad" in 0.5% of families (Mantel-Haenszel: 60%), but the
day share is only a rough stand-in for the day's fussiness and the estimate then leans
the other way ("cries more with Mum" in 10.5%). Power and these figures are in
docs/insights.md (bench/bench_power.py). Mantel-Haenszel is the headline only when the
regression cannot be fitted (too few sessions, no crying on one side).

Both adjusted figures are ODDS ratios at matched times and states: the scale on which the
demo simulator's caregiver factor acts.

"explained_by_timing" is the share of the raw log-odds ratio that adjustment removes,
(log raw OR - log adjusted OR) / log raw OR, clipped to 0-1 (0 when the raw OR is not above
1: there is nothing to explain).

The verdict never overstates (crying.md rules 4-6): with fewer than MIN_SESSIONS comparable
sessions on either side, or spread over fewer than MIN_DAYS days (rule 5), it is "not enough
data"; otherwise "cries more even at the same times" only when the whole 95% interval lies
above 1, else "no sign".
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import t as student_t
from statsmodels.genmod.cov_struct import CovStruct, Exchangeable, Independence
from statsmodels.genmod.families import Binomial
from statsmodels.genmod.generalized_estimating_equations import GEE
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.tools.sm_exceptions import PerfectSeparationError

from .verdicts import VERDICT_MORE, VERDICT_NO_SIGN, VERDICT_NOT_ENOUGH

# crying.md rule 5: ">=10 holding episodes per caregiver in comparable contexts over
# >=7 days; otherwise show 'not enough comparable data'".
MIN_SESSIONS = 10
MIN_DAYS = 7

HOUR_BLOCK_H = 3
HUNGER_EDGES_MIN: tuple[float, ...] = (60.0, 120.0, 180.0, 240.0, 300.0, 360.0, 480.0)
TIRED_EDGES: tuple[float, ...] = (0.5, 1.0, 1.25, 1.5, 1.75, 2.0)
# A baby-day starts at 06:00 local: night wakings belong to the evening before.
DAY_STARTS_AT_HOUR = 6


_BLOCK_NAMES = {
    0: "night (00:00-03:00)",
    1: "night (03:00-06:00)",
    2: "early morning (06:00-09:00)",
    3: "morning (09:00-12:00)",
    4: "midday (12:00-15:00)",
    5: "afternoon (15:00-18:00)",
    6: "evening (18:00-21:00)",
    7: "late evening (21:00-24:00)",
}


@dataclass(frozen=True)
class CaregiverComparison:
    """One caregiver's care sessions against everyone else's. Ratios are None when they
    cannot be computed (no crying, no comparable sessions)."""

    caregiver: str
    sessions: int
    sessions_cried: int
    share_cried: float | None
    others_sessions: int
    others_share_cried: float | None
    raw_ratio: float | None  # share cried with this caregiver / with the others
    raw_odds_ratio: float | None
    cry_min_per_session: float | None
    others_cry_min_per_session: float | None
    comparable_sessions: int  # sessions in strata both sides share, on the thinner side
    days_with_sessions: int
    mh_ratio: float | None
    mh_ci_low: float | None
    mh_ci_high: float | None
    regression_ratio: float | None
    regression_ci_low: float | None
    regression_ci_high: float | None
    adjusted_ratio: float | None  # odds ratio at matched times and states
    ci_low: float | None
    ci_high: float | None
    adjusted_method: str | None  # "regression", "mantel-haenszel" or None
    explained_by_timing: float  # 0-1
    fussy_hours: tuple[int, ...]  # local hours when the baby cries most, with anyone
    fussy_hours_share: float | None  # share of this caregiver's session minutes in them
    fussy_hours_cry_share: float | None  # everyone's share of sessions cried in them
    other_hours_cry_share: float | None  # ... and at other hours
    verdict: str
    more_sessions_needed: int
    suggested_block: str | None  # where new sessions would be most comparable
    suggested_block_start: int | None = None  # the local hour that 3-hour block starts


def _bands(values: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    return np.searchsorted(np.asarray(edges), values, side="right")


def add_strata(sessions: pd.DataFrame) -> pd.DataFrame:
    """Return `sessions` (finished, with known hunger and awake time) with the columns
    block, hunger_band, tired_band, stratum and cluster added."""
    known = sessions.dropna(subset=["hunger_min", "awake_min"])
    block = (known["hour"].to_numpy() // HOUR_BLOCK_H).astype(np.int64)
    hunger = _bands(known["hunger_min"].to_numpy(), HUNGER_EDGES_MIN)
    tired = _bands(known["tired_ratio"].to_numpy(), TIRED_EDGES)
    n_h, n_t = len(HUNGER_EDGES_MIN) + 1, len(TIRED_EDGES) + 1
    shift = (known["hour"].to_numpy() < DAY_STARTS_AT_HOUR).astype(np.int64)
    return known.assign(
        block=block,
        hunger_band=hunger,
        tired_band=tired,
        stratum=(block * n_h + hunger) * n_t + tired,
        cluster=known["day"].to_numpy() - shift,
    )


def _ratio(num: float, den: float) -> float | None:
    return num / den if den > 0 else None


def _mantel_haenszel(
    target: np.ndarray, cried: np.ndarray, stratum: np.ndarray
) -> tuple[float | None, float | None, float | None, int]:
    """Return the MH odds ratio, its 95% CI and the number of comparable sessions (in
    strata with both groups present) on the thinner side."""
    keys, inverse = np.unique(stratum, return_inverse=True)
    k = len(keys)
    a = np.bincount(inverse, weights=target & cried, minlength=k)
    b = np.bincount(inverse, weights=target & ~cried, minlength=k)
    c = np.bincount(inverse, weights=~target & cried, minlength=k)
    d = np.bincount(inverse, weights=~target & ~cried, minlength=k)
    both = ((a + b) > 0) & ((c + d) > 0)
    comparable = int(min((a + b)[both].sum(), (c + d)[both].sum()))
    if not both.any():
        return None, None, None, comparable
    a, b, c, d = a[both], b[both], c[both], d[both]
    if a.sum() == 0 and c.sum() == 0:
        return None, None, None, comparable  # no crying in comparable sessions
    if (a * d).sum() == 0 or (b * c).sum() == 0:
        # a zero margin: Haldane's 0.5 correction keeps the estimate finite
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    tables = np.stack([np.stack([a, b]), np.stack([c, d])])  # shape 2 x 2 x K
    st = StratifiedTable(tables)
    low, high = st.oddsratio_pooled_confint(alpha=0.05)
    return float(st.oddsratio_pooled), float(low), float(high), comparable


def _comparable(target: np.ndarray, stratum: np.ndarray) -> int:
    """Sessions in strata holding both sides, counted on the thinner side."""
    keys, inverse = np.unique(stratum, return_inverse=True)
    mine = np.bincount(inverse, weights=target, minlength=len(keys))
    theirs = np.bincount(inverse, weights=~target, minlength=len(keys))
    both = (mine > 0) & (theirs > 0)
    return int(min(mine[both].sum(), theirs[both].sum()))


def _regression(
    data: pd.DataFrame, target: np.ndarray
) -> tuple[float | None, float | None, float | None]:
    """Return the caregiver's odds ratio within days and its day-clustered 95% CI.

    The model (see the module docstring): statsmodels GEE, binomial with logit link, on the
    caregiver, hour block, hunger band and tiredness band (as categories), age, partner
    present and the caregiver's share of the day's sessions; exchangeable correlation
    within a baby-day (independence if that fit fails) and the Mancl-DeRouen bias-reduced
    sandwich variance. None when the model cannot be fitted or its estimate is not usable
    (separation, no convergence)."""
    y = data["cried"].to_numpy(dtype=np.float64)
    if y.sum() < 2 or y.sum() > len(y) - 2 or target.sum() < 2 or (~target).sum() < 2:
        return None, None, None
    columns = [np.ones(len(y)), target.astype(np.float64)]
    for name in ("block", "hunger_band", "tired_band"):
        values = data[name].to_numpy()
        levels, counts = np.unique(values, return_counts=True)
        reference = levels[np.argmax(counts)]
        for level, count in zip(levels, counts, strict=True):
            # rare levels, and levels where every session cried or none did (separation),
            # merge into the reference, so a handful of sessions cannot make the model
            # unidentifiable
            in_level = values == level
            cried_in = y[in_level].sum()
            if level != reference and count >= 5 and 0 < cried_in < count:
                columns.append(in_level.astype(np.float64))
    age = data["age_weeks"].to_numpy(dtype=np.float64)
    if np.ptp(age) > 0:
        columns.append(age - age.mean())
    partner = data["partner_present"].to_numpy(dtype=np.float64)
    if 0 < partner.sum() < len(partner):
        columns.append(partner)
    groups = data["cluster"].to_numpy()
    # The caregiver's share of each day's sessions: with it in the model, the caregiver
    # term compares sessions within the same days (Neuhaus & Kalbfleisch 1998).
    share = pd.Series(target.astype(np.float64)).groupby(groups).transform("mean").to_numpy()
    if np.ptp(share) > 0:
        columns.append(share)
    x = np.column_stack(columns)
    # An exchangeable fit can run away on a short log (the day-share and correlation
    # estimates chase each other); independence then still gives a day-clustered interval.
    fitted = _gee(y, x, groups, Exchangeable()) or _gee(y, x, groups, Independence())
    if fitted is None:
        return None, None, None
    beta, se = fitted
    # t with (days - 1) degrees of freedom rather than the normal: with few clusters a
    # sandwich interval is still a little short (Cameron & Miller 2015, J Hum Resour
    # 50:317-372; Stata does the same for clustered errors).
    q = float(student_t.ppf(0.975, np.unique(groups).size - 1))
    return math.exp(beta), math.exp(beta - q * se), math.exp(beta + q * se)


def _gee(
    y: np.ndarray, x: np.ndarray, groups: np.ndarray, correlation: CovStruct
) -> tuple[float, float] | None:
    """Return the coefficient of column 1 and its Mancl-DeRouen standard error from a
    binomial GEE, or None when the fit fails, does not converge or is not usable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # separation and convergence are checked below
            model = GEE(y, x, groups=groups, family=Binomial(), cov_struct=correlation)
            fit = model.fit(maxiter=50, cov_type="bias_reduced")
            beta = float(fit.params[1])
            se = float(fit.bse[1])
    except (ValueError, AttributeError, np.linalg.LinAlgError, PerfectSeparationError):
        # statsmodels returns None (hence AttributeError) or raises when the fit or the
        # bias-reduced variance is singular
        return None
    if not fit.converged:
        return None
    if not (math.isfinite(beta) and math.isfinite(se)) or not 0 < se < 10 or abs(beta) > 10:
        return None
    return beta, se


def _fussy_hours(
    sessions: pd.DataFrame, target: np.ndarray
) -> tuple[tuple[int, ...], float | None, float | None, float | None]:
    """Return the baby's fussy local hours (where the share of sessions with crying, with
    anyone, is above the overall share; shrunk towards it by 5 sessions' worth), the share
    of the caregiver's session minutes that fall in them, and everyone's crying shares in
    and outside them."""
    hours = sessions["hour"].to_numpy().astype(np.int64)
    cried = sessions["cried"].to_numpy(dtype=bool)
    if not len(hours) or not target.any():
        return (), None, None, None
    overall = cried.mean()
    n = np.bincount(hours, minlength=24)
    k = np.bincount(hours, weights=cried, minlength=24)
    rate = (k + 5 * overall) / (n + 5)
    fussy = (rate > overall) & (n > 0)
    inside = fussy[hours]
    minutes = sessions["duration_min"].to_numpy()
    total = minutes[target].sum()
    share = float(minutes[target & inside].sum() / total) if total > 0 else None
    in_share = float(cried[inside].mean()) if inside.any() else None
    out_share = float(cried[~inside].mean()) if (~inside).any() else None
    return tuple(int(h) for h in np.flatnonzero(fussy)), share, in_share, out_share


# (mh, mh_low, mh_high, regression, regression_low, regression_high)
_Adjusted = tuple[
    float | None, float | None, float | None, float | None, float | None, float | None
]


def _invert(adjusted: _Adjusted) -> _Adjusted:
    """The other side of a two-caregiver comparison: 1/OR, with the interval flipped."""

    def inv(x: float | None) -> float | None:
        return None if x is None or x <= 0 else 1.0 / x

    mh, mh_low, mh_high, reg, reg_low, reg_high = adjusted
    return inv(mh), inv(mh_high), inv(mh_low), inv(reg), inv(reg_high), inv(reg_low)


@dataclass(frozen=True)
class _Raw:
    """The raw count, as a parent would make it: this caregiver's sessions against the
    others'."""

    sessions: int
    cried: int
    share: float | None
    others_sessions: int
    others_share: float | None
    ratio: float | None
    odds_ratio: float | None
    cry_min_per_session: float | None
    others_cry_min_per_session: float | None


def _raw_comparison(sessions: pd.DataFrame, target: np.ndarray) -> _Raw:
    cried = sessions["cried"].to_numpy(dtype=bool)
    cry_min = sessions["cry_min"].to_numpy()
    n_t, n_o = int(target.sum()), int((~target).sum())
    c_t, c_o = int(cried[target].sum()), int(cried[~target].sum())
    share_t = _ratio(c_t, n_t)
    share_o = _ratio(c_o, n_o)
    raw_ratio = _ratio(share_t, share_o) if share_t is not None and share_o else None
    raw_or: float | None = None
    if n_t and n_o and c_t + c_o > 0:
        # Haldane's 0.5 correction when a cell is empty keeps the odds ratio finite
        h = 0.0 if 0 < c_t < n_t and 0 < c_o < n_o else 0.5
        raw_or = ((c_t + h) / (n_t - c_t + h)) / ((c_o + h) / (n_o - c_o + h))
    return _Raw(
        sessions=n_t,
        cried=c_t,
        share=share_t,
        others_sessions=n_o,
        others_share=share_o,
        ratio=raw_ratio,
        odds_ratio=raw_or,
        cry_min_per_session=float(cry_min[target].mean()) if n_t else None,
        others_cry_min_per_session=float(cry_min[~target].mean()) if n_o else None,
    )


@dataclass(frozen=True)
class _Matched:
    """The comparison at matched times and states (see the module docstring)."""

    adjusted: _Adjusted  # Mantel-Haenszel, then regression: each ratio, low, high
    comparable: int
    days: int
    is_enough: bool


def _matched(data: pd.DataFrame, target: np.ndarray, mirrored: _Adjusted | None) -> _Matched:
    """Mantel-Haenszel and (with enough comparable sessions over enough days) the
    regression, or the figures `mirrored` from the other caregiver."""
    cried = data["cried"].to_numpy(dtype=bool)
    mh, mh_low, mh_high, comparable = (
        _mantel_haenszel(target, cried, data["stratum"].to_numpy())
        if mirrored is None
        else (*mirrored[:3], _comparable(target, data["stratum"].to_numpy()))
    )
    clusters = data["cluster"].to_numpy()
    days = int(np.unique(clusters[target]).size)
    others_days = int(np.unique(clusters[~target]).size)
    enough = comparable >= MIN_SESSIONS and min(days, others_days) >= MIN_DAYS
    if not enough:
        reg: tuple[float | None, float | None, float | None] = (None, None, None)
    elif mirrored is not None:
        reg = mirrored[3:]
    else:
        reg = _regression(data, target)
    return _Matched((mh, mh_low, mh_high, *reg), comparable, days, enough)


def _headline(
    adjusted: _Adjusted,
) -> tuple[float | None, float | None, float | None, str | None]:
    """The regression when it could be fitted, else Mantel-Haenszel, with its method."""
    mh, mh_low, mh_high, reg, reg_low, reg_high = adjusted
    if reg is not None:
        return reg, reg_low, reg_high, "regression"
    if mh is not None:
        return mh, mh_low, mh_high, "mantel-haenszel"
    return None, None, None, None


def _verdict(is_enough: bool, low: float | None) -> str:
    """Never overstated: "more" only when the whole 95% interval lies above 1."""
    if not is_enough:
        return VERDICT_NOT_ENOUGH
    if low is not None and low > 1.0:
        return VERDICT_MORE
    return VERDICT_NO_SIGN


def _explained(raw_or: float | None, adjusted: float | None) -> float:
    """The share of the raw log-odds ratio that adjustment removes, clipped to 0-1."""
    if raw_or is not None and raw_or > 1.0 and adjusted is not None and adjusted > 0:
        explained = (math.log(raw_or) - math.log(adjusted)) / math.log(raw_or)
        return min(1.0, max(0.0, explained))
    return 0.0


def _suggested_block(data: pd.DataFrame, target: np.ndarray) -> tuple[str | None, int | None]:
    """The 3-hour block where the others' sessions bunch (name, start hour), or None."""
    others_blocks = data["block"].to_numpy()[~target]
    if not len(others_blocks):
        return None, None
    counts = np.bincount(others_blocks, minlength=8)
    return _BLOCK_NAMES[int(np.argmax(counts))], 3 * int(np.argmax(counts))


def compare_caregiver(
    sessions: pd.DataFrame, caregiver: str, *, mirrored: _Adjusted | None = None
) -> CaregiverComparison:
    """Return how crying in `caregiver`'s care sessions compares with everyone else's.

    `sessions` comes from insights.frame.build_sessions. Ratios are odds ratios except
    raw_ratio (a ratio of shares of sessions with crying). The 95% intervals are two-sided.
    `mirrored` passes in the adjusted figures already computed for the other caregiver of a
    two-caregiver household, inverted (see compare_caregivers).
    """
    target_all = sessions["caregiver"].to_numpy() == caregiver
    raw = _raw_comparison(sessions, target_all)
    fussy = _fussy_hours(sessions, target_all)
    data = add_strata(sessions)
    target = data["caregiver"].to_numpy() == caregiver
    matched = _matched(data, target, mirrored)
    mh, mh_low, mh_high, reg, reg_low, reg_high = matched.adjusted
    adjusted, low, high, method = _headline(matched.adjusted)
    needed = max(0, MIN_SESSIONS - matched.comparable)
    suggested, suggested_start = (
        _suggested_block(data, target) if needed or not matched.is_enough else (None, None)
    )
    return CaregiverComparison(
        caregiver=caregiver,
        sessions=raw.sessions,
        sessions_cried=raw.cried,
        share_cried=raw.share,
        others_sessions=raw.others_sessions,
        others_share_cried=raw.others_share,
        raw_ratio=raw.ratio,
        raw_odds_ratio=raw.odds_ratio,
        cry_min_per_session=raw.cry_min_per_session,
        others_cry_min_per_session=raw.others_cry_min_per_session,
        comparable_sessions=matched.comparable,
        days_with_sessions=matched.days,
        mh_ratio=mh,
        mh_ci_low=mh_low,
        mh_ci_high=mh_high,
        regression_ratio=reg,
        regression_ci_low=reg_low,
        regression_ci_high=reg_high,
        adjusted_ratio=adjusted,
        ci_low=low,
        ci_high=high,
        adjusted_method=method,
        explained_by_timing=_explained(raw.odds_ratio, adjusted),
        fussy_hours=fussy[0],
        fussy_hours_share=fussy[1],
        fussy_hours_cry_share=fussy[2],
        other_hours_cry_share=fussy[3],
        verdict=_verdict(matched.is_enough, low),
        more_sessions_needed=needed,
        suggested_block=suggested,
        suggested_block_start=suggested_start,
    )


def compare_caregivers(sessions: pd.DataFrame) -> tuple[CaregiverComparison, ...]:
    """Return one comparison per caregiver with care sessions, most sessions first.

    With exactly two caregivers, "B against everyone else" is "A against everyone else"
    turned round, so the adjusted odds ratios are computed once and inverted (exact for
    Mantel-Haenszel, and for the regression: the other caregiver's column and day share
    are one minus these, which only re-parametrises the model)."""
    counts = sessions["caregiver"].value_counts()
    keys = [str(c) for c in counts.index]
    if len(keys) != 2:
        return tuple(compare_caregiver(sessions, c) for c in keys)
    first = compare_caregiver(sessions, keys[0])
    adjusted: _Adjusted = (
        first.mh_ratio, first.mh_ci_low, first.mh_ci_high,
        first.regression_ratio, first.regression_ci_low, first.regression_ci_high,
    )  # fmt: skip
    return first, compare_caregiver(sessions, keys[1], mirrored=_invert(adjusted))

"""Age norms the insights compare against, each with its source string.

Model in plain words: crying norms are bands of daily fuss + cry minutes by age, taken only
where /work/shared/domain/crying.md gives figures (weeks 0-6 and 10-12, Wolke et al. 2017);
for other ages we return no band, only the words crying.md supports (rule 1: "never show a
single normal number"; "do not invent a 4-6-month average"). Awake windows are an
ASSUMPTION (bonding.md: "Typical awake-window length at 5 months: UNCONFIRMED"), shared with
the simulator and overridable by every function that uses them.
"""

from __future__ import annotations

from dataclasses import dataclass

WOLKE_2017 = (
    "Wolke D, Bilgin A, Samara M (2017) J Pediatr 185:55-61.e4 "
    "(meta-analysis of 28 diary studies, 8,690 infants)"
)
VERMILLET_2022 = "Vermillet A-Q et al. (2022) Child Dev 93(4):1201-1222"
ST_JAMES_ROBERTS_1991 = (
    "St James-Roberts I, Halil T (1991) J Child Psychol Psychiatry 32(6):951-968"
)
ROME_IV = (
    "Rome IV infant colic, research definition: >=3 h/day on >=3 of 7 days "
    "(Benninga MA et al. 2016; Zeevenhooven J et al. 2017)"
)

# Excess-crying flag (crying.md rule 2, Rome IV research threshold).
EXCESS_CRY_MIN_PER_DAY = 180.0
EXCESS_DAYS_OF_7 = 3
# Rome IV colic "start[s] and stop[s] before 5 months of age" (crying.md §3).
ROME_IV_AGE_LIMIT_MONTHS = 5

# Awake window by age, (age in weeks, minutes), linear in between. ASSUMPTION: no
# authoritative source was retrieved (bonding.md, "Sleep/timing facts"); override freely.
DEFAULT_WAKE_WINDOW_POINTS: tuple[tuple[float, float], ...] = (
    (0, 60), (8, 80), (16, 105), (22, 120), (30, 150), (40, 180), (52, 210),
)  # fmt: skip


def interpolate(points: tuple[tuple[float, float], ...], x: float) -> float:
    """Return the piecewise-linear value of `points` at `x`, flat beyond both ends."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


@dataclass(frozen=True)
class CryingNorm:
    """What crying.md supports for one age range. `band_low_min`/`band_high_min` are the
    pooled mean(s) -1 SD / +1 SD where the source gives them, else None (no band)."""

    age_from_weeks: int
    age_to_weeks: int | None  # inclusive; None = and older
    mean_low_min_per_day: float | None
    mean_high_min_per_day: float | None
    sd_min_per_day: float | None
    band_low_min_per_day: float | None
    band_high_min_per_day: float | None
    description: str  # in English, for the source's record; pages word it in reports/wording.py
    source: str

    @property
    def key(self) -> str:
        """The age range, e.g. "0-6" or "13+" (weeks): how wording finds its sentence."""
        if self.age_to_weeks is None:
            return f"{self.age_from_weeks}+"
        return f"{self.age_from_weeks}-{self.age_to_weeks}"


CRYING_NORMS: tuple[CryingNorm, ...] = (
    CryingNorm(
        0, 6, 117.0, 133.0, 70.0, 47.0, 203.0,
        "Weeks 0-6: fuss + cry averages about 2 hours a day (117-133 min, SD about 66-70), "
        "with a very wide normal spread.",
        WOLKE_2017,
    ),
    CryingNorm(
        7, 9, None, None, None, None, None,
        "Weeks 7-9: crying usually falls from about 2 hours towards about 1 hour a day; the "
        "drop becomes clear after 8-9 weeks.",
        WOLKE_2017,
    ),
    CryingNorm(
        10, 12, 68.0, 68.0, 46.0, 22.0, 114.0,
        "Weeks 10-12: fuss + cry averages about 68 minutes a day (SD 46), with a wide spread.",
        WOLKE_2017,
    ),
    CryingNorm(
        13, None, None, None, None, None, None,
        "After 3 months crying usually keeps falling but stays common and varies a lot "
        "between babies; no reliable average is known for this age.",
        f"{VERMILLET_2022}; {ST_JAMES_ROBERTS_1991}; {WOLKE_2017}",
    ),
)  # fmt: skip


def crying_norm(age_weeks: float) -> CryingNorm:
    """Return the crying norm for a (corrected) age in completed weeks."""
    week = max(0, int(age_weeks))
    for norm in CRYING_NORMS:
        if norm.age_to_weeks is None or week <= norm.age_to_weeks:
            if week >= norm.age_from_weeks:
                return norm
    return CRYING_NORMS[-1]

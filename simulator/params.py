"""The true parameters of the demo family's simulator, with where each number comes from.

Model in plain words: every number that drives the simulated baby and parents lives here,
so that analytics can be checked against the truth. Where the domain notes give a figure
it is cited (files under /work/shared/domain/); where they mark the quantity UNCONFIRMED or
say nothing, the value is a labelled ASSUMPTION that a caller may override through
`simulate(**overrides)`.

Crying model (what the caregiver factor multiplies): each care session independently
contains a cry with probability p, where

    logit(p) = base_log_odds
             + hour effect (local hour of the session's start; evening part fades with age)
             + hunger_log_odds_per_hour * hours since the last feed ended beyond
               hunger_free_min
             + tired_log_odds_per_window * (minutes awake / wake window - 1), if positive
             + age_log_odds_per_week * (age in weeks - age_reference_weeks)
             + partner_present_log_odds if another caregiver is present
             + log(caregiver_factor[caregiver])
             + a day effect ~ Normal(0, day_sd_log_odds)

So the caregiver factor is an ODDS ratio for "the baby cried during this session", at
equal hour, hunger, tiredness, age and partner presence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from insights.norms import DEFAULT_WAKE_WINDOW_POINTS, interpolate

# Local hour-of-day effect on the log-odds of a cry in a session, index = hour 0..23.
# Shape: evening clustering (crying.md §2: afternoon/evening crying, the PURPLE "E") and
# higher risk at night wakings. The magnitudes are an ASSUMPTION: crying.md gives no
# hour-by-hour figures for 4-6 months.
DEFAULT_HOUR_LOG_ODDS: tuple[float, ...] = (
    1.2, 1.2, 1.2, 1.1, 1.0, 0.7,  # 00-05: night wakings
    0.0, -0.3, -0.4, -0.4, -0.4, -0.3,  # 06-11: mornings are calmest
    -0.3, -0.2, 0.0, 0.3, 0.7, 1.0,  # 12-17: rising into late afternoon
    1.3, 1.4, 1.4, 1.4, 1.3, 1.2,  # 18-23: evening peak
)  # fmt: skip

# Hours whose effect fades with age: "the afternoon/evening clustering faded by the
# middle of the first year" (crying.md §2, St James-Roberts & Halil 1991 review).
EVENING_HOURS: frozenset[int] = frozenset(range(15, 24))

# Awake window by age: the insights core's ASSUMPTION (insights.norms), shared so that
# the demo and the analysis mean the same thing by "overtired".
# Interval between daytime feeds by age, (weeks, minutes). ASSUMPTION from the brief
# ("every ~3-4 h at this age"); the domain notes give no feeding-interval figures.
DEFAULT_FEED_INTERVAL_POINTS: tuple[tuple[float, float], ...] = (
    (0, 150), (8, 180), (22, 210), (40, 240), (52, 270),
)  # fmt: skip


@dataclass(frozen=True)
class TrueParameters:
    """Every parameter of the simulated household. Times of day are local minutes since
    midnight; durations are minutes; effects are on the log-odds scale."""

    # --- the baby -------------------------------------------------------------------
    # "a 5 month old" (story.txt) ~ 22 weeks. Raised to `weeks` when a longer record is
    # asked for, so the record never starts before birth.
    age_weeks_at_now: float = 22.0
    wake_window_points: tuple[tuple[float, float], ...] = DEFAULT_WAKE_WINDOW_POINTS
    feed_interval_points: tuple[tuple[float, float], ...] = DEFAULT_FEED_INTERVAL_POINTS
    # Night sleep 19:30 -> 06:30 plus ~3 naps gives ~13-14 h of sleep a day, inside the
    # 12-16 h per 24 h for 4-12 months (bonding.md: Paruthi et al. 2016, AASM). The clock
    # times themselves are an ASSUMPTION.
    morning_wake_local_min: float = 6 * 60 + 30
    morning_wake_sd_min: float = 20.0
    bedtime_local_min: float = 19 * 60 + 30
    bedtime_sd_min: float = 15.0
    nap_min_range: tuple[float, float] = (35.0, 100.0)
    # Night wakings: probabilities of 1, 2, 3 wakings; ASSUMPTION (no domain figure).
    night_waking_probs: tuple[float, float, float] = (0.2, 0.45, 0.35)
    # Chance of an early-night waking 22:15-00:30 (when Dad is back from work); ASSUMPTION.
    early_waking_prob: float = 0.8
    night_waking_min_range: tuple[float, float] = (15.0, 35.0)
    # Solids from about 26 weeks; ASSUMPTION (not in the domain notes).
    solids_from_weeks: float = 26.0

    # --- crying (see the module docstring for the equation) ---------------------------
    # Calibrated so a 22-week-old cries roughly 30-50 min a day in total: an ASSUMPTION,
    # since no reliable 4-6-month average exists (crying.md §1, UNCONFIRMED); it sits
    # below the ~68 min/day (SD 46) measured at 10-12 weeks (Wolke et al. 2017).
    base_log_odds: float = -2.0
    hour_log_odds: tuple[float, ...] = DEFAULT_HOUR_LOG_ODDS
    # Evening part of the hour effect fades from 13 weeks to a floor by 52 weeks
    # (crying.md §2); the ramp is an ASSUMPTION.
    evening_fade_from_weeks: float = 13.0
    evening_fade_to_weeks: float = 52.0
    evening_fade_floor: float = 0.3
    # Crying rises with time since the last feed (crying.md §6: hunger cues come before
    # crying, which is a late sign). Size and threshold are an ASSUMPTION.
    hunger_free_min: float = 150.0
    hunger_log_odds_per_hour: float = 0.6
    # ... and with time awake beyond the age's wake window; ASSUMPTION size.
    tired_log_odds_per_window: float = 1.2
    # Developmental fall in crying across the first year (crying.md §1: Wolke 2017,
    # Vermillet 2022, St James-Roberts & Halil 1991); the slope is an ASSUMPTION.
    age_log_odds_per_week: float = -0.03
    age_reference_weeks: float = 22.0
    # No evidence retrieved either way; 0 means "a partner nearby changes nothing".
    partner_present_log_odds: float = 0.0
    # Good days and bad days (crying.md §1: individual variation is large); ASSUMPTION.
    day_sd_log_odds: float = 0.2
    # Cry length within a session: log-normal, median and log-SD; ASSUMPTION.
    cry_median_min: float = 6.0
    cry_log_sd: float = 0.6
    # Multiplies the odds of a cry in a session by whoever is caring. 1.0 = no effect.
    caregiver_factor: Mapping[str, float] = field(default_factory=lambda: {"mum": 1.0, "dad": 1.0})

    # --- the parents (story.txt: Dad "works 16-18 hours a day & sleeps the rest"; Mum
    # "do[es] diapers, feedings, bathtime, playtime, everything") -------------------------
    dad_leave_local_min: float = 5 * 60 + 50
    # He is back between 22:00 and 23:30 (16-18 h days with the commute).
    dad_return_local_min_range: tuple[float, float] = (22 * 60, 23 * 60 + 30)
    # On weekends he sleeps in until about 10:00.
    dad_weekend_up_local_min: float = 10 * 60
    # Chance Dad takes a session, by situation; ASSUMPTION shaped by the story.
    p_dad_early_night: float = 0.8  # waking 22:00-00:30 once he is home
    p_dad_workday_night: float = 0.25  # later wakings before a workday
    p_dad_weekend_night: float = 0.6  # wakings before a Saturday or Sunday morning
    p_dad_weekend_morning: float = 0.35  # weekend, 10:00-15:00
    p_dad_weekend_afternoon: float = 0.8  # weekend, 15:00 to bedtime
    # His daytime sessions are shorter: he fears the baby will "scream in his face"
    # (story.txt). ASSUMPTION.
    dad_session_length_factor: float = 0.6
    p_dad_bottle: float = 0.3  # Dad's feeds are expressed-milk bottles
    p_mum_present_with_dad_day: float = 0.5
    p_mum_present_with_dad_night: float = 0.25
    p_dad_present_with_mum: float = 0.3  # when he is home and up

    def wake_window_min(self, age_weeks: float) -> float:
        """Return the assumed awake window (minutes) at `age_weeks`."""
        return interpolate(self.wake_window_points, age_weeks)

    def feed_interval_min(self, age_weeks: float) -> float:
        """Return the assumed daytime feed interval (minutes) at `age_weeks`."""
        return interpolate(self.feed_interval_points, age_weeks)

    def hour_effect(self, local_hour: int, age_weeks: float) -> float:
        """Return the log-odds effect of the local hour, with the evening part faded."""
        effect = self.hour_log_odds[local_hour]
        if local_hour in EVENING_HOURS:
            span = self.evening_fade_to_weeks - self.evening_fade_from_weeks
            progress = min(1.0, max(0.0, (age_weeks - self.evening_fade_from_weeks) / span))
            effect *= 1.0 - (1.0 - self.evening_fade_floor) * progress
        return effect

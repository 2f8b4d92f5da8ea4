"""A deterministic simulator of the family in story.txt, with a known truth.

Model in plain words: the simulator walks day by day through the household's local
calendar. Each day the baby wakes in the morning, alternates awake periods (about one wake
window long) with naps, has a bath and a feed at bedtime, then sleeps through a night
broken by one to three wakings. Time runs on an absolute UTC minute line; local time is
used only to place the daily anchors (wake, bedtime, Dad's work hours) and for the
hour-of-day effect, so a daylight-saving night is simply an hour shorter or longer and
never has gaps or overlaps.

Inside each awake period the baby is fed when a feed is due (breast by Mum; sometimes an
expressed-milk bottle by Dad) and otherwise spends time in care sessions (play, holding,
reading or singing, walks, skin-to-skin, soothing), with short unlogged gaps between them.
Every session is attributed to a caregiver; Mum is always at home, Dad is out about
05:50-22:00 on weekdays, so his sessions fall at early-night wakings, some later wakings and
weekend afternoons. Each session independently contains a cry with the logistic
probability in `simulator.params` (the caregiver factor multiplies the odds). A cry that
lasts to the end of Dad's session is handed over to Mum, who soothes on. Activity sessions
record the baby's response consistently with whether a cry happened.

With both caregiver factors at 1.0, Dad's sessions still contain crying more often than
Mum's, purely because of when he is there (crying.md §6, "time-of-day confound").
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from insights.records import EventRecord, TimeWindow, WeeklySchedule

from .params import TrueParameters

# The default "now" is fixed so that a seed alone reproduces the demo household.
DEFAULT_NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)

MUM = "mum"
DAD = "dad"

_DAY_ACTIVITIES_MUM: tuple[tuple[str, float], ...] = (
    ("play", 0.32),
    ("holding", 0.26),
    ("reading", 0.13),
    ("soothing", 0.1),
    ("skin_to_skin", 0.05),
)
_DAY_ACTIVITIES_DAD: tuple[tuple[str, float], ...] = (
    ("play", 0.32),
    ("holding", 0.3),
    ("reading", 0.15),
    ("soothing", 0.08),
    ("skin_to_skin", 0.06),
)
# Session lengths in minutes, uniform in the range; ASSUMPTION.
_DURATION_MIN: dict[str, tuple[int, int]] = {
    "play": (10, 25),
    "holding": (5, 20),
    "reading": (5, 15),
    "soothing": (5, 15),
    "skin_to_skin": (10, 25),
    "walk": (20, 45),
    "bath": (10, 18),
    "breast": (10, 20),
    "bottle": (10, 20),
    "solids": (10, 20),
}
_FOODS = ("baby rice", "pureed carrot", "mashed banana", "pureed pear", "sweet potato")
_NOTES = (
    "Chewing his fists a lot today.",
    "Rolled from tummy to back!",
    "Health visitor weighed him: on his line.",
    "Long contented spell on the play mat.",
    "Grandma visited in the afternoon.",
)
_BOTTLE_ML = (90, 100, 110, 120, 130, 150)


@dataclass(frozen=True)
class Simulation:
    """The simulated household: its log, the truth that produced it, and its context."""

    events: list[EventRecord]
    truth: TrueParameters
    baby_birth_date: date
    schedules: dict[str, WeeklySchedule]
    timezone: str
    now: datetime
    seed: int


def dad_schedule(truth: TrueParameters) -> WeeklySchedule:
    """Return Dad's nominal weekly at-home windows: weekdays before he leaves and after
    22:00 (he is out about 06:00-22:00), all day at weekends."""
    leave = int(math.ceil(truth.dad_leave_local_min / 10) * 10)  # 05:50 -> "about 06:00"
    back = int(truth.dad_return_local_min_range[0])
    workday = (TimeWindow(0, max(leave, 360)), TimeWindow(back, 24 * 60))
    weekend = (TimeWindow(0, 24 * 60),)
    return WeeklySchedule(days=(workday,) * 5 + (weekend,) * 2)


def simulate(
    seed: int = 0,
    weeks: int = 8,
    now: datetime | None = None,
    timezone: str = "Europe/London",
    caregiver_factor: Mapping[str, float] | None = None,
    keep_running: bool = False,
    **overrides: object,
) -> Simulation:
    """Simulate `weeks` of the story's household up to `now`, deterministically for `seed`.

    `now` must be tz-aware (default: DEFAULT_NOW, fixed). Events are EventRecords in UTC,
    sorted by start; nappies and notes have no end. Events still going on at `now` are
    dropped, or kept with end None (a running timer) when `keep_running` is true.
    `caregiver_factor` maps "mum"/"dad" to an odds multiplier for crying in their sessions
    (default 1.0 each). `overrides` replace any field of TrueParameters; an unknown name
    raises TypeError. The baby is `age_weeks_at_now` old at `now` (default 22), raised to
    `weeks` if the record would otherwise start before birth.
    """
    known = {f.name for f in fields(TrueParameters)}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"unknown simulator parameter(s): {', '.join(sorted(unknown))}")
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    now = DEFAULT_NOW if now is None else now
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    factors = {MUM: 1.0, DAD: 1.0, **(caregiver_factor or {})}
    truth = replace(TrueParameters(), caregiver_factor=factors, **overrides)  # type: ignore[arg-type]
    truth = replace(truth, age_weeks_at_now=max(truth.age_weeks_at_now, float(weeks)))

    tz = ZoneInfo(timezone)
    now_utc = now.astimezone(UTC)
    local_now = now_utc.astimezone(tz)
    birth_date = (local_now - timedelta(days=round(truth.age_weeks_at_now * 7))).date()
    first_day = (local_now - timedelta(days=weeks * 7)).date()
    first_day = max(first_day, birth_date)

    builder = _Builder(truth, tz, random.Random(seed), birth_date)
    builder.run(first_day, local_now.date())
    now_min = math.floor(now_utc.timestamp() / 60)
    events = builder.finish(now_min, keep_running)
    schedules = {MUM: WeeklySchedule.always(), DAD: dad_schedule(truth)}
    return Simulation(
        events=events,
        truth=truth,
        baby_birth_date=birth_date,
        schedules=schedules,
        timezone=timezone,
        now=now_utc,
        seed=seed,
    )


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass
class _Day:
    day: date
    wake: int  # UTC minutes since the epoch
    bed: int
    dad_return_local_min: float
    effect: float
    is_workday: bool  # Dad works this local date (Mon-Fri)


class _Builder:
    """Mutable helper that walks the calendar; `simulate` is the pure entry point."""

    def __init__(
        self, truth: TrueParameters, tz: ZoneInfo, rng: random.Random, birth: date
    ) -> None:
        self.t = truth
        self.tz = tz
        self.rng = rng
        self.birth = birth
        self.raw: list[tuple[int, int | None, str, str, tuple[str, ...], dict[str, object]]] = []
        self.last_feed_end = 0
        self.last_sleep_end = 0
        self.side = "left"
        self.night_sleep_start = 0
        self.last_caregiver = MUM

    # --- time helpers ------------------------------------------------------------------
    def to_utc_min(self, day: date, local_min: float) -> int:
        local = datetime(day.year, day.month, day.day, tzinfo=self.tz) + timedelta(
            minutes=local_min
        )
        # Adding a timedelta to an aware datetime keeps wall-clock arithmetic; re-normalise
        # so a nonexistent spring-forward time maps to a real instant.
        return math.floor(local.astimezone(UTC).timestamp() / 60)

    def local(self, minute: int) -> datetime:
        return datetime.fromtimestamp(minute * 60, self.tz)

    def age_weeks(self, minute: int) -> float:
        return (self.local(minute).date() - self.birth).days / 7.0

    # --- the calendar -------------------------------------------------------------------
    def run(self, first: date, last: date) -> None:
        t, rng = self.t, self.rng
        days: list[_Day] = []
        d = first
        while d <= last + timedelta(days=1):
            wake = self.to_utc_min(d, rng.gauss(t.morning_wake_local_min, t.morning_wake_sd_min))
            bed = self.to_utc_min(d, rng.gauss(t.bedtime_local_min, t.bedtime_sd_min))
            ret = rng.uniform(*t.dad_return_local_min_range)
            days.append(_Day(d, wake, bed, ret, rng.gauss(0.0, t.day_sd_log_odds), d.weekday() < 5))
            d += timedelta(days=1)
        self.last_feed_end = days[0].wake - 150
        self.last_sleep_end = days[0].wake
        for today, tomorrow in zip(days, days[1:], strict=False):
            self.simulate_day(today)
            self.simulate_night(today, tomorrow)

    def simulate_day(self, day: _Day) -> None:
        t, rng = self.t, self.rng
        start = max(day.wake, self.last_sleep_end)
        self.last_sleep_end = start
        who = self.pick_caregiver(start, day, "nappy")
        self.nappy(start + 1, who, day)
        age = self.age_weeks(start)
        window = t.wake_window_min(age)
        routine_start = day.bed - 45
        now_ = start
        walked = False
        while True:
            awake_len = window * math.exp(rng.gauss(0.0, 0.2))
            nap_len = rng.uniform(*t.nap_min_range)
            if now_ + awake_len + nap_len + 40 >= routine_start:
                break  # the last awake period runs into the bedtime routine
            now_, walked = self.awake_period(now_, now_ + round(awake_len), day, walked)
            nap_end = now_ + round(nap_len)
            self.emit("sleep", now_, nap_end, self.last_caregiver, (), {})
            self.last_sleep_end = now_ = nap_end
            if rng.random() < 0.6:  # ~6-8 nappies a day in all; ASSUMPTION
                self.nappy(now_ + 1, self.pick_caregiver(now_, day, "nappy"), day)
        now_, walked = self.awake_period(now_, routine_start, day, walked)
        # Bedtime routine: bath (Mum; story.txt "I do ... bathtime") then a feed to sleep.
        bath_end = now_ + rng.randint(*_DURATION_MIN["bath"])
        present = (DAD,) if self.dad_up(now_, day) and rng.random() < 0.5 else ()
        self.session("bath", now_, bath_end, MUM, present, day, {})
        feed_start = bath_end + rng.randint(0, 4)
        feed_end = max(day.bed, feed_start + 10)
        self.feed(feed_start, feed_end, MUM, (), day, method="breast")
        self.night_sleep_start = feed_end

    def simulate_night(self, day: _Day, tomorrow: _Day) -> None:
        t, rng = self.t, self.rng
        sleep_start = self.night_sleep_start
        morning = max(tomorrow.wake, sleep_start + 8 * 60)
        count = rng.choices((1, 2, 3), weights=t.night_waking_probs)[0]
        wakings: list[int] = []
        if rng.random() < t.early_waking_prob:
            wakings.append(self.to_utc_min(day.day, rng.uniform(22 * 60 + 15, 24 * 60 + 30)))
        while len(wakings) < count:
            wakings.append(self.to_utc_min(day.day, rng.uniform(24 * 60 + 30, 29 * 60 + 30)))
        wakings.sort()
        for w in wakings:
            if w <= sleep_start + 30 or w >= morning - 30:
                continue
            self.emit("sleep", sleep_start, w, MUM, (), {})
            self.last_sleep_end = w
            end = self.night_waking(w, day, tomorrow)
            sleep_start = end
        morning = max(morning, sleep_start + 10)
        self.emit("sleep", sleep_start, morning, MUM, (), {})
        self.last_sleep_end = morning

    def night_waking(self, start: int, day: _Day, tomorrow: _Day) -> int:
        t, rng = self.t, self.rng
        length = round(rng.uniform(*t.night_waking_min_range))
        who = self.pick_caregiver(start, day, "night", tomorrow=tomorrow)
        present = self.present_with(who, start, day, night=True)
        if who == MUM:
            if rng.random() < 0.8:
                end = self.feed(start, start + length, MUM, present, day, method="breast")
            else:
                kind = "soothing" if rng.random() < 0.5 else "holding"
                end = self.session(kind, start, start + length, MUM, present, day, {})
        else:
            u = rng.random()
            if u < t.p_dad_bottle:
                end = self.feed(start, start + length, DAD, present, day, method="bottle")
            else:
                kind = "holding" if u < t.p_dad_bottle + 0.4 else "soothing"
                end = self.session(kind, start, start + length, DAD, present, day, {})
        if rng.random() < 0.3:
            self.nappy(end - 2, who, day)
        return end

    def awake_period(self, start: int, end: int, day: _Day, walked: bool) -> tuple[int, bool]:
        """Fill [start, end) with feeds, sessions and gaps; return where it really ended."""
        t, rng = self.t, self.rng
        now_ = start
        age = self.age_weeks(start)
        interval = t.feed_interval_min(age)
        first = True
        solids_done = False
        while end - now_ >= 8:
            since_feed = now_ - self.last_feed_end
            due = since_feed >= (0.6 * interval if first else interval)
            local = self.local(now_)
            local_min = local.hour * 60 + local.minute
            who = self.pick_caregiver(now_, day, "day")
            present = self.present_with(who, now_, day, night=False)
            if due:
                method = "breast"
                if who == DAD and rng.random() >= t.p_dad_bottle:
                    who = MUM  # he hands the baby back for a breastfeed
                    present = self.present_with(who, now_, day, night=False)
                elif who == DAD:
                    method = "bottle"
                lo, hi = _DURATION_MIN[method]
                now_ = self.feed(now_, min(end, now_ + rng.randint(lo, hi)), who, present, day,
                                 method=method)  # fmt: skip
                if rng.random() < 0.7:
                    self.nappy(now_, who, day)
            elif (
                not solids_done
                and age >= t.solids_from_weeks
                and (11 * 60 <= local_min < 12 * 60 + 30 or 16 * 60 + 30 <= local_min < 18 * 60)
            ):
                lo, hi = _DURATION_MIN["solids"]
                now_ = self.feed(now_, min(end, now_ + rng.randint(lo, hi)), who, present, day,
                                 method="solids")  # fmt: skip
                solids_done = True
            else:
                if not walked and 9 * 60 + 30 <= local_min < 16 * 60 and rng.random() < 0.35:
                    kind = "walk"
                    walked = True
                else:
                    table = _DAY_ACTIVITIES_DAD if who == DAD else _DAY_ACTIVITIES_MUM
                    kind = rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]
                lo, hi = _DURATION_MIN[kind]
                if who == DAD:
                    scale = t.dad_session_length_factor
                    lo, hi = max(3, round(lo * scale)), max(4, round(hi * scale))
                details: dict[str, object] = {}
                if kind == "reading":
                    details["activity"] = "singing" if rng.random() < 0.35 else "reading"
                now_ = self.session(kind, now_, min(end, now_ + rng.randint(lo, hi)), who,
                                    present, day, details)  # fmt: skip
            first = False
            if rng.random() < 0.04:
                self.emit("note", now_, None, MUM, (), {"text": rng.choice(_NOTES)})
            if rng.random() < 0.5:
                now_ += rng.randint(2, 15)
        return max(now_, end), walked

    # --- who cares -----------------------------------------------------------------------
    def dad_home(self, minute: int, day: _Day) -> bool:
        local = self.local(minute)
        local_min = local.hour * 60 + local.minute
        if local.weekday() >= 5:
            return True
        if local.date() == day.day:
            return local_min < self.t.dad_leave_local_min or local_min >= day.dad_return_local_min
        # After midnight of a workday evening: he is home until he leaves.
        return local_min < self.t.dad_leave_local_min

    def dad_up(self, minute: int, day: _Day) -> bool:
        """Dad is at home and awake in the daytime (weekends after he gets up)."""
        local = self.local(minute)
        local_min = local.hour * 60 + local.minute
        return local.weekday() >= 5 and local_min >= self.t.dad_weekend_up_local_min

    def pick_caregiver(
        self, minute: int, day: _Day, situation: str, tomorrow: _Day | None = None
    ) -> str:
        t, rng = self.t, self.rng
        if not self.dad_home(minute, day):
            return MUM
        local = self.local(minute)
        local_min = local.hour * 60 + local.minute
        if situation == "night":
            if local.date() == day.day or local_min < 30:  # the early-night slot
                p = t.p_dad_early_night
            elif tomorrow is not None and tomorrow.is_workday:
                p = t.p_dad_workday_night
            else:
                p = t.p_dad_weekend_night
        elif situation == "day":
            if not self.dad_up(minute, day):
                return MUM
            p = t.p_dad_weekend_morning if local_min < 15 * 60 else t.p_dad_weekend_afternoon
        else:
            p = 0.3 if self.dad_up(minute, day) else 0.0
        return DAD if rng.random() < p else MUM

    def present_with(self, who: str, minute: int, day: _Day, night: bool) -> tuple[str, ...]:
        t, rng = self.t, self.rng
        if who == DAD:
            p = t.p_mum_present_with_dad_night if night else t.p_mum_present_with_dad_day
            return (MUM,) if rng.random() < p else ()
        if not night and self.dad_up(minute, day) and rng.random() < t.p_dad_present_with_mum:
            return (DAD,)
        return ()

    # --- events --------------------------------------------------------------------------
    def emit(
        self,
        kind: str,
        start: int,
        end: int | None,
        who: str,
        present: tuple[str, ...],
        details: dict[str, object],
    ) -> None:
        self.raw.append((start, end, kind, who, present, details))

    def nappy(self, minute: int, who: str, day: _Day) -> None:
        rng = self.rng
        dirty = rng.random() < 0.25
        wet = rng.random() < 0.95 or not dirty
        self.emit("nappy", minute, None, who, (), {"wet": wet, "dirty": dirty})

    def feed(
        self,
        start: int,
        end: int,
        who: str,
        present: tuple[str, ...],
        day: _Day,
        method: str,
    ) -> int:
        rng = self.rng
        details: dict[str, object] = {"method": method}
        if method == "breast":
            if rng.random() < 0.2:
                details["side"] = "both"
            else:
                self.side = "right" if self.side == "left" else "left"
                details["side"] = self.side
        elif method == "bottle":
            details["amount_ml"] = rng.choice(_BOTTLE_ML)
        else:
            details["food"] = rng.choice(_FOODS)
        care_end = self.session("feed", start, end, who, present, day, details)
        self.last_feed_end = max(end, start + 3)  # the feed itself, not a handover after it
        return care_end

    def cry_log_odds(self, start: int, who: str, present: tuple[str, ...], day: _Day) -> float:
        t = self.t
        local = self.local(start)
        age = (local.date() - self.birth).days / 7.0
        hunger_h = max(0.0, (start - self.last_feed_end - t.hunger_free_min) / 60.0)
        awake = max(0, start - self.last_sleep_end)
        over_window = max(0.0, awake / t.wake_window_min(age) - 1.0)
        factor = t.caregiver_factor.get(who, 1.0)
        return (
            t.base_log_odds
            + t.hour_effect(local.hour, age)
            + t.hunger_log_odds_per_hour * hunger_h
            + t.tired_log_odds_per_window * over_window
            + t.age_log_odds_per_week * (age - t.age_reference_weeks)
            + (t.partner_present_log_odds if present else 0.0)
            + math.log(factor)
            + day.effect
        )

    def session(
        self,
        kind: str,
        start: int,
        end: int,
        who: str,
        present: tuple[str, ...],
        day: _Day,
        details: dict[str, object],
    ) -> int:
        """Emit a care session with its cry (if any); return when care ended, including a
        handover to Mum after a cry that outlasted Dad's session."""
        rng = self.rng
        end = max(end, start + 3)
        self.last_caregiver = who
        p_cry = _expit(self.cry_log_odds(start, who, present, day))
        cried = rng.random() < p_cry
        handed_over = cried and self.cry(kind, start, end, who, present, day)
        if kind != "feed":
            details = self.rated(details, cried, p_cry, who)
        self.emit(kind, start, end, who, present, details)
        if handed_over:
            follow_end = end + rng.randint(5, 15)
            return self.session("soothing", end, follow_end, MUM, (DAD,), day, {})
        return end

    def cry(
        self, kind: str, start: int, end: int, who: str, present: tuple[str, ...], day: _Day
    ) -> bool:
        """Emit the cry in a care session from ``start`` to ``end``; return whether Dad
        handed over to Mum (the cry outlasted his session)."""
        t, rng = self.t, self.rng
        length = end - start
        cry_start = start + rng.randint(0, max(0, int(0.7 * length)))
        cry_len = max(1, round(math.exp(rng.gauss(math.log(t.cry_median_min), t.cry_log_sd))))
        cry_end = cry_start + cry_len
        reached_end = cry_end >= end
        cry_end = min(cry_end, end)
        cry_len = cry_end - cry_start
        ended = self.cry_ending(kind, start, who, day, reached_end)
        intensity = 1 + (cry_len > 4) + (cry_len > 12 and rng.random() < 0.7)
        purple = self.purple_signs(cry_start, cry_len)
        self.emit(
            "cry",
            cry_start,
            cry_end,
            who,
            present,
            {"intensity": intensity, "ended": ended, "purple": purple},
        )
        return ended == "handed_over"

    def cry_ending(self, kind: str, start: int, who: str, day: _Day, reached_end: bool) -> str:
        """How a cry in a ``kind`` session ended (carelog's ENDINGS codes)."""
        rng = self.rng
        if reached_end and who == DAD and self.dad_home(start, day):
            return "handed_over"
        if kind == "feed":
            return "fed"
        if reached_end and self.local(start).hour in (0, 1, 2, 3, 4, 5, 22, 23):
            return "slept"
        if kind in ("soothing", "holding", "walk", "skin_to_skin"):
            return "soothed" if rng.random() < 0.75 else "stopped_on_own"
        return "soothed" if rng.random() < 0.5 else "stopped_on_own"

    def purple_signs(self, cry_start: int, cry_len: int) -> list[str]:
        """The PURPLE crying signs a parent would tick for this cry."""
        rng = self.rng
        purple = []
        if rng.random() < 0.4:
            purple.append("unexpected")
        if cry_len > 10:
            purple.append("resists_soothing")
        if rng.random() < 0.2:
            purple.append("pain_like_face")
        if cry_len > 20:
            purple.append("long_lasting")
        if 17 <= self.local(cry_start).hour <= 23:
            purple.append("evening")
        return purple

    def rated(
        self, details: dict[str, object], cried: bool, p_cry: float, who: str
    ) -> dict[str, object]:
        """``details`` with the baby's response and the parent's confidence (1-5), as a
        parent rates a session that is not a feed."""
        rng = self.rng
        details = dict(details)
        if cried:
            details["baby_response"] = "crying"
        else:
            details["baby_response"] = "fussy" if rng.random() < min(0.5, p_cry) else "content"
        base = 2.5 if who == DAD else 4.0
        score = base + (-1.0 if cried else 0.5) + rng.gauss(0.0, 0.6)
        details["parent_confidence"] = int(min(5, max(1, round(score))))
        return details

    def finish(self, now_min: int, keep_running: bool) -> list[EventRecord]:
        out: list[EventRecord] = []
        for start, end, kind, who, present, details in sorted(self.raw, key=lambda r: r[0]):
            if start >= now_min:
                continue
            if end is not None and end > now_min:
                if not keep_running:
                    continue
                end = None
            out.append(
                EventRecord(
                    kind=kind,
                    start=datetime.fromtimestamp(start * 60, UTC),
                    end=None if end is None else datetime.fromtimestamp(end * 60, UTC),
                    caregiver=who,
                    others_present=present,
                    details=details,
                )
            )
        return out

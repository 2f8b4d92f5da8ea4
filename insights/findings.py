"""Findings: a short ordered list of plain sentences for a tired parent.

Model in plain words: the caregiver question comes first (it is why the family is here),
for the caregiver whose sessions have the highest raw share of crying: first the timing
(where their time with the baby falls and how much the baby cries then with anyone), then
the raw count, then the matched comparison with its interval and a verdict that never
overstates. Then the crying amount against what is known for the baby's age, the calm
windows, and the care split with one concrete suggestion.

Language follows crying.md rule 6: never "hates", "rejects" or "prefers"; a finding about
more crying with one parent carries the developmental explanation (crying.md §5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .verdicts import VERDICT_MORE, VERDICT_NO_SIGN

if TYPE_CHECKING:  # only named in annotations: the pages import this without the statistics
    from .calm import CalmWindows
    from .caregivers import CaregiverComparison
    from .crying import CryingProfile
    from .load import CareLoad

BANNED_WORDS = ("hate", "reject", "prefer")


@dataclass(frozen=True)
class Finding:
    code: str  # stable key: "timing", "raw", "adjusted", "crying_amount", ...
    text: str
    caregiver: str | None = None


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)}%"


def _explained(x: float) -> str:
    return "Nearly all" if x >= 0.95 else f"About {_pct(x)}"


#: Below these, a share or an average says more than the data knows: the count is given
#: with how many more are needed instead (issue 8, honest first days).
MIN_SESSIONS_FOR_SHARE = 10
MIN_DAYS_FOR_AVERAGE = 3


def hour_ranges(hours: tuple[int, ...]) -> str:
    """Return local hours as ranges, wrapping midnight: (15, ..., 23, 0, ..., 5) ->
    "15:00-06:00"."""
    chosen = set(hours)
    if len(chosen) == 24:
        return "all day"
    starts = [h for h in sorted(chosen) if (h - 1) % 24 not in chosen]
    ranges = []
    for start in starts:
        end = start
        while (end + 1) % 24 in chosen:
            end = (end + 1) % 24
        ranges.append(f"{start:02d}:00-{(end + 1) % 24:02d}:00")
    return ", ".join(ranges)


def caregiver_findings(c: CaregiverComparison, name: str, baby: str, others: str) -> list[Finding]:
    """Return the timing, raw and adjusted sentences for one caregiver."""
    out: list[Finding] = []
    if c.fussy_hours and c.fussy_hours_share is not None:
        text = (
            f"{_pct(c.fussy_hours_share)} of {name}'s time with {baby} falls in {baby}'s "
            f"fussiest hours ({hour_ranges(c.fussy_hours)})"
        )
        if c.fussy_hours_cry_share is not None and c.other_hours_cry_share is not None:
            text += (
                f", when {baby} cries in {_pct(c.fussy_hours_cry_share)} of sessions with "
                f"anyone, against {_pct(c.other_hours_cry_share)} at other times"
            )
        out.append(Finding("timing", text + ".", c.caregiver))
    if c.share_cried is not None and c.sessions < MIN_SESSIONS_FOR_SHARE:
        more = MIN_SESSIONS_FOR_SHARE - c.sessions
        out.append(
            Finding(
                "raw",
                f"So far {baby} cried in {c.sessions_cried} of {name}'s {c.sessions} "
                f"session{'s' if c.sessions != 1 else ''}; a share needs at least "
                f"{MIN_SESSIONS_FOR_SHARE} ({more} more).",
                c.caregiver,
            )
        )
    elif c.share_cried is not None and c.others_share_cried is not None:
        out.append(
            Finding(
                "raw",
                f"Counting every session, {baby} cried in {_pct(c.share_cried)} of {name}'s "
                f"({c.sessions_cried} of {c.sessions}) and {_pct(c.others_share_cried)} of "
                f"{others}'s.",
                c.caregiver,
            )
        )
    if c.verdict == VERDICT_NO_SIGN:
        text = "At the same times of day and in the same state (hunger, tiredness), there is "
        text += f"no sign that {baby} cries more with {name}"
        if c.adjusted_ratio is not None:
            text += (
                f": the matched odds ratio is {c.adjusted_ratio:.2f} (95% interval "
                f"{c.ci_low:.2f} to {c.ci_high:.2f})"
            )
        if c.raw_odds_ratio is not None and c.raw_odds_ratio > 1 and c.explained_by_timing > 0:
            text += (
                f". {_explained(c.explained_by_timing)} of the raw difference is explained "
                f"by when and in what state the sessions happen"
            )
        if c.ci_high is not None and c.ci_high > 1:
            # "No sign" is not reassurance: the interval's far end is the largest difference
            # this much data could still hide (issue 10).
            text += (
                f". That is not proof of no difference: with this much data, odds of crying "
                f"up to {c.ci_high:.1f} times as high with {name} could still be hidden"
            )
        out.append(Finding("adjusted", text + ".", c.caregiver))
    elif c.verdict == VERDICT_MORE:
        # rule 6: attach the developmental explanation (crying.md §5: preference for the
        # familiar is expected at 2-7 months; attachment follows responsiveness)
        out.append(
            Finding(
                "adjusted",
                f"Even at the same times and in the same state, {baby} does cry more often "
                f"with {name}: about {c.adjusted_ratio:.1f} times the odds (95% interval "
                f"{c.ci_low:.1f} to {c.ci_high:.1f}). At this age babies are still getting to "
                f"know the people around them and settling gets easier with practice: "
                f"short sessions when {baby} is fed and rested help.",
                c.caregiver,
            )
        )
    else:
        need = max(c.more_sessions_needed, 1)
        where = f", ideally in the {c.suggested_block}" if c.suggested_block else ""
        out.append(
            Finding(
                "adjusted",
                f"Not enough data yet to compare {name}'s sessions at the same times: log "
                f"{need} more session{'s' if need > 1 else ''}{where}, over at least a week.",
                c.caregiver,
            )
        )
    return out


def build_findings(
    crying: CryingProfile,
    caregivers: tuple[CaregiverComparison, ...],
    calm: CalmWindows,
    load: CareLoad,
    *,
    names: Mapping[str, str] | None = None,
    baby_name: str = "the baby",
    not_logged: tuple[str, ...] = (),
) -> tuple[Finding, ...]:
    """Return the ordered findings. `names` maps caregiver keys to display names;
    `not_logged` names kinds the family has never logged, said so instead of as zero."""
    names = names or {}

    def name(key: str) -> str:
        return names.get(key, key.capitalize())

    baby = baby_name
    out: list[Finding] = []
    compared = [c for c in caregivers if c.sessions and c.share_cried is not None]
    if len(caregivers) >= 2 and compared:
        focus = max(compared, key=lambda c: c.raw_ratio or 0.0)
        others = " and ".join(name(c.caregiver) for c in caregivers if c is not focus)
        out += caregiver_findings(focus, name(focus.caregiver), baby, others)
        for c in caregivers:
            if c is not focus and c.verdict == VERDICT_MORE:
                out += caregiver_findings(c, name(c.caregiver), baby, name(focus.caregiver))

    if "crying" in not_logged:
        out.append(
            Finding(
                "crying_not_logged",
                f"No crying has been logged, so Nestling can't say how much {baby} cries or "
                f"whether it happens more with one of you. Logging a cry when it starts, "
                f"with who was there, is what these answers rest on.",
            )
        )
    elif crying.last_7_days_mean_cry_min is None and crying.episodes:
        out.append(
            Finding(
                "crying_not_logged_recently",
                f"No crying has been logged in the last 7 days, so there is no figure for "
                f"how much {baby} cried this week.",
            )
        )
    days = crying.last_7_days_logged
    if crying.last_7_days_mean_cry_min is not None and days < MIN_DAYS_FOR_AVERAGE:
        total = crying.last_7_days_mean_cry_min * days
        more = MIN_DAYS_FOR_AVERAGE - days
        out.append(
            Finding(
                "crying_amount_early",
                f"So far {baby} cried for {total:.0f} minutes over {days} logged "
                f"day{'s' if days != 1 else ''}. An average a day needs at least "
                f"{MIN_DAYS_FOR_AVERAGE} days of logging ({more} more).",
            )
        )
    elif crying.last_7_days_mean_cry_min is not None:
        span = "the last 7 days" if days >= 7 else f"the {days} days logged this week"
        text = (
            f"Over {span} {baby} cried on average {crying.last_7_days_mean_cry_min:.0f} "
            f"minutes a day"
        )
        if crying.peak_hour is not None:
            text += f", most around {crying.peak_hour:02d}:00"
        out.append(Finding("crying_amount", text + ". " + crying.norm.description))
    if crying.is_excess:
        text = (
            f"On {crying.excess_days_last_7} of the last 7 days {baby} cried for 3 hours or "
            f"more: worth a check with your GP or health visitor."
        )
        if crying.is_past_colic_age:
            text += (
                " Crying that starts or persists past 5 months is outside the usual colic "
                "definition, so it is worth checking with your doctor."
            )
        out.append(Finding("excess_crying", text))

    if calm.top:
        best = calm.top[0]
        out.append(
            Finding(
                "calm_window",
                f"{baby[0].upper() + baby[1:]} is most often content around "
                f"{best.local_start} ({_pct(best.content_rate)} of sessions at that hour).",
            )
        )
    for who, windows in calm.for_availability.items():
        if windows and len(caregivers) >= 2:
            slots = ", ".join(w.local_start for w in windows[:3])
            out.append(
                Finding(
                    "calm_window_for",
                    f"Good calm times when {name(who)} is around: {slots}.",
                    who,
                )
            )

    if len(load.by_caregiver) >= 2:
        parts = [f"{name(c.caregiver)} {_pct(c.share_of_care_min)}" for c in load.by_caregiver]
        main = load.by_caregiver[0]
        text = "Share of logged care time (entries with a length): " + ", ".join(parts)
        if main.share_of_night_min is not None:
            text += f"; at night {name(main.caregiver)} did {_pct(main.share_of_night_min)}"
        # Nappies, bottles and other entries with no length count here, not as 0 minutes.
        all_entries = sum(c.entries for c in load.by_caregiver)
        if all_entries:
            counts = ", ".join(
                f"{name(c.caregiver)} {c.entries:,} ({_pct(c.entries / all_entries)})"
                for c in load.by_caregiver
            )
            text += f". Entries of every kind, timed or not: {counts}"
        out.append(Finding("care_split", text + "."))
        if load.suggestions:
            s = load.suggestions[0]
            out.append(Finding("suggestion", s.text, s.caregiver))
    return tuple(out)

"""Findings: a short ordered list of what to tell a tired parent, as codes and figures.

Model in plain words: the caregiver question comes first (it is why the family is here),
for the caregiver whose sessions have the highest raw share of crying: first the timing
(where their time with the baby falls and how much the baby cries then with anyone), then
the raw count, then the matched comparison with its interval and a verdict that never
overstates. Then the crying amount against what is known for the baby's age, the calm
windows, and the care split with one concrete suggestion.

The sentences themselves are in reports/wording.py, in the reader's language.

Language follows crying.md rule 6: never "hates", "rejects" or "prefers"; a finding about
more crying with one parent carries the developmental explanation (crying.md §5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .verdicts import VERDICT_MORE, VERDICT_NO_SIGN

if TYPE_CHECKING:  # only named in annotations: the pages import this without the statistics
    from .calm import CalmWindows
    from .caregivers import CaregiverComparison
    from .crying import CryingProfile
    from .load import CareLoad

BANNED_WORDS = ("hate", "reject", "prefer")


@dataclass(frozen=True)
class Finding:
    """One thing to tell the family: a stable ``code`` and the figures it rests on.

    The words live in one place, reports/wording.py, in the reader's language; ``params``
    hold numbers, hours, dates and caregiver keys (never names or English), so the same
    finding reads right in any language and after a member is renamed."""

    code: str  # "timing", "raw", "adjusted", "crying_amount", ...
    params: Mapping[str, Any] = field(default_factory=dict)
    caregiver: str | None = None


#: Below these, a share or an average says more than the data knows: the count is given
#: with how many more are needed instead (issue 8, honest first days).
MIN_SESSIONS_FOR_SHARE = 10
MIN_DAYS_FOR_AVERAGE = 3


def hour_ranges(hours: tuple[int, ...]) -> str:
    """Return local hours as ranges, wrapping midnight: (15, ..., 23, 0, ..., 5) ->
    "15:00-06:00"; all 24 hours -> "00:00-00:00" (the wording says "all day")."""
    chosen = set(hours)
    if len(chosen) == 24:
        return "00:00-00:00"
    starts = [h for h in sorted(chosen) if (h - 1) % 24 not in chosen]
    ranges = []
    for start in starts:
        end = start
        while (end + 1) % 24 in chosen:
            end = (end + 1) % 24
        ranges.append(f"{start:02d}:00-{(end + 1) % 24:02d}:00")
    return ", ".join(ranges)


def caregiver_findings(c: CaregiverComparison, others: tuple[str, ...]) -> list[Finding]:
    """Return the timing, raw and adjusted findings for one caregiver (``others``: the
    other caregivers' keys)."""
    out: list[Finding] = []
    who = c.caregiver
    if c.fussy_hours and c.fussy_hours_share is not None:
        out.append(
            Finding(
                "timing",
                {
                    "share": c.fussy_hours_share,
                    "hours": tuple(c.fussy_hours),
                    "cry_share_then": c.fussy_hours_cry_share,
                    "cry_share_other_times": c.other_hours_cry_share,
                },
                who,
            )
        )
    if c.share_cried is not None and c.sessions < MIN_SESSIONS_FOR_SHARE:
        out.append(
            Finding(
                "raw",
                {
                    "early": True,
                    "cried": c.sessions_cried,
                    "sessions": c.sessions,
                    "needed": MIN_SESSIONS_FOR_SHARE,
                    "more": MIN_SESSIONS_FOR_SHARE - c.sessions,
                },
                who,
            )
        )
    elif c.share_cried is not None and c.others_share_cried is not None:
        out.append(
            Finding(
                "raw",
                {
                    "early": False,
                    "share": c.share_cried,
                    "cried": c.sessions_cried,
                    "sessions": c.sessions,
                    "others": others,
                    "others_share": c.others_share_cried,
                },
                who,
            )
        )
    matched = {
        "verdict": c.verdict,
        "ratio": c.adjusted_ratio,
        "ci_low": c.ci_low,
        "ci_high": c.ci_high,
    }
    if c.verdict == VERDICT_NO_SIGN:
        explained = (
            c.explained_by_timing
            if c.raw_odds_ratio is not None and c.raw_odds_ratio > 1 and c.explained_by_timing > 0
            else None
        )
        # "No sign" is not reassurance: the interval's far end is the largest difference
        # this much data could still hide (issue 10).
        could_hide = c.ci_high if c.ci_high is not None and c.ci_high > 1 else None
        out.append(
            Finding("adjusted", {**matched, "explained": explained, "could_hide": could_hide}, who)
        )
    elif c.verdict == VERDICT_MORE:
        # rule 6: the wording attaches the developmental explanation (crying.md §5:
        # preference for the familiar is expected at 2-7 months; attachment follows
        # responsiveness)
        out.append(Finding("adjusted", matched, who))
    else:
        out.append(
            Finding(
                "adjusted",
                {
                    "verdict": c.verdict,
                    "more": max(c.more_sessions_needed, 1),
                    "block_start": c.suggested_block_start,
                },
                who,
            )
        )
    return out


#: The codes of the caregiver comparison's findings, in the order they are told.
CAREGIVER_CODES = ("timing", "raw", "adjusted")


def build_findings(
    crying: CryingProfile,
    caregivers: tuple[CaregiverComparison, ...],
    calm: CalmWindows,
    load: CareLoad,
    *,
    not_logged: tuple[str, ...] = (),
) -> tuple[Finding, ...]:
    """Return the ordered findings; `not_logged` names kinds the family has never logged,
    said so instead of as zero."""
    out: list[Finding] = []
    compared = [c for c in caregivers if c.sessions and c.share_cried is not None]
    if len(caregivers) >= 2 and compared:
        focus = max(compared, key=lambda c: c.raw_ratio or 0.0)
        others = tuple(c.caregiver for c in caregivers if c is not focus)
        out += caregiver_findings(focus, others)
        for c in caregivers:
            if c is not focus and c.verdict == VERDICT_MORE:
                out += caregiver_findings(c, (focus.caregiver,))

    if "crying" in not_logged:
        out.append(Finding("crying_not_logged"))
    elif crying.last_7_days_mean_cry_min is None and crying.episodes:
        out.append(Finding("crying_not_logged_recently"))
    days = crying.last_7_days_logged
    if crying.last_7_days_mean_cry_min is not None and days < MIN_DAYS_FOR_AVERAGE:
        out.append(
            Finding(
                "crying_amount_early",
                {
                    "minutes": round(crying.last_7_days_mean_cry_min * days),
                    "days": days,
                    "needed": MIN_DAYS_FOR_AVERAGE,
                    "more": MIN_DAYS_FOR_AVERAGE - days,
                },
            )
        )
    elif crying.last_7_days_mean_cry_min is not None:
        out.append(
            Finding(
                "crying_amount",
                {
                    "minutes_a_day": round(crying.last_7_days_mean_cry_min),
                    "days": min(days, 7),
                    "peak_hour": crying.peak_hour,
                    "norm": crying.norm.key,
                },
            )
        )
    if crying.is_excess:
        out.append(
            Finding(
                "excess_crying",
                {
                    "days": crying.excess_days_last_7,
                    "past_colic_age": crying.is_past_colic_age,
                },
            )
        )

    if calm.top:
        best = calm.top[0]
        out.append(
            Finding(
                "calm_window",
                {"weekday": best.weekday, "hour": best.hour, "share": best.content_rate},
            )
        )
    for who, windows in calm.for_availability.items():
        if windows and len(caregivers) >= 2:
            out.append(
                Finding(
                    "calm_window_for",
                    {"at": tuple((w.weekday, w.hour) for w in windows[:3])},
                    who,
                )
            )

    if len(load.by_caregiver) >= 2:
        main = load.by_caregiver[0]
        out.append(
            Finding(
                "care_split",
                {
                    # Nappies, bottles and other entries with no length are counted as
                    # entries, never as 0 minutes.
                    "time_shares": tuple(
                        (c.caregiver, c.share_of_care_min) for c in load.by_caregiver
                    ),
                    "night": (
                        (main.caregiver, main.share_of_night_min)
                        if main.share_of_night_min is not None
                        else None
                    ),
                    "entries": tuple((c.caregiver, c.entries) for c in load.by_caregiver),
                },
            )
        )
        if load.suggestions:
            s = load.suggestions[0]
            out.append(
                Finding(
                    "suggestion",
                    {"code": s.code, "from": s.from_caregiver, **s.evidence},
                    s.caregiver,
                )
            )
    return tuple(out)

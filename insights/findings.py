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
                c.caregiver,
            )
        )
    raw = _raw_finding(c, others)
    if raw is not None:
        out.append(raw)
    out.append(_adjusted_finding(c))
    return out


def _raw_finding(c: CaregiverComparison, others: tuple[str, ...]) -> Finding | None:
    """The raw count: early (with how many more sessions a share needs) or as shares."""
    if c.share_cried is not None and c.sessions < MIN_SESSIONS_FOR_SHARE:
        return Finding(
            "raw",
            {
                "early": True,
                "cried": c.sessions_cried,
                "sessions": c.sessions,
                "needed": MIN_SESSIONS_FOR_SHARE,
                "more": MIN_SESSIONS_FOR_SHARE - c.sessions,
            },
            c.caregiver,
        )
    if c.share_cried is not None and c.others_share_cried is not None:
        return Finding(
            "raw",
            {
                "early": False,
                "share": c.share_cried,
                "cried": c.sessions_cried,
                "sessions": c.sessions,
                "others": others,
                "others_share": c.others_share_cried,
            },
            c.caregiver,
        )
    return None


def _adjusted_finding(c: CaregiverComparison) -> Finding:
    """The matched comparison: its verdict, ratio and interval, or what it still needs."""
    who = c.caregiver
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
        return Finding(
            "adjusted", {**matched, "explained": explained, "could_hide": could_hide}, who
        )
    if c.verdict == VERDICT_MORE:
        # rule 6: the wording attaches the developmental explanation (crying.md §5:
        # preference for the familiar is expected at 2-7 months; attachment follows
        # responsiveness)
        return Finding("adjusted", matched, who)
    return Finding(
        "adjusted",
        {
            "verdict": c.verdict,
            "more": max(c.more_sessions_needed, 1),
            "block_start": c.suggested_block_start,
        },
        who,
    )


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
    return (
        *_caregiver_part(caregivers),
        *_crying_part(crying, not_logged),
        *_calm_part(calm, many_caregivers=len(caregivers) >= 2),
        *_care_part(load),
    )


def _caregiver_part(caregivers: tuple[CaregiverComparison, ...]) -> list[Finding]:
    """The caregiver whose sessions hold the highest raw share of crying first, then any
    other caregiver the matched comparison says the baby cries more with."""
    out: list[Finding] = []
    compared = [c for c in caregivers if c.sessions and c.share_cried is not None]
    if len(caregivers) >= 2 and compared:
        focus = max(compared, key=lambda c: c.raw_ratio or 0.0)
        others = tuple(c.caregiver for c in caregivers if c is not focus)
        out += caregiver_findings(focus, others)
        for c in caregivers:
            if c is not focus and c.verdict == VERDICT_MORE:
                out += caregiver_findings(c, (focus.caregiver,))
    return out


def _crying_part(crying: CryingProfile, not_logged: tuple[str, ...]) -> list[Finding]:
    """The crying amount against what is known for the baby's age, or why there is none."""
    out: list[Finding] = []
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
    return out


def _calm_part(calm: CalmWindows, *, many_caregivers: bool) -> list[Finding]:
    """The calmest window, then (with two caregivers or more) each one's calm windows."""
    out: list[Finding] = []
    if calm.top:
        best = calm.top[0]
        out.append(
            Finding(
                "calm_window",
                {"weekday": best.weekday, "hour": best.hour, "share": best.content_rate},
            )
        )
    for who, windows in calm.for_availability.items():
        if windows and many_caregivers:
            out.append(
                Finding(
                    "calm_window_for",
                    {"at": tuple((w.weekday, w.hour) for w in windows[:3])},
                    who,
                )
            )
    return out


def _care_part(load: CareLoad) -> list[Finding]:
    """The care split between two caregivers or more, with one concrete suggestion."""
    if len(load.by_caregiver) < 2:
        return []
    main = load.by_caregiver[0]
    out = [
        Finding(
            "care_split",
            {
                # Nappies, bottles and other entries with no length are counted as
                # entries, never as 0 minutes.
                "time_shares": tuple((c.caregiver, c.share_of_care_min) for c in load.by_caregiver),
                "night": (
                    (main.caregiver, main.share_of_night_min)
                    if main.share_of_night_min is not None
                    else None
                ),
                "entries": tuple((c.caregiver, c.entries) for c in load.by_caregiver),
            },
        )
    ]
    if load.suggestions:
        s = load.suggestions[0]
        out.append(
            Finding(
                "suggestion",
                {"code": s.code, "from": s.from_caregiver, **s.evidence},
                s.caregiver,
            )
        )
    return out

"""What the Insights page draws, worded from an insights.Insights: the caregiver cards, the
crying and calm charts and the care split.

Wording follows crying.md's rules: the timing confounder comes before any comparison
(rule 4), never "hates", "rejects" or "prefers" (rule 6), and no invented normal number
(rule 1); the care split is a team view, not a scoreboard (care-load.md).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carelog.describe import format_duration
from carelog.kinds import KINDS
from carelog.labels import ENDINGS
from carelog.models import Baby
from insights.verdicts import VERDICT_MORE, VERDICT_NO_SIGN
from reports import wording

from .. import charts

DAYS = wording.SHORT_DAYS
STATES = {
    "fed_and_rested": gettext_lazy("usually fed and rested then"),
    "due_a_feed": gettext_lazy("often due a feed then"),
    "tired": gettext_lazy("often tired then"),
}


_pct = wording.pct


def _hours(minutes: float) -> str:
    return format_duration(timedelta(minutes=minutes))


# --- caregivers -------------------------------------------------------------------------


def _verdict(c: Any, name: str, baby: str) -> tuple[str, str]:
    """The verdict in plain words, and a class for its colour."""
    if c.verdict == VERDICT_NO_SIGN:
        return wording.verdict_text(c.verdict, name, baby, c.ci_high), "no-sign"
    if c.verdict == VERDICT_MORE:
        return wording.verdict_text(c.verdict, name, baby, c.ci_high), "more"
    need = max(c.more_sessions_needed, 1)
    return wording.not_enough_text(name, need, c.suggested_block_start), "not-enough"


def _timing(c: Any, names: dict[str, str], baby: str) -> str:
    """How much of this caregiver's care falls in the fussy hours (the timing confounder)."""
    if not (c.fussy_hours and c.fussy_hours_share is not None):
        return ""
    return wording.timing_text(
        names,
        c.caregiver,
        baby,
        c.fussy_hours_share,
        c.fussy_hours,
        c.fussy_hours_cry_share,
        c.other_hours_cry_share,
    )


def _raw_chart(c: Any, name: str, others: str) -> SafeString:
    """Sessions with crying, counting every session: this caregiver beside the others."""
    others_cried = round((c.others_share_cried or 0) * c.others_sessions)
    return charts.bar_rows(
        [
            charts.BarRow(
                name,
                [None if c.share_cried is None else 100 * c.share_cried],
                _("cried in %(n)d of %(total)d sessions")
                % {"n": c.sessions_cried, "total": c.sessions},
            ),
            charts.BarRow(
                others,
                [None if c.others_share_cried is None else 100 * c.others_share_cried],
                _("cried in %(n)d of %(total)d sessions")
                % {"n": others_cried, "total": c.others_sessions},
            ),
        ],
        series=[_("sessions with crying")],
        stacked=False,
        max_value=100,
        unit="%",
        fmt=lambda v: f"{v:.0f}%",
        chart_id=f"raw-{c.caregiver}",
        title=_("Sessions with crying, counting every session: %(name)s and %(others)s")
        % {"name": name, "others": others},
        desc=_("%(name)s: %(a)s of %(n)d sessions; %(others)s: %(b)s of %(m)d sessions.")
        % {
            "name": name,
            "a": _pct(c.share_cried),
            "n": c.sessions,
            "others": others,
            "b": _pct(c.others_share_cried),
            "m": c.others_sessions,
        },
    )


def _forest(c: Any, name: str, others: str) -> SafeString:
    """The odds ratios, raw and at the same times and state, on a ratio scale."""
    rows = [
        charts.ForestRow(_("Counting every session"), c.raw_odds_ratio),
        charts.ForestRow(
            _("Same times and state"),
            c.adjusted_ratio,
            c.ci_low,
            c.ci_high,
            is_main=True,
        ),
    ]
    if c.adjusted_method == "mantel-haenszel" and c.regression_ratio is not None:
        rows.append(
            charts.ForestRow(
                _("Also allowing for age"),
                c.regression_ratio,
                c.regression_ci_low,
                c.regression_ci_high,
            )
        )
    return charts.forest_plot(
        rows,
        chart_id=f"forest-{c.caregiver}",
        title=_("Odds of crying in a session with %(name)s compared with %(others)s")
        % {"name": name, "others": others},
        desc=_(
            "Dots are estimates, lines their 95%% intervals, on a ratio scale; 1 means no "
            "difference. Counting every session: %(raw)s. At the same times and state: "
            "%(adj)s."
        )
        % {
            "raw": "–" if c.raw_odds_ratio is None else f"{c.raw_odds_ratio:.2f}",
            "adj": (
                _("not enough data")
                if c.adjusted_ratio is None
                else f"{c.adjusted_ratio:.2f} ({c.ci_low:.2f}–{c.ci_high:.2f})"
            ),
        },
        left_note=_("less crying with %(name)s") % {"name": name},
        right_note=_("more"),
        no_estimate=_("not enough data yet"),
    )


def _caregiver_card(
    c: Any, names: dict[str, str], baby: str, all_keys: list[str]
) -> dict[str, object]:
    name = wording.name_of(names, c.caregiver)
    others = wording.others_text(names, [k for k in all_keys if k != c.caregiver])
    timing = _timing(c, names, baby)
    raw_chart = _raw_chart(c, name, others)
    forest = _forest(c, name, others)
    explained = (
        wording.explained_text(c.explained_by_timing)
        if c.raw_odds_ratio is not None and c.raw_odds_ratio > 1 and c.explained_by_timing > 0
        else ""
    )
    verdict, verdict_class = _verdict(c, name, baby)
    return {
        "key": c.caregiver,
        "name": name,
        "others": others,
        "timing": timing,
        "raw_chart": raw_chart,
        "forest": forest,
        "explained": explained,
        "verdict": verdict,
        "verdict_class": verdict_class,
        "sessions": c.sessions,
    }


# --- crying -----------------------------------------------------------------------------


def _cry_by_hour(result: Any, logged: bool, fussy: tuple[int, ...]) -> SafeString:
    crying = result.crying
    hours = [f"{h:02d}" for h in range(24)]
    return charts.column_chart(
        crying.by_hour_min_per_day if logged else [],
        hours,
        chart_id="cry-hour",
        title=_("Crying by hour of day"),
        desc=_(
            "Average minutes of crying per logged day in each hour, household time "
            "(%(tz)s)%(peak)s."
        )
        % {
            "tz": result.timezone,
            "peak": (
                ""
                if crying.peak_hour is None
                else _("; most around %(h)02d:00") % {"h": crying.peak_hour}
            ),
        },
        unit=_("min a day"),
        highlight=fussy,
        label_every=3,
        no_data=_("No crying logged yet"),
    )


def _cry_by_week(weeks: Any, logged: bool, band_sources: list[str]) -> SafeString:
    """Crying by week of age, over the typical range where a source gives one."""
    bands = [
        (w.norm.band_low_min_per_day, w.norm.band_high_min_per_day)
        if w.norm.band_low_min_per_day is not None
        else None
        for w in weeks
    ]
    return charts.column_chart(
        [w.mean_cry_min_per_day for w in weeks] if logged else [],
        [str(w.age_week) for w in weeks],
        chart_id="cry-week",
        title=_("Crying by week of age"),
        desc=_("Average minutes of crying a day in each week of age%(band)s.")
        % {
            "band": _(", with the typical range shaded where a source gives one")
            if band_sources
            else ""
        },
        unit=_("min a day"),
        bands=bands,
        band_title=_("Typical range for this age (mean ± 1 SD)"),
        label_every=1 if len(weeks) <= 16 else 4,
        no_data=_("No crying logged yet"),
    )


def _crying(result: Any, baby: str, fussy: tuple[int, ...]) -> dict[str, Any]:
    crying = result.crying
    logged = "crying" not in result.not_logged  # never logged: no chart of zeros
    by_hour = _cry_by_hour(result, logged, fussy)
    weeks = crying.by_week_of_age
    band_sources = sorted({w.norm.source for w in weeks if w.norm.band_low_min_per_day})
    by_week = _cry_by_week(weeks, logged, band_sources)
    endings = [
        (str(ENDINGS.get(code, code)), count)
        for code, count in sorted(crying.endings.items(), key=lambda kv: -kv[1])
    ]
    evening = (
        _("%(pct)s of the crying was between 16:00 and midnight.")
        % {"pct": _pct(crying.evening_share)}
        if crying.evening_share is not None
        else ""
    )
    return {
        "profile": crying,
        "by_hour": by_hour,
        "by_week": by_week,
        "band_sources": band_sources,
        "endings": endings,
        "evening": evening,
        "has_fussy": bool(fussy),
    }


# --- calm windows -----------------------------------------------------------------------


def _calm_grid(calm: Any) -> tuple[list[list[float | None]], list[list[str]]]:
    """The content rate for each day (rows) and hour (columns) of the week, and its tips;
    None where nothing was logged."""
    sessions = [0] * 168
    content = [0] * 168
    for cell in calm.cells:
        sessions[cell.hour_of_week] += cell.sessions
        content[cell.hour_of_week] += cell.content
    grid: list[list[float | None]] = []
    tips: list[list[str]] = []
    for day in range(7):
        row: list[float | None] = []
        tip_row: list[str] = []
        for hour in range(24):
            how = day * 24 + hour
            n = sessions[how]
            rate = calm.by_hour_of_week[how] if n else None
            row.append(rate)
            tip_row.append(
                _("%(day)s %(h)02d:00: content in %(pct)s of %(n)d sessions")
                % {"day": DAYS[day], "h": hour, "pct": _pct(rate), "n": n}
                if n
                else _("%(day)s %(h)02d:00: nothing logged") % {"day": DAYS[day], "h": hour}
            )
        grid.append(row)
        tips.append(tip_row)
    return grid, tips


def _calm_heat(calm: Any) -> SafeString:
    grid, tips = _calm_grid(calm)
    rates = [v for row in grid for v in row if v is not None]
    domain = (min(rates), max(rates)) if rates else (0.0, 1.0)
    return charts.heat_map(
        grid,
        row_labels=[str(d) for d in DAYS],
        col_labels=[f"{h:02d}" for h in range(24)],
        chart_id="calm-week",
        title=_("When the baby is content, by day and hour"),
        desc=_(
            "Stronger colour: a higher share of care sessions with the baby content at that "
            "hour of the week, from %(lo)s to %(hi)s. Empty squares: nothing logged then."
        )
        % {"lo": _pct(domain[0]), "hi": _pct(domain[1])},
        cell_titles=tips,
        domain=domain,
        legend=(_pct(domain[0]), _pct(domain[1])) if rates else ("", ""),
        no_data=_("Nothing logged yet"),
    )


def _calm(result: Any, names: dict[str, str]) -> dict[str, Any]:
    calm = result.calm
    heat = _calm_heat(calm)
    top = [
        {
            "when": wording.slot_text(w.weekday, w.hour),
            "rate": _pct(w.content_rate),
            "sessions": w.sessions,
            "state": str(STATES.get(w.best_state or "", "")),
        }
        for w in calm.top
    ]
    for_people = [
        {
            "name": names.get(key, key),
            "slots": ", ".join(wording.slot_text(w.weekday, w.hour) for w in windows[:3]),
        }
        for key, windows in calm.for_availability.items()
        if windows
    ]
    return {
        "heat": heat,
        "top": top,
        "for_people": for_people,
        "overall": calm.overall_content_rate,
    }


# --- care split -------------------------------------------------------------------------


def _split_chart(people: Any, names: dict[str, str]) -> SafeString:
    """Each caregiver's logged care time, day and night stacked."""
    return charts.bar_rows(
        [
            charts.BarRow(
                names.get(c.caregiver, c.caregiver),
                [(c.care_min - c.night_min) / 60, c.night_min / 60],
                _("%(h)s, %(pct)s of the timed care; %(n)s entries in all")
                % {
                    "h": _hours(c.care_min),
                    "pct": _pct(c.share_of_care_min),
                    "n": f"{c.entries:,}",
                },
            )
            for c in people
        ],
        series=[_("day"), _("night (22:00–06:00)")],
        unit="h",
        fmt=lambda v: f"{v:.0f} h",
        chart_id="care-split",
        title=_("Logged care time, day and night, for each of you"),
        desc="; ".join(
            _("%(name)s: %(h)s, %(night)s of it at night")
            % {
                "name": names.get(c.caregiver, c.caregiver),
                "h": _hours(c.care_min),
                "night": _hours(c.night_min),
            }
            for c in people
        ),
        no_data=_("Nothing logged yet"),
    )


def _week_chart(people: Any, names: dict[str, str]) -> SafeString:
    """Each caregiver's care minutes a day, weekdays beside weekends."""
    return charts.bar_rows(
        [
            charts.BarRow(
                names.get(c.caregiver, c.caregiver),
                [c.weekday_min_per_day, c.weekend_min_per_day],
            )
            for c in people
        ],
        series=[_("weekday"), _("weekend")],
        stacked=False,
        unit=_("min a day"),
        fmt=lambda v: _hours(v),
        chart_id="care-week",
        title=_("Care minutes a day, weekdays and weekends"),
        desc="; ".join(
            _("%(name)s: %(wd)s a weekday, %(we)s a weekend day")
            % {
                "name": names.get(c.caregiver, c.caregiver),
                "wd": _hours(c.weekday_min_per_day),
                "we": _hours(c.weekend_min_per_day),
            }
            for c in people
        ),
        no_data=_("Nothing logged yet"),
    )


def _kind_rows(load: Any, people: Any) -> list[dict[str, Any]]:
    """Entries of each kind, one count per caregiver (in the order of ``people``)."""
    kinds: dict[str, dict[str, Any]] = {}
    for k in load.by_kind:
        row = kinds.setdefault(
            k.kind, {"label": str(KINDS[k.kind].label) if k.kind in KINDS else k.kind, "by": {}}
        )
        row["by"][k.caregiver] = k.count
    return [
        {"label": row["label"], "counts": [row["by"].get(c.caregiver, 0) for c in people]}
        for row in kinds.values()
    ]


def _care(result: Any, names: dict[str, str]) -> dict[str, Any]:
    load = result.load
    people = load.by_caregiver
    split = _split_chart(people, names)
    week = _week_chart(people, names)
    night = ", ".join(
        f"{names.get(c.caregiver, c.caregiver)} {_pct(c.share_of_night_min)}"
        for c in people
        if c.share_of_night_min is not None
    )
    return {
        "people": [names.get(c.caregiver, c.caregiver) for c in people],
        "split": split,
        "week": week,
        "night": night,
        "kinds": _kind_rows(load, people),
        "suggestions": [
            wording.suggestion_text(
                s.code, {"from": s.from_caregiver, **s.evidence}, s.caregiver, names
            )
            for s in load.suggestions
        ],
        "total": _hours(sum(c.care_min for c in people)),
    }


def insights_context(result: Any, names: dict[str, str], baby: Baby) -> dict[str, Any]:
    """Everything the Insights page shows, worded, from an insights.Insights."""
    if result.events_used == 0:
        return {"is_empty": True}
    keys = [c.caregiver for c in result.caregivers]
    compared = [c for c in result.caregivers if c.sessions and c.share_cried is not None]
    # The caregiver whose sessions have the most crying first: that is the question the
    # family came with; the others follow folded away (with two people they mirror it).
    ordered = sorted(compared, key=lambda c: -(c.raw_ratio or 0.0))
    cards = (
        [_caregiver_card(c, names, baby.name, keys) for c in ordered]
        if len(result.caregivers) >= 2
        else []
    )
    fussy = ordered[0].fussy_hours if ordered else ()
    return {
        "is_empty": False,
        "findings": [wording.finding_text(f, names, baby.name) for f in result.findings],
        "cards": cards,
        "crying": _crying(result, baby.name, fussy),
        "calm": _calm(result, names),
        "care": _care(result, names),
        "events_used": result.events_used,
    }

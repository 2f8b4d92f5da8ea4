"""The report in words, as HTML and as a PDF.

`report_context` turns a ReportData (codes and numbers) into the sentences and table rows
the templates show; every sentence goes through gettext here or in the templates, once.
The same context feeds the page's preview (reports/document.html#report-body inside the
site layout), the PDF (the whole document, typeset by WeasyPrint with report.css and
report-print.css, on A4 or Letter) and the standalone HTML file (the whole document with
those style sheets and report-standalone.css copied into it). The day-by-day charts are
SVG from reports.charts, drawn for paper: parts told apart by pattern, not shade alone.
The PDF is made from local files only: the URL fetcher refuses anything that is not a
file or inline data, so making a report never touches the network.

Amounts are in the family's units with SI in brackets for the clinician ("4 fl oz
(118.3 ml)", "10 lb 2 oz (4.593 kg)"); a family using SI sees SI alone. Times follow the
family's clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carelog.kinds import KINDS
from carelog.labels import ENDINGS, PURPLE, TEMPERATURE_METHODS  # the timeline's words, once
from households.models import Membership
from households.units import (
    METRIC,
    SI,
    Units,
    format_both,
    format_clock,
    format_hour,
    format_value,
    shown,
)
from insights.load import NIGHT_FROM_MIN, NIGHT_TO_MIN

from . import charts
from .build import Age, CareShare, PlanProgress, ReportData
from .choices import A4, HTML, LETTER
from .daily import PerDay

DOCUMENT = "reports/document.html"

# WeasyPrint reports each layout step, and fontTools each font table it subsets, at INFO:
# dozens of lines per PDF in the server log and on the CLI's screen.
# Without the HarfBuzz subsetting library WeasyPrint warns, twice per PDF, that it uses
# fontTools instead: slower, same result. Other warnings (a bad style rule) still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _not_harfbuzz_notice(record: logging.LogRecord) -> bool:
    return "HarfBuzz-Subset" not in str(record.msg)


logging.getLogger("weasyprint").addFilter(_not_harfbuzz_notice)
STYLESHEETS = ("reports/report.css", "reports/report-print.css")
#: Added to the two above in the standalone HTML file, for reading it on a screen.
STANDALONE_STYLESHEET = "reports/report-standalone.css"
#: The sheet of paper, after report-print.css (whose A4 it overrides for Letter).
PAPER_CSS = {A4: "@page { size: A4; }", LETTER: "@page { size: letter; }"}


def _number(value: float, places: int = 1) -> str:
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _day(value: date | datetime) -> str:
    return dateformat.format(value, "j M Y")


def _clock(value: datetime, clock: str = "24") -> str:
    return format_clock(value.hour, value.minute, clock)


def _when(value: datetime, clock: str = "24") -> str:
    return f"{dateformat.format(value, 'D j M Y')}, {_clock(value, clock)}"


def _short(value: datetime, clock: str = "24") -> str:
    """For table rows: the period above already gives the year."""
    return f"{dateformat.format(value, 'D j M')}, {_clock(value, clock)}"


def _hours(minutes: float) -> str:
    whole = int(round(minutes))
    h, m = divmod(whole, 60)
    if h:
        return _("%(h)d h %(m)02d min") % {"h": h, "m": m}
    return _("%(m)d min") % {"m": m}


def age_words(age: Age) -> str:
    """ "5 months 3 days (22 weeks)"; weeks and days alone under a month."""
    if age.months == 0:
        parts = []
        if age.weeks:
            parts.append(ngettext("%(n)d week", "%(n)d weeks", age.weeks) % {"n": age.weeks})
        if age.days % 7 or not age.weeks:
            days = age.days % 7
            parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
        return " ".join(parts)
    text = ngettext("%(n)d month", "%(n)d months", age.months) % {"n": age.months}
    if age.days:
        text += " " + ngettext("%(n)d day", "%(n)d days", age.days) % {"n": age.days}
    return text + " " + _("(%(n)d weeks)") % {"n": age.weeks}


def _role(role: str) -> str:
    if role == Membership.Role.VIEWER:
        return _("can view the log only")
    return _("parent or carer")


def _period_words(data: ReportData) -> str:
    p = data.period
    days = ngettext("%(n)d day", "%(n)d days", p.days) % {"n": p.days}
    return f"{_day(p.first_day)} – {_day(p.last_day)} ({days})"


def _per_day(measure: PerDay, unit: str, places: int = 1) -> str:
    return unit % {"n": _number(measure.per_day or 0.0, places)}


def _part(label: str, measure: PerDay, unit: str = "%(n)s") -> str:
    """One part of a daily row: "wet 6.2"."""
    return f"{label} {_per_day(measure, unit)}"


def _daily_rows(data: ReportData) -> list[dict[str, Any]]:
    """One row per kind: the average a day, how it splits, and on how many of the period's
    days that kind was logged (the averages' denominator)."""
    d = data.daily
    a_day, hours = _("%(n)s a day"), _("%(n)s h a day")

    def row(label: str, measure: PerDay, unit: str, parts: list[str]) -> dict[str, Any]:
        if not measure.is_logged:
            return {"label": label, "value": _("Not logged in this period"), "parts": []}
        return {
            "label": label,
            "value": _per_day(measure, unit),
            "parts": parts,
            "days": _("%(n)d of %(all)d") % {"n": measure.days, "all": d.calendar_days},
            "is_logged": True,
        }

    night = _("at night (%(from)s–%(to)s)") % {
        "from": format_hour(NIGHT_FROM_MIN // 60, data.units.clock),
        "to": format_hour(NIGHT_TO_MIN // 60, data.units.clock),
    }
    return [
        row(_("Feeds"), d.feeds, a_day, _feed_parts(data)),
        row(
            _("Sleep"),
            d.sleep_h,
            hours,
            [
                _part(night, d.sleep_night_h, _("%(n)s h")),
                _part(_("in the day"), d.sleep_day_h, _("%(n)s h")),
            ],
        ),
        row(
            _("Nappies"),
            d.nappies,
            a_day,
            [_part(_("wet"), d.wet_nappies), _part(_("dirty"), d.dirty_nappies)],
        ),
    ]


def _feed_parts(data: ReportData) -> list[str]:
    """How the feeds split: breast, bottle, and the bottle milk a day with its basis."""
    d = data.daily
    units = data.units
    feeds: list[str] = []
    if d.breast_feeds.is_logged:
        feeds.append(_part(_("breast"), d.breast_feeds))
    if not d.bottle_feeds.is_logged:
        return feeds
    feeds.append(_part(_("bottle"), d.bottle_feeds))
    total = int(d.bottle_feeds.total)
    if not d.bottle_ml.is_logged:
        feeds.append(_("bottle milk: amounts not recorded"))
        return feeds
    ml = d.bottle_ml.per_day or 0.0
    amount = (
        _("%(n)s ml a day") % {"n": _number(ml, 0)}
        if units.is_si("volume")
        # "4.1 fl oz a day (120 ml)"
        else _("%(amount)s a day (%(ml)s ml)")
        % {"amount": format_value(ml, "volume", units), "ml": _number(ml, 0)}
    )
    basis = ngettext(
        "from the %(n)d of %(all)d bottle feed with an amount",
        "from the %(n)d of %(all)d bottle feeds with an amount",
        total,
    ) % {"n": d.bottle_feeds_with_amount, "all": total}
    feeds.append(_("bottle milk %(amount)s, %(basis)s") % {"amount": amount, "basis": basis})
    return feeds


def _crying(data: ReportData) -> dict[str, Any]:
    c = data.crying
    if not c.is_logged:
        text = (
            _(
                "No crying was logged in this period, so this report has no crying figures. "
                "Absence of a record is not absence of crying."
            )
            if c.is_ever_logged
            else _(
                "Crying has not been logged in Nestling, so this report has no crying figures. "
                "Absence of a record is not absence of crying."
            )
        )
        return {"is_logged": False, "text": text}
    purple = [
        {"label": str(PURPLE[code][0]).lower(), "count": c.purple.get(code, 0)} for code in PURPLE
    ]
    endings = [
        {"label": str(ENDINGS.get(code, code)), "count": n}
        for code, n in sorted(c.endings.items(), key=lambda kv: -kv[1])
    ]
    by_hour = charts.column_chart(
        list(c.by_hour_min), [f"{h:02d}" for h in range(24)],
        chart_id="report-crying-hour", title=_("Crying by hour of day"),
        desc=_("Average minutes of crying a day in each hour of the day, household time, "
               "%(span)s.") % {"span": _period_words(data)},
        unit=_("min"), label_every=3, fmt=lambda v: _number(v, 0),
        no_data=_("Crying not logged in this period"), height=74.0,
    )  # fmt: skip
    return {
        "is_logged": True,
        "by_hour": by_hour,
        "lines": _crying_lines(data),
        "purple": purple if any(row["count"] for row in purple) else [],
        "endings": endings,
        "norm": c.norm_description,
        "episodes": c.episodes,
    }


def _crying_lines(data: ReportData) -> list[str]:
    """The crying section's sentences: the average a day, the worst day and days of 3 hours
    or more, and when in the day the crying falls."""
    c = data.crying
    lines = [
        ngettext(
            "%(name)s cried on average %(min)s a day, over the %(days)d day with any entry "
            "(%(n)d episode logged).",
            "%(name)s cried on average %(min)s a day, over the %(days)d days with any entry "
            "(%(n)d episodes logged).",
            c.days_logged,
        )
        % {
            "name": data.baby.name,
            "min": _hours(c.min_per_day or 0.0),
            "days": c.days_logged,
            "n": c.episodes,
        }
    ]
    over = len(c.days_over_3h)
    most = (
        _("Most in one day: %(min)s, on %(day)s")
        % {"min": _hours(c.longest_day_min), "day": dateformat.format(c.longest_day, "D j M")}
        if c.longest_day is not None and c.longest_day_min
        else ""
    )
    reached = (
        ngettext(
            "3 hours or more on %(n)d day",
            "3 hours or more on %(n)d days",
            over,
        )
        % {"n": over}
        if over
        else _("no day reached 3 hours")
    )
    lines.append(f"{most}; {reached}." if most else reached[:1].upper() + reached[1:] + ".")
    if c.peak_hour is not None:
        # The by-hour chart beside these lines shows the rest of the day.
        timing = _("Most around %(h)s") % {"h": format_hour(c.peak_hour, data.units.clock)}
        if c.evening_share is not None:
            timing += _("; %(pct)d%% between 16:00 and midnight") % {
                "pct": round(100 * c.evening_share)
            }
        lines[-1] += " " + timing + "."
    return lines


def _comparison(data: ReportData) -> list[str]:
    c = data.comparison
    if c.state == "compared":
        return list(c.sentences)
    if c.state == "crying_not_logged":
        return [
            _(
                "No crying was logged in this period, so crying can't be compared between "
                "the people caring for %(name)s."
            )
            % {"name": data.baby.name}
        ]
    if c.state == "one_caregiver":
        return [
            _(
                "Care sessions in this period were logged for one person only, so there is "
                "nothing to compare."
            )
        ]
    return [_("Nothing was logged in this period.")]


def _red_flags(data: ReportData) -> list[str]:
    out = []
    units = data.units
    for flag in data.red_flags:
        p = flag.params
        if flag.code == "excess_crying":
            text = _(
                "Logged fuss and cry of 3 hours or more on %(days)d days in this period, "
                "%(most)d of them within one 7-day window: this meets the Rome IV research "
                "threshold (3 hours or more a day on 3 or more days in 7)."
            ) % {"days": p["days"], "most": p["most_in_7"]}
            if p["is_past_colic_age"]:
                text += " " + _(
                    "The baby is 5 months or older (corrected age), outside the Rome IV age "
                    "range for infant colic (onset and resolution before 5 months)."
                )
            out.append(text)
        elif flag.code == "fever":
            out.append(
                _(
                    "Temperature of %(temperature)s on %(when)s, at or above %(threshold)s, "
                    "the level NHS advice treats as a reason to seek prompt medical advice at "
                    "this age."
                )
                % {
                    "temperature": format_both(p["celsius"], "temperature", units),
                    "when": _when(p["when"], units.clock),
                    "threshold": format_both(p["from"], "temperature", units),
                }
            )
        elif flag.code == "self_harm_item":
            out.append(
                _(
                    "%(who)s's %(instrument)s of %(when)s: the question about thoughts of "
                    "self-harm was answered above “not at all”."
                )
                % {"who": p["who"], "instrument": p["instrument"], "when": _day(p["when"])}
            )
    return out


def _checks(data: ReportData) -> dict[str, list[str]]:
    """What the flags were checked against, and what could not be checked (not logged)."""
    words = {
        "crying": _("crying of 3 hours or more on 3 of any 7 days (Rome IV)"),
        "fever": _("fever for age (%(young)s under 3 months, %(older)s at 3–6 months)")
        % {
            "young": format_both(38.0, "temperature", data.units),
            "older": format_both(39.0, "temperature", data.units),
        },
        "self_harm_item": _("the self-harm question in the check-ins included"),
    }
    done = [words[code] for code in data.checks]
    missing = []
    if "crying" not in data.checks:
        missing.append(_("crying (not logged in this period)"))
    if "fever" not in data.checks:
        missing.append(_("fever (no temperatures logged in this period)"))
    return {"done": done, "missing": missing}


def _check_ins(data: ReportData) -> list[dict[str, str]]:
    rows = []
    for view in data.check_ins:
        if view.total is not None:
            result = _("%(total)d of %(max)d · %(band)s") % {
                "total": view.total,
                "max": view.max_total or 0,
                "band": view.band_label or "",
            }
        elif view.band_label:
            result = view.band_label
        else:
            result = _("Done (result not shared)")
        why = _("their own, included by them") if view.is_own else _("shared by them for reports")
        rows.append(
            {
                "when": _day(view.created_at.astimezone(data.made_at.tzinfo)),
                "who": view.member_name,
                "instrument": view.instrument_name,
                "result": result,
                "why": why,
            }
        )
    return rows


def _measure(value: float | None, dimension: Any, units: Units, places: int) -> str:
    """A growth cell: the bare SI number under an SI heading ("4.593"), or the family's
    units with SI in brackets ("10 lb 2 oz (4.593 kg)")."""
    if value is None:
        return "–"
    if units.is_si(dimension):
        return _number(value, places)
    return format_both(value, dimension, units)


def _headings(units: Units) -> dict[str, str]:
    """Column headings: the unit in the heading when the cells are bare SI numbers."""
    si = {dimension: units.is_si(dimension) for dimension in SI}
    return {
        "weight": _("Weight (kg)") if si["weight"] else _("Weight"),
        "length": _("Length (cm)") if si["length"] else _("Length"),
        "head": _("Head (cm)") if si["length"] else _("Head"),
        "temperature": "°C" if si["temperature"] else "°F (°C)",
    }


def _temperature(celsius: float, units: Units) -> str:
    """A temperature cell under its heading: "38.6", or "101.5 (38.6)" under °F (°C)."""
    if units.is_si("temperature"):
        return _number(celsius)
    return f"{shown(celsius, 'f')} ({_number(celsius)})"


# --- charts ---------------------------------------------------------------------------------


def _axis_day(day: date, days: int) -> str:
    return dateformat.format(day, "D" if days <= 7 else "j M")


def _axis(value: float) -> str:
    """An axis tick: whole numbers bare, halves kept (0.5 of a feed is not "0")."""
    return _number(value, 1)


def _label_every(days: int) -> int:
    """Axis labels a week apart for a month, fewer for longer periods."""
    if days <= 7:
        return 1
    if days <= 35:
        return 7
    if days <= 92:
        return 14
    return 7 * max(1, round(days / 5 / 7))


@dataclass(frozen=True)
class _DayAxis:
    """What every day-by-day chart of the report shares: the days' labels and the period."""

    labels: list[str]
    label_every: int
    span: str  # the period in words


def _charts(data: ReportData) -> list[dict[str, Any]]:
    """The day-by-day charts: crying, feeds, sleep and nappies on each day of the period,
    drawn for paper (patterns, not shades alone) and with a hollow mark on days when that
    kind was not logged."""
    by_day = data.daily.by_day
    if not by_day:
        return []
    days = data.period.days
    axis = _DayAxis(
        labels=[_axis_day(d.day, days) for d in by_day],
        label_every=_label_every(days),
        span=_period_words(data),
    )
    return [
        _crying_chart(data, axis),
        _feeds_chart(data, axis),
        _sleep_chart(data, axis),
        _nappies_chart(data, axis),
    ]


def _day_chart(
    axis: _DayAxis,
    chart_id: str,
    title: str,
    parts: list[list[Any]],
    series: list[str],
    logged: list[bool],
    what: str,
    unit: str,
    fmt: Callable[[float], str],
    no_data: str,
    is_logged: bool = False,
    note: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """One day-by-day chart with its title, the key for its caption (the chart itself has
    none: a line less under every chart) and a note."""
    keys = (
        []
        if len(series) < 2 or not is_logged
        else [
            {"svg": charts.legend_key(chart_id, s, patterns=True), "name": name}
            for s, name in enumerate(series)
        ]
    )
    desc = _("%(what)s on each day, %(span)s. Hollow marks: not logged that day.") % {
        "what": what,
        "span": axis.span,
    }
    return {
        "title": title,
        "keys": keys,
        "svg": charts.stacked_columns(
            parts,
            axis.labels,
            series=series,
            logged=logged,
            chart_id=chart_id,
            title=title,
            desc=desc,
            unit=unit,
            fmt=fmt,
            axis_fmt=_axis,
            no_data=no_data,
            label_every=axis.label_every,
            not_logged=_("not logged"),
            height=74.0,
            patterns=True,
            legend=False,
            **extra,
        ),
        "note": note,
    }


def _crying_chart(data: ReportData, axis: _DayAxis) -> dict[str, Any]:
    c = data.crying
    bands = list(c.bands) if c.is_logged else []
    band = next((b for b in bands if b is not None), None)
    cry_title = _("Crying, minutes a day")
    return _day_chart(
        axis, "report-crying", cry_title, [list(c.by_day_min)], [cry_title],
        [m is not None for m in c.by_day_min], _("Minutes of crying"), "", _hours,
        _("Crying not logged in this period"),
        bands=bands, band_title=_("the usual range at this age"),
        # Where no range is sourced, the crying section says so in words.
        note=_("Between the dashed lines: the usual range at this age (mean ± 1 SD, "
               "Wolke 2017).") if band else "",
    )  # fmt: skip


def _feeds_chart(data: ReportData, axis: _DayAxis) -> dict[str, Any]:
    feeds = [(d.breast_feeds, d.bottle_feeds, d.solid_feeds) for d in data.daily.by_day]
    # Only the kinds of feed given in the period, so the legend names nothing absent.
    named = list(enumerate((_("breast"), _("bottle"), _("solids"))))
    given = [(i, name) for i, name in named if any(f[i] for f in feeds)] or named[:1]
    return _day_chart(
        axis, "report-feeds", _("Feeds a day"), [[f[i] for f in feeds] for i, _name in given],
        [name for _i, name in given], [f[0] is not None for f in feeds],
        _("Feeds, breast and bottle"), _("feeds"), lambda v: _number(v, 0),
        _("Feeds not logged in this period"), data.daily.feeds.is_logged,
    )  # fmt: skip


def _sleep_chart(data: ReportData, axis: _DayAxis) -> dict[str, Any]:
    by_day = data.daily.by_day
    night = _("night %(from)s–%(to)s") % {
        "from": format_hour(NIGHT_FROM_MIN // 60, data.units.clock),
        "to": format_hour(NIGHT_TO_MIN // 60, data.units.clock),
    }
    return _day_chart(
        axis, "report-sleep", _("Sleep, hours a day"),
        [[d.sleep_night_h for d in by_day], [d.sleep_day_h for d in by_day]],
        [night, _("day")], [d.sleep_night_h is not None for d in by_day],
        _("Hours of sleep, night and day"), _("h"), lambda v: _number(v, 1),
        _("Sleep not logged in this period"), data.daily.sleep_h.is_logged,
    )  # fmt: skip


def _nappies_chart(data: ReportData, axis: _DayAxis) -> dict[str, Any]:
    by_day = data.daily.by_day
    return _day_chart(
        axis, "report-nappies", _("Nappies a day"), [[d.nappies for d in by_day]],
        [_("Nappies a day")], [d.nappies is not None for d in by_day], _("Nappy changes"),
        _("nappies"), lambda v: _number(v, 0), _("Nappies not logged in this period"),
    )  # fmt: skip


def _charts_have_gaps(data: ReportData) -> bool:
    """Whether any chart has a hollow mark: a kind logged in the period but not every day
    (a kind not logged at all gets a sentence instead of a chart)."""
    rows = data.daily.by_day
    logged = [
        [m is not None for m in data.crying.by_day_min],
        [d.breast_feeds is not None for d in rows],
        [d.sleep_night_h is not None for d in rows],
        [d.nappies is not None for d in rows],
    ]
    return any(any(days) and not all(days) for days in logged)


# --- care split and bonding plans -----------------------------------------------------------


def _kind(code: str) -> str:
    kind = KINDS.get(code)
    return str(kind.label).lower() if kind else code


def _care_rows(data: ReportData) -> list[dict[str, Any]]:
    def row(share: CareShare) -> dict[str, Any]:
        return {
            "name": share.name,
            "entries": share.entries,
            "time": _hours(share.care_min),
            "share": f"{round(100 * share.share_of_care_min)}%",
            "night": _hours(share.night_min),
            "kinds": ", ".join(f"{_kind(kind)} {n}" for kind, n in share.kinds[:3]),
        }

    return [row(share) for share in data.care]


def _plan_lines(plan: PlanProgress, data: ReportData) -> list[str]:
    clock = data.units.clock
    name = data.baby.name
    lines: list[str] = []
    if plan.planned == 0:
        lines.append(_("No sessions of this plan fell in this period."))
    else:
        parts = [
            ngettext(
                "%(done)d of the %(n)d session planned in this period done",
                "%(done)d of the %(n)d sessions planned in this period done",
                plan.planned,
            )
            % {"done": plan.done, "n": plan.planned}
        ]
        if plan.skipped:
            parts.append(_("%(n)d skipped") % {"n": plan.skipped})
        if plan.missed:
            parts.append(_("%(n)d not marked done or skipped") % {"n": plan.missed})
        if plan.to_come:
            parts.append(_("%(n)d still to come") % {"n": plan.to_come})
        lines.append(", ".join(parts) + ".")
    if plan.rated:
        r = plan.responses
        lines.append(
            ngettext(
                "How %(name)s responded, in the %(n)d session rated: content in "
                "%(content)d, fussy in %(fussy)d, crying in %(crying)d.",
                "How %(name)s responded, in the %(n)d sessions rated: content in "
                "%(content)d, fussy in %(fussy)d, crying in %(crying)d.",
                plan.rated,
            )
            % {
                "name": name,
                "n": plan.rated,
                "content": r.get("content", 0),
                "fussy": r.get("fussy", 0),
                "crying": r.get("crying", 0),
            }
        )
    elif plan.done:
        lines.append(_("How %(name)s responded was not recorded.") % {"name": name})
    if plan.activities:
        lines.append(
            _("Done: %(list)s.")
            % {"list": "; ".join(f"{title} ×{n}" for title, n in plan.activities[:4])}
        )
    if plan.next_session:
        when, title = plan.next_session
        lines.append(
            _("Next: %(when)s, %(title)s.") % {"when": _short(when, clock), "title": title}
        )
    return lines


def _plans(data: ReportData) -> list[dict[str, Any]]:
    return [
        {
            "heading": (
                _("%(who)s's plan, from %(day)s")
                if plan.is_active
                else _("%(who)s's earlier plan, from %(day)s")
            )
            % {"who": plan.parent, "day": _day(plan.start_date)},
            "lines": _plan_lines(plan, data),
        }
        for plan in data.plans
    ]


def report_context(data: ReportData) -> dict[str, Any]:
    """Everything the report's templates show, worded."""
    baby = data.baby
    units = data.units or METRIC
    clock = units.clock
    return {
        "report": data,
        "period_words": _period_words(data),
        "age": age_words(baby.age),
        "corrected_age": age_words(baby.corrected_age) if baby.corrected_age else "",
        "household": [
            {"name": p.name, "role": _role(p.role), "is_author": p.is_author}
            for p in data.household
        ],
        "daily": _daily_rows(data),
        "crying": _crying(data),
        "comparison": _comparison(data),
        "charts": _charts(data),
        "charts_have_gaps": _charts_have_gaps(data),
        "night_span": f"{format_hour(NIGHT_FROM_MIN // 60, clock)}–"
        f"{format_hour(NIGHT_TO_MIN // 60, clock)}",
        "care": _care_rows(data),
        "plans": _plans(data),
        "red_flags": _red_flags(data),
        "checks": _checks(data),
        "growth": _growth_rows(data, units),
        "temperatures": _temperature_rows(data, units),
        "medicines": _medicine_rows(data, units),
        "notes": _note_rows(data, units),
        "check_ins": _check_ins(data),
        "made_at": _when(data.made_at, clock),
        "last_entry": _when(data.last_entry, clock) if data.last_entry else "",
        "headings": _headings(units),
    }


def _growth_rows(data: ReportData, units: Units) -> list[dict[str, Any]]:
    """The growth table: each measurement in the family's units, with its centile."""
    return [
        {
            "when": _day(row.local_time),
            "age": age_words(row.age),
            "weight": _measure(row.weight_kg, "weight", units, 3),
            "length": _measure(row.length_cm, "length", units, 1),
            "head": _measure(row.head_cm, "length", units, 1),
            "weight_centile": row.weight_centile,
            "length_centile": row.length_centile,
            "head_centile": row.head_centile,
            "note": row.note,
        }
        for row in data.growth
    ]


def _temperature_rows(data: ReportData, units: Units) -> list[dict[str, Any]]:
    """The temperature table, fevers marked."""
    clock = units.clock
    return [
        {
            "when": _short(row.local_time, clock),
            "celsius": _temperature(row.celsius, units),
            "method": str(TEMPERATURE_METHODS.get(row.method or "", "")),
            "note": row.note,
            "is_fever": row.fever_from is not None,
        }
        for row in data.temperatures
    ]


def _medicine_rows(data: ReportData, units: Units) -> list[dict[str, Any]]:
    """The medicine table: each medicine's dose and when it was given."""
    clock = units.clock
    return [
        {
            "name": row.name,
            "dose": f"{_number(row.dose, 2)} {row.unit or ''}".strip()
            if row.dose is not None
            else "–",
            "count": row.count,
            "times": ", ".join(
                f"{dateformat.format(t, 'j M')} {_clock(t, clock)}" for t in row.local_times
            ),
            "more": row.count - len(row.local_times),
        }
        for row in data.medicines
    ]


def _note_rows(data: ReportData, units: Units) -> list[dict[str, Any]]:
    """The notes, with when and by whom."""
    clock = units.clock
    return [
        {
            "when": _short(row.local_times[-1], clock),
            "first": dateformat.format(row.local_times[0], "j M"),
            "who": ", ".join(row.who),
            "text": row.text,
            "count": len(row.local_times),
        }
        for row in data.notes
    ]


def render_report_html(data: ReportData) -> str:
    """The whole report as one HTML document (what the PDF is typeset from)."""
    with timezone.override(data.timezone):
        return render_to_string(DOCUMENT, report_context(data))


def render_report_standalone(data: ReportData, paper: str = A4) -> str:
    """The report as one HTML file to keep or send: its styles inside it (nothing to fetch),
    readable on a screen and printing on `paper` (`a4` or `letter`)."""
    sheets = [*_stylesheets(), _stylesheet(STANDALONE_STYLESHEET)]
    css = "\n".join(Path(path).read_text(encoding="utf-8") for path in sheets)
    context = report_context(data)
    # Our own static files: no markup in them, and no "</style>" to break out.
    context["inline_css"] = mark_safe(f"{css}\n{PAPER_CSS[paper]}\n")  # noqa: S308
    with timezone.override(data.timezone):
        return render_to_string(DOCUMENT, context)


def _stylesheet(name: str) -> str:
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(f"static file {name} is missing")
    return str(path)


def _stylesheets() -> list[str]:
    return [_stylesheet(name) for name in STYLESHEETS]


def _local_only(url: str, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's fetcher for files and inline data; anything else is refused."""
    from weasyprint import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise ValueError(f"the report fetches nothing from the network ({url})")
    return default_url_fetcher(url, *args, **kwargs)


def render_report_pdf(data: ReportData, paper: str = A4) -> bytes:
    """The report as a PDF on `paper`: `a4` (210 × 297 mm) or `letter` (8.5 × 11 in)."""
    from weasyprint import CSS, HTML  # loads Pango and friends: only when a PDF is made

    sheets = _stylesheets()
    html = HTML(string=render_report_html(data), base_url=sheets[0], url_fetcher=_local_only)
    pdf: bytes = html.write_pdf(
        stylesheets=[CSS(filename=path, url_fetcher=_local_only) for path in sheets]
        + [CSS(string=PAPER_CSS[paper])]
    )
    return pdf


def render_report(data: ReportData, output: str = "pdf", paper: str = A4) -> bytes:
    """The report as `output` (`pdf` or `html`, reports.choices) on `paper`, as bytes."""
    if output == HTML:
        return render_report_standalone(data, paper).encode("utf-8")
    return render_report_pdf(data, paper)


CONTENT_TYPES = {"pdf": "application/pdf", HTML: "text/html; charset=utf-8"}


def report_filename(data: ReportData, output: str = "pdf") -> str:
    """e.g. nestling-report-sam-2026-10-27-to-2026-11-23.pdf (or .html)"""
    p = data.period
    name = slugify(data.baby.name) or "baby"
    first, last = p.first_day.isoformat(), p.last_day.isoformat()
    return f"nestling-report-{name}-{first}-to-{last}.{output}"

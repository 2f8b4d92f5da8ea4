"""What the Trends page shows, worded from an insights.trends.Trends: a card per daily
series (a sentence, a chart and a data table), the growth cards on the WHO centile lines and
the next-nap window.

Every chart has a sentence and a data table beside it, and says "not enough data yet" (with
how many more days) rather than average too few. Volumes, growth and clock times are in the
household's units (households/units.py): the core works in SI, and values are converted
here, just before they are worded or drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from carelog.describe import format_duration
from carelog.models import Baby
from households.units import (
    METRIC,
    SYMBOLS,
    Dimension,
    Units,
    format_clock,
    format_hour,
    format_value,
    from_si,
)
from insights.trend_model import (
    BOTTLE,
    FEED_GAP,
    FEEDS,
    MEDIAN,
    MIN_WEEK_DAYS,
    NAPPIES,
    NIGHT_FROM_HOUR,
    NIGHT_TO_HOUR,
    PUMP,
    SLEEP,
    TUMMY,
    Series,
    Trends,
)

from .. import trend_charts

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

#: Series whose parts add up to the whole, so they stack; a nappy can be wet and dirty.
STACKED = frozenset({SLEEP, FEEDS})

#: ?days= choices: a window of complete days, or every week of age.
VIEWS: dict[str, int | None] = {"7": 7, "30": 30, "90": 90, "weeks": None}
VIEW_LABELS = {
    "7": gettext_lazy("7 days"),
    "30": gettext_lazy("30 days"),
    "90": gettext_lazy("90 days"),
    "weeks": gettext_lazy("By week of age"),
}

NIGHT = f"{NIGHT_FROM_HOUR:02d}:00–{NIGHT_TO_HOUR:02d}:00"
DAYTIME = f"{NIGHT_TO_HOUR:02d}:00–{NIGHT_FROM_HOUR:02d}:00"


def _night(units: Units) -> str:
    """19:00–07:00, or 7 pm–7 am on the 12-hour clock."""
    return f"{format_hour(NIGHT_FROM_HOUR, units.clock)}–{format_hour(NIGHT_TO_HOUR, units.clock)}"


def _daytime(units: Units) -> str:
    return f"{format_hour(NIGHT_TO_HOUR, units.clock)}–{format_hour(NIGHT_FROM_HOUR, units.clock)}"


#: How each series is named and written. `unit` follows a daily figure ("12 h a day").
SERIES: dict[str, dict[str, Any]] = {
    SLEEP: {
        "title": gettext_lazy("Sleep"),
        "unit": gettext_lazy("a day"),
        "parts": {"day": gettext_lazy("day"), "night": gettext_lazy("night")},
        "kind": "sleep",
    },
    FEEDS: {
        "title": gettext_lazy("Feeds"),
        "unit": gettext_lazy("feeds a day"),
        "parts": {"breast": gettext_lazy("breast"), "bottle": gettext_lazy("bottle")},
        "kind": "feed",
    },
    FEED_GAP: {
        "title": gettext_lazy("Time between feeds"),
        "unit": "",
        "parts": {},
        "kind": "feed",
    },
    BOTTLE: {
        "title": gettext_lazy("Bottle volume"),
        # The figure carries its unit ("480 ml", "16.2 fl oz").
        "unit": gettext_lazy("a day"),
        "parts": {},
        "kind": "feed",
    },
    NAPPIES: {
        "title": gettext_lazy("Nappies"),
        "unit": gettext_lazy("nappies a day"),
        "parts": {
            "wet": gettext_lazy("wet"),
            "dirty": gettext_lazy("dirty"),
            "dry": gettext_lazy("dry"),
        },
        "kind": "nappy",
    },
    PUMP: {
        "title": gettext_lazy("Pumping"),
        "unit": gettext_lazy("a day"),
        "parts": {},
        "kind": "pump",
    },
    TUMMY: {
        "title": gettext_lazy("Tummy time"),
        "unit": gettext_lazy("a day"),
        "parts": {},
        "kind": "tummy_time",
    },
}

GROWTH: dict[str, tuple[StrPromise, Dimension]] = {
    "weight_kg": (gettext_lazy("Weight"), "weight"),
    "length_cm": (gettext_lazy("Length"), "length"),
    "head_cm": (gettext_lazy("Head circumference"), "length"),
}
VOLUMES = frozenset({BOTTLE, PUMP})
REASONS = {
    "no_sex": gettext_lazy("add the baby's sex to see centiles"),
    "before_term": gettext_lazy("before the due date: the WHO standards start at term"),
    "before_birth": gettext_lazy("dated before the birth"),
    "implausible": gettext_lazy("far outside the WHO range: check the value and its unit"),
    "out_of_range": gettext_lazy("outside the ages the WHO standards cover"),
    "invalid_value": gettext_lazy("not a measurement the standards can place"),
    "unknown_measure": gettext_lazy("not a measurement the standards can place"),
}


# --- words --------------------------------------------------------------------------------


def _hours(hours: float) -> str:
    """'13 h 20 min', kept on one line."""
    return format_duration(timedelta(hours=hours)).replace(" ", "\u00a0")


def _number(value: float, code: str, units: Units = METRIC) -> str:
    """A daily figure (SI) in its unit, e.g. '12 h 25 min', '7.9', '480 ml', '16.2 fl oz'."""
    if code in (SLEEP, FEED_GAP):
        return _hours(value)
    if code in VOLUMES:
        if units.volume == "ml":
            return _("%(n)d ml") % {"n": round(value)}
        return format_value(value, "volume", units)
    if code == TUMMY:
        return _("%(n)d min") % {"n": round(value)}
    return f"{value:.1f}".removesuffix(".0")


def _cell(value: float, code: str, units: Units = METRIC, *, whole_counts: bool = True) -> str:
    """A compact figure (SI) for a table cell or a bar's tip: '13.4 h', '120 ml', '6'.
    Counts on one day are whole; averages (`whole_counts` false) keep a decimal."""
    if code in (SLEEP, FEED_GAP):
        text = _("%(n)s h") % {"n": f"{value:.1f}"}
    elif code in (FEEDS, NAPPIES) and whole_counts:
        text = str(round(value))
    else:
        text = _number(value, code, units)
    return text.replace(" ", "\u00a0")  # a figure never breaks from its unit


def _axis(value: float, code: str, units: Units = METRIC) -> str:
    """A short axis label, in the chart's own units: '20 h', '250 ml', '8 fl oz', '5'."""
    number = f"{value:.1f}".removesuffix(".0")
    if code in (SLEEP, FEED_GAP):
        return f"{number} h"
    if code in VOLUMES:
        return f"{number} {SYMBOLS[units.volume]}"
    return number


def _drawn(value: float | None, code: str, units: Units) -> float | None:
    """A figure as the chart draws it: volumes in the family's unit, so the axis steps
    are round in that unit (0, 5, 10 fl oz rather than 0, 148, 296 ml)."""
    if value is None or code not in VOLUMES:
        return value
    return from_si(value, units.volume)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _centile(value: float) -> str:
    if value < 1:
        return _("below the 1st centile")
    if value > 99:
        return _("above the 99th centile")
    return _("%(n)s centile") % {"n": _ordinal(round(value))}


def _age(days: float) -> str:
    if days < 13 * 7:
        weeks = int(days // 7)
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    months = int(days // 30.4375)
    return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}


def _part_names(series: Series, units: Units = METRIC) -> list[str]:
    names = SERIES[series.code]["parts"]
    if series.code == SLEEP:
        spans = {"day": _daytime(units), "night": _night(units)}
        return [f"{names[n]} ({spans[n]})" for n in series.part_names]
    return [str(names[n]) for n in series.part_names]


def _window_sentence(series: Series, days: int, units: Units = METRIC) -> tuple[str, bool]:
    """The chart's sentence, and whether it is a real figure (False: not enough data)."""
    w = series.window(days)
    if series.days_logged == 0:
        return _("Nothing logged yet."), False
    if w.value is None:
        return _not_enough_sentence(w, days), False
    if series.statistic == MEDIAN:
        return _median_sentence(w, days), True
    return _average_sentence(series, w, days, units) + _parts_sentence(series, w, units), True


def _not_enough_sentence(w: Any, days: int) -> str:
    """Why window ``w`` of the last ``days`` days has no figure, and what would give one."""
    if w.days_logged == 0:
        return _("Nothing logged in the last %(days)d days, so no figure for them.") % {
            "days": days
        }
    return ngettext(
        "Not enough data yet for an average: logged on %(n)d of the last %(days)d "
        "days. Log it on %(more)d more day to see one.",
        "Not enough data yet for an average: logged on %(n)d of the last %(days)d "
        "days. Log it on %(more)d more days to see one.",
        w.more_days_needed,
    ) % {"n": w.days_logged, "days": days, "more": w.more_days_needed}


def _median_sentence(w: Any, days: int) -> str:
    """The usual time between feeds and its middle half."""
    assert w.low is not None and w.high is not None
    return _(
        "Usually %(value)s from the start of one feed to the next (the middle half: "
        "%(low)s to %(high)s), from the %(n)d days with feeds logged in the last "
        "%(days)d."
    ) % {
        "value": _hours(w.value),
        "low": _hours(w.low),
        "high": _hours(w.high),
        "n": w.days_logged,
        "days": days,
    }


def _average_sentence(series: Series, w: Any, days: int, units: Units) -> str:
    unit = SERIES[series.code]["unit"]
    if w.days_logged == days:
        return _("%(value)s %(unit)s on average over the last %(days)d days.") % {
            "value": _number(w.value, series.code, units),
            "unit": unit,
            "days": days,
        }
    return _("%(value)s %(unit)s on average, over the %(n)d days logged in the last %(days)d.") % {
        "value": _number(w.value, series.code, units),
        "unit": unit,
        "n": w.days_logged,
        "days": days,
    }


def _parts_sentence(series: Series, w: Any, units: Units) -> str:
    """What the average is made of (night and day sleep, kinds of feed or nappy), with a
    leading space; empty when a part is missing."""
    if series.code == SLEEP and w.parts[0] is not None and w.parts[1] is not None:
        return " " + _("Night (%(span)s): %(night)s; day: %(day)s.") % {
            "night": _hours(w.parts[1]),
            "day": _hours(w.parts[0]),
            "span": _night(units),
        }
    if not (series.part_names and all(p is not None for p in w.parts)):
        return ""
    named = ", ".join(
        f"{_number(p, series.code, units)} {SERIES[series.code]['parts'][n]}"
        for n, p in zip(series.part_names, w.parts, strict=True)
        if p
    )
    if not named:
        return ""
    return " " + (
        _("Of these: %(parts)s (a nappy can be both wet and dirty).")
        if series.code == NAPPIES
        else _("Of these: %(parts)s.")
    ) % {"parts": named}


def _weeks_sentence(series: Series, units: Units = METRIC) -> tuple[str, bool]:
    weeks = [w for w in series.by_week_of_age if w.value is not None]
    if series.days_logged == 0:
        return _("Nothing logged yet."), False
    if not weeks:
        return (
            _(
                "Not enough data yet: a week of age needs %(min)d days with it logged to "
                "show a figure."
            )
            % {"min": MIN_WEEK_DAYS},
            False,
        )
    last = weeks[-1]
    assert last.value is not None  # `weeks` holds only weeks with a value
    return (
        _("Week %(week)d of age: %(value)s %(unit)s (from %(n)d logged days).")
        % {
            "week": last.age_week,
            "value": _number(last.value, series.code, units),
            "unit": SERIES[series.code]["unit"],
            "n": last.days_logged,
        },
        True,
    )


# --- charts -------------------------------------------------------------------------------


def _day_label(day: date, days: int) -> str:
    return formats.date_format(day, "D" if days <= 7 else "j M")


@dataclass(frozen=True)
class _Columns:
    """What a series card draws and tabulates: one column per day or per week of age."""

    labels: list[str]
    logged: list[bool]
    parts: list[list[float | None]]
    sentence: str
    has_figure: bool
    rows: list[dict[str, Any]]
    label_every: int
    desc_span: str


def _week_columns(series: Series, units: Units) -> _Columns:
    """The series by week of age, for weeks with at least MIN_WEEK_DAYS logged days."""
    weeks = series.by_week_of_age
    if series.part_names and series.code in STACKED:
        parts = [[w.parts[p] for w in weeks] for p in range(len(series.part_names))]
    else:
        parts = [[w.value for w in weeks]]
    sentence, has_figure = _weeks_sentence(series, units)
    rows = [
        {
            "label": str(w.age_week),
            "value": "–"
            if w.value is None
            else _cell(w.value, series.code, units, whole_counts=False),
            "parts": [
                "–" if p is None else _cell(p, series.code, units, whole_counts=False)
                for p in w.parts
            ],
            "note": str(w.days_logged),
        }
        for w in weeks
    ]
    return _Columns(
        labels=[str(w.age_week) for w in weeks],
        logged=[w.value is not None for w in weeks],
        parts=parts,
        sentence=sentence,
        has_figure=has_figure,
        rows=rows,
        label_every=max(1, len(weeks) // 8),
        desc_span=_("by week of age, for weeks with at least %(min)d logged days")
        % {"min": MIN_WEEK_DAYS},
    )


def _day_columns(series: Series, days: int, units: Units) -> _Columns:
    """The series over each of the last ``days`` days."""
    window = series.window(days)
    if series.part_names and series.code in STACKED:
        parts = [
            [d.parts[p] if d.parts else None for d in window.daily]
            for p in range(len(series.part_names))
        ]
    else:
        parts = [[d.value for d in window.daily]]
    sentence, has_figure = _window_sentence(series, days, units)
    rows = [
        {
            "label": formats.date_format(d.day, "D j M"),
            "value": "–" if d.value is None else _cell(d.value, series.code, units),
            "parts": [_cell(p, series.code, units) for p in d.parts] if d.parts else [],
            "note": "",
        }
        for d in reversed(window.daily)
    ]
    return _Columns(
        labels=[_day_label(d.day, days) for d in window.daily],
        logged=[d.value is not None for d in window.daily],
        parts=parts,
        sentence=sentence,
        has_figure=has_figure,
        rows=rows,
        label_every=1 if days <= 7 else (7 if days <= 30 else 30),
        desc_span=_("each of the last %(days)d days") % {"days": days},
    )


def _series_chart(series: Series, days: int | None, units: Units, columns: _Columns) -> SafeString:
    """The card's stacked (or single) columns, hollow where nothing was logged."""
    title = str(SERIES[series.code]["title"])
    # Tooltips name the count; other figures carry their unit already ("120 ml").
    unit = {FEEDS: _("feeds"), NAPPIES: _("nappies")}.get(series.code, "")
    code = series.code
    # Volumes are drawn in the family's unit; tips word them from SI again.
    scale = from_si(1.0, units.volume) if code in VOLUMES else 1.0
    parts = [[_drawn(v, code, units) for v in column] for column in columns.parts]
    return trend_charts.stacked_columns(
        parts,
        columns.labels,
        series=_part_names(series, units) if series.code in STACKED else [title],
        logged=columns.logged,
        chart_id=f"trend-{series.code}",
        title=title,
        desc=_("%(what)s, %(span)s. Hollow marks: not logged. %(sentence)s")
        % {"what": title, "span": columns.desc_span, "sentence": columns.sentence},
        unit=unit,
        fmt=(lambda v: _cell(v / scale, code, units, whole_counts=days is not None)),
        axis_fmt=(lambda v: _axis(v, code, units)),
        label_every=columns.label_every,
        not_logged=_("not logged"),
        no_data=_("Nothing logged yet"),
    )


def _series_card(series: Series, days: int | None, units: Units = METRIC) -> dict[str, Any]:
    text = SERIES[series.code]
    columns = _week_columns(series, units) if days is None else _day_columns(series, days, units)
    if series.statistic == MEDIAN:
        value_label = _("Median")
    else:
        value_label = _("A day") if days is None else _("Total")
    return {
        "code": series.code,
        "title": str(text["title"]),
        "value_label": value_label,
        "sentence": columns.sentence,
        "has_figure": columns.has_figure,
        "is_logged": series.days_logged > 0,
        "chart": _series_chart(series, days, units, columns),
        "columns": [str(text["parts"][n]) for n in series.part_names],
        "rows": columns.rows,
        "kind": text["kind"],
    }


def _growth(trends: Trends, baby: Baby, units: Units = METRIC) -> dict[str, Any]:
    """Growth cards: values and centile lines in the family's units (pounds as decimals
    on the chart's axis, "10 lb 2 oz" in words)."""
    from insights.growth import REFERENCE, REFERENCE_URL

    by_measure: dict[str, list[Any]] = {m: [] for m in GROWTH}
    for point in trends.growth:
        for m in point.measurements:
            by_measure[m.measure].append((point, m))
    oldest = max((m.age_used_days or m.age_days for ms in by_measure.values() for _p, m in ms),
                 default=0)  # fmt: skip
    max_age = 365 if oldest <= 335 else 730
    cards = [
        _growth_card(measure, found, trends, baby, units, max_age)
        for measure, found in by_measure.items()
        if found
    ]
    return {
        "cards": cards,
        "has_sex": bool(trends.sex),
        "reference": REFERENCE if cards else "",
        "reference_url": REFERENCE_URL,
    }


def _growth_rows(
    found: list[Any], dimension: Dimension, unit: str, units: Units
) -> tuple[list[dict[str, str]], list[tuple[float, float, str]]]:
    """A table row per measurement (oldest first), and the chart's dots (age, value, tip)."""
    rows = []
    points = []
    for point, m in found:
        age = m.age_used_days if m.age_used_days is not None else m.age_days
        where = (
            _centile(m.centile) + (f" (z {m.z_score:+.2f})" if m.z_score is not None else "")
            if m.centile is not None
            else str(REASONS.get(m.reason or "", m.reason))
        )
        rows.append(
            {
                "date": formats.date_format(point.measured_on, "j M Y"),
                "age": _age(m.age_days)
                + (
                    " " + _("(corrected: %(age)s)") % {"age": _age(age)}
                    if m.is_corrected and m.age_used_days is not None and age >= 0
                    else ""
                ),
                "value": format_value(m.value, dimension, units),
                "where": where,
            }
        )
        tip = (
            f"{formats.date_format(point.measured_on, 'j M Y')}: "
            f"{format_value(m.value, dimension, units)}, {where}"
        )
        points.append((age, from_si(m.value, unit), tip))
    return rows, points


def _growth_card(
    measure: str, found: list[Any], trends: Trends, baby: Baby, units: Units, max_age: int
) -> dict[str, Any]:
    """One measure's card: its table, and its dots over the WHO centile lines (when the
    baby's sex is known)."""
    from insights.growth import centile_lines

    label, dimension = GROWTH[measure]
    unit = units.unit(dimension)
    rows, points = _growth_rows(found, dimension, unit, units)
    lines = centile_lines(measure, trends.sex, max_age) if trends.sex else None
    chart = None
    if lines is not None:
        chart = trend_charts.growth_chart(
            lines.ages_days,
            [
                (_ordinal(round(c)), [from_si(x, unit) for x in v])
                for c, v in zip(lines.centiles, lines.values, strict=True)
            ],
            points,
            chart_id=f"growth-{measure}",
            title=_("%(what)s on the WHO centile lines") % {"what": label},
            desc=_(
                "%(name)s's %(what)s (%(unit)s, dots) by age in months%(corrected)s, over "
                "the WHO 3rd, 15th, 50th, 85th and 97th centile lines for %(sex)s. %(last)s"
            )
            % {
                "name": baby.name,
                "what": str(label).lower(),
                "unit": SYMBOLS[unit],
                "corrected": _(" (corrected for prematurity)")
                if any(m.is_corrected for _p, m in found)
                else "",
                "sex": _("girls") if trends.sex == "female" else _("boys"),
                "last": _("Latest: %(value)s, %(where)s.")
                % {"value": rows[-1]["value"], "where": rows[-1]["where"]},
            },
            max_age_days=max_age,
            month_label=_("{n} m"),
            no_data=_("No measurement in this age range"),
        )
    return {
        "measure": measure,
        "title": label,
        "chart": chart,
        "rows": list(reversed(rows)),
        "latest": rows[-1],
    }


def _next_nap(trends: Trends, baby: Baby, units: Units = METRIC) -> dict[str, Any]:
    nap = trends.next_nap
    basis = _nap_basis(nap, baby)
    if nap.status == "asleep":
        return {"status": nap.status, "text": _("%(name)s is asleep now.") % {"name": baby.name}}
    if nap.status == "no_recent_sleep":
        return {
            "status": nap.status,
            "text": _(
                "No sleep ended in the last few hours, so there is no awake time to go from. "
                "Log sleeps (start and stop) and a window appears here."
            ),
        }
    if nap.status == "not_enough":
        more = max(1, nap.gaps_needed - nap.gaps_used)
        return {
            "status": nap.status,
            "text": ngettext(
                "Not enough data yet: %(n)d awake time at this time of day in the last "
                "%(days)d days; %(more)d more logged sleep around now will give a window.",
                "Not enough data yet: %(n)d awake times at this time of day in the last "
                "%(days)d days; %(more)d more logged sleeps around now will give a window.",
                more,
            )
            % {"n": nap.gaps_used, "days": nap.lookback_days, "more": more},
        }
    return _nap_window(nap, baby, units, basis)


def _nap_basis(nap: Any, baby: Baby) -> str:
    """What the window is worked out from: the baby's own recent awake times."""
    return ngettext(
        "From %(name)s's own last %(days)d days, not a norm: %(n)d awake time that began "
        "within %(window)s of when %(name)s woke today.",
        "From %(name)s's own last %(days)d days, not a norm: %(n)d awake times that began "
        "within %(window)s of when %(name)s woke today.",
        nap.gaps_used,
    ) % {
        "name": baby.name,
        "days": nap.lookback_days,
        "n": nap.gaps_used,
        "window": format_duration(timedelta(minutes=nap.time_of_day_min)),
    }


def _nap_window(nap: Any, baby: Baby, units: Units, basis: str) -> dict[str, Any]:
    """The next nap's window in the household's clock, and how it was found."""
    tz = timezone.get_current_timezone()

    def clock(moment: Any) -> str:
        local = moment.astimezone(tz)
        return format_clock(local.hour, local.minute, units.clock)

    return {
        "status": nap.status,
        "woke": clock(nap.woke_at),
        "earliest": clock(nap.earliest),
        "likely": clock(nap.likely),
        "latest": clock(nap.latest),
        "text": _(
            "%(name)s woke at %(woke)s. After waking at about this time, %(name)s has "
            "usually been awake %(median)s (the middle half of awake times: %(low)s to "
            "%(high)s)."
        )
        % {
            "name": baby.name,
            "woke": clock(nap.woke_at),
            "median": format_duration(timedelta(minutes=nap.median_awake_min or 0)),
            "low": format_duration(timedelta(minutes=nap.low_awake_min or 0)),
            "high": format_duration(timedelta(minutes=nap.high_awake_min or 0)),
        },
        "basis": basis,
    }


def trends_context(trends: Trends, baby: Baby, view: str, units: Units = METRIC) -> dict[str, Any]:
    """Everything the Trends page shows, worded, for `view` (a key of VIEWS), with
    volumes, growth and times in `units`."""
    days = VIEWS[view]
    cards = [_series_card(s, days, units) for s in trends.series]
    return {
        "view": view,
        "views": [(key, VIEW_LABELS[key]) for key in VIEWS],
        "days": days,
        "cards": [c for c in cards if c["is_logged"]],
        "unlogged": [c for c in cards if not c["is_logged"]],
        "growth": _growth(trends, baby, units),
        "next_nap": _next_nap(trends, baby, units),
        "night": _night(units),
        "today": trends.today,
        "min_week_days": MIN_WEEK_DAYS,
    }

"""SVG charts for the Trends page: stacked day columns and growth on WHO centile lines.

Same rules as web/charts.py (whose helpers these reuse): plain numbers in, safe SVG out,
a <title> and <desc> for screen readers, real <text> labels, colours from the classes
nestling.css already styles (`bar`, `seg-0`, `seg-1`, `ref`, `ci`, `est`, `cell empty`)
with `currentColor` underneath, and no inline styles. Each chart on the page also has a
sentence and a data table beside it, so nothing is only in the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString

from .charts import WIDTH, Format, Number, _finite, _nice_max, _no_data, _plain, _r, _svg, _text


def stacked_columns(
    parts: Sequence[Sequence[Number]],
    labels: Sequence[str],
    *,
    series: Sequence[str],
    chart_id: str,
    title: str,
    desc: str,
    unit: str = "",
    logged: Sequence[bool] | None = None,
    not_logged: str = "not logged",
    label_every: int = 1,
    fmt: Format = _plain,
    axis_fmt: Format | None = None,
    no_data: str = "No data yet",
) -> SafeString:
    """One column per day (or week), made of `parts[s][i]` for each series s, stacked.
    `fmt` writes values in tooltips; `axis_fmt` (default `fmt`) the short axis labels.

    A day that was not logged (`logged[i]` false) gets no column but a small hollow mark
    on the axis, so "not logged" never reads as zero.
    """
    count = len(labels)
    values = [[_finite(p[i]) if i < len(p) else None for i in range(count)] for p in parts]
    is_logged = list(logged) if logged is not None else [True] * count
    totals = [
        sum(v[i] for v in values if v[i] is not None and v[i] > 0) if is_logged[i] else None
        for i in range(count)
    ]
    if not count or all(t is None for t in totals):
        return _no_data(chart_id, title, desc, "columns", no_data)
    top = _nice_max(max(t for t in totals if t is not None))
    left, right, top_pad, bottom = 32.0, 6.0, 10.0, 20.0
    legend_h = 20.0 if len(series) > 1 else 0.0
    height = 150.0 + legend_h
    plot_h = 150.0 - top_pad - bottom
    base = top_pad + plot_h
    slot = (WIDTH - left - right) / count
    gap = min(2.0, slot * 0.2)

    def y_of(value: float) -> float:
        return top_pad + plot_h * (1 - value / top)

    out: list[str] = []
    for tick in (0.0, top / 2, top):
        y = y_of(tick)
        out.append(
            f'<line class="grid" x1="{_r(left)}" x2="{_r(WIDTH - right)}" y1="{_r(y)}" '
            f'y2="{_r(y)}" stroke="currentColor" stroke-opacity="0.2"/>'
        )
        out.append(_text(left - 4, y + 4, (axis_fmt or fmt)(tick), "axis", "end"))
    for i in range(count):
        x = left + i * slot + gap / 2
        label = labels[i]
        if not is_logged[i]:
            r = max(1.5, min(3.0, (slot - gap) / 2))
            out.append(
                f'<circle class="cell empty" cx="{_r(x + (slot - gap) / 2)}" cy="{_r(base - r)}" '
                f'r="{_r(r)}" fill="none" stroke="currentColor" stroke-opacity="0.4">'
                f"<title>{escape(f'{label}: {not_logged}')}</title></circle>"
            )
            continue
        y = base
        for s, column in enumerate(values):
            value = column[i]
            if value is None or value <= 0:
                continue
            h = plot_h * min(value, top) / top
            y -= h
            name = series[s] if s < len(series) else ""
            what = f"{label}, {name}" if len(series) > 1 else label
            out.append(
                f'<rect class="bar seg-{s}" x="{_r(x)}" y="{_r(y)}" width="{_r(slot - gap)}" '
                f'height="{_r(h)}" fill="currentColor" '
                f'fill-opacity="{max(0.9 - 0.35 * s, 0.25):.2f}">'
                f"<title>{escape(f'{what}: {fmt(value)} {unit}'.strip())}</title></rect>"
            )
    step = max(1, label_every)
    for i in range(0, count, step):
        out.append(_text(left + (i + 0.5) * slot, 150.0 - 5, labels[i], "axis", "middle"))
    if len(series) > 1:
        y = 150.0 + 2
        x = left
        for s, name in enumerate(series):
            out.append(
                f'<rect class="seg seg-{s}" x="{_r(x)}" y="{_r(y + 2)}" width="12" height="12" '
                f'rx="2" fill="currentColor" fill-opacity="{max(0.9 - 0.35 * s, 0.25):.2f}"/>'
            )
            out.append(_text(x + 16, y + 12, name, "axis"))
            x += 24 + len(name) * 6.5
    return _svg(chart_id, height, title, desc, "".join(out), "columns")


def _ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """About `count` round values from lo to hi."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    first = math.ceil(lo / step) * step
    ticks = []
    value = first
    while value <= hi + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def growth_chart(
    ages_days: Sequence[int],
    lines: Sequence[tuple[str, Sequence[float]]],
    points: Sequence[tuple[float, float, str]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    max_age_days: int,
    month_label: str = "{n} m",
    no_data: str = "No measurements yet",
) -> SafeString:
    """The baby's measurements (age in days, value, tooltip) over reference lines, each
    `(label, values at ages_days)`, e.g. WHO's 3rd to 97th centiles. Lines may be empty
    (no reference to draw: the points stand alone)."""
    pts = [
        (a, v, tip)
        for a, v, tip in ((_finite(a), _finite(v), tip) for a, v, tip in points)
        if a is not None and v is not None and 0 <= a <= max_age_days
    ]
    if not pts and not lines:
        return _no_data(chart_id, title, desc, "growth", no_data)
    ys = [v for _a, v, _t in pts]
    for _label, values in lines:
        ys.extend(v for a, v in zip(ages_days, values, strict=False) if a <= max_age_days)
    lo, hi = min(ys), max(ys)
    pad = max((hi - lo) * 0.06, 0.1)
    lo, hi = max(0.0, lo - pad), hi + pad
    left, right, top_pad, bottom = 34.0, 34.0, 8.0, 22.0
    height = 220.0
    plot_w = WIDTH - left - right
    plot_h = height - top_pad - bottom

    def x_of(age: float) -> float:
        return left + plot_w * min(max(age, 0.0), max_age_days) / max_age_days

    def y_of(value: float) -> float:
        return top_pad + plot_h * (1 - (value - lo) / (hi - lo))

    out: list[str] = []
    for tick in _ticks(lo, hi):
        y = y_of(tick)
        out.append(
            f'<line class="grid" x1="{_r(left)}" x2="{_r(WIDTH - right)}" y1="{_r(y)}" '
            f'y2="{_r(y)}" stroke="currentColor" stroke-opacity="0.2"/>'
        )
        out.append(_text(left - 4, y + 4, _plain(tick), "axis", "end"))
    months = round(max_age_days / 30.4375)
    step = 2 if months > 8 else 1
    for m in range(0, months + 1, step):
        x = x_of(min(m * 30.4375, max_age_days))
        out.append(_text(x, height - 6, month_label.format(n=m), "axis", "middle"))
    for label, values in lines:
        coords = " ".join(
            f"{_r(x_of(a))},{_r(y_of(v))}"
            for a, v in zip(ages_days, values, strict=False)
            if a <= max_age_days
        )
        main = label.startswith("50")
        out.append(
            f'<polyline class="ref" points="{coords}" fill="none" stroke="currentColor" '
            f'stroke-opacity="{"0.8" if main else "0.45"}" stroke-width="{"1.5" if main else "1"}">'
            f"<title>{escape(label)}</title></polyline>"
        )
        last = [v for a, v in zip(ages_days, values, strict=False) if a <= max_age_days]
        if last:
            out.append(_text(WIDTH - right + 3, y_of(last[-1]) + 4, label, "axis", "start"))
    if len(pts) > 1:
        coords = " ".join(f"{_r(x_of(a))},{_r(y_of(v))}" for a, v, _t in sorted(pts))
        out.append(
            f'<polyline class="ci" points="{coords}" fill="none" stroke="currentColor" '
            f'stroke-width="2"/>'
        )
    for a, v, tip in pts:
        out.append(
            f'<circle class="est" cx="{_r(x_of(a))}" cy="{_r(y_of(v))}" r="4" '
            f'fill="currentColor"><title>{escape(tip)}</title></circle>'
        )
    if not pts:
        out.append(_text(left + plot_w / 2, top_pad + plot_h / 2, no_data, "empty", "middle"))
    return _svg(chart_id, height, title, desc, "".join(out), "growth")

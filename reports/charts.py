"""Small SVG charts drawn on the server, for the pages and for the report to the doctor.

Each builder takes plain numbers and labels (no models, no querysets) and returns safe SVG
markup. Every chart has a <title> and <desc> for screen readers and real <text> labels.
Colours come from CSS classes (`.chart .bar` etc. in nestling.css, which use the light and
dark palettes); the presentation attributes underneath fall back to `currentColor`, so a
chart printed without the stylesheet still reads, in the text colour. No inline styles: the
content security policy stays strict.

The drawing lives here, in the reports app, because the report (which may not import an
adapter such as web/) draws the same charts as the Insights and Trends pages;
web/charts.py and web/trend_charts.py re-export these names for the page views.

For paper (`patterns=True`): the parts of a stacked column differ by pattern (solid,
hatched, light), not by shade alone, so a chart printed in black and white still reads;
the legend shows the same patterns. Days not logged get a hollow mark, never a zero.

The drawing width is 320 units, which the page scales to the column: about 300 px on a
360 px phone, so 12-unit text stays readable.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 320.0
FONT = 12

Number = float | int | None
Format = Callable[[float], str]


def _finite(value: Number) -> float | None:
    """The value as a float, or None for None, NaN and infinities."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _r(x: float) -> str:
    """A coordinate, short: 12.0 -> "12", 12.345 -> "12.3"."""
    text = f"{x:.1f}"
    return text.removesuffix(".0")


def _plain(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}".removesuffix(".0")


def _nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 x 10^k at or above `value` (at least 1)."""
    if value <= 1:
        return 1.0
    power: float = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _text(x: float, y: float, label: str, cls: str = "label", anchor: str = "start") -> str:
    return (
        f'<text class="{cls}" x="{_r(x)}" y="{_r(y)}" text-anchor="{anchor}" '
        f'fill="currentColor">{escape(label)}</text>'
    )


def _svg(chart_id: str, height: float, title: str, desc: str, body: str, cls: str) -> SafeString:
    cid = escape(chart_id)
    return mark_safe(  # noqa: S308 - every piece of text above went through escape()
        f'<svg class="chart {escape(cls)}" viewBox="0 0 {_r(WIDTH)} {_r(height)}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{cid}-t {cid}-d" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">'
        f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _no_data(chart_id: str, title: str, desc: str, cls: str, message: str) -> SafeString:
    return _svg(chart_id, 40, title, desc, _text(WIDTH / 2, 24, message, "empty", "middle"), cls)


@dataclass(frozen=True)
class _Slots:
    """Where columns go: one `slot` wide each from `left` (bars `gap` apart), values 0 to
    `top` drawn from the base line (`top_pad` + `plot_h`) up to `top_pad`."""

    left: float
    slot: float
    gap: float
    top_pad: float
    plot_h: float
    top: float

    def y_of(self, value: float) -> float:
        return self.top_pad + self.plot_h * (1 - value / self.top)


def _grid(
    ticks: Iterable[float],
    y_of: Callable[[float], float],
    left: float,
    right: float,
    label: Format,
) -> list[str]:
    """A faint horizontal line across the plot at each tick, labelled on the left."""
    out = []
    for tick in ticks:
        y = y_of(tick)
        out.append(
            f'<line class="grid" x1="{_r(left)}" x2="{_r(WIDTH - right)}" y1="{_r(y)}" '
            f'y2="{_r(y)}" stroke="currentColor" stroke-opacity="0.2"/>'
        )
        out.append(_text(left - 4, y + 4, label(tick), "axis", "end"))
    return out


def _x_labels(labels: Sequence[str], count: int, at: _Slots, y: float, every: int) -> list[str]:
    """Every `every`-th label, centred under its column."""
    return [
        _text(at.left + (i + 0.5) * at.slot, y, labels[i], "axis", "middle")
        for i in range(0, count, max(1, every))
        if i < len(labels)
    ]


def _band(band: tuple[Number, Number] | None) -> tuple[float | None, float | None]:
    return (_finite(band[0]), _finite(band[1])) if band else (None, None)


def _band_highs(bands: Sequence[tuple[Number, Number] | None]) -> list[float]:
    """The top of every band with both ends known (the axis must reach them)."""
    return [hi for lo, hi in (_band(b) for b in bands) if lo is not None and hi is not None]


def column_chart(
    values: Sequence[Number],
    labels: Sequence[str],
    *,
    chart_id: str,
    title: str,
    desc: str,
    unit: str = "",
    bands: Sequence[tuple[Number, Number] | None] | None = None,
    band_title: str = "",
    highlight: Sequence[int] = (),
    label_every: int = 1,
    fmt: Format = _plain,
    no_data: str = "No data yet",
    height: float = 150.0,
) -> SafeString:
    """Vertical bars, one per value (None or NaN: no bar), on a 0-based axis, ``height``
    units tall (the report's charts are shorter than the page's).

    `bands` gives an optional (low, high) range behind each bar (a shaded normal range
    where a source gives one; None where it does not). `highlight` holds the indexes of bars
    drawn in the stronger colour. Every `label_every`-th label is written under its bar.
    """
    points = [_finite(v) for v in values]
    band_list = list(bands or [None] * len(points))
    if not points or all(p is None for p in points):
        return _no_data(chart_id, title, desc, "columns", no_data)
    top = _nice_max(max([p for p in points if p is not None] + _band_highs(band_list)))
    left, right, top_pad, bottom = 30.0, 6.0, 10.0, 20.0
    slot = (WIDTH - left - right) / len(points)
    at = _Slots(left, slot, min(2.0, slot * 0.2), top_pad, height - top_pad - bottom, top)
    parts = _grid((0.0, top / 2, top), at.y_of, left, right, fmt)
    for i, band in enumerate(band_list[: len(points)]):
        lo, hi = _band(band)
        if lo is None or hi is None:
            continue
        y = at.y_of(hi)
        parts.append(
            f'<rect class="band" x="{_r(left + i * slot)}" y="{_r(y)}" width="{_r(slot)}" '
            f'height="{_r(at.y_of(lo) - y)}" fill="currentColor" fill-opacity="0.12">'
            f"<title>{escape(band_title or f'{fmt(lo)}-{fmt(hi)} {unit}'.strip())}</title></rect>"
        )
    parts += _bars(points, labels, at, set(highlight), fmt, unit)
    parts += _x_labels(labels, len(points), at, height - 5, label_every)
    return _svg(chart_id, height, title, desc, "".join(parts), "columns")


def _bars(
    points: Sequence[float | None],
    labels: Sequence[str],
    at: _Slots,
    chosen: set[int],
    fmt: Format,
    unit: str,
) -> list[str]:
    """One bar per known value (the `chosen` ones stronger), each with its tooltip."""
    out = []
    for i, value in enumerate(points):
        if value is None:
            continue
        y = at.y_of(max(value, 0.0))
        label = labels[i] if i < len(labels) else str(i)
        cls = "bar highlight" if i in chosen else "bar"
        out.append(
            f'<rect class="{cls}" x="{_r(at.left + i * at.slot + at.gap / 2)}" y="{_r(y)}" '
            f'width="{_r(at.slot - at.gap)}" height="{_r(at.top_pad + at.plot_h - y)}" '
            f'fill="currentColor" fill-opacity="{"0.9" if i in chosen else "0.55"}">'
            f"<title>{escape(f'{label}: {fmt(value)} {unit}'.strip())}</title></rect>"
        )
    return out


@dataclass(frozen=True)
class ForestRow:
    """One estimate on a ratio scale, with its interval if known."""

    label: str
    estimate: Number
    low: Number = None
    high: Number = None
    is_main: bool = False


def _ratio(value: float) -> str:
    return f"{value:.2f}"


def forest_plot(
    rows: Sequence[ForestRow],
    *,
    chart_id: str,
    title: str,
    desc: str,
    left_note: str = "",
    right_note: str = "",
    no_estimate: str = "not enough data",
    no_data: str = "No data yet",
) -> SafeString:
    """Ratios on a log scale with a line at 1 (no difference): a dot for each estimate and a
    line for its 95% interval. Each row's label sits above its line, with the numbers."""
    if not rows:
        return _no_data(chart_id, title, desc, "forest", no_data)
    known = [
        v
        for row in rows
        for v in (_finite(row.estimate), _finite(row.low), _finite(row.high))
        if v is not None and v > 0
    ]
    lo = min(known + [1.0]) / 1.2
    hi = max(known + [1.0]) * 1.2
    # Symmetric around 1 on the log scale, within 1/16 .. 16 (wider is clipped, with an arrow).
    span = min(max(math.log2(hi), -math.log2(lo), 1.0), 4.0)
    left, right = 14.0, WIDTH - 14.0
    row_h, top_pad = 36.0, 4.0
    height = top_pad + row_h * len(rows) + 34.0

    def x_of(value: float) -> float:
        ratio = min(max(math.log2(value), -span), span)
        return left + (right - left) * (ratio + span) / (2 * span)

    axis_y = top_pad + row_h * len(rows) + 4
    parts: list[str] = []
    for tick in [2.0**k for k in range(-int(span), int(span) + 1)]:
        label = f"{tick:g}" if tick >= 1 else f"1/{1 / tick:g}"
        parts.append(_text(x_of(tick), axis_y + 12, label, "axis", "middle"))
    x1 = x_of(1.0)
    parts.append(
        f'<line class="ref" x1="{_r(x1)}" x2="{_r(x1)}" y1="{_r(top_pad)}" y2="{_r(axis_y)}" '
        f'stroke="currentColor" stroke-dasharray="4 3" stroke-opacity="0.6"/>'
    )
    if left_note:
        parts.append(_text(left - 10, axis_y + 27, "← " + left_note, "axis", "start"))
    if right_note:
        parts.append(_text(right + 10, axis_y + 27, right_note + " →", "axis", "end"))
    for i, row in enumerate(rows):
        parts += _forest_row(row, top_pad + i * row_h, left - 10, x_of, no_estimate)
    return _svg(chart_id, height, title, desc, "".join(parts), "forest")


def _forest_row(
    row: ForestRow, y0: float, text_x: float, x_of: Callable[[float], float], no_estimate: str
) -> list[str]:
    """One row: its label and numbers, then the interval's line and the estimate's dot."""
    est, low, high = _finite(row.estimate), _finite(row.low), _finite(row.high)
    if est is None or est <= 0:
        return [_text(text_x, y0 + 13, f"{row.label}: {no_estimate}", "label")]
    interval = (low, high) if low is not None and high is not None and low > 0 else None
    numbers = _ratio(est)
    if interval:
        numbers += f" ({_ratio(interval[0])}–{_ratio(interval[1])})"
    y = y0 + 26
    body = ""
    if interval:
        body += (
            f'<line class="ci" x1="{_r(x_of(interval[0]))}" x2="{_r(x_of(interval[1]))}" '
            f'y1="{_r(y)}" y2="{_r(y)}" stroke="currentColor" stroke-width="3" '
            f'stroke-linecap="round"/>'
        )
    body += (
        f'<circle class="est" cx="{_r(x_of(est))}" cy="{_r(y)}" r="{"6" if row.is_main else "4.5"}" '
        f'fill="currentColor"/>'
    )
    cls = "row main" if row.is_main else "row"
    return [
        _text(text_x, y0 + 13, f"{row.label}: {numbers}", "label"),
        f'<g class="{cls}"><title>{escape(row.label)}: {numbers}</title>{body}</g>',
    ]


def heat_map(
    values: Sequence[Sequence[Number]],
    *,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    chart_id: str,
    title: str,
    desc: str,
    cell_titles: Sequence[Sequence[str]] | None = None,
    label_every: int = 3,
    domain: tuple[float, float] = (0.0, 1.0),
    legend: tuple[str, str] = ("", ""),
    no_data: str = "No data yet",
) -> SafeString:
    """A grid (e.g. 7 days x 24 hours): stronger colour for higher values within `domain`;
    None cells are drawn empty (outlined). `legend` labels the weak and strong ends."""
    grid = [[_finite(v) for v in row] for row in values]
    if not grid or not any(v is not None for row in grid for v in row):
        return _no_data(chart_id, title, desc, "heat", no_data)
    cols = max(len(row) for row in grid)
    left, right, top_pad = 32.0, 4.0, 4.0
    cell_w = (WIDTH - left - right) / cols
    cell_h = 16.0
    grid_bottom = top_pad + cell_h * len(grid)
    height = grid_bottom + 18 + (22 if any(legend) else 0)
    lo, hi = domain
    span = (hi - lo) or 1.0
    parts: list[str] = []
    for r, row in enumerate(grid):
        y = top_pad + r * cell_h
        label = row_labels[r] if r < len(row_labels) else ""
        parts.append(_text(left - 5, y + cell_h - 4, label, "axis", "end"))
        for c, value in enumerate(row):
            tip = cell_titles[r][c] if cell_titles and r < len(cell_titles) else ""
            geometry = (
                f'x="{_r(left + c * cell_w + 0.5)}" y="{_r(y + 0.5)}" width="{_r(cell_w - 1)}" '
                f'height="{_r(cell_h - 1)}" rx="2"'
            )
            opacity = None if value is None else min(max((value - lo) / span, 0.0), 1.0)
            parts.append(_cell(geometry, opacity, tip))
    for c in range(0, cols, max(1, label_every)):
        if c < len(col_labels):
            x = left + c * cell_w + cell_w / 2
            parts.append(_text(x, grid_bottom + 13, col_labels[c], "axis", "middle"))
    if any(legend):
        parts += _heat_legend(legend, left, right, grid_bottom + 24)
    return _svg(chart_id, height, title, desc, "".join(parts), "heat")


def _cell(geometry: str, share: float | None, tip: str) -> str:
    """One cell of a heat map: stronger the higher its `share` (0-1) of the domain; None
    is drawn empty (outlined)."""
    tip_el = f"<title>{escape(tip)}</title>" if tip else ""
    if share is None:
        return (
            f'<rect class="cell empty" {geometry} fill="none" stroke="currentColor" '
            f'stroke-opacity="0.15">{tip_el}</rect>'
        )
    return (
        f'<rect class="cell" {geometry} fill="currentColor" '
        f'fill-opacity="{0.15 + 0.8 * share:.2f}">{tip_el}</rect>'
    )


def _heat_legend(legend: tuple[str, str], left: float, right: float, y: float) -> list[str]:
    """Five keys from weak to strong between the two ends' labels."""
    out = [_text(left, y + 11, legend[0], "axis", "start")]
    for i in range(5):
        share = i / 4
        x = WIDTH / 2 - 40 + i * 16
        out.append(
            f'<rect class="cell key" x="{_r(x)}" y="{_r(y + 1)}" width="14" height="12" '
            f'rx="2" fill="currentColor" fill-opacity="{0.15 + 0.8 * share:.2f}"/>'
        )
    out.append(_text(WIDTH - right, y + 11, legend[1], "axis", "end"))
    return out


@dataclass(frozen=True)
class BarRow:
    """One labelled row of horizontal bars: one value per series."""

    label: str
    values: Sequence[Number]
    note: str = ""  # written after the label, e.g. "74 of 232 sessions"


def bar_rows(
    rows: Sequence[BarRow],
    *,
    series: Sequence[str],
    chart_id: str,
    title: str,
    desc: str,
    stacked: bool = True,
    max_value: float | None = None,
    unit: str = "",
    fmt: Format = _plain,
    no_data: str = "No data yet",
) -> SafeString:
    """Horizontal bars, one row per label (the label above its bar, for narrow screens).

    `stacked`: the values are parts of one bar (series `seg-0`, `seg-1`, ...), e.g. day and
    night minutes; otherwise each value gets its own thinner bar under the label, e.g.
    weekday and weekend. All rows share one scale, up to `max_value` if given.
    """
    clean = [[_finite(v) for v in row.values] for row in rows]
    totals = [
        sum(v for v in vals if v is not None and v > 0)
        if stacked
        else max([v for v in vals if v is not None] or [0.0])
        for vals in clean
    ]
    if not rows or all(v is None for vals in clean for v in vals):
        return _no_data(chart_id, title, desc, "rows", no_data)
    scale = max_value or _nice_max(max(totals + [0.0]))
    left, right = 2.0, WIDTH - 2.0
    lines = 1 if stacked else max(1, len(series))
    bar_h = 14.0 if stacked else 10.0
    row_h = 18 + lines * (bar_h + 3) + 6
    legend_h = 20.0 if len(series) > 1 else 0.0
    height = row_h * len(rows) + legend_h

    # Grouped bars keep room on their right for the value written after them.
    room = (right - left) - (0 if stacked else 64)

    def w_of(value: float) -> float:
        return room * min(max(value, 0.0), scale) / scale

    parts: list[str] = []
    for i, row in enumerate(rows):
        y0 = i * row_h
        head = row.label + (f" · {row.note}" if row.note else "")
        parts.append(_text(left, y0 + 13, head, "label"))
        parts.append(
            f'<rect class="track" x="{_r(left)}" y="{_r(y0 + 18)}" width="{_r(right - left)}" '
            f'height="{_r(lines * (bar_h + 3) - 3)}" rx="3" fill="currentColor" '
            f'fill-opacity="0.06"/>'
        )
        parts += _row_bars(
            row.label, clean[i], w_of, left, y0 + 18, bar_h, stacked, series, fmt, unit
        )
    if len(series) > 1:
        parts.extend(_legend(series, left, row_h * len(rows) + 2, chart_id, patterns=False))
    return _svg(chart_id, height, title, desc, "".join(parts), "rows")


def _row_bars(
    label: str,
    values: Sequence[float | None],
    w_of: Callable[[float], float],
    left: float,
    top: float,
    bar_h: float,
    stacked: bool,
    series: Sequence[str],
    fmt: Format,
    unit: str,
) -> list[str]:
    """One row's bars from `top`: end to end when `stacked`, else one under another, each
    followed by its value."""
    out = []
    x = left
    for s, value in enumerate(values):
        if value is None:
            continue
        width = w_of(value)
        name = series[s] if s < len(series) else ""
        tip = f"<title>{escape(f'{label}, {name}: {fmt(value)} {unit}'.strip())}</title>"
        y = top + (0 if stacked else s * (bar_h + 3))
        bx = x if stacked else left
        out.append(
            f'<rect class="seg seg-{s}" x="{_r(bx)}" y="{_r(y)}" width="{_r(width)}" '
            f'height="{_r(bar_h)}" rx="3" fill="currentColor" '
            f'fill-opacity="{max(0.9 - 0.35 * s, 0.25):.2f}">{tip}</rect>'
        )
        if not stacked:
            out.append(_text(left + width + 4, y + bar_h - 1, fmt(value), "value"))
        if stacked:
            x += width
    return out


# --- day columns and growth (the Trends page and the report) ---------------------------------


#: The paint of each part of a stacked column on paper: solid, hatched, light.
_PAPER_PAINT = ("solid", "hatch", "light")


def _pattern_defs(chart_id: str) -> str:
    """The hatching for the second part of a column, ids scoped to this chart (several
    charts share one HTML document)."""
    cid = escape(chart_id)
    return (
        f'<defs><pattern id="{cid}-hatch" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<path d="M-1,1 l2,-2 M0,5 l5,-5 M4,6 l2,-2" stroke="currentColor" '
        'stroke-width="1.4"/></pattern></defs>'
    )


def _legend(
    series: Sequence[str], x: float, y: float, chart_id: str, *, patterns: bool
) -> list[str]:
    """A key under a chart: a small square painted like each part, then its name."""
    out = []
    for s, name in enumerate(series):
        out.append(
            f'<rect class="seg seg-{s}" x="{_r(x)}" y="{_r(y + 2)}" width="12" height="12" '
            f'rx="2" {_paint(chart_id, s, patterns)}/>'
        )
        out.append(_text(x + 16, y + 12, name, "axis"))
        # DejaVu Sans, which the PDF uses, is wider than the pages' system font.
        x += 24 + len(name) * (7.2 if patterns else 6.5)
    return out


def _paint(chart_id: str, s: int, patterns: bool) -> str:
    """The fill (and outline) attributes for part `s` of a column."""
    if not patterns:
        return f'fill="currentColor" fill-opacity="{max(0.9 - 0.35 * s, 0.25):.2f}"'
    paint = _PAPER_PAINT[min(s, len(_PAPER_PAINT) - 1)]
    if paint == "solid":
        return 'fill="currentColor" fill-opacity="0.85"'
    outline = 'stroke="currentColor" stroke-width="0.6"'
    if paint == "hatch":
        return f'fill="url(#{escape(chart_id)}-hatch)" {outline}'
    return f'fill="currentColor" fill-opacity="0.15" {outline}'


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
    bands: Sequence[tuple[Number, Number] | None] | None = None,
    band_title: str = "",
    height: float = 150.0,
    patterns: bool = False,
    legend: bool = True,
) -> SafeString:
    """One column per day (or week), made of `parts[s][i]` for each series s, stacked.
    `fmt` writes values in tooltips; `axis_fmt` (default `fmt`) the short axis labels.

    A day that was not logged (`logged[i]` false) gets no column but a small hollow mark
    on the axis, so "not logged" never reads as zero. `bands` gives an optional (low, high)
    range behind each column (a normal range where a source gives one), shaded and edged
    with dashed lines. `height` is the plot's, legend excluded. `patterns` paints the parts
    for paper (solid, hatched, light) instead of by shade alone. `legend=False` leaves the
    key out, for a caption that shows it (`legend_key`).
    """
    count = len(labels)
    values = [[_finite(p[i]) if i < len(p) else None for i in range(count)] for p in parts]
    is_logged = list(logged) if logged is not None else [True] * count
    totals = [
        sum(x for v in values if (x := v[i]) is not None and x > 0) if is_logged[i] else None
        for i in range(count)
    ]
    if not count or all(t is None for t in totals):
        return _no_data(chart_id, title, desc, "columns", no_data)
    band_list = list(bands or [])[:count]
    top = _nice_max(max([t for t in totals if t is not None] + _band_highs(band_list)))
    left, right, top_pad, bottom = 32.0, 6.0, 10.0, 20.0
    has_legend = legend and len(series) > 1
    legend_h = 20.0 if has_legend else 0.0
    slot = (WIDTH - left - right) / count
    at = _Slots(left, slot, min(2.0, slot * 0.2), top_pad, height - top_pad - bottom, top)
    out: list[str] = [_pattern_defs(chart_id)] if patterns and len(series) > 1 else []
    out += _grid((0.0, top / 2, top), at.y_of, left, right, axis_fmt or fmt)
    out += _dashed_bands(band_list, at, band_title, fmt, unit)
    for i in range(count):
        if not is_logged[i]:
            out.append(_not_logged_mark(at, i, labels[i], not_logged))
            continue
        stack = [column[i] for column in values]
        out += _stack(at, i, stack, labels[i], series, chart_id, patterns, fmt, unit)
    out += _x_labels(labels, count, at, height - 5, label_every)
    if has_legend:
        out.extend(_legend(series, left, height + 2, chart_id, patterns=patterns))
    return _svg(chart_id, height + legend_h, title, desc, "".join(out), "columns")


def _dashed_bands(
    bands: Sequence[tuple[Number, Number] | None],
    at: _Slots,
    band_title: str,
    fmt: Format,
    unit: str,
) -> list[str]:
    """A shaded range behind each column that has one, edged with dashed lines."""
    out = []
    for i, band in enumerate(bands):
        lo, hi = _band(band)
        if lo is None or hi is None:
            continue
        x, y_hi, y_lo = at.left + i * at.slot, at.y_of(min(hi, at.top)), at.y_of(max(lo, 0.0))
        tip = escape(band_title or f"{fmt(lo)}-{fmt(hi)} {unit}".strip())
        out.append(
            f'<g class="band"><title>{tip}</title><rect x="{_r(x)}" y="{_r(y_hi)}" '
            f'width="{_r(at.slot)}" height="{_r(y_lo - y_hi)}" fill="currentColor" '
            f'fill-opacity="0.12"/>'
            + "".join(
                f'<line x1="{_r(x)}" x2="{_r(x + at.slot)}" y1="{_r(y)}" y2="{_r(y)}" '
                f'stroke="currentColor" stroke-width="0.8" stroke-dasharray="2 1.5"/>'
                for y in (y_hi, y_lo)
            )
            + "</g>"
        )
    return out


def _not_logged_mark(at: _Slots, i: int, label: str, not_logged: str) -> str:
    """A small hollow mark on the axis for column `i`: not logged, which is not zero."""
    x = at.left + i * at.slot + at.gap / 2
    r = max(1.5, min(3.0, (at.slot - at.gap) / 2))
    return (
        f'<circle class="cell empty" cx="{_r(x + (at.slot - at.gap) / 2)}" '
        f'cy="{_r(at.top_pad + at.plot_h - r)}" '
        f'r="{_r(r)}" fill="none" stroke="currentColor" stroke-opacity="0.4">'
        f"<title>{escape(f'{label}: {not_logged}')}</title></circle>"
    )


def _stack(
    at: _Slots,
    i: int,
    stack: Sequence[float | None],
    label: str,
    series: Sequence[str],
    chart_id: str,
    patterns: bool,
    fmt: Format,
    unit: str,
) -> list[str]:
    """Column `i`: its positive parts stacked from the base line, each painted as its
    series and with its tooltip."""
    out = []
    x = at.left + i * at.slot + at.gap / 2
    y = at.top_pad + at.plot_h
    for s, value in enumerate(stack):
        if value is None or value <= 0:
            continue
        h = at.plot_h * min(value, at.top) / at.top
        y -= h
        name = series[s] if s < len(series) else ""
        what = f"{label}, {name}" if len(series) > 1 else label
        out.append(
            f'<rect class="bar seg-{s}" x="{_r(x)}" y="{_r(y)}" width="{_r(at.slot - at.gap)}" '
            f'height="{_r(h)}" {_paint(chart_id, s, patterns)}>'
            f"<title>{escape(f'{what}: {fmt(value)} {unit}'.strip())}</title></rect>"
        )
    return out


def legend_key(chart_id: str, s: int, *, patterns: bool = False) -> SafeString:
    """A small square painted like part `s` of a stacked_columns chart, to set before its
    name in a caption. It carries its own hatching (ids scoped to the chart and part), so
    it needs nothing from the chart it explains; screen readers skip it (the name is text)."""
    key = f"{chart_id}-key-{s}"
    paint = _paint(key, s, patterns)
    defs = _pattern_defs(key) if patterns and "url(" in paint else ""
    # Classed like the chart's parts, so a page's stylesheet colours both the same way.
    return mark_safe(  # noqa: S308 - chart_id went through escape() in _paint/_pattern_defs
        f'<svg class="chart chart-key" viewBox="0 0 12 12" width="12" height="12" '
        f'xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false">{defs}'
        f'<rect class="seg seg-{s}" x="0.5" y="0.5" width="11" height="11" {paint}/></svg>'
    )


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

    out = _grid(_ticks(lo, hi), y_of, left, right, _plain)
    months = round(max_age_days / 30.4375)
    step = 2 if months > 8 else 1
    for m in range(0, months + 1, step):
        x = x_of(min(m * 30.4375, max_age_days))
        out.append(_text(x, height - 6, month_label.format(n=m), "axis", "middle"))
    for label, values in lines:
        out += _reference_line(label, ages_days, values, max_age_days, x_of, y_of, right)
    out += _measurements(pts, x_of, y_of)
    if not pts:
        out.append(_text(left + plot_w / 2, top_pad + plot_h / 2, no_data, "empty", "middle"))
    return _svg(chart_id, height, title, desc, "".join(out), "growth")


def _reference_line(
    label: str,
    ages_days: Sequence[int],
    values: Sequence[float],
    max_age_days: int,
    x_of: Callable[[float], float],
    y_of: Callable[[float], float],
    right: float,
) -> list[str]:
    """One reference line (the 50th stronger), named at its right-hand end."""
    coords = " ".join(
        f"{_r(x_of(a))},{_r(y_of(v))}"
        for a, v in zip(ages_days, values, strict=False)
        if a <= max_age_days
    )
    main = label.startswith("50")
    out = [
        f'<polyline class="ref" points="{coords}" fill="none" stroke="currentColor" '
        f'stroke-opacity="{"0.8" if main else "0.45"}" stroke-width="{"1.5" if main else "1"}">'
        f"<title>{escape(label)}</title></polyline>"
    ]
    last = [v for a, v in zip(ages_days, values, strict=False) if a <= max_age_days]
    if last:
        out.append(_text(WIDTH - right + 3, y_of(last[-1]) + 4, label, "axis", "start"))
    return out


def _measurements(
    pts: Sequence[tuple[float, float, str]],
    x_of: Callable[[float], float],
    y_of: Callable[[float], float],
) -> list[str]:
    """The baby's measurements: joined in age order, a dot with its tooltip for each."""
    out = []
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
    return out

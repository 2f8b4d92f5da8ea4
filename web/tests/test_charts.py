"""The SVG chart builders, on literal numbers (no database, no settings)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from web import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    return root


def by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in (el.get("class") or "").split()]


def texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(SVG + "text")]


def test_columns_have_a_title_a_description_and_one_bar_per_value():
    svg = charts.column_chart(
        [1, 2, 3, 0], ["a", "b", "c", "d"], chart_id="c1", title="Crying", desc="By hour"
    )
    root = parse(svg)
    assert root.find(SVG + "title").text == "Crying"
    assert root.find(SVG + "desc").text == "By hour"
    assert root.get("aria-labelledby") == "c1-t c1-d"
    assert len(by_class(root, "bar")) == 4
    assert {"a", "b", "c", "d"} <= set(texts(root))


@pytest.mark.parametrize("values", [[], [None, None], [math.nan], [None, math.inf]])
def test_columns_with_no_numbers_say_so(values):
    root = parse(charts.column_chart(values, [], chart_id="e", title="T", desc="D"))
    assert by_class(root, "bar") == []
    assert "No data yet" in texts(root)


def test_columns_skip_missing_values_and_nan():
    root = parse(
        charts.column_chart([1, None, math.nan, 4], list("wxyz"), chart_id="g", title="T", desc="D")
    )
    bars = by_class(root, "bar")
    assert len(bars) == 2
    assert [b.find(SVG + "title").text for b in bars] == ["w: 1", "z: 4"]


def test_a_single_column_fills_the_plot():
    root = parse(charts.column_chart([42], ["only"], chart_id="s", title="T", desc="D"))
    (bar,) = by_class(root, "bar")
    assert float(bar.get("width")) > 250
    assert float(bar.get("height")) > 0


def test_labels_every_third_and_highlights():
    root = parse(
        charts.column_chart(
            list(range(24)),
            [f"{h:02d}" for h in range(24)],
            chart_id="h",
            title="T",
            desc="D",
            highlight=[18, 19],
            label_every=3,
        )
    )
    assert len(by_class(root, "highlight")) == 2
    hour_labels = [t for t in texts(root) if len(t) == 2 and t.isdigit()]
    assert hour_labels[-8:] == ["00", "03", "06", "09", "12", "15", "18", "21"]


def test_bands_sit_behind_bars_only_where_given():
    root = parse(
        charts.column_chart(
            [100, 80, 60],
            ["4", "5", "6"],
            chart_id="b",
            title="T",
            desc="D",
            bands=[(47, 203), (47, 203), None],
            band_title="Typical range",
        )
    )
    bands = by_class(root, "band")
    assert len(bands) == 2
    assert bands[0].find(SVG + "title").text == "Typical range"
    # The axis reaches the top of the band, not only the tallest bar.
    assert "250" in texts(root)


def test_text_is_escaped():
    svg = charts.column_chart([1], ["<b>&"], chart_id="x", title="A < B", desc='"q"')
    assert "<b>" not in svg
    root = parse(svg)
    assert root.find(SVG + "title").text == "A < B"


def test_forest_plot_draws_intervals_and_a_line_at_one():
    root = parse(
        charts.forest_plot(
            [
                charts.ForestRow("Raw", 1.9),
                charts.ForestRow("Matched", 1.14, 0.78, 1.67, is_main=True),
            ],
            chart_id="f",
            title="Odds",
            desc="D",
            left_note="less",
            right_note="more",
        )
    )
    assert len(by_class(root, "ref")) == 1
    assert len(by_class(root, "ci")) == 1
    assert len(by_class(root, "est")) == 2
    labels = texts(root)
    assert "Raw: 1.90" in labels
    assert "Matched: 1.14 (0.78–1.67)" in labels
    assert "1" in labels and "2" in labels and "1/2" in labels
    ref = by_class(root, "ref")[0]
    assert float(ref.get("x1")) == pytest.approx(160, abs=1)  # 1 sits in the middle


def test_forest_plot_handles_missing_and_huge_estimates():
    root = parse(
        charts.forest_plot(
            [
                charts.ForestRow("None", None),
                charts.ForestRow("NaN", math.nan, math.nan, math.nan),
                charts.ForestRow("Huge", 50.0, 20.0, 400.0),
            ],
            chart_id="f2",
            title="T",
            desc="D",
            no_estimate="not enough data",
        )
    )
    labels = texts(root)
    assert "None: not enough data" in labels and "NaN: not enough data" in labels
    (ci,) = by_class(root, "ci")
    assert float(ci.get("x2")) <= 320  # clipped to the plot


def test_forest_plot_with_no_rows():
    root = parse(charts.forest_plot([], chart_id="f3", title="T", desc="D"))
    assert "No data yet" in texts(root)


def test_heat_map_has_one_cell_per_hour_of_the_week():
    grid = [[(d * 24 + h) / 167 for h in range(24)] for d in range(7)]
    grid[2][5] = None
    root = parse(
        charts.heat_map(
            grid,
            row_labels=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            col_labels=[f"{h:02d}" for h in range(24)],
            chart_id="hm",
            title="Calm",
            desc="D",
            cell_titles=[[f"{d}-{h}" for h in range(24)] for d in range(7)],
            legend=("20%", "90%"),
        )
    )
    cells = [c for c in by_class(root, "cell") if "key" not in c.get("class")]
    assert len(cells) == 168
    assert len(by_class(root, "empty")) == 1
    assert cells[0].find(SVG + "title").text == "0-0"
    assert float(cells[-1].get("fill-opacity")) > float(cells[1].get("fill-opacity"))
    assert {"Mon", "Sun", "00", "21", "20%", "90%"} <= set(texts(root))


def test_heat_map_with_nothing_logged():
    root = parse(
        charts.heat_map(
            [[None] * 24] * 7, row_labels=[], col_labels=[], chart_id="h0", title="T", desc="D"
        )  # fmt: skip
    )
    assert by_class(root, "cell") == []
    assert "No data yet" in texts(root)


def test_stacked_rows_share_one_scale():
    root = parse(
        charts.bar_rows(
            [charts.BarRow("Mum", [300, 20], "89%"), charts.BarRow("Dad", [40, 20])],
            series=["day", "night"],
            chart_id="st",
            title="Care",
            desc="D",
        )
    )
    segs = [s for s in by_class(root, "seg-0") if s.find(SVG + "title") is not None]
    assert len(segs) == 2
    mum, dad = (float(s.get("width")) for s in segs)
    assert mum == pytest.approx(dad * 300 / 40, rel=0.01)
    assert "Mum · 89%" in texts(root)
    assert {"day", "night"} <= set(texts(root))  # the legend


def test_grouped_rows_and_percentages():
    root = parse(
        charts.bar_rows(
            [charts.BarRow("Dad", [32.0]), charts.BarRow("Mum", [None])],
            series=["cried"],
            stacked=False,
            max_value=100,
            fmt=lambda v: f"{v:.0f}%",
            chart_id="pc",
            title="T",
            desc="D",
        )
    )
    bars = [s for s in by_class(root, "seg-0") if s.find(SVG + "title") is not None]
    assert len(bars) == 1
    assert float(bars[0].get("width")) == pytest.approx((316 - 64) * 0.32, rel=0.01)
    assert "32%" in texts(root)


def test_rows_with_no_numbers():
    root = parse(
        charts.bar_rows(
            [charts.BarRow("Mum", [None, math.nan])],
            series=["a", "b"],
            chart_id="n",
            title="T",
            desc="D",
        )  # fmt: skip
    )
    assert "No data yet" in texts(root)


def test_no_chart_words_are_about_hate_rejection_or_preference():
    svg = charts.forest_plot(
        [charts.ForestRow("Same times and state", 1.1, 0.8, 1.6)],
        chart_id="w",
        title="Odds of crying with Dad compared with Mum",
        desc="D",
        left_note="less crying with Dad",
        right_note="more",
    ).lower()
    assert not any(word in svg for word in ("hate", "reject", "prefer"))

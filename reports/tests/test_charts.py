"""The day columns as the report draws them (reports.charts), on literal numbers: patterns
rather than shades on paper, a sourced range between dashed lines, hollow marks for days
not logged. The Insights and Trends charts are tested in web/tests/test_charts.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    return root


def by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in (el.get("class") or "").split()]


def columns(**kwargs) -> ET.Element:
    defaults = {
        "series": ["night", "day"],
        "chart_id": "sleep",
        "title": "Sleep",
        "desc": "Hours of sleep",
    }
    return parse(
        charts.stacked_columns(
            [[7, 8, None], [5, 6, None]], ["Mon", "Tue", "Wed"], **(defaults | kwargs)
        )
    )


def test_on_paper_the_second_part_is_hatched_not_just_lighter():
    root = columns(logged=[True, True, False], patterns=True)
    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    assert pattern is not None and pattern.get("id") == "sleep-hatch"
    second = by_class(root, "seg-1")
    assert second and all(el.get("fill") == "url(#sleep-hatch)" for el in second)
    first = by_class(root, "seg-0")
    assert first and all(el.get("fill") == "currentColor" for el in first)
    # The legend shows the same two paints.
    legend = [el for el in second if "seg" in (el.get("class") or "").split()]
    assert len(legend) == 1


def test_on_screen_the_parts_keep_their_shades_and_no_pattern_is_drawn():
    root = columns(logged=[True, True, False])
    assert root.find(f"{SVG}defs") is None
    assert all(el.get("fill") == "currentColor" for el in by_class(root, "seg-1"))


def test_a_day_not_logged_is_a_hollow_mark_not_a_zero_column():
    root = columns(logged=[True, True, False], patterns=True)
    empty = by_class(root, "empty")
    assert len(empty) == 1 and empty[0].get("fill") == "none"
    assert "Wed: not logged" in (empty[0].findtext(f"{SVG}title") or "")
    assert len(by_class(root, "bar")) == 4  # two days, two parts each


def test_a_range_is_shaded_between_dashed_lines_and_raises_the_scale():
    root = parse(
        charts.stacked_columns(
            [[30, 40]],
            ["Mon", "Tue"],
            series=["Crying"],
            chart_id="cry",
            title="Crying",
            desc="Minutes",
            bands=[(47, 203), None],
            band_title="the usual range at this age",
        )
    )
    bands = by_class(root, "band")
    assert len(bands) == 1
    assert bands[0].findtext(f"{SVG}title") == "the usual range at this age"
    lines = bands[0].findall(f"{SVG}line")
    assert len(lines) == 2 and all(line.get("stroke-dasharray") for line in lines)
    # The axis reaches the range's top (203 -> 250), not just the tallest column (40).
    assert "250" in [el.text for el in root.iter(f"{SVG}text")]


def test_the_height_is_the_plots_and_the_legend_adds_to_it():
    assert columns(height=92.0).get("viewBox") == "0 0 320 112"
    assert columns().get("viewBox") == "0 0 320 170"  # the Trends page's size, unchanged
    single = parse(
        charts.stacked_columns(
            [[1, 2]], ["a", "b"], series=["x"], chart_id="s", title="t", desc="d", height=92.0
        )
    )
    assert single.get("viewBox") == "0 0 320 92"


def test_nothing_logged_at_all_draws_the_message_instead():
    root = columns(logged=[False, False, False], no_data="Sleep not logged in this period")
    assert [el.text for el in root.iter(f"{SVG}text")] == ["Sleep not logged in this period"]

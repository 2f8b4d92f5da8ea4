"""The SVG chart builders, for the Insights page.

They live in reports/charts.py, where the report to the doctor draws with them too (an app
may not import an adapter such as web/); the page views keep importing them from here.
"""

from reports.charts import (
    FONT,
    WIDTH,
    BarRow,
    ForestRow,
    Format,
    Number,
    bar_rows,
    column_chart,
    forest_plot,
    heat_map,
)

__all__ = [
    "FONT",
    "WIDTH",
    "BarRow",
    "Format",
    "ForestRow",
    "Number",
    "bar_rows",
    "column_chart",
    "forest_plot",
    "heat_map",
]

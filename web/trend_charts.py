"""SVG charts for the Trends page: stacked day columns and growth on WHO centile lines.

They live in reports/charts.py, beside the Insights page's charts, because the report to
the doctor draws the same day columns; the Trends view keeps importing them from here.
"""

from reports.charts import growth_chart, stacked_columns

__all__ = ["growth_chart", "stacked_columns"]

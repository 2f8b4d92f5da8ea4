"""The demo family's report for a month (issue 10, "how it is measured"): at most two pages
on A4 and on Letter, every section present, and nothing from a check-in that was not
shared with reports."""

from __future__ import annotations

import re
from datetime import timedelta

import pypdfium2
import pytest

from guidance.testing import NOW
from reports.build import build_report
from reports.choices import period_from_text
from reports.render import render_report_pdf
from wellbeing.models import Visibility
from wellbeing.testing import make_check_in

#: Points (1/72 in) of each sheet, as pypdfium2 reports a page's size.
SIZES = {"a4": (595, 842), "letter": (612, 792)}
SECTIONS = (
    "Points to note",
    "Feeds, sleep and nappies",
    "Day by day",
    "Crying, minutes a day",
    "Feeds a day",
    "Sleep, hours a day",
    "Nappies a day",
    "Crying",
    "Does Sam cry more with one carer?",
    "Who logged the care",
    "Bonding plan",
    "Growth",
    "Parents' wellbeing check-ins",
    "Where this comes from",
    "not a diagnostic tool",
)


@pytest.fixture
def month(demo):
    """Dad's two check-ins this month, one shared with reports (its band only) and one
    shared with nobody; then the month's report as Mum makes it."""
    make_check_in(demo.dad, "phq9", 17, reports=Visibility.BAND, at=NOW - timedelta(days=3))
    make_check_in(demo.dad, "gad7", 16, partner=Visibility.NOTHING, at=NOW - timedelta(days=2))
    period = period_from_text(demo.mum.household.tz, "month", now=NOW)
    return build_report(demo.mum, demo.baby, period, now=NOW)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_month_of_the_demo_family_is_at_most_two_pages(month, paper):
    pdf = pypdfium2.PdfDocument(render_report_pdf(month, paper))
    sizes = [tuple(round(v) for v in page.get_size()) for page in pdf]
    assert 1 <= len(sizes) <= 2, f"{len(sizes)} pages on {paper}"
    assert set(sizes) == {SIZES[paper]}
    text = re.sub(r"\s+", " ", " ".join(page.get_textpage().get_text_range() for page in pdf))
    for heading in SECTIONS:
        assert heading in text, heading
    # Dad's PHQ-9, shared with reports as its band: there. His GAD-7, shared with nobody: not.
    assert "PHQ-9" in text and "shared by them for reports" in text
    assert "GAD-7" not in text and "16 of 21" not in text

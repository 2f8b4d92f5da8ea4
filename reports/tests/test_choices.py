"""The report's choices as every interface reads them (reports.choices): the period, the
paper and the format, with one message per mistake naming the choice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from households.exceptions import InvalidInput
from households.models import Household
from reports.choices import (
    format_from_text,
    paper_from_text,
    period_from_text,
)

#: 03:00 in London on Monday 23 November 2026 (UTC in winter).
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
LONDON = Household(name="London", time_zone="Europe/London", country="GB")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("week", date(2026, 11, 17), date(2026, 11, 23)),
        ("WEEK", date(2026, 11, 17), date(2026, 11, 23)),
        ("month", date(2026, 10, 27), date(2026, 11, 23)),  # 4 weeks: 28 days
        ("", date(2026, 10, 27), date(2026, 11, 23)),  # the default is a month
        (None, date(2026, 10, 27), date(2026, 11, 23)),
        ("14", date(2026, 11, 10), date(2026, 11, 23)),
        ("2026-11-01:2026-11-20", date(2026, 11, 1), date(2026, 11, 20)),
        (" 2026-11-01 : 2026-11-01 ", date(2026, 11, 1), date(2026, 11, 1)),
    ],
)
def test_a_period_is_a_word_a_number_of_days_or_two_dates(text, first, last):
    period = period_from_text(LONDON.tz, text, now=NOW)
    assert (period.first_day, period.last_day) == (first, last)
    assert period.days == (last - first).days + 1


def test_a_period_of_dates_ends_at_the_next_local_midnight():
    period = period_from_text(LONDON.tz, "2026-11-01:2026-11-07", now=NOW)
    assert period.end == datetime(2026, 11, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("fortnight", "'fortnight' is not a period. Use week, month, a number of days or FROM:TO"),
        ("2026-11-01", "is not a period"),
        ("2026-11-01:", "is not a period"),
        ("2026-13-01:2026-11-20", "'2026-13-01' is not a date: write dates as YYYY-MM-DD."),
        ("2026-11-20:2026-11-01", "The start date is after the end date."),
        ("2026-11-01:2026-11-24", "The end date is in the future."),
        ("2025-01-01:2026-11-01", "A report covers at most 366 days."),
        ("0", "Choose between 1 and 366 days."),
        ("367", "Choose between 1 and 366 days."),
        ("-3", "is not a period"),
    ],
)
def test_a_bad_period_is_one_message_naming_period(text, says):
    with pytest.raises(InvalidInput) as caught:
        period_from_text(LONDON.tz, text, now=NOW)
    assert set(caught.value.errors) == {"period"}
    assert says in caught.value.errors["period"]


@pytest.mark.parametrize(
    ("country", "paper"),
    [
        ("GB", "a4"),
        ("DE", "a4"),
        ("AU", "a4"),
        ("US", "letter"),
        ("CA", "letter"),
        ("us", "letter"),
    ],
)
def test_the_paper_is_a4_unless_the_household_is_in_the_us_or_canada(country, paper):
    household = Household(name="x", time_zone="UTC", country=country)
    assert paper_from_text(household, None) == paper
    assert paper_from_text(household, "") == paper


def test_a_chosen_paper_wins_over_the_households():
    us = Household(name="x", time_zone="UTC", country="US")
    assert paper_from_text(us, "A4") == "a4"
    assert paper_from_text(LONDON, "letter") == "letter"


def test_a_bad_paper_or_format_names_its_choice():
    with pytest.raises(InvalidInput) as caught:
        paper_from_text(LONDON, "a3")
    assert caught.value.errors == {"paper": "'a3' is not a paper size. Use a4 or letter."}
    with pytest.raises(InvalidInput) as caught:
        format_from_text("docx")
    assert caught.value.errors == {"format": "'docx' is not a format. Use pdf or html."}


@pytest.mark.parametrize(
    ("text", "output"), [(None, "pdf"), ("", "pdf"), ("PDF", "pdf"), ("html", "html")]
)
def test_the_format_is_pdf_unless_html_is_asked_for(text, output):
    assert format_from_text(text) == output

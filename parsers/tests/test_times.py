"""Times people type (parsers.times): one set of rules for the pages, the API and the CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from parsers.times import (
    FORMAT,
    NOT_A_TIME,
    NOT_AN_ENTRY_TIME,
    OUT_OF_RANGE,
    TOO_LONG_AGO,
    WINDOW_FORMAT,
    ParseError,
    entry_time,
    hhmm,
    minute_of_day,
    windows,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # 13:00 in London (summer time)


@pytest.mark.parametrize(
    ("text", "minute"),
    [
        ("06:00", 360),
        (" 6:30 ", 390),
        ("6.30", 390),
        ("21h15", 1275),
        ("0600", 360),
        ("7", 420),
        ("00:00", 0),
    ],
)
def test_a_time_of_day_in_the_ways_people_write_it(text: str, minute: int) -> None:
    assert minute_of_day(text) == minute


def test_midnight_at_the_end_of_a_day_only_as_an_end() -> None:
    assert minute_of_day("24:00", end=True) == 1440
    with pytest.raises(ParseError) as info:
        minute_of_day("24:00")
    assert (info.value.template, info.value.params) == (NOT_A_TIME, {"text": "24:00"})


@pytest.mark.parametrize(
    ("text", "template"),
    [
        ("25:00", NOT_A_TIME),
        ("12:60", NOT_A_TIME),
        ("noon", FORMAT),
        ("", FORMAT),
        ("-1:00", FORMAT),
    ],
)
def test_what_is_not_a_time_of_day_says_why(text: str, template: str) -> None:
    with pytest.raises(ParseError) as info:
        minute_of_day(text)
    assert info.value.template == template
    assert str(info.value) == template % info.value.params  # the English, for the CLI


def test_windows_are_split_on_commas_semicolons_and_lines() -> None:
    assert windows("00:00-06:00, 22:00–24:00") == [(0, 360), (1320, 1440)]
    assert windows("6:00 to 8:30;\n19:00-20:00") == [(360, 510), (1140, 1200)]
    assert windows("  ") == []
    with pytest.raises(ParseError) as info:
        windows("06:00")
    assert info.value.template == WINDOW_FORMAT


def test_hhmm_writes_minutes_back() -> None:
    assert [hhmm(m) for m in (0, 390, 1440)] == ["00:00", "06:30", "24:00"]


def test_an_entry_time_relative_local_or_iso() -> None:
    assert entry_time("90m", NOW, LONDON) == datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    assert entry_time("2h ago", NOW, LONDON) == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    # A time of day alone is today in the household's zone (London is UTC+1 in July).
    assert entry_time("07:30", NOW, LONDON) == datetime(2026, 7, 1, 6, 30, tzinfo=UTC)
    assert entry_time("2026-06-30T23:15", NOW, LONDON) == datetime(2026, 6, 30, 22, 15, tzinfo=UTC)
    assert entry_time("2026-06-30T23:15+02:00", NOW, LONDON) == datetime(
        2026, 6, 30, 21, 15, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "template"),
    [
        ("99999999999h", TOO_LONG_AGO),
        ("0001-01-01T00:00+05:00", OUT_OF_RANGE),
        ("yesterday", NOT_AN_ENTRY_TIME),
        ("25:00", NOT_A_TIME),
    ],
)
def test_an_entry_time_that_cannot_be_says_why(text: str, template: str) -> None:
    with pytest.raises(ParseError) as info:
        entry_time(text, NOW, LONDON)
    assert info.value.template == template

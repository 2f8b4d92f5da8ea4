"""Nursing Timer's sectioned CSV, read from hand-written fixtures with made-up values.

export_nov.csv: CRLF, ", " separators, four blocks (feeds, pumps, sleeps, nappies) with `#`
restarting in each. Read in America/New_York (clocks went back on 6 Nov 2016 and forward on
13 Mar 2016). export_later.csv: a later export (with a BOM) repeating some of its rows under
other `#` numbers and lines, as successive exports do.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carelog.kinds import validate_details
from importers import nursingtimer
from importers.base import DST_AMBIGUOUS, DST_NONEXISTENT, MARKER, Entry, Parsed, SourceFile

FIXTURES = Path(__file__).parent / "fixtures" / "nursingtimer"
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
HEADER = "#, time, Left, Right, Bottle, Bottle Amount, Sleep time, wet, solid, Pump Amount"


def load(name: str) -> SourceFile:
    # Decoded by hand so the BOM and CR line ends reach the parser as written.
    return SourceFile(name, (FIXTURES / name).read_bytes().decode("utf-8"))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture(scope="module")
def parsed() -> Parsed:
    return nursingtimer.parse([load("export_nov.csv")], NEW_YORK)


def at(parsed: Parsed, line: int) -> list[Entry]:
    return [entry for entry in parsed.entries if entry.line == line]


def one(parsed: Parsed, line: int) -> Entry:
    (entry,) = at(parsed, line)
    return entry


# -- Detection -----------------------------------------------------------------------------


def test_it_recognises_its_own_header() -> None:
    assert nursingtimer.sniff([load("export_nov.csv")])
    assert nursingtimer.sniff([load("export_nov.csv"), load("export_later.csv")])


@pytest.mark.parametrize(
    "header",
    [
        "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes",
        "Date and Time,End Time,Duration (min),Activity,Quantity,Extra data,Text,Notes,Caregiver",
        "Baby,Time,Status,Note",
        "Baby,Time,Start Side,Left duration (min),Right duration (min),Total Duration (min),Note",
        "Baby,Time,Duration(minutes),Note",
        "Baby,Time,Amount (oz.),Note",
        "Begin time,End time",
        "Time of feeding,Milk type,Amount(ml),Amount(oz)",
        "Diaper time,In the diaper,Color,Texture",
        '"Baby Name","Start Time","End Time","Activity","Amount","Percentile","Duration",'
        '"Info","Notes",',
        "child_id,start,end,type,method,amount,notes",
        "child_id,time,wet,solid,color,amount",
        "#, time, Left, Right, Bottle",
    ],
)
def test_it_refuses_other_apps_headers(header: str) -> None:
    assert not nursingtimer.sniff([SourceFile("x.csv", header + "\r\n")])


def test_it_refuses_a_mix_with_another_apps_file() -> None:
    other = SourceFile("sleep.csv", "Baby,Time,Duration(minutes),Note\n")
    assert not nursingtimer.sniff([load("export_nov.csv"), other])
    assert not nursingtimer.sniff([])


# -- Feeds ---------------------------------------------------------------------------------


def test_a_nursing_row_is_a_breast_feed_ending_after_both_sides(parsed: Parsed) -> None:
    entry = one(parsed, 2)
    assert entry.kind == "feed"
    assert entry.details == {"method": "breast", "left_s": 570, "right_s": 365, "side": "both"}
    assert entry.start == utc(2016, 11, 5, 7, 25, 10)
    assert entry.end == utc(2016, 11, 5, 7, 40, 45)  # 9:30 + 6:05 later
    assert entry.flags == set()
    assert entry.baby is None and entry.person is None


def test_zero_sides_with_a_bottle_is_only_a_bottle(parsed: Parsed) -> None:
    entry = one(parsed, 3)
    assert entry.details == {"method": "bottle", "milk": "formula", "amount_ml": 73.9}
    assert entry.start == entry.end == utc(2016, 11, 5, 11, 0)


def test_breast_times_and_a_bottle_give_two_feeds(parsed: Parsed) -> None:
    breast, bottle = at(parsed, 4)
    assert breast.details == {"method": "breast", "left_s": 240, "right_s": 0, "side": "left"}
    assert breast.end - breast.start == timedelta(minutes=4)
    assert bottle.details == {"method": "bottle", "milk": "breast_milk", "amount_ml": 60.0}
    assert bottle.start == bottle.end == breast.start
    assert breast.fingerprint != bottle.fingerprint


def test_plain_bottle_leaves_the_milk_out_and_reads_ounces(parsed: Parsed) -> None:
    assert one(parsed, 5).details == {"method": "bottle", "amount_ml": 88.7}
    assert one(parsed, 10).details == {"method": "bottle", "milk": "formula", "amount_ml": 118.3}


def test_right_side_only(parsed: Parsed) -> None:
    entry = one(parsed, 6)
    assert entry.details == {"method": "breast", "left_s": 0, "right_s": 465, "side": "right"}


def test_an_unknown_bottle_type_is_other_milk_with_its_label(parsed: Parsed) -> None:
    _, bottle = at(parsed, 7)
    assert bottle.details == {
        "method": "bottle",
        "milk": "other",
        "note": "Bottle-Juice",
        "amount_ml": 29.6,
    }


def test_a_12_hour_time_is_read(parsed: Parsed) -> None:
    entry = one(parsed, 8)
    assert entry.start == utc(2016, 11, 6, 1, 30)  # 9:30 PM EDT
    assert entry.end == utc(2016, 11, 6, 1, 40)


# -- Pumps, sleeps, nappies ---------------------------------------------------------------


def test_pump_amounts_in_either_unit_at_a_point_time(parsed: Parsed) -> None:
    first, second = one(parsed, 14), one(parsed, 15)
    assert first.kind == second.kind == "pump"
    assert first.details == {"total_ml": 118.3}
    assert first.start == first.end == utc(2016, 11, 5, 14, 0)
    assert second.details == {"total_ml": 120.0}


def test_a_sleep_across_fall_back_ends_in_elapsed_time(parsed: Parsed) -> None:
    entry = one(parsed, 18)
    assert entry.kind == "sleep"
    assert entry.start == utc(2016, 11, 6, 4, 30)
    assert entry.end == utc(2016, 11, 6, 6, 30)
    local_end = entry.end.astimezone(NEW_YORK)
    assert (local_end.hour, local_end.minute, local_end.fold) == (1, 30, 1)  # second 01:30
    assert entry.flags == set()


def test_an_ambiguous_start_takes_the_first_and_is_flagged(parsed: Parsed) -> None:
    entry = one(parsed, 19)
    assert entry.start == utc(2016, 11, 6, 5, 30)  # 01:30 EDT
    assert entry.end == utc(2016, 11, 6, 6, 15)
    assert entry.flags == {DST_AMBIGUOUS}


def test_a_skipped_start_moves_forward_and_is_flagged(parsed: Parsed) -> None:
    entry = one(parsed, 20)
    assert entry.start == utc(2016, 3, 13, 7, 30)  # 02:30 does not exist; 03:30 EDT
    assert entry.end == utc(2016, 3, 13, 8, 30)
    assert entry.flags == {DST_NONEXISTENT}


def test_duplicate_rows_share_a_fingerprint(parsed: Parsed) -> None:
    first, again = one(parsed, 21), one(parsed, 22)
    assert first.start == utc(2016, 11, 5, 17, 10)
    assert first.end == utc(2016, 11, 5, 18, 45)
    assert first.fingerprint == again.fingerprint
    fingerprints = [entry.fingerprint for entry in parsed.entries]
    assert len(fingerprints) - len(set(fingerprints)) == 1


def test_a_sleep_of_under_a_minute_is_a_marker(parsed: Parsed) -> None:
    entry = one(parsed, 23)
    assert MARKER in entry.flags
    assert entry.end - entry.start == timedelta(seconds=40)


def test_nappies_wet_solid_both_and_dry(parsed: Parsed) -> None:
    assert one(parsed, 26).details == {"wet": True, "dirty": False}
    assert one(parsed, 27).details == {"wet": False, "dirty": True}
    assert one(parsed, 28).details == {"wet": True, "dirty": True}
    assert one(parsed, 29).details == {"dry": True}
    assert one(parsed, 26).end is None
    assert one(parsed, 26).start == utc(2016, 11, 5, 20, 45)
    assert any("1 Nursing Timer nappy row had neither" in r for r in parsed.remarks)


# -- Problems and totals -------------------------------------------------------------------


def test_unreadable_values_are_problems_naming_column_and_line(parsed: Parsed) -> None:
    reasons = {problem.line: problem.reason for problem in parsed.problems}
    assert set(reasons) == {9, 11, 12, 16, 24, 30, 31}
    assert "25:00:00" in reasons[9] and "time" in reasons[9]
    assert "Bottle Amount" in reasons[11] and "cups" in reasons[11]
    assert "Left" in reasons[12] and "9:3x" in reasons[12]
    assert "Pump Amount" in reasons[16] and "pints" in reasons[16]
    assert "Sleep time" in reasons[24] and "95 min" in reasons[24]
    assert "wet" in reasons[30] and "X" in reasons[30]
    assert "no feed, sleep, nappy or pump" in reasons[31]
    assert all(problem.file == "export_nov.csv" for problem in parsed.problems)


def test_the_breast_feed_of_a_row_with_a_bad_bottle_is_kept(parsed: Parsed) -> None:
    assert one(parsed, 11).details["left_s"] == 180


def test_every_row_is_accounted_for(parsed: Parsed) -> None:
    assert len(parsed.entries) == 23
    assert len(parsed.problems) == 7
    assert parsed.as_notes == {}


def test_every_entry_passes_the_app_rules(parsed: Parsed) -> None:
    for entry in parsed.entries:
        validate_details(entry.kind, entry.details)
        assert entry.start.tzinfo is UTC
        assert entry.end is None or entry.end >= entry.start


# -- Successive exports --------------------------------------------------------------------


def test_a_later_export_repeats_earlier_rows_with_the_same_fingerprints(parsed: Parsed) -> None:
    later = nursingtimer.parse([load("export_later.csv")], NEW_YORK)
    assert later.problems == []
    earlier = {entry.fingerprint for entry in parsed.entries}
    repeated = [entry for entry in later.entries if entry.fingerprint in earlier]
    new = [entry for entry in later.entries if entry.fingerprint not in earlier]
    assert sorted((e.kind, e.start) for e in repeated) == [
        ("feed", utc(2016, 11, 5, 7, 25, 10)),
        ("feed", utc(2016, 11, 5, 11, 0)),
        ("nappy", utc(2016, 11, 5, 20, 45)),
        ("pump", utc(2016, 11, 5, 14, 0)),
        ("sleep", utc(2016, 11, 5, 17, 10)),
    ]
    assert len(new) == 4


def test_the_same_row_in_12_hour_form_keeps_its_fingerprint() -> None:
    text = f"{HEADER}\r\n1, 11/05/16 21:30:00, 5:00, 5:00, 0:0, \r\n"
    text_12h = f"{HEADER}\r\n7, 11/05/16 9:30:00 PM, 5:00, 5:00, 0:0, \r\n"
    (a,) = nursingtimer.parse([SourceFile("a.csv", text)], NEW_YORK).entries
    (b,) = nursingtimer.parse([SourceFile("b.csv", text_12h)], NEW_YORK).entries
    assert a.fingerprint == b.fingerprint


# -- London --------------------------------------------------------------------------------


def test_london_sleeps_across_both_clock_changes() -> None:
    text = (
        f"{HEADER}\r\n"
        "1, 10/30/16 00:30:00, , , , , 2:00:00\r\n"
        "2, 03/27/16 01:30:00, , , , , 1:00:00\r\n"
    )
    assert "\r\n" in text
    fall, spring = nursingtimer.parse([SourceFile("london.csv", text)], LONDON).entries
    assert fall.start == utc(2016, 10, 29, 23, 30)  # 00:30 BST
    assert fall.end == utc(2016, 10, 30, 1, 30)  # 01:30 GMT, the second 01:30
    assert fall.end.astimezone(LONDON).fold == 1
    assert fall.flags == set()
    assert spring.start == utc(2016, 3, 27, 1, 30)  # 01:30 skipped: 02:30 BST
    assert spring.end == utc(2016, 3, 27, 2, 30)
    assert spring.flags == {DST_NONEXISTENT}

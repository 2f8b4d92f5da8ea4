"""Baby Connect's export, read from hand-written fixtures with made-up values."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carelog.kinds import DetailsError, validate_details
from importers import babyconnect
from importers.base import DST_SETTLED, MARKER, NO_END, Entry, Parsed, SourceFile

FIXTURES = Path(__file__).parent / "fixtures" / "babyconnect"
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
HEADER = "Date and Time,End Time,Duration (min),Activity,Quantity,Extra data,Text,Notes,Caregiver"


def load(name: str) -> SourceFile:
    # Bytes decoded by hand so a BOM and CR line ends reach the parser as written.
    return SourceFile(name, (FIXTURES / name).read_bytes().decode("utf-8"))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def one(row: str, tz: ZoneInfo = NEW_YORK) -> Parsed:
    return babyconnect.parse([SourceFile("one.csv", f"{HEADER}\n{row}\n")], tz)


@pytest.fixture(scope="module")
def parsed() -> Parsed:
    return babyconnect.parse([load("export.csv")], NEW_YORK)


@pytest.fixture(scope="module")
def by_line(parsed: Parsed) -> dict[int, Entry]:
    return {entry.line: entry for entry in parsed.entries}


# -- Detection -----------------------------------------------------------------------------


def test_it_recognises_its_own_header() -> None:
    assert babyconnect.sniff([load("export.csv")])
    assert babyconnect.sniff([load("london_crlf_bom.csv")])


@pytest.mark.parametrize(
    "header",
    [
        "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes",
        "Baby,Time,Status,Note",
        "Baby,Time,Start Side,Left duration (min),Right duration (min),Total Duration (min),Note",
        "Baby,Time,Duration(minutes),Note",
        "Time,Start Side,Left duration (min),Right duration (min),Total Duration (min),"
        "Left amount (oz.),Right amount (oz.),Total amount (oz.),Note",
        "Baby,Time,Amount (oz.),Note",
        "Begin time,End time",
        "Time of feeding,Milk type,Amount(ml),Amount(oz)",
        "Time of feeding,Ingredients,Amount,Unit type,Baby's reaction",
        "Diaper time,In the diaper,Color,Texture",
        "Date,Weight(kg),Weight(lb),Height(cm),Height(in),Head Circ.(cm),Head Circ.(in)",
        '"Baby Name","Start Time","End Time","Activity","Amount","Percentile","Duration",'
        '"Info","Notes",',
        "#, time, Left, Right, Bottle, Bottle Amount, Sleep time, wet, solid, Pump Amount",
        "child_id,start,end,type,method,amount,notes",
        "child_id,time,wet,solid,color,amount",
        "Date and Time,End Time,Duration (min),Activity,Quantity,Notes",
        "",
    ],
)
def test_it_does_not_claim_other_formats(header: str) -> None:
    assert not babyconnect.sniff([SourceFile("x.csv", header + "\n")])


# -- Sleep ---------------------------------------------------------------------------------


def test_a_sleep_with_an_end(by_line: dict[int, Entry]) -> None:
    entry = by_line[2]
    assert entry.kind == "sleep"
    assert (entry.start, entry.end) == (utc(2021, 3, 10, 0, 45), utc(2021, 3, 10, 1, 5))
    assert entry.details == {}
    assert entry.flags == set()


def test_an_end_from_minutes_runs_in_elapsed_time_across_fall_back(
    by_line: dict[int, Entry],
) -> None:
    # 00:30 EDT plus 120 minutes is 01:30 on the second pass of 01:xx (EST).
    entry = by_line[21]
    assert (entry.start, entry.end) == (utc(2023, 11, 5, 4, 30), utc(2023, 11, 5, 6, 30))


def test_a_skipped_spring_forward_start_is_settled_by_the_minutes(
    by_line: dict[int, Entry],
) -> None:
    entry = by_line[22]
    assert (entry.start, entry.end) == (utc(2023, 3, 12, 7, 30), utc(2023, 3, 12, 8, 0))
    assert entry.flags == {DST_SETTLED}


def test_an_ambiguous_fall_back_pair_is_settled_by_the_minutes(
    by_line: dict[int, Entry],
) -> None:
    # 1:40 AM on the first pass to 1:10 AM on the second: 30 minutes.
    entry = by_line[23]
    assert (entry.start, entry.end) == (utc(2023, 11, 5, 5, 40), utc(2023, 11, 5, 6, 10))
    assert entry.flags == {DST_SETTLED}


def test_a_sleep_with_no_end_and_no_minutes_has_no_end(by_line: dict[int, Entry]) -> None:
    assert (by_line[24].end, by_line[24].flags) == (None, {NO_END})


def test_a_one_minute_sleep_is_a_marker(by_line: dict[int, Entry]) -> None:
    assert by_line[25].flags == {MARKER}


def test_london_fall_back_and_crlf_with_a_byte_order_mark() -> None:
    parsed = babyconnect.parse([load("london_crlf_bom.csv")], LONDON)
    rows = {entry.line: entry for entry in parsed.entries}
    # 00:30 BST plus 120 minutes is 01:30 GMT.
    assert (rows[2].start, rows[2].end) == (utc(2023, 10, 28, 23, 30), utc(2023, 10, 29, 1, 30))
    assert rows[3].details == {"method": "bottle", "amount_ml": 90.0}
    assert (rows[4].details, rows[4].person) == ({"weight_kg": 4.2}, None)
    assert parsed.problems == []
    assert babyconnect.DEFAULT_OZ_REMARK not in parsed.remarks


# -- Feeds ---------------------------------------------------------------------------------


def test_a_bottle_in_fluid_ounces(by_line: dict[int, Entry]) -> None:
    entry = by_line[3]
    assert entry.kind == "feed"
    assert entry.details == {
        "method": "bottle",
        "amount_ml": 118.3,
        "milk": "formula",
        "note": "fussy before",
    }
    assert entry.start == entry.end == utc(2021, 3, 10, 2, 0)
    assert entry.person == "M"


def test_a_bottle_whose_text_says_ml(by_line: dict[int, Entry]) -> None:
    assert by_line[4].details == {"method": "bottle", "amount_ml": 120.0, "milk": "breast_milk"}


def test_a_bottle_with_no_unit_anywhere_is_read_as_fl_oz(
    parsed: Parsed, by_line: dict[int, Entry]
) -> None:
    assert by_line[5].details["amount_ml"] == 103.5  # 3.5 US fl oz
    assert babyconnect.DEFAULT_OZ_REMARK in parsed.remarks


def test_a_bottle_whose_extra_data_says_ml() -> None:
    parsed = one('3/16/21 6:00 AM,,,Bottle,150,"Formula, ml",,,M')
    assert parsed.entries[0].details == {"method": "bottle", "amount_ml": 150.0, "milk": "formula"}
    assert babyconnect.DEFAULT_OZ_REMARK not in parsed.remarks


def test_a_bottle_with_clashing_units_is_a_problem() -> None:
    parsed = one("3/16/21 6:00 AM,,,Bottle,4,ml,Robin drank 4 oz,,M")
    assert parsed.entries == []
    assert parsed.problems[0].line == 2
    assert "Quantity “4”" in parsed.problems[0].reason


def test_the_baby_name_in_text_is_never_read_as_a_unit() -> None:
    parsed = one("3/16/21 6:00 AM,,,Bottle,4,Formula,Oz drank 4 oz,,M")
    assert parsed.entries[0].details["amount_ml"] == 118.3


def test_an_out_of_range_bottle_is_passed_through(by_line: dict[int, Entry]) -> None:
    assert by_line[29].details["amount_ml"] == 591.5
    with pytest.raises(DetailsError):
        validate_details("feed", by_line[29].details)


def test_nursing_sides_only_when_text_names_them(by_line: dict[int, Entry]) -> None:
    assert by_line[6].details == {"method": "breast", "side": "left"}
    assert by_line[6].end == utc(2021, 3, 10, 15, 15)
    assert by_line[7].details == {"method": "breast"}
    assert by_line[7].start == by_line[7].end  # no length: a point feed, not an open one
    assert NO_END not in by_line[7].flags
    assert by_line[8].details == {"method": "breast", "side": "both"}
    assert by_line[8].end == utc(2021, 3, 10, 19, 10)


def test_solids(by_line: dict[int, Entry]) -> None:
    assert by_line[9].kind == "solids"
    assert by_line[9].details == {"foods": "Carrots", "amount": 2.0, "note": "liked it"}
    assert by_line[9].end is None


# -- Growth --------------------------------------------------------------------------------


def test_growth_takes_its_unit_from_extra_data_row_by_row(by_line: dict[int, Entry]) -> None:
    assert by_line[10].details == {"length_cm": 54.6}  # 21.5 in
    assert by_line[11].details == {"weight_kg": 4.627}  # 10.2 lb
    assert by_line[12].details == {"weight_kg": 4.6}
    assert by_line[13].details == {"head_cm": 37.0}
    assert by_line[10].start == utc(2021, 3, 11, 14, 30)


def test_pounds_and_ounces_in_one_quantity() -> None:
    parsed = one("3/16/21 6:00 AM,,,Weight,8 lbs 4 oz,,,,M")
    assert parsed.entries[0].details == {"weight_kg": 3.742}


def test_an_unknown_measurement_unit_is_a_problem(parsed: Parsed) -> None:
    problems = {p.line: p.reason for p in parsed.problems}
    assert problems[14] == "Extra data “stone” is not a unit for Weight"


# -- Notes and nappies ---------------------------------------------------------------------


def test_other_activities_become_counted_notes_without_text(
    parsed: Parsed, by_line: dict[int, Entry]
) -> None:
    assert by_line[15].details == {"text": "Milestone: first smile"}
    assert by_line[16].details == {"text": "Doctor Visit: 2-month check, all good"}
    assert by_line[17].details == {"text": "Bath (20 min)"}
    assert by_line[20].details == {"text": "Diaper"}
    assert parsed.as_notes == {"Milestone": 1, "Doctor Visit": 1, "Bath": 1, "Diaper": 1}


def test_diapers_are_nappies_when_the_row_says_what_was_in_them(
    by_line: dict[int, Entry],
) -> None:
    assert (by_line[18].kind, by_line[18].details) == ("nappy", {"wet": True})
    assert (by_line[19].kind, by_line[19].details) == ("nappy", {"dirty": True})


def test_text_is_never_stored(parsed: Parsed) -> None:
    for entry in parsed.entries:
        assert "Robin" not in repr(entry.details)


# -- Caregiver, problems, duplicates -------------------------------------------------------


def test_the_caregiver_is_who_logged_the_row(parsed: Parsed, by_line: dict[int, Entry]) -> None:
    assert (by_line[3].person, by_line[4].person) == ("M", "D")
    assert by_line[28].person is None  # a short row, with no Caregiver cell
    assert babyconnect.LOGGED_BY_REMARK in parsed.remarks
    assert {e.baby for e in parsed.entries} == {None}


def test_unreadable_rows_are_problems_with_their_line(parsed: Parsed) -> None:
    problems = {p.line: p.reason for p in parsed.problems}
    assert problems == {
        14: "Extra data “stone” is not a unit for Weight",
        26: "Date and Time “13/45/21 9:00 PM” is not a time like 3/9/21 7:45 PM",
        30: "Duration (min) “abc” is not a number of minutes",
    }


def test_every_row_is_an_entry_or_a_problem(parsed: Parsed) -> None:
    data_rows = len(load("export.csv").text.strip().splitlines()) - 1
    assert len(parsed.entries) + len(parsed.problems) == data_rows


def test_a_short_row_is_read(by_line: dict[int, Entry]) -> None:
    assert by_line[28].details == {"method": "bottle", "amount_ml": 88.7, "milk": "formula"}


def test_a_repeated_row_gets_the_same_fingerprint(by_line: dict[int, Entry]) -> None:
    assert by_line[27].fingerprint == by_line[3].fingerprint
    fingerprints = [e.fingerprint for line, e in by_line.items() if line != 27]
    assert len(set(fingerprints)) == len(fingerprints)


def test_the_fingerprint_ignores_file_and_line() -> None:
    row = "3/9/21 9:00 PM,,,Bottle,4,Formula,Robin drank 4 oz of formula,,M"
    first = babyconnect.parse([SourceFile("a.csv", f"{HEADER}\n{row}\n")], NEW_YORK)
    second = babyconnect.parse([SourceFile("b.csv", f"{HEADER}\n\n\n{row}\n")], NEW_YORK)
    assert first.entries[0].line != second.entries[0].line
    assert first.entries[0].fingerprint == second.entries[0].fingerprint


def test_every_entry_passes_the_app_rules(parsed: Parsed) -> None:
    out_of_range = {29}
    for entry in parsed.entries:
        if entry.line not in out_of_range:
            validate_details(entry.kind, entry.details)

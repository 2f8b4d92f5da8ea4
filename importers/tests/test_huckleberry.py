"""Huckleberry's export, read from hand-written fixtures with made-up values."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carelog.kinds import validate_details
from importers import huckleberry
from importers.base import (
    DST_AMBIGUOUS,
    DST_NONEXISTENT,
    DST_SETTLED,
    MARKER,
    NO_END,
    Entry,
    Parsed,
    SourceFile,
)

FIXTURES = Path(__file__).parent / "fixtures" / "huckleberry"
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
HEADER = "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes"


def load(name: str) -> SourceFile:
    # Bytes decoded by hand so a BOM and CR line ends reach the parser as written.
    return SourceFile(name, (FIXTURES / name).read_bytes().decode("utf-8"))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture(scope="module")
def parsed() -> Parsed:
    return huckleberry.parse([load("export.csv")], LONDON)


@pytest.fixture(scope="module")
def by_line(parsed: Parsed) -> dict[int, Entry]:
    return {entry.line: entry for entry in parsed.entries}


# -- Detection -----------------------------------------------------------------------------


def test_it_recognises_its_own_header() -> None:
    assert huckleberry.sniff([load("export.csv")])
    assert huckleberry.sniff([load("crlf_bom.csv")])


@pytest.mark.parametrize(
    "header",
    [
        "Date and Time,End Time,Duration (min),Activity,Quantity,Extra data,Text,Notes,Caregiver",
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
        "Type,Start,End,Duration,Notes",
        "",
    ],
)
def test_it_does_not_claim_other_formats(header: str) -> None:
    assert not huckleberry.sniff([SourceFile("x.csv", header + "\n")])


def test_it_does_not_claim_a_mix_of_files() -> None:
    other = SourceFile("b.csv", "Baby,Time,Status,Note\n")
    assert not huckleberry.sniff([load("export.csv"), other])
    assert not huckleberry.sniff([])


# -- Feeds ---------------------------------------------------------------------------------


def test_breast_sides_are_minutes_and_seconds(by_line: dict[int, Entry]) -> None:
    entry = by_line[2]
    assert entry.kind == "feed"
    assert entry.details == {"method": "breast", "right_s": 370, "left_s": 345, "side": "both"}
    assert (entry.start, entry.end) == (utc(2023, 3, 5, 14, 7), utc(2023, 3, 5, 14, 31))


def test_a_null_side_is_unused_not_an_error(by_line: dict[int, Entry]) -> None:
    assert by_line[3].details == {
        "method": "breast",
        "left_s": 480,
        "side": "left",
        "note": "after bath, sleepy",
    }


def test_bottles_read_their_unit_row_by_row_and_end_where_they_start(
    by_line: dict[int, Entry],
) -> None:
    oz, ml = by_line[4], by_line[5]
    assert oz.details == {"method": "bottle", "amount_ml": 118.3, "milk": "formula"}
    assert ml.details == {
        "method": "bottle",
        "amount_ml": 110.0,
        "milk": "breast_milk",
        "note": "top-up",
    }
    assert oz.start == oz.end == utc(2023, 3, 5, 17, 0)
    assert NO_END not in oz.flags


def test_an_out_of_range_bottle_is_passed_through(by_line: dict[int, Entry]) -> None:
    assert by_line[30].details["amount_ml"] == 600.0


def test_an_unknown_volume_unit_is_a_problem(parsed: Parsed) -> None:
    problems = {p.line: p.reason for p in parsed.problems}
    assert problems[29] == "End Condition “3cups”: unknown unit “cups”"


# -- Nappies, growth, medicine, pump, solids, potty -----------------------------------------


def test_diaper_colour_comes_from_the_duration_column(by_line: dict[int, Entry]) -> None:
    assert by_line[6].details == {"dirty": True, "colour": "yellow", "note": "size: Medium"}
    assert by_line[6].end is None
    assert by_line[7].details == {"wet": True}
    assert by_line[8].details == {
        "wet": True,
        "dirty": True,
        "colour": "other",
        "note": "small, runny; colour: Grey",
    }


def test_growth_reads_decimal_pounds_and_feet(by_line: dict[int, Entry]) -> None:
    assert by_line[9].details == {
        "length_cm": 54.0,
        "weight_kg": 4.6,
        "head_cm": 37.0,
        "note": "clinic",
    }
    # 10.2 lb (not 10 lb 2 oz) and 1.9 ft (not 1 ft 9 in); 10:15 BST is 09:15 UTC.
    assert by_line[10].details == {"length_cm": 57.9, "weight_kg": 4.627}
    assert by_line[10].start == utc(2023, 4, 6, 9, 15)


def test_meds_name_and_dose(by_line: dict[int, Entry]) -> None:
    assert by_line[11].kind == "medicine"
    assert by_line[11].details == {"name": "Paracetamol", "dose": 2.5, "unit": "ml"}


def test_pump_sides_and_total(by_line: dict[int, Entry]) -> None:
    assert by_line[12].details == {"left_ml": 60.0, "right_ml": 50.0}
    assert by_line[12].end == utc(2023, 3, 6, 12, 20)
    assert by_line[13].details == {"total_ml": 118.3}


def test_solids_foods_and_reaction(by_line: dict[int, Entry]) -> None:
    assert by_line[14].kind == "solids"
    assert by_line[14].details == {"foods": "banana, oats", "reaction": "loved"}


def test_potty_rows_and_a_short_row(by_line: dict[int, Entry]) -> None:
    assert (by_line[22].kind, by_line[22].details) == ("potty", {"result": "pee"})
    assert (by_line[28].kind, by_line[28].details) == ("potty", {})


# -- Sleep and tummy time ------------------------------------------------------------------


def test_sleep_place_and_moods(by_line: dict[int, Entry]) -> None:
    assert by_line[15].details == {"location": "pram", "mood_start": "Upset", "mood_end": "Happy"}
    assert by_line[16].details == {"location": "cot"}
    assert by_line[17].details == {"location": "other", "note": "place: Grandma's sofa"}


def test_a_sleep_without_end_or_duration_has_no_end(by_line: dict[int, Entry]) -> None:
    assert by_line[18].end is None
    assert by_line[18].flags == {NO_END}
    assert by_line[21].kind == "tummy_time"
    assert (by_line[21].end, by_line[21].flags) == (None, {NO_END})
    assert by_line[20].end == utc(2023, 3, 8, 10, 5)


def test_a_one_minute_sleep_is_a_marker(by_line: dict[int, Entry]) -> None:
    assert by_line[19].flags == {MARKER}
    assert MARKER not in by_line[15].flags


# -- Daylight saving -----------------------------------------------------------------------


def test_fall_back_ambiguity_is_settled_by_the_duration(by_line: dict[int, Entry]) -> None:
    # 01:20 on the first pass (BST) to 01:50 on the second (GMT): 90 minutes.
    entry = by_line[24]
    assert (entry.start, entry.end) == (utc(2023, 10, 29, 0, 20), utc(2023, 10, 29, 1, 50))
    assert entry.flags == {DST_SETTLED}


def test_a_skipped_spring_forward_time_is_settled_by_the_duration(
    by_line: dict[int, Entry],
) -> None:
    entry = by_line[25]
    assert (entry.start, entry.end) == (utc(2023, 3, 26, 1, 30), utc(2023, 3, 26, 2, 0))
    assert entry.flags == {DST_SETTLED}


def test_daylight_saving_in_new_york() -> None:
    parsed = huckleberry.parse([load("dst_new_york.csv")], NEW_YORK)
    rows = {entry.line: entry for entry in parsed.entries}
    assert (rows[2].start, rows[2].end) == (utc(2023, 11, 5, 5, 40), utc(2023, 11, 5, 6, 10))
    assert rows[2].flags == {DST_SETTLED}
    # Start 00:30 EDT plus 2 hours of elapsed time ends at 01:30 on the second pass (EST).
    assert (rows[3].start, rows[3].end) == (utc(2023, 11, 5, 4, 30), utc(2023, 11, 5, 6, 30))
    # 02:30 did not exist that morning: moved forward to 03:30 EDT.
    assert rows[4].start == utc(2023, 3, 12, 7, 30)
    assert rows[4].flags == {DST_NONEXISTENT}
    assert rows[4].details["amount_ml"] == 147.9
    # A nappy at 01:30 on the fall-back night takes the first pass and says so.
    assert rows[5].start == utc(2023, 11, 5, 5, 30)
    assert rows[5].flags == {DST_AMBIGUOUS}
    assert rows[5].details["colour"] == "green"
    assert parsed.problems == []


# -- Notes, problems, duplicates, encoding ---------------------------------------------------


def test_an_unknown_type_becomes_a_counted_note(parsed: Parsed, by_line: dict[int, Entry]) -> None:
    assert by_line[23].kind == "note"
    assert by_line[23].details == {"text": "Bath (End: 2023-03-09 18:15; Duration: 00:15): warm"}
    assert parsed.as_notes == {"Bath": 1}


def test_unreadable_rows_are_problems_with_their_line(parsed: Parsed) -> None:
    problems = {p.line: p.reason for p in parsed.problems}
    assert problems == {
        26: "Start “2023-13-45 25:00” is not a time like 2023-03-05 14:07",
        29: "End Condition “3cups”: unknown unit “cups”",
        31: "the row has 9 cells but the header has 8; unexpected “oops”",
    }
    assert all(p.file == "export.csv" for p in parsed.problems)


def test_every_row_is_an_entry_or_a_problem(parsed: Parsed) -> None:
    data_rows = len(load("export.csv").text.strip().splitlines()) - 1
    assert len(parsed.entries) + len(parsed.problems) == data_rows


def test_a_repeated_row_gets_the_same_fingerprint(by_line: dict[int, Entry]) -> None:
    assert by_line[27].fingerprint == by_line[4].fingerprint
    fingerprints = [e.fingerprint for line, e in by_line.items() if line != 27]
    assert len(set(fingerprints)) == len(fingerprints)


def test_the_fingerprint_ignores_file_and_line() -> None:
    row = "Feed,2023-03-05 17:00,,,Formula,Bottle,4oz,"
    one = huckleberry.parse([SourceFile("a.csv", f"{HEADER}\n{row}\n")], LONDON)
    two = huckleberry.parse([SourceFile("b.csv", f"{HEADER}\n\n{row}\n")], LONDON)
    assert one.entries[0].line != two.entries[0].line
    assert one.entries[0].fingerprint == two.entries[0].fingerprint


def test_crlf_and_a_byte_order_mark() -> None:
    parsed = huckleberry.parse([load("crlf_bom.csv")], LONDON)
    assert [(e.line, e.kind) for e in parsed.entries] == [(2, "feed"), (4, "nappy")]
    assert parsed.entries[0].details == {
        "method": "bottle",
        "amount_ml": 150.0,
        "milk": "formula",
        "note": "note with\ntwo lines",
    }
    assert parsed.entries[0].start == utc(2023, 5, 1, 6, 0)


def test_entries_carry_file_and_no_person_or_baby(parsed: Parsed) -> None:
    assert {e.file for e in parsed.entries} == {"export.csv"}
    assert {(e.person, e.baby) for e in parsed.entries} == {(None, None)}


def test_every_entry_passes_the_app_rules(parsed: Parsed) -> None:
    out_of_range = {30}
    for entry in parsed.entries:
        if entry.line in out_of_range:
            continue
        validate_details(entry.kind, entry.details)
        assert entry.start.tzinfo is not None


def test_the_out_of_range_bottle_is_refused_by_the_app_rules(by_line: dict[int, Entry]) -> None:
    from carelog.kinds import DetailsError

    with pytest.raises(DetailsError):
        validate_details("feed", by_line[30].details)

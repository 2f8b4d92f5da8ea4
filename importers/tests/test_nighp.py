"""Baby Tracker (Nighp): one CSV per activity, start + minutes, units in the header."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carelog.kinds import DetailsError, validate_details
from importers import nighp
from importers.base import (
    DST_AMBIGUOUS,
    DST_NONEXISTENT,
    MARKER,
    NO_END,
    Entry,
    Parsed,
    SourceFile,
)

FIXTURES = Path(__file__).parent / "fixtures" / "nighp"
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def load(*names: str) -> list[SourceFile]:
    return [SourceFile(name, (FIXTURES / name).read_bytes().decode("utf-8")) for name in names]


def parse(*names: str, tz: ZoneInfo = NEW_YORK) -> Parsed:
    return nighp.parse(load(*names), tz)


def at_line(parsed: Parsed, file: str, line: int) -> Entry:
    (entry,) = [e for e in parsed.entries if e.file == file and e.line == line]
    return entry


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


ALL = ("diaper.csv", "nursing.csv", "sleep.csv", "pump.csv", "expressed.csv")

OTHER_HEADERS = {
    "huckleberry": "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes\n",
    "babyconnect": "Date and Time,End Time,Duration (min),Activity,Quantity,Extra data,Text,"
    "Notes,Caregiver\n",
    "glow_sleep": "Begin time,End time\n",
    "glow_bottle": "Time of feeding,Milk type,Amount(ml),Amount(oz)\n",
    "glow_solid": "Time of feeding,Ingredients,Amount,Unit type,Baby's reaction\n",
    "glow_diaper": "Diaper time,In the diaper,Color,Texture\n",
    "glow_growth": "Date,Weight(kg),Weight(lb),Height(cm),Height(in),Head Circ.(cm),"
    "Head Circ.(in)\n",
    "hatch": '"Baby Name","Start Time","End Time","Activity","Amount","Percentile",'
    '"Duration","Info","Notes",\n',
    "nursingtimer": "#, time, Left, Right, Bottle, Bottle Amount, Sleep time, wet, solid, "
    "Pump Amount\r\n",
    "babybuddy_feeding": "child_id,start,end,type,method,amount,notes\n",
    "babybuddy_diaper": "child_id,time,wet,solid,color,amount\n",
}


# -- Detection ---------------------------------------------------------------------------


def test_it_recognises_each_file_and_any_subset() -> None:
    for name in ALL:
        assert nighp.sniff(load(name)), name
    assert nighp.sniff(load(*ALL))
    assert nighp.sniff(load("sleep.csv", "pump_ml.csv"))


@pytest.mark.parametrize("app", sorted(OTHER_HEADERS))
def test_it_does_not_claim_other_apps_headers(app: str) -> None:
    assert not nighp.sniff([SourceFile("export.csv", OTHER_HEADERS[app])])


def test_it_does_not_claim_a_mix_with_another_apps_file() -> None:
    files = [*load("sleep.csv"), SourceFile("x.csv", OTHER_HEADERS["glow_sleep"])]
    assert not nighp.sniff(files)
    assert not nighp.sniff([SourceFile("empty.csv", "")])


def test_an_unknown_file_in_the_import_is_reported_not_dropped() -> None:
    files = [*load("expressed.csv"), SourceFile("mystery.csv", "Baby,Time,Mood\nRobin,x,y\n")]
    parsed = nighp.parse(files, NEW_YORK)
    assert len(parsed.entries) == 4
    assert [(p.file, p.line) for p in parsed.problems] == [("mystery.csv", 1)]
    assert "header" in parsed.problems[0].reason


# -- Every entry is valid ----------------------------------------------------------------


def test_every_entry_passes_the_kinds_rules_except_the_typo_bottle() -> None:
    parsed = parse(*ALL, "pump_ml.csv")
    rejected = []
    for entry in parsed.entries:
        try:
            validate_details(entry.kind, entry.details)
        except DetailsError:
            rejected.append((entry.file, entry.line))
    # 25 fl oz (739.3 ml) is passed through unchanged so the service reports it.
    assert rejected == [("expressed.csv", 5)]
    assert at_line(parsed, "expressed.csv", 5).details["amount_ml"] == 739.3


def test_rows_and_problems_account_for_every_data_line() -> None:
    parsed = parse(*ALL)
    data_lines = sum(len(load(n)[0].text.strip().splitlines()) - 1 for n in ALL)
    assert len(parsed.entries) + len(parsed.problems) == data_lines


# -- Nappies -----------------------------------------------------------------------------


def test_nappy_status_crlf_bom_and_notes() -> None:
    parsed = parse("diaper.csv")
    wet = at_line(parsed, "diaper.csv", 2)
    assert wet.kind == "nappy"
    assert wet.details == {"wet": True}  # empty note skipped
    assert wet.start == utc(2024, 11, 4, 2, 15)  # 21:15 EST
    assert wet.end is None and wet.flags == set()
    assert wet.baby == "Robin" and wet.person is None
    mixed = at_line(parsed, "diaper.csv", 3)
    assert mixed.details == {"wet": True, "dirty": True, "note": "yellow, seedy"}
    dry = at_line(parsed, "diaper.csv", 4)  # short row: no Note field at all
    assert dry.details == {"dry": True}
    assert at_line(parsed, "diaper.csv", 5).details == {"dirty": True}
    assert at_line(parsed, "diaper.csv", 11).baby == "Sky"


def test_twelve_hour_times_and_redundant_markers() -> None:
    parsed = parse("diaper.csv")
    assert at_line(parsed, "diaper.csv", 7).start == utc(2024, 11, 5, 2, 10)  # 9:10 PM EST
    assert at_line(parsed, "diaper.csv", 8).start == utc(2024, 11, 4, 19, 5)  # 14:05 PM


def test_unreadable_time_and_unknown_status_are_problems_with_lines() -> None:
    parsed = parse("diaper.csv")
    problems = {p.line: p.reason for p in parsed.problems}
    assert set(problems) == {9, 10}
    assert "Time" in problems[9] and "11/4/24, 25:99" in problems[9]
    assert "Status" in problems[10] and "Sparkly" in problems[10]


def test_duplicate_rows_share_a_fingerprint_and_others_do_not() -> None:
    parsed = parse("diaper.csv")
    first, second = at_line(parsed, "diaper.csv", 5), at_line(parsed, "diaper.csv", 6)
    assert first.fingerprint == second.fingerprint
    prints = [e.fingerprint for e in parsed.entries]
    assert len(set(prints)) == len(prints) - 1


def test_fingerprints_ignore_file_name_and_line_and_missing_trailing_note() -> None:
    full = SourceFile("a.csv", 'Baby,Time,Status,Note\nRobin,"11/4/24, 02:05",Dry,\n')
    short = SourceFile("b.csv", 'Baby,Time,Status,Note\n\nRobin,"11/4/24, 02:05",Dry\n')
    one = nighp.parse([full], NEW_YORK).entries[0]
    two = nighp.parse([short], NEW_YORK).entries[0]
    assert (one.line, two.line) == (2, 3)
    assert one.fingerprint == two.fingerprint
    assert one.fingerprint == at_line(parse("diaper.csv"), "diaper.csv", 4).fingerprint


def test_an_unquoted_comma_in_the_note_stays_in_the_note() -> None:
    text = 'Baby,Time,Status,Note\nRobin,"11/4/24, 02:05",Wet,big one, changed cot\n'
    (entry,) = nighp.parse([SourceFile("d.csv", text)], NEW_YORK).entries
    assert entry.details == {"wet": True, "note": "big one, changed cot"}


# -- Sleep -------------------------------------------------------------------------------


def test_sleep_across_fall_back_ends_in_elapsed_time() -> None:
    parsed = parse("sleep.csv", tz=LONDON)
    sleep = at_line(parsed, "sleep.csv", 2)  # short row, 00:30 BST for 120 min
    assert sleep.kind == "sleep" and sleep.details == {}
    assert sleep.start == utc(2024, 10, 26, 23, 30)
    assert sleep.end == utc(2024, 10, 27, 1, 30)
    local_end = sleep.end.astimezone(LONDON)
    # 01:30 on the second pass (GMT), not 02:30 as wall-clock addition would give.
    assert (local_end.hour, local_end.minute, local_end.utcoffset()) == (1, 30, timedelta(0))
    assert sleep.flags == set()


def test_ambiguous_sleep_start_takes_first_occurrence_and_is_flagged() -> None:
    sleep = at_line(parse("sleep.csv", tz=LONDON), "sleep.csv", 3)
    assert sleep.start == utc(2024, 10, 27, 0, 30)  # 01:30 BST
    assert sleep.end == utc(2024, 10, 27, 1, 15)
    assert sleep.flags == {DST_AMBIGUOUS}
    assert sleep.details == {"note": "ambiguous start"}


def test_skipped_sleep_start_moves_forward_and_is_flagged() -> None:
    sleep = at_line(parse("sleep.csv", tz=LONDON), "sleep.csv", 4)
    assert sleep.start == utc(2024, 3, 31, 1, 30)  # read as 02:30 BST
    assert sleep.end == utc(2024, 3, 31, 2, 30)
    assert sleep.flags == {DST_NONEXISTENT}


def test_sleep_across_spring_forward_lasts_its_stated_minutes() -> None:
    sleep = at_line(parse("sleep.csv", tz=LONDON), "sleep.csv", 5)
    assert sleep.start == utc(2024, 3, 30, 23, 30)
    assert sleep.end == utc(2024, 3, 31, 2, 30)  # 03:30 BST: 180 elapsed minutes
    assert sleep.end.astimezone(LONDON).hour == 3


def test_short_sleeps_are_markers_and_empty_duration_has_no_end() -> None:
    parsed = parse("sleep.csv", tz=LONDON)
    one = at_line(parsed, "sleep.csv", 6)
    assert one.flags == {MARKER}
    assert one.end == utc(2024, 11, 5, 13, 1)
    zero = at_line(parsed, "sleep.csv", 7)
    assert zero.flags == {MARKER} and zero.end == zero.start
    long = at_line(parsed, "sleep.csv", 8)
    assert long.flags == set()
    assert long.details == {"note": "woke once, resettled"}
    assert long.end == utc(2024, 11, 5, 14, 55)
    open_sleep = at_line(parsed, "sleep.csv", 9)
    assert open_sleep.end is None and open_sleep.flags == {NO_END}


def test_unreadable_sleep_duration_is_a_problem_and_duplicates_match() -> None:
    parsed = parse("sleep.csv", tz=LONDON)
    (problem,) = parsed.problems
    assert problem.line == 10
    assert "Duration(minutes)" in problem.reason and "abc" in problem.reason
    a, b = at_line(parsed, "sleep.csv", 11), at_line(parsed, "sleep.csv", 12)
    assert a.fingerprint == b.fingerprint
    assert a.fingerprint != at_line(parsed, "sleep.csv", 8).fingerprint


# -- Nursing -----------------------------------------------------------------------------


def test_nursing_sides_in_seconds_and_first_side() -> None:
    parsed = parse("nursing.csv")
    both = at_line(parsed, "nursing.csv", 2)
    assert both.kind == "feed"
    assert both.details == {
        "method": "breast",
        "left_s": 720,
        "right_s": 480,
        "side": "both",
        "first_side": "left",
    }
    assert both.start == utc(2024, 11, 2, 11, 0)
    assert both.end == utc(2024, 11, 2, 11, 20)
    right = at_line(parsed, "nursing.csv", 3)
    assert right.details["side"] == "right"
    assert (right.details["left_s"], right.details["right_s"]) == (0, 900)
    half = at_line(parsed, "nursing.csv", 7)
    assert half.details["left_s"] == 450 and half.details["side"] == "left"
    assert "right_s" not in half.details
    assert half.end == utc(2024, 11, 2, 20, 7, 30)


def test_nursing_with_no_minutes_is_a_point_feed_not_an_open_one() -> None:
    feed = at_line(parse("nursing.csv"), "nursing.csv", 4)
    assert feed.end == feed.start == utc(2024, 11, 2, 17, 0)
    assert NO_END not in feed.flags
    assert "side" not in feed.details


def test_nursing_on_the_clock_change_nights() -> None:
    parsed = parse("nursing.csv")
    fall = at_line(parsed, "nursing.csv", 5)
    assert fall.start == utc(2024, 11, 3, 5, 50)  # 01:50 EDT, the first 01:50
    assert fall.end == utc(2024, 11, 3, 6, 10)
    assert fall.flags == {DST_AMBIGUOUS}
    spring = at_line(parsed, "nursing.csv", 6)
    assert spring.start == utc(2024, 3, 10, 7, 15)  # 02:15 does not exist: 03:15 EDT
    assert spring.end == utc(2024, 3, 10, 7, 25)
    assert spring.flags == {DST_NONEXISTENT}


def test_an_unknown_start_side_goes_to_the_note() -> None:
    feed = at_line(parse("nursing.csv"), "nursing.csv", 8)
    assert "first_side" not in feed.details
    assert feed.details["note"] == "Start side: Middle"


# -- Pump and expressed milk ---------------------------------------------------------------


def test_pump_amounts_from_an_oz_header_belong_to_no_baby() -> None:
    parsed = parse("pump.csv")
    pump = at_line(parsed, "pump.csv", 2)
    assert pump.kind == "pump" and pump.baby is None
    assert pump.details == {"left_ml": 59.1, "right_ml": 44.4, "total_ml": 103.5}
    assert pump.end == utc(2024, 11, 2, 12, 20)
    left_only = at_line(parsed, "pump.csv", 4)
    assert left_only.details == {
        "note": "left only",
        "left_ml": 118.3,
        "right_ml": 0.0,
        "total_ml": 118.3,
    }
    assert any("no Baby column" in remark for remark in parsed.remarks)


def test_pump_with_no_minutes_has_no_end() -> None:
    pump = at_line(parse("pump.csv"), "pump.csv", 3)
    assert pump.end is None and pump.flags == {NO_END}
    assert pump.details["total_ml"] == 59.1


def test_pump_amounts_from_an_ml_header() -> None:
    pump = at_line(parse("pump_ml.csv"), "pump_ml.csv", 2)
    assert pump.details == {"left_ml": 60.0, "right_ml": 45.0, "total_ml": 105.0}


def test_an_unknown_unit_in_the_header_is_a_problem_per_row() -> None:
    text = (
        "Time,Start Side,Left duration (min),Right duration (min),Total Duration (min),"
        "Left amount (cups),Right amount (cups),Total amount (cups),Note\n"
        '"11/2/24, 08:00",Left,10,10,20,1,1,2,\n'
    )
    parsed = nighp.parse([SourceFile("pump.csv", text)], NEW_YORK)
    assert parsed.entries == []
    (problem,) = parsed.problems
    assert problem.line == 2 and "cups" in problem.reason


def test_expressed_milk_is_a_point_bottle_of_breast_milk() -> None:
    parsed = parse("expressed.csv")
    bottle = at_line(parsed, "expressed.csv", 2)
    assert bottle.kind == "feed"
    assert bottle.details == {"method": "bottle", "milk": "breast_milk", "amount_ml": 118.3}
    assert bottle.end == bottle.start == utc(2024, 11, 2, 13, 0)
    assert bottle.flags == set() and bottle.baby == "Robin"
    assert at_line(parsed, "expressed.csv", 3).details == {
        "method": "bottle",
        "milk": "breast_milk",
        "amount_ml": 73.9,
        "note": "warmed, half left",
    }
    assert at_line(parsed, "expressed.csv", 4).details == {
        "method": "bottle",
        "milk": "breast_milk",
    }

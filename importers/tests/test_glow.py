"""Glow Baby (one CSV per type) and Hatch (one CSV, 24-hour times with a spare AM/PM)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carelog.kinds import validate_details
from importers import glow
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

FIXTURES = Path(__file__).parent / "fixtures" / "glow"
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

GLOW = (
    "glow_sleep.csv",
    "glow_feed_bottle.csv",
    "glow_feed_solid.csv",
    "glow_diaper.csv",
    "glow_growth.csv",
)

OTHER_HEADERS = {
    "huckleberry": "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes\n",
    "babyconnect": "Date and Time,End Time,Duration (min),Activity,Quantity,Extra data,Text,"
    "Notes,Caregiver\n",
    "nighp_diaper": "Baby,Time,Status,Note\n",
    "nighp_nursing": "Baby,Time,Start Side,Left duration (min),Right duration (min),"
    "Total Duration (min),Note\n",
    "nighp_sleep": "Baby,Time,Duration(minutes),Note\n",
    "nighp_pump": "Time,Start Side,Left duration (min),Right duration (min),"
    "Total Duration (min),Left amount (oz.),Right amount (oz.),Total amount (oz.),Note\n",
    "nighp_expressed": "Baby,Time,Amount (oz.),Note\n",
    "nursingtimer": "#, time, Left, Right, Bottle, Bottle Amount, Sleep time, wet, solid, "
    "Pump Amount\r\n",
    "babybuddy_feeding": "child_id,start,end,type,method,amount,notes\n",
    "babybuddy_diaper": "child_id,time,wet,solid,color,amount\n",
}


def load(*names: str) -> list[SourceFile]:
    return [SourceFile(name, (FIXTURES / name).read_bytes().decode("utf-8")) for name in names]


def parse(*names: str, tz: ZoneInfo = NEW_YORK) -> Parsed:
    return glow.parse(load(*names), tz)


def at_line(parsed: Parsed, file: str, line: int) -> Entry:
    (entry,) = [e for e in parsed.entries if e.file == file and e.line == line]
    return entry


def problems(parsed: Parsed, file: str) -> dict[int, str]:
    return {p.line: p.reason for p in parsed.problems if p.file == file}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# -- Detection ---------------------------------------------------------------------------


def test_it_recognises_each_glow_file_the_set_and_a_hatch_export() -> None:
    for name in GLOW:
        assert glow.sniff(load(name)), name
    assert glow.sniff(load(*GLOW))
    assert glow.sniff(load("hatch.csv"))


@pytest.mark.parametrize("app", sorted(OTHER_HEADERS))
def test_it_does_not_claim_other_apps_headers(app: str) -> None:
    assert not glow.sniff([SourceFile("export.csv", OTHER_HEADERS[app])])


def test_it_does_not_claim_a_mix_with_another_apps_file() -> None:
    files = [*load("glow_sleep.csv"), SourceFile("x.csv", OTHER_HEADERS["nighp_sleep"])]
    assert not glow.sniff(files)
    assert not glow.sniff([SourceFile("empty.csv", "")])


def test_an_unknown_file_in_the_import_is_reported_not_dropped() -> None:
    files = [*load("glow_feed_solid.csv"), SourceFile("glow_pump.csv", "Pump time,Amount\n1,2\n")]
    parsed = glow.parse(files, NEW_YORK)
    assert len(parsed.entries) == 3
    assert [(p.file, p.line) for p in parsed.problems] == [("glow_pump.csv", 1)]


def test_every_entry_passes_the_kinds_rules_and_every_line_is_accounted_for() -> None:
    names = (*GLOW, "hatch.csv")
    parsed = parse(*names)
    for entry in parsed.entries:
        validate_details(entry.kind, entry.details)
    data_lines = sum(len(f.text.strip().splitlines()) - 1 for f in load(*names))
    assert len(parsed.entries) + len(parsed.problems) == data_lines


# -- Glow sleep --------------------------------------------------------------------------


def test_glow_sleep_times_markers_and_open_sleeps() -> None:
    parsed = parse("glow_sleep.csv")
    night = at_line(parsed, "glow_sleep.csv", 2)
    assert night.kind == "sleep" and night.details == {}
    assert night.start == utc(2021, 2, 15, 2, 3)  # 9:03 PM EST
    assert night.end == utc(2021, 2, 15, 10, 40)
    assert night.flags == set() and night.baby is None
    assert at_line(parsed, "glow_sleep.csv", 3).flags == {MARKER}  # exactly one minute
    half = at_line(parsed, "glow_sleep.csv", 5)
    assert half.flags == {MARKER}
    assert half.end == utc(2021, 2, 15, 20, 0, 30)
    open_sleep = at_line(parsed, "glow_sleep.csv", 4)
    assert open_sleep.end is None and open_sleep.flags == {NO_END}


def test_glow_sleep_on_the_clock_change_nights() -> None:
    parsed = parse("glow_sleep.csv")
    fall = at_line(parsed, "glow_sleep.csv", 6)  # 12:30 AM to the ambiguous 1:15 AM
    assert fall.start == utc(2024, 11, 3, 4, 30)
    assert fall.end == utc(2024, 11, 3, 5, 15)
    assert fall.flags == {DST_AMBIGUOUS}
    spring = at_line(parsed, "glow_sleep.csv", 7)  # 2:30 AM does not exist
    assert spring.start == utc(2024, 3, 10, 7, 30)
    assert spring.end == utc(2024, 3, 10, 8, 0)
    assert spring.flags == {DST_NONEXISTENT}


def test_glow_sleep_problems_and_duplicates() -> None:
    parsed = parse("glow_sleep.csv")
    found = problems(parsed, "glow_sleep.csv")
    assert set(found) == {8, 9}
    assert "Begin time" in found[8] and "25:00:00 PM" in found[8]
    assert "before" in found[9]
    first, again = at_line(parsed, "glow_sleep.csv", 2), at_line(parsed, "glow_sleep.csv", 10)
    assert first.fingerprint == again.fingerprint
    prints = [e.fingerprint for e in parsed.entries]
    assert len(set(prints)) == len(prints) - 1


# -- Glow feeds --------------------------------------------------------------------------


def test_glow_bottles_read_ml_else_oz_with_crlf_and_bom() -> None:
    parsed = parse("glow_feed_bottle.csv")
    formula = at_line(parsed, "glow_feed_bottle.csv", 2)
    assert formula.kind == "feed"
    assert formula.details == {"method": "bottle", "milk": "formula", "amount_ml": 150.0}
    assert formula.start == formula.end == utc(2021, 2, 15, 11, 40)
    assert formula.flags == set()
    ounces = at_line(parsed, "glow_feed_bottle.csv", 3)
    assert ounces.details == {"method": "bottle", "milk": "breast_milk", "amount_ml": 118.3}
    donor = at_line(parsed, "glow_feed_bottle.csv", 4)
    assert donor.details == {
        "method": "bottle",
        "milk": "other",
        "note": "Milk type: Donor milk",
        "amount_ml": 90.0,
    }
    assert at_line(parsed, "glow_feed_bottle.csv", 6).details == {
        "method": "bottle",
        "milk": "formula",
    }
    found = problems(parsed, "glow_feed_bottle.csv")
    assert list(found) == [5]
    assert "Amount(ml)" in found[5] and "lots" in found[5]


def test_glow_solids_are_their_own_kind() -> None:
    parsed = parse("glow_feed_solid.csv")
    pear = at_line(parsed, "glow_feed_solid.csv", 2)
    assert pear.kind == "solids"
    assert pear.details == {"foods": "pear, oats", "amount": 30.0, "unit": "g", "reaction": "liked"}
    assert pear.start == utc(2021, 2, 20, 17, 0) and pear.end is None
    assert at_line(parsed, "glow_feed_solid.csv", 3).details == {"foods": "banana"}
    assert validate_details("solids", pear.details)["amount"] == 30


# -- Glow nappies --------------------------------------------------------------------------


def test_glow_nappies_map_content_colour_and_texture() -> None:
    parsed = parse("glow_diaper.csv")
    assert at_line(parsed, "glow_diaper.csv", 2).details == {"wet": True}
    assert at_line(parsed, "glow_diaper.csv", 3).details == {
        "dirty": True,
        "colour": "yellow",
        "consistency": "seedy",
    }
    assert at_line(parsed, "glow_diaper.csv", 4).details == {
        "wet": True,
        "dirty": True,
        "colour": "green",
        "consistency": "other",
        "note": "Texture: Mucousy",
    }
    clean = at_line(parsed, "glow_diaper.csv", 5)
    assert clean.details == {"dry": True}
    assert clean.end is None and clean.flags == set()
    assert at_line(parsed, "glow_diaper.csv", 7).details == {
        "dirty": True,
        "colour": "other",
        "note": "Colour: gray",
        "consistency": "runny",
    }
    found = problems(parsed, "glow_diaper.csv")
    assert list(found) == [6] and "glitter" in found[6]


# -- Glow growth -------------------------------------------------------------------------


def test_glow_growth_is_at_noon_and_prefers_metric() -> None:
    parsed = parse("glow_growth.csv")
    march = at_line(parsed, "glow_growth.csv", 2)
    assert march.kind == "growth"
    assert march.details == {"weight_kg": 5.4, "length_cm": 58.2, "head_cm": 39.1}
    assert march.start == utc(2021, 3, 1, 17, 0)  # noon EST
    assert march.end is None
    april = at_line(parsed, "glow_growth.csv", 3)  # metric empty: 10.2 lb, 23.5 in
    assert april.details == {"weight_kg": 4.627, "length_cm": 59.7}
    assert april.start == utc(2021, 4, 1, 16, 0)  # noon EDT
    london = at_line(parse("glow_growth.csv", tz=LONDON), "glow_growth.csv", 2)
    assert london.start == utc(2021, 3, 1, 12, 0)
    found = problems(parsed, "glow_growth.csv")
    assert set(found) == {4, 5}
    assert "no weight" in found[4]
    assert "Date" in found[5] and "2021/13/01" in found[5]


# -- Hatch -------------------------------------------------------------------------------


def test_hatch_weight_ignores_the_redundant_marker_and_keeps_percentile_as_text() -> None:
    parsed = parse("hatch.csv")
    weight = at_line(parsed, "hatch.csv", 2)
    assert weight.kind == "growth"
    assert weight.details == {"weight_kg": 6.12, "note": "Hatch percentile 48"}
    assert weight.start == utc(2024, 3, 3, 0, 20)  # 19:20 EST, not 07:20
    assert weight.baby == "Robin"
    assert at_line(parsed, "hatch.csv", 8).baby == "Sky"
    assert any("percentile" in remark for remark in parsed.remarks)


def test_hatch_sleep_on_fall_back_is_settled_by_its_duration() -> None:
    sleep = at_line(parse("hatch.csv"), "hatch.csv", 3)  # 01:30 -> 01:20, 50 minutes
    assert sleep.kind == "sleep"
    assert sleep.start == utc(2024, 11, 3, 5, 30)  # first 01:30 (EDT)
    assert sleep.end == utc(2024, 11, 3, 6, 20)  # second 01:20 (EST)
    assert sleep.flags == {DST_SETTLED}


def test_hatch_accepts_other_date_forms_and_open_sleeps() -> None:
    parsed = parse("hatch.csv")
    iso = at_line(parsed, "hatch.csv", 4)
    assert iso.start == utc(2024, 3, 5, 13, 15)
    assert iso.end == utc(2024, 3, 5, 14, 0)
    assert iso.details == {"note": "cot"}
    from_minutes = at_line(parsed, "hatch.csv", 9)
    assert from_minutes.end == utc(2024, 3, 8, 3, 30)
    open_sleep = at_line(parsed, "hatch.csv", 10)
    assert open_sleep.end is None and open_sleep.flags == {NO_END}


def test_hatch_unknown_activities_become_counted_notes() -> None:
    parsed = parse("hatch.csv")
    note = at_line(parsed, "hatch.csv", 5)  # date written 03/06/24
    assert note.kind == "note"
    assert note.details == {"text": "Hatch Feeding; amount: 120; info: Bottle"}
    assert note.start == utc(2024, 3, 6, 18, 0)
    assert parsed.as_notes == {"Hatch Feeding": 1}


def test_hatch_problems_and_duplicates() -> None:
    parsed = parse("hatch.csv")
    found = problems(parsed, "hatch.csv")
    assert set(found) == {6, 7}
    assert "Amount" in found[6] and "heavy" in found[6]
    assert "Start Time" in found[7] and "99:00" in found[7]
    assert (
        at_line(parsed, "hatch.csv", 2).fingerprint == at_line(parsed, "hatch.csv", 11).fingerprint
    )
    assert (
        at_line(parsed, "hatch.csv", 2).fingerprint != at_line(parsed, "hatch.csv", 8).fingerprint
    )


def test_a_row_longer_than_the_header_is_a_problem() -> None:
    text = "Time of feeding,Ingredients,Amount,Unit type,Baby's reaction\n" + (
        "02/20/2021 12:00:00 PM,pear,oats,30,g,liked\n"
    )
    parsed = glow.parse([SourceFile("glow_feed_solid.csv", text)], NEW_YORK)
    assert parsed.entries == []
    (problem,) = parsed.problems
    assert problem.line == 2 and "more cells" in problem.reason

"""The variation real exports show, on small synthetic files written here (every value is
made up): how a phone's locale, a spreadsheet that saved the file again, or a zip made on
a computer changes an export, and that each importer still reads it exactly, or says which
line and field it could not read.

The formats are those of ../shared/domain/tracker-formats.md; nothing here comes from a
real family's export.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import importers
from carelog.importing import read_files
from carelog.kinds import validate_details
from importers import babybuddy, babyconnect, glow, huckleberry, nighp, nursingtimer
from importers.base import (
    DST_SETTLED,
    MARKER,
    Entry,
    ImportFormatError,
    Parsed,
    SourceFile,
    day_first,
    parse_local,
    read_rows,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")

HUCK = "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes"
CONNECT = "Date and Time,End Time,Duration (min),Activity,Quantity,Extra data,Text,Notes,Caregiver"
TIMER = "#, time, Left, Right, Bottle, Bottle Amount, Sleep time, wet, solid, Pump Amount"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def csv_file(
    name: str, *lines: str, sep: str = ",", end: str = "\n", bom: bool = False
) -> SourceFile:
    """A file from comma-written lines, re-separated by `sep` (as a spreadsheet saves it)."""
    if sep != ",":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows(csv.reader(lines))
        lines = tuple(buffer.getvalue().splitlines())
    text = end.join(lines) + end
    return SourceFile(name, ("\ufeff" if bom else "") + text)


def problems(parsed: Parsed) -> dict[int, str]:
    return {p.line: p.reason for p in parsed.problems}


def only(parsed: Parsed, line: int) -> Entry:
    (entry,) = [e for e in parsed.entries if e.line == line]
    return entry


def zipped(*members: tuple[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


# -- Shared reading ------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_rows_read_alike_whatever_the_separator_and_line_ends(sep: str, end: str) -> None:
    text = "\ufeff" + end.join(
        [f"a{sep}b{sep}c", f'1{sep}"two{sep} and{end}more"{sep}3', f"{sep}{sep}", "4"]
    )
    assert list(read_rows(text)) == [
        (1, ["a", "b", "c"]),
        (2, ["1", f"two{sep} and{end}more", "3"]),
        (5, ["4"]),
    ]


def test_a_quoted_note_spanning_lines_keeps_the_row_on_its_first_line() -> None:
    rows = list(read_rows('x,y\r\n1,"a, b\r\nc"\r\n2,d\r\n'))
    assert rows == [(1, ["x", "y"]), (2, ["1", "a, b\r\nc"]), (4, ["2", "d"])]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3/9/21 7:45 PM", datetime(2021, 3, 9, 19, 45)),
        ("3/9/21 7:45 pm", datetime(2021, 3, 9, 19, 45)),
        ("3/9/21 7:45 p.m.", datetime(2021, 3, 9, 19, 45)),
        ("3/9/21 7:45 p. m.", datetime(2021, 3, 9, 19, 45)),
        ("3/9/21 7:45\u202fPM", datetime(2021, 3, 9, 19, 45)),
        ("3/9/21 7:45\u00a0a.m.", datetime(2021, 3, 9, 7, 45)),
        ("3/9/21 12:10 AM", datetime(2021, 3, 9, 0, 10)),
        ("3/9/21 19:20 PM", datetime(2021, 3, 9, 19, 20)),
        ("3/9/21 0:30 AM", datetime(2021, 3, 9, 0, 30)),
    ],
)
def test_am_and_pm_are_read_however_the_locale_writes_them(raw: str, expected: datetime) -> None:
    assert parse_local(raw, ("%m/%d/%y %I:%M %p", "%m/%d/%y %H:%M")) == expected


def test_the_date_order_is_told_by_the_file_itself() -> None:
    assert day_first(["13/3/21 7:45 PM", "3/3/21 8:00 PM"]) is True
    assert day_first(["3/13/21 7:45 PM", "3/3/21 8:00 PM"]) is False
    assert day_first(["3/4/21", "5/6/21"]) is None
    assert day_first(["13/3/21", "3/13/21"]) is None  # contradicting: left to each row
    assert day_first(["2021-03-13 19:45"]) is None


# -- Huckleberry ---------------------------------------------------------------------------


def test_huckleberry_saved_by_a_european_spreadsheet() -> None:
    """Semicolons between cells, comma decimals, a BOM and CRLF line ends."""
    source = csv_file(
        "huckleberry.csv",
        HUCK,
        'Feed,2023-03-05 14:07,,,Formula,Bottle,"4,5oz",',
        "Feed,2023-03-05 16:00,2023-03-05 16:20,00:20,06:10R,Breast,Null l,",
        'Growth,2023-03-06 09:00,,,"4,6kg",54cm,"36,5cm",',
        sep=";",
        end="\r\n",
        bom=True,
    )
    assert importers.detect([source]) == "huckleberry"
    parsed = huckleberry.parse([source], LONDON)
    assert parsed.problems == []
    bottle, breast, growth = parsed.entries
    assert bottle.details == {"method": "bottle", "amount_ml": 133.1, "milk": "formula"}
    assert bottle.start == bottle.end == utc(2023, 3, 5, 14, 7)
    assert breast.details == {"method": "breast", "right_s": 370, "side": "right"}
    assert (breast.start, breast.end) == (utc(2023, 3, 5, 16, 0), utc(2023, 3, 5, 16, 20))
    assert growth.details == {"weight_kg": 4.6, "length_cm": 54.0, "head_cm": 36.5}


def test_huckleberry_columns_in_another_order_and_case_with_an_extra_one() -> None:
    source = csv_file(
        "huckleberry.csv",
        "notes,TYPE,  Start ,End,Start Location,Duration,Start Condition,End Condition,Baby",
        '"woke twice, then settled",Sleep,2023-03-05 20:00,2023-03-05 22:30,Swing,02:30,,,Robin',
    )
    parsed = huckleberry.parse([source], LONDON)
    (sleep,) = parsed.entries
    assert sleep.kind == "sleep"
    assert (sleep.start, sleep.end) == (utc(2023, 3, 5, 20, 0), utc(2023, 3, 5, 22, 30))
    assert sleep.details == {"location": "swing", "note": "woke twice, then settled"}
    assert parsed.remarks == [
        "huckleberry.csv: the column “Baby” is not part of Huckleberry's export and was not read."
    ]


def test_huckleberry_missing_a_column_names_it() -> None:
    source = csv_file("h.csv", "Type,Start,End,Duration,Start Condition,Start Location,Notes")
    assert not huckleberry.sniff([source])
    parsed = huckleberry.parse([source], LONDON)
    assert problems(parsed) == {
        1: "the first line is not Huckleberry's header (missing: end condition)"
    }


@pytest.mark.parametrize(
    ("start", "end", "duration"),
    [
        ("15/03/2023 14:07", "15/03/2023 14:31", "0:24"),  # a UK spreadsheet
        ("3/15/2023 14:07", "3/15/2023 14:31", "0:24:00"),  # a US spreadsheet, 24-hour
        ("3/15/2023 2:07 PM", "3/15/2023 2:31 PM", "00:24"),  # a US spreadsheet, 12-hour
        ("15.03.2023 14:07", "15.03.2023 14:31", "00:24"),  # a German spreadsheet
        ("2023-03-15 2:07 PM", "2023-03-15 2:31 PM", "00:24"),
    ],
)
def test_huckleberry_times_as_a_spreadsheet_rewrote_them(
    start: str, end: str, duration: str
) -> None:
    source = csv_file(
        "huckleberry.csv",
        HUCK,
        f"Tummy time,{start},{end},{duration},,,,",
        f"Diaper,{start},,Yellow,,,Pee,",
    )
    parsed = huckleberry.parse([source], LONDON)
    assert parsed.problems == []
    tummy, nappy = parsed.entries
    assert (tummy.start, tummy.end) == (utc(2023, 3, 15, 14, 7), utc(2023, 3, 15, 14, 31))
    assert nappy.start == utc(2023, 3, 15, 14, 7)
    assert nappy.details == {"wet": True, "colour": "yellow"}


def test_huckleberry_day_first_dates_read_from_the_rows_that_settle_it() -> None:
    """A UK spreadsheet: the 13th settles the order, so 05/03 is the 5th of March."""
    source = csv_file(
        "h.csv",
        HUCK,
        "Diaper,05/03/2023 09:00,,,,,Pee,",
        "Diaper,13/03/2023 09:00,,,,,Both,",
    )
    parsed = huckleberry.parse([source], LONDON)
    assert [e.start for e in parsed.entries] == [utc(2023, 3, 5, 9), utc(2023, 3, 13, 9)]
    assert any("day first" in remark for remark in parsed.remarks)


def test_huckleberry_undecidable_dates_are_read_month_first_and_said_so() -> None:
    source = csv_file("h.csv", HUCK, "Diaper,05/03/2023 09:00,,,,,Pee,")
    parsed = huckleberry.parse([source], LONDON)
    assert parsed.entries[0].start == utc(2023, 5, 3, 8)  # BST
    (remark,) = parsed.remarks
    assert "cannot be told" in remark and "h.csv" in remark


def test_huckleberry_unknown_types_are_counted_and_kept_never_a_crash() -> None:
    source = csv_file(
        "h.csv",
        HUCK,
        "Bath,2023-03-05 18:00,2023-03-05 18:15,00:15,,,,warm",
        "Bath,2023-03-06 18:00,,,,,,",
        "Feed,2023-03-06 19:00,,,,Cup,,",
        ",2023-03-06 20:00,,,,,,",
    )
    parsed = huckleberry.parse([source], LONDON)
    assert parsed.as_notes == {"Bath": 2, "Feed (Cup)": 1}
    assert [e.kind for e in parsed.entries] == ["note", "note", "note"]
    assert parsed.entries[0].details == {
        "text": "Bath (End: 2023-03-05 18:15; Duration: 00:15): warm"
    }
    assert problems(parsed) == {5: "Type is empty"}


def test_huckleberry_unreadable_cells_name_the_line_and_column() -> None:
    source = csv_file(
        "h.csv",
        HUCK,
        "Sleep,2023-03-05 20:00,2023-03-05 19:00,,,,,",
        "Sleep,yesterday,,,,,,",
        "Sleep,2023-03-05 20:00,,1h,,,,",
        "Feed,2023-03-05 20:00,,,Formula,Bottle,4,",
        "Growth,2023-03-05 20:00,,,4.6st,,,",
        "Diaper,2023-03-05 20:00,,,,,,",
        "Sleep,2023-03-05 20:00,2023-03-05 21:00,01:00,,,,,surplus",
    )
    assert problems(huckleberry.parse([source], LONDON)) == {
        2: "End “2023-03-05 19:00” is before Start “2023-03-05 20:00”",
        3: "Start “yesterday” is not a time like 2023-03-05 14:07",
        4: "Duration “1h” is not a length like 00:24",
        5: "End Condition “4” has no unit",
        6: "Start Condition “4.6st”: unknown unit “st”",
        7: "End Condition is empty: cannot tell a wet nappy from a dirty one",
        8: "the row has 9 cells but the header has 8; unexpected “surplus”",
    }


def test_huckleberry_trailing_blank_rows_and_spreadsheet_commas_are_not_rows() -> None:
    source = csv_file(
        "h.csv", HUCK, "Diaper,2023-03-05 09:00,,,,,Pee,", ",,,,,,,", "", ",,,,,,,,,,"
    )
    parsed = huckleberry.parse([source], LONDON)
    assert len(parsed.entries) == 1 and parsed.problems == []


def test_huckleberry_units_in_any_spelling() -> None:
    source = csv_file(
        "h.csv",
        HUCK,
        "Feed,2023-03-05 09:00,,,Breast Milk,Bottle,120 mL,",
        "Feed,2023-03-05 10:00,,,formula,bottle,4 fl oz,",
        "Growth,2023-03-05 11:00,,,10.2lbs.oz,1.9ft.in,14.5in,",
        "Growth,2023-03-05,,,4.6 kg,54 cm,,",
        "Pump,2023-03-05 12:00,2023-03-05 12:15,00:15,2oz,,60ml,",
    )
    parsed = huckleberry.parse([source], LONDON)
    assert parsed.problems == []
    ml, oz, imperial, metric, pump = parsed.entries
    assert ml.details == {"method": "bottle", "amount_ml": 120.0, "milk": "breast_milk"}
    assert oz.details == {"method": "bottle", "amount_ml": 118.3, "milk": "formula"}
    assert imperial.details == {"length_cm": 57.9, "weight_kg": 4.627, "head_cm": 36.8}
    assert metric.start == utc(2023, 3, 5, 12)  # a date only: noon local time
    assert pump.details == {"left_ml": 59.1, "right_ml": 60.0}
    for entry in parsed.entries:
        validate_details(entry.kind, entry.details)


def test_huckleberry_a_sleep_over_the_clock_change_is_settled_by_its_duration() -> None:
    source = csv_file(
        "h.csv",
        HUCK,
        "Sleep,2023-10-29 01:30,2023-10-29 01:10,00:40,,,,",
        "Sleep,2023-03-26 00:50,2023-03-26 02:10,00:20,,,,",
        "Sleep,2023-03-05 13:00,2023-03-05 13:00,00:00,,,,",
    )
    parsed = huckleberry.parse([source], LONDON)
    fall, spring, zero = parsed.entries
    assert (fall.start, fall.end, fall.flags) == (
        utc(2023, 10, 29, 0, 30),
        utc(2023, 10, 29, 1, 10),
        {DST_SETTLED},
    )
    assert (spring.start, spring.end) == (utc(2023, 3, 26, 0, 50), utc(2023, 3, 26, 1, 10))
    assert zero.start == zero.end and MARKER in zero.flags


# -- Baby Connect ------------------------------------------------------------------------


def test_baby_connect_day_first_with_semicolons_and_24_hour_times() -> None:
    source = csv_file(
        "babyconnect.csv",
        CONNECT,
        "13/3/21 19:45,13/3/21 20:05,20,Sleep,,,,,M",
        '2/3/21 07:30,,,Bottle,"5,5",Formula,,,D',
        sep=";",
    )
    assert importers.detect([source]) == "babyconnect"
    parsed = babyconnect.parse([source], NEW_YORK)
    assert parsed.problems == []
    sleep, bottle = parsed.entries
    assert (sleep.start, sleep.end) == (utc(2021, 3, 14, 0, 45), utc(2021, 3, 14, 1, 5))
    assert sleep.person == "M"
    assert bottle.start == utc(2021, 3, 2, 12, 30)
    assert bottle.details == {"method": "bottle", "amount_ml": 162.7, "milk": "formula"}


def test_baby_connect_localized_am_pm_and_a_loose_header() -> None:
    source = csv_file(
        "babyconnect.csv",
        "date and time,end time,Duration(min),ACTIVITY,Quantity,Extra Data,Text,Notes,Caregiver",
        "3/9/21 7:45 p.m.,3/9/21 8:05 p.m.,20,Nursing,,,Baby nursed on the left side,,M",
        "3/9/21 9:00\u202fPM,,,Bottle,120,,Baby drank 120 ml of formula,,",
    )
    parsed = babyconnect.parse([source], NEW_YORK)
    assert parsed.problems == []
    nursing, bottle = parsed.entries
    assert (nursing.start, nursing.end) == (utc(2021, 3, 10, 0, 45), utc(2021, 3, 10, 1, 5))
    assert nursing.details == {"method": "breast", "side": "left"}
    assert bottle.details == {"method": "bottle", "amount_ml": 120.0}
    assert bottle.start == bottle.end == utc(2021, 3, 10, 2, 0)


def test_baby_connect_end_from_minutes_in_elapsed_time_over_the_clock_change() -> None:
    source = csv_file("bc.csv", CONNECT, "3/14/21 1:30 AM,,60,Sleep,,,,,")
    (sleep,) = babyconnect.parse([source], NEW_YORK).entries
    assert (sleep.start, sleep.end) == (utc(2021, 3, 14, 6, 30), utc(2021, 3, 14, 7, 30))


def test_baby_connect_unknown_activities_are_counted_and_measurements_take_their_unit() -> None:
    source = csv_file(
        "bc.csv",
        CONNECT,
        '3/9/21 7:45 PM,,15,Bath,,,"Robin had a bath, then a nap",warm,M',
        "3/9/21 8:00 PM,,,Diaper,,Wet,,,M",
        "3/9/21 8:10 PM,,,Weight,12.5,lbs,,,M",
        "3/9/21 8:10 PM,,,Height,24,inch,,,M",
        "3/9/21 8:10 PM,,,Head Size,40.5,cm,,,M",
        "3/9/21 8:10 PM,,,Milestone,,,,first smile,M",
        "3/9/21 8:10 PM,,,Weight,12.5,,,,M",
    )
    parsed = babyconnect.parse([source], NEW_YORK)
    kinds = [(e.line, e.kind) for e in parsed.entries]
    assert kinds == [
        (2, "note"),
        (3, "nappy"),
        (4, "growth"),
        (5, "growth"),
        (6, "growth"),
        (7, "note"),
    ]
    assert parsed.as_notes == {"Bath": 1, "Milestone": 1}
    assert only(parsed, 2).details == {"text": "Bath (15 min): warm"}  # Text (the name) left out
    assert only(parsed, 3).details == {"wet": True}
    assert only(parsed, 4).details == {"weight_kg": 5.67}
    assert only(parsed, 5).details == {"length_cm": 61.0}
    assert only(parsed, 6).details == {"head_cm": 40.5}
    assert problems(parsed) == {8: "Weight “12.5” has no unit in Extra data"}


def test_baby_connect_unreadable_cells_name_the_line_and_column() -> None:
    source = csv_file(
        "bc.csv",
        CONNECT,
        "3/9/21 7:45 PM,3/9/21 7:05 PM,,Sleep,,,,,",
        "tomorrow,,,Sleep,,,,,",
        "3/9/21 7:45 PM,,twenty,Sleep,,,,,",
        "3/9/21 7:45 PM,,,Bottle,a lot,Formula,,,",
        ",,,,,,,,",
    )
    assert problems(babyconnect.parse([source], NEW_YORK)) == {
        2: "End Time “3/9/21 7:05 PM” is before Date and Time “3/9/21 7:45 PM”",
        3: "Date and Time “tomorrow” is not a time like 3/9/21 7:45 PM",
        4: "Duration (min) “twenty” is not a number of minutes",
        5: "Quantity “a lot” is not a number",
    }


# -- Baby Tracker (Nighp) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "times",
    [
        ('"11/3/24, 21:15"', '"11/13/24, 06:00"'),  # as the app writes it, US phone
        ('"03/11/2024, 21:15"', '"13/11/2024, 06:00"'),  # a UK phone: day first
        ('"3.11.24, 21:15"', '"13.11.24, 06:00"'),  # a German phone
        ('"11/3/24, 9:15 PM"', '"11/13/24, 6:00 AM"'),  # a 12-hour phone
        ("11/3/2024 21:15", "11/13/2024 06:00"),  # saved again by a US spreadsheet
    ],
)
def test_nighp_times_in_each_phones_form(times: tuple[str, str]) -> None:
    sleep = csv_file(
        "sleep.csv",
        "Baby,Time,Duration(minutes),Note",
        f"Robin,{times[0]},95",
        f"Robin,{times[1]},1,",
    )
    parsed = nighp.parse([sleep], LONDON)
    assert parsed.problems == []
    long, marker = parsed.entries
    assert (long.start, long.end) == (utc(2024, 11, 3, 21, 15), utc(2024, 11, 3, 22, 50))
    assert marker.start == utc(2024, 11, 13, 6) and MARKER in marker.flags


def test_nighp_files_with_semicolons_crlf_and_ml_headers() -> None:
    files = [
        csv_file(
            "expressed.csv",
            "Baby,Time,Amount (ml),Note",
            'Robin,"11/3/24, 21:15",120',
            sep=";",
            end="\r\n",
        ),
        csv_file(
            "diaper.csv",
            "Baby,Time,Status,Note",
            'Robin,"11/3/24, 21:15",dry,',
            'Robin,"11/3/24, 21:20",Soaked,',
            end="\r\n",
            bom=True,
        ),
        csv_file(
            "pump.csv",
            "Time,Start Side,Left duration (min),Right duration (min),Total Duration (min),"
            "Left amount (ml),Right amount (ml),Total amount (ml),Note",
            '"11/3/24, 22:00",Left,10,12,22,"60,5",70,"130,5"',
            sep=";",
        ),
    ]
    assert importers.detect(files) == "nighp"
    parsed = nighp.parse(files, LONDON)
    bottle = parsed.entries[0]
    assert bottle.details == {"method": "bottle", "milk": "breast_milk", "amount_ml": 120.0}
    dry = parsed.entries[1]
    assert dry.details == {"dry": True}
    pump = parsed.entries[2]
    assert pump.details == {"left_ml": 60.5, "right_ml": 70.0, "total_ml": 130.5}
    assert (pump.start, pump.end) == (utc(2024, 11, 3, 22), utc(2024, 11, 3, 22, 22))
    assert [(p.file, p.line, p.reason) for p in parsed.problems] == [
        ("diaper.csv", 3, "Status “Soaked” is not one of Wet, Dirty, Mixed, Dry")
    ]


def test_nighp_unreadable_cells_name_the_line_and_column() -> None:
    sleep = csv_file(
        "sleep.csv",
        "Baby,Time,Duration(minutes),Note",
        'Robin,"11/3/24, 25:15",95',
        'Robin,"11/3/24, 21:15",an hour',
        'Robin,"11/3/24, 21:15",-5',
    )
    assert problems(nighp.parse([sleep], LONDON)) == {
        2: "Time “11/3/24, 25:15” is not a date and time (expected M/D/YY, HH:MM)",
        3: "Duration(minutes) “an hour” is not a number",
        4: "Duration(minutes) “-5” is negative",
    }


# -- Glow and Hatch ------------------------------------------------------------------------


def test_glow_day_first_and_a_spreadsheets_shortened_times() -> None:
    files = [
        csv_file(
            "glow_sleep.csv", "Begin time,End time", "14/02/2021 21:03:00,14/02/2021 23:10:00"
        ),
        csv_file(
            "glow_feed_bottle.csv",
            "Time of feeding,Milk type,Amount(ml),Amount(oz)",
            '15/2/2021 6:40 AM,Formula,150,"5,07"',
            sep=";",
        ),
        csv_file(
            "glow_growth.csv",
            "Date,Weight(kg),Weight(lb),Height(cm),Height(in),Head Circ.(cm),Head Circ.(in)",
            "2021-03-01,5.4,11.9,,,,",
        ),
    ]
    assert importers.detect(files) == "glow"
    parsed = glow.parse(files, LONDON)
    assert parsed.problems == []
    sleep, bottle, growth = parsed.entries
    assert (sleep.start, sleep.end) == (utc(2021, 2, 14, 21, 3), utc(2021, 2, 14, 23, 10))
    assert bottle.start == utc(2021, 2, 15, 6, 40)
    assert bottle.details == {"method": "bottle", "milk": "formula", "amount_ml": 150.0}
    assert growth.start == utc(2021, 3, 1, 12) and growth.details == {"weight_kg": 5.4}


def test_glow_reports_bad_cells_by_line() -> None:
    files = [
        csv_file(
            "glow_diaper.csv",
            "Diaper time,In the diaper,Color,Texture",
            "02/14/2021 9:03:00 PM,pee and poo,Brown,soft",
            "02/14/2021 9:30:00 PM,sparkles,,",
            "02/14/2021 9:03:00 XM,pee,,",
        ),
        csv_file(
            "glow_sleep.csv", "Begin time,End time", "02/14/2021 9:03:00 PM,02/14/2021 8:03:00 PM"
        ),
    ]
    parsed = glow.parse(files, LONDON)
    assert parsed.entries[0].details == {
        "wet": True,
        "dirty": True,
        "colour": "brown",
        "consistency": "soft",
    }
    assert [(p.file, p.line, p.reason) for p in parsed.problems] == [
        (
            "glow_diaper.csv",
            3,
            "In the diaper “sparkles” is not one of pee, poo, pee and poo, clean",
        ),
        ("glow_diaper.csv", 4, "Diaper time “02/14/2021 9:03:00 XM” is not a date and time"),
        ("glow_sleep.csv", 2, "the sleep ends before it begins"),
    ]


def test_hatch_with_its_trailing_comma_and_redundant_pm() -> None:
    source = csv_file(
        "hatch.csv",
        '"Baby Name","Start Time","End Time","Activity","Amount","Percentile","Duration","Info","Notes",',
        '"Robin","03/14/2021 19:20 PM","","Weight","6.12","48","","","",',
        '"Robin","03/14/2021 20:00 PM","03/14/2021 22:00 PM","Sleep","","","","","",',
        '"Robin","03/14/2021 20:00 PM","","Bath","","","","","",',
        end="\r\n",
    )
    parsed = glow.parse([source], NEW_YORK)
    weight, sleep, bath = parsed.entries
    assert weight.start == utc(2021, 3, 14, 23, 20) and weight.details["weight_kg"] == 6.12
    assert (sleep.start, sleep.end) == (utc(2021, 3, 15, 0), utc(2021, 3, 15, 2))
    assert bath.kind == "note" and parsed.as_notes == {"Hatch Bath": 1}
    assert all(e.baby == "Robin" for e in parsed.entries)


# -- Nursing Timer -------------------------------------------------------------------------


def test_nursing_timer_day_first_with_a_bom_and_blank_lines() -> None:
    source = csv_file(
        "nursing.csv",
        TIMER,
        "1, 13/04/16 03:25:10, 9:30, 6:05, 0:0, ",
        "",
        "1, 12/04/16 10:00:00, , , , , , , , 4 oz",
        "",
        "",
        "1, 12/04/16 13:10:00, , , , , 1:35:00",
        "",
        "1, 12/04/16 16:45:00, , , , , , O, -",
        "2, 12/04/16 17:45:00, , , , , , -, -",
        end="\r\n",
        bom=True,
    )
    parsed = nursingtimer.parse([source], LONDON)
    assert parsed.problems == []
    feed, pump, sleep, wet, dry = parsed.entries
    assert feed.start == utc(2016, 4, 13, 2, 25, 10)
    assert feed.end == feed.start + timedelta(seconds=570 + 365)
    assert feed.details == {"method": "breast", "left_s": 570, "right_s": 365, "side": "both"}
    assert pump.details == {"total_ml": 118.3}
    assert (sleep.start, sleep.end) == (utc(2016, 4, 12, 12, 10), utc(2016, 4, 12, 13, 45))
    assert wet.details == {"wet": True, "dirty": False}
    assert dry.details == {"dry": True}


def test_nursing_timer_reports_bad_cells_by_line() -> None:
    source = csv_file(
        "nursing.csv",
        TIMER,
        "1, 04/12/16 03:25:10, 9:3O, , 0:0, ",
        "2, 04/12/16 04:25:10, , , Bottle-Formula, 4 cups",
        "3, 04/12/16 05:25:10, , , , , 95",
        "4, 04/32/16 05:25:10, , , , , 1:00:00",
        end="\r\n",
    )
    assert problems(nursingtimer.parse([source], LONDON)) == {
        2: "Left “9:3O” is not a time on the breast (m:ss)",
        3: "Bottle Amount “4 cups”: unknown volume unit “cups”",
        4: "Sleep time “95” is not a duration (H:MM:SS)",
        5: "time “04/32/16 05:25:10” is not a date and time (MM/DD/YY HH:MM:SS)",
    }


# -- Baby Buddy ----------------------------------------------------------------------------


def test_baby_buddy_csv_saved_by_a_european_spreadsheet() -> None:
    """Semicolons, and the seconds dropped from each time."""
    source = csv_file(
        "feeding.csv",
        "child_id,start,end,type,method,amount,notes",
        '1,2023-03-05 14:07,2023-03-05 14:20,formula,bottle,"120,5",',
        sep=";",
    )
    assert importers.detect([source]) == "babybuddy"
    (feed,) = babybuddy.parse([source], LONDON).entries
    assert (feed.start, feed.end) == (utc(2023, 3, 5, 14, 7), utc(2023, 3, 5, 14, 20))
    assert feed.details == {"method": "bottle", "milk": "formula", "amount_ml": 120.5}


# -- Spreadsheets and zips -----------------------------------------------------------------


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    """A real workbook, written by openpyxl as a spreadsheet program would save it."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_baby_buddy_xlsx_export_reads_like_its_csv() -> None:
    header = ["child_id", "start", "end", "type", "method", "amount", "notes"]
    row = [
        1,
        datetime(2023, 3, 5, 14, 7),
        datetime(2023, 3, 5, 14, 20),
        "formula",
        "bottle",
        120,
        "after bath",
    ]
    files = read_files([("feeding.xlsx", _xlsx({"Feeding": [header, row], "Sheet2": []}))])
    assert [f.name for f in files] == [
        "feeding.xlsx, sheet “Feeding”"
    ]  # the empty sheet is left out
    assert importers.detect(files) == "babybuddy"
    parsed = importers.parse(files, LONDON)
    assert parsed.problems == []
    (feed,) = parsed.entries
    assert (feed.start, feed.end) == (utc(2023, 3, 5, 14, 7), utc(2023, 3, 5, 14, 20))
    assert feed.details == {
        "method": "bottle",
        "milk": "formula",
        "amount_ml": 120.0,
        "note": "after bath",
    }
    assert feed.file == "feeding.xlsx, sheet “Feeding”"


def test_a_huckleberry_csv_saved_as_a_workbook_with_text_cells() -> None:
    cells = [
        HUCK.split(","),
        ["Diaper", "2023-03-05 09:00", None, "Green", None, None, "Poo:Small", None],
    ]
    parsed = importers.parse(read_files([("h.xlsx", _xlsx({"Sheet1": cells}))]), LONDON)
    assert parsed.format == "huckleberry"
    (nappy,) = parsed.entries
    assert nappy.details == {"dirty": True, "colour": "green", "note": "size: Small"}


def test_a_damaged_workbook_is_refused_naming_the_file() -> None:
    from households.exceptions import InvalidInput

    data = bytearray(_xlsx({"Sheet1": [["a", "b"], [1, 2]]}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        names = archive.namelist()
    assert "xl/workbook.xml" in names
    broken = bytes(data[: len(data) // 2])  # cut short, as an interrupted download is
    with pytest.raises(InvalidInput) as info:
        read_files([("broken.xlsx", broken)])
    assert "broken.xlsx" in info.value.errors["file"]


def test_glow_files_zipped_on_a_mac_with_its_metadata_beside_them() -> None:
    data = zipped(
        (
            "glow/glow_sleep.csv",
            "Begin time,End time\n02/14/2021 9:03:00 PM,02/14/2021 11:10:00 PM\n",
        ),
        ("__MACOSX/glow/._glow_sleep.csv", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        "),
        ("glow/.DS_Store", b"\x00\x00\x00\x01Bud1\x00\x00"),
        (
            "glow/glow_diaper.csv",
            "Diaper time,In the diaper,Color,Texture\n02/14/2021 9:00:00 PM,clean,,\n",
        ),
    )
    files = read_files([("glow.zip", data)])
    assert importers.detect(files) == "glow"
    parsed = importers.parse(files, LONDON)
    assert [e.kind for e in parsed.entries] == ["sleep", "nappy"]
    assert parsed.entries[1].details == {"dry": True}


def test_a_windows_1252_file_is_read() -> None:
    text = HUCK + "\r\nMeds,2023-03-05 09:00,,,2.5ml,Paracétamol,,\r\n"
    files = read_files([("h.csv", text.encode("cp1252"))])
    (entry,) = importers.parse(files, LONDON).entries
    assert entry.details == {"name": "Paracétamol", "dose": 2.5, "unit": "ml"}


def test_files_no_app_wrote_get_a_clear_error() -> None:
    with pytest.raises(ImportFormatError, match="not an export we can read"):
        importers.detect([SourceFile("notes.csv", "Date;What\n1/2/21;fed\n")])


def test_a_spreadsheets_unicode_text_save_is_read() -> None:
    """Excel's "Unicode Text": UTF-16 with a byte-order mark, tabs between the cells."""
    text = HUCK.replace(",", "\t") + "\r\nMeds\t2023-03-05 09:00\t\t\t2.5ml\tParacétamol\t\t\r\n"
    files = read_files([("h.txt", text.encode("utf-16"))])
    assert importers.detect(files) == "huckleberry"
    (entry,) = importers.parse(files, LONDON).entries
    assert entry.details == {"name": "Paracétamol", "dose": 2.5, "unit": "ml"}


def test_nighp_files_of_one_phone_share_one_date_order() -> None:
    """The pump file alone cannot tell 3/11 from 11/3; the sleep file's 13th settles it."""
    files = [
        csv_file("sleep.csv", "Baby,Time,Duration(minutes),Note", 'Robin,"13/11/2024, 21:15",95'),
        csv_file(
            "pump.csv",
            "Time,Start Side,Left duration (min),Right duration (min),Total Duration (min),"
            "Left amount (oz.),Right amount (oz.),Total amount (oz.),Note",
            '"03/11/2024, 22:00",Left,10,12,22,2,2.5,4.5',
        ),
    ]
    parsed = nighp.parse(files, LONDON)
    assert [e.start for e in parsed.entries] == [utc(2024, 11, 13, 21, 15), utc(2024, 11, 3, 22)]
    assert parsed.remarks[0].startswith("sleep.csv, pump.csv: the dates are written day first")


def test_nursing_timer_saved_by_a_european_spreadsheet() -> None:
    source = csv_file(
        "nursing.csv",
        TIMER.replace(", ", ","),
        "1,13/04/16 03:25:10,9:30,6:05,0:0,",
        '2,13/04/16 05:00:00,,,Bottle-Formula,"2,5oz"',
        sep=";",
    )
    assert importers.detect([source]) == "nursingtimer"
    parsed = nursingtimer.parse([source], LONDON)
    assert parsed.problems == []
    breast, bottle = parsed.entries
    assert breast.details["side"] == "both"
    assert bottle.details == {"method": "bottle", "milk": "formula", "amount_ml": 73.9}
    assert bottle.start == utc(2016, 4, 13, 4)

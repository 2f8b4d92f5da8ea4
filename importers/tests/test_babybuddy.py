"""Baby Buddy's admin exports (CSV and JSON) and REST API, from hand-written fixtures with
made-up values. Read in America/New_York: clocks went forward on 8 Mar 2020 and back on
1 Nov 2020. sleep.csv and temperature.csv have a BOM and CRLF line ends."""

from __future__ import annotations

import json
import urllib.error
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carelog.kinds import validate_details
from importers import babybuddy
from importers.base import (
    DST_AMBIGUOUS,
    DST_SETTLED,
    MARKER,
    NO_END,
    Entry,
    ImportFormatError,
    Parsed,
    SourceFile,
)

FIXTURES = Path(__file__).parent / "fixtures" / "babybuddy"
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
ALL = sorted(path.name for path in FIXTURES.iterdir())


def load(name: str) -> SourceFile:
    # Decoded by hand so a BOM and CR line ends reach the parser as written.
    return SourceFile(name, (FIXTURES / name).read_bytes().decode("utf-8"))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture(scope="module")
def parsed() -> Parsed:
    return babybuddy.parse([load(name) for name in ALL], NEW_YORK)


def one(parsed: Parsed, file: str, line: int) -> Entry:
    (entry,) = [e for e in parsed.entries if e.file == file and e.line == line]
    return entry


def reasons(parsed: Parsed, file: str) -> dict[int, str]:
    return {p.line: p.reason for p in parsed.problems if p.file == file}


# -- Detection -----------------------------------------------------------------------------


def test_it_recognises_every_admin_export() -> None:
    assert babybuddy.sniff([load(name) for name in ALL])
    for name in ALL:
        assert babybuddy.sniff([load(name)]), name


@pytest.mark.parametrize(
    "header",
    [
        "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes",
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
        "start,end,type,method,amount,notes",  # no child column: not Baby Buddy's
        "id,name,slug,color,last_used",  # Baby Buddy's tags: no entries in it
    ],
)
def test_it_refuses_other_headers(header: str) -> None:
    assert not babybuddy.sniff([SourceFile("x.csv", header + "\n")])


def test_it_refuses_a_mix_and_a_children_list_alone() -> None:
    other = SourceFile("sleep.csv", "Baby,Time,Duration(minutes),Note\n")
    assert not babybuddy.sniff([load("feeding.csv"), other])
    assert not babybuddy.sniff([SourceFile("c.csv", "first_name,last_name,birth_date\n")])
    assert not babybuddy.sniff([SourceFile("x.json", "{not json")])
    assert not babybuddy.sniff([])


def test_an_unknown_file_given_anyway_is_a_problem() -> None:
    result = babybuddy.parse([SourceFile("tag.csv", "id,name,slug\n1,a,a\n")], NEW_YORK)
    assert result.entries == []
    assert [(p.file, p.line) for p in result.problems] == [("tag.csv", 1)]


# -- Feedings ------------------------------------------------------------------------------

F = "feeding.csv"


def test_breast_feeds_take_their_side(parsed: Parsed) -> None:
    left = one(parsed, F, 2)
    assert left.kind == "feed"
    assert left.details == {"method": "breast", "side": "left"}
    assert (left.start, left.end) == (utc(2020, 2, 17, 8, 4, 9), utc(2020, 2, 17, 8, 12, 9))
    assert one(parsed, F, 6).details == {"method": "breast", "side": "both"}
    assert left.baby == "Robin"  # named by weight.csv's child_first_name


def test_bottles_read_the_unitless_amount_as_ml(parsed: Parsed) -> None:
    assert one(parsed, F, 3).details == {"method": "bottle", "milk": "formula", "amount_ml": 120.0}
    assert one(parsed, F, 4).details == {
        "method": "bottle",
        "milk": "fortified",
        "amount_ml": 90.5,
        "note": "fussy, then settled",
    }
    assert any("bottle amount(s) were read as millilitres" in r for r in parsed.remarks)


def test_solid_food_is_solids_with_no_end(parsed: Parsed) -> None:
    entry = one(parsed, F, 5)
    assert entry.kind == "solids"
    assert entry.details == {"amount": 30.0, "note": "pear"}
    assert entry.start == utc(2020, 2, 17, 17, 0)
    assert entry.end is None


def test_unknown_milk_and_hand_fed_milk(parsed: Parsed) -> None:
    assert one(parsed, F, 7).details == {
        "method": "bottle",
        "milk": "other",
        "amount_ml": 60.0,
        "note": "goat milk",
    }
    assert one(parsed, F, 8).details == {
        "method": "bottle",
        "milk": "formula",
        "amount_ml": 50.0,
        "note": "self fed",
    }


def test_feeding_problems_name_column_value_and_line(parsed: Parsed) -> None:
    found = reasons(parsed, F)
    assert set(found) == {9, 10, 14}
    assert "method" in found[9] and "tube" in found[9]
    assert "start" in found[10] and "2020-02-30 10:00:00" in found[10]
    assert "amount" in found[14] and "abc" in found[14]


def test_an_out_of_range_bottle_is_passed_through(parsed: Parsed) -> None:
    assert one(parsed, F, 11).details["amount_ml"] == 600.0


def test_a_feed_from_the_first_into_the_second_0150(parsed: Parsed) -> None:
    entry = one(parsed, F, 12)  # 01:50 EDT to 01:10 EST
    assert (entry.start, entry.end) == (utc(2020, 11, 1, 5, 50), utc(2020, 11, 1, 6, 10))
    assert entry.flags == {DST_AMBIGUOUS}


def test_a_repeated_row_with_another_id_has_the_same_fingerprint(parsed: Parsed) -> None:
    assert one(parsed, F, 3).fingerprint == one(parsed, F, 13).fingerprint
    assert one(parsed, F, 3).fingerprint != one(parsed, F, 8).fingerprint


def test_a_feed_with_no_end_is_a_point_feed(parsed: Parsed) -> None:
    entry = one(parsed, F, 15)
    assert entry.start == entry.end == utc(2020, 2, 18, 10, 0)
    assert NO_END not in entry.flags


# -- Sleep ---------------------------------------------------------------------------------

S = "sleep.csv"


def test_sleeps(parsed: Parsed) -> None:
    plain = one(parsed, S, 2)
    assert plain.kind == "sleep" and plain.details == {} and plain.flags == set()
    assert (plain.start, plain.end) == (utc(2020, 2, 17, 18, 0), utc(2020, 2, 17, 19, 30))
    marker = one(parsed, S, 3)
    assert marker.flags == {MARKER} and marker.details == {"note": "put down"}
    open_ = one(parsed, S, 4)
    assert open_.end is None and open_.flags == {NO_END}
    assert one(parsed, S, 8).details == {"note": "woke, fed"}


def test_sleep_times_on_clock_changes(parsed: Parsed) -> None:
    spring = one(parsed, S, 5)  # 02:30 does not exist; the 30 minutes settle it
    assert (spring.start, spring.end) == (utc(2020, 3, 8, 7, 30), utc(2020, 3, 8, 8, 0))
    assert spring.flags == {DST_SETTLED}
    settled = one(parsed, S, 6)  # 00:30 to 01:30 lasting 2 h: the second 01:30
    assert (settled.start, settled.end) == (utc(2020, 11, 1, 4, 30), utc(2020, 11, 1, 6, 30))
    assert settled.flags == {DST_SETTLED}
    guessed = one(parsed, S, 7)  # no duration: the first 01:30, flagged
    assert guessed.end == utc(2020, 11, 1, 5, 30)
    assert guessed.flags == {DST_AMBIGUOUS}


# -- Nappies, tummy time, pumping ----------------------------------------------------------

D = "diaperchange.csv"


def test_diaper_changes(parsed: Parsed) -> None:
    assert one(parsed, D, 2).details == {"wet": True, "dirty": False}
    assert one(parsed, D, 2).start == utc(2020, 2, 17, 8, 54, 9)
    assert one(parsed, D, 2).end is None
    assert one(parsed, D, 3).details == {
        "wet": False,
        "dirty": True,
        "colour": "green",
        "note": "Baby Buddy amount: 2.1",
    }
    assert one(parsed, D, 4).details == {"wet": True, "dirty": True, "colour": "brown"}
    assert one(parsed, D, 5).details == {"dry": True}
    assert one(parsed, D, 6).details == {
        "wet": False,
        "dirty": True,
        "colour": "other",
        "note": "gray",
    }
    assert "wet" in reasons(parsed, D)[7] and "maybe" in reasons(parsed, D)[7]


def test_tummy_time_from_a_json_export(parsed: Parsed) -> None:
    first = one(parsed, "tummytime.json", 2)
    assert first.kind == "tummy_time"
    assert first.details == {"note": "rolled over"}
    assert (first.start, first.end) == (utc(2020, 2, 17, 15, 0), utc(2020, 2, 17, 15, 5))
    second = one(parsed, "tummytime.json", 3)
    assert second.end is None and second.flags == {NO_END}


def test_pumping_old_point_rows_and_new_spans(parsed: Parsed) -> None:
    old = one(parsed, "pumping.csv", 2)
    assert old.kind == "pump" and old.details == {"total_ml": 100.2}
    assert old.start == old.end == utc(2020, 2, 17, 14, 31, 49)
    new = one(parsed, "pumping.json", 1)
    assert new.details == {"total_ml": 80.0}
    assert (new.start, new.end) == (utc(2020, 2, 17, 10, 0), utc(2020, 2, 17, 10, 20))


# -- Measurements, medication, notes -------------------------------------------------------


def test_temperatures_in_celsius_and_fahrenheit(parsed: Parsed) -> None:
    assert one(parsed, "temperature.csv", 2).details == {"celsius": 37.2}
    assert one(parsed, "temperature.csv", 3).details == {"celsius": 38.0}
    assert "hot" in reasons(parsed, "temperature.csv")[4]
    assert any("1 temperature(s) above 45 were read as °F" in r for r in parsed.remarks)


def test_growth_at_noon_in_kg_and_cm(parsed: Parsed) -> None:
    weight = one(parsed, "weight.csv", 2)
    assert weight.kind == "growth"
    assert weight.details == {"weight_kg": 4.62, "note": "after feed"}
    assert weight.start == utc(2020, 2, 14, 17, 0) and weight.end is None
    assert weight.baby == "Robin"
    assert one(parsed, "height.csv", 2).details == {"length_cm": 55.5}
    assert one(parsed, "headcircumference.csv", 2).details == {"head_cm": 38.2}
    assert "2020-02-31" in reasons(parsed, "headcircumference.csv")[3]
    assert any("read as kg (weight) and cm" in r for r in parsed.remarks)


def test_bmi_is_kept_as_a_note(parsed: Parsed) -> None:
    entry = one(parsed, "bmi.csv", 2)
    assert (entry.kind, entry.details) == ("note", {"text": "BMI 15.1"})
    assert parsed.as_notes == {"BMI": 1}


def test_medication(parsed: Parsed) -> None:
    m = "medication.csv"
    assert one(parsed, m, 2).details == {
        "name": "Paracetamol",
        "dose": 2.5,
        "unit": "ml",
        "interval_h": 4.0,
    }
    assert one(parsed, m, 3).details == {"name": "Vitamin D", "dose": 1.0, "unit": "drops"}
    assert one(parsed, m, 4).details == {"name": "Nappy cream", "note": "thin layer"}
    assert "spoons" in reasons(parsed, m)[5]


def test_notes_and_a_second_child_named_by_id(parsed: Parsed) -> None:
    first = one(parsed, "note.csv", 2)
    assert (first.kind, first.details) == ("note", {"text": "First smile, at bath time"})
    assert first.baby == "Robin"
    assert one(parsed, "note.csv", 3).baby == "2"
    assert "note" in reasons(parsed, "note.csv")[4]
    assert any("only by id (2)" in r for r in parsed.remarks)


def test_every_row_is_accounted_for(parsed: Parsed) -> None:
    # 46 data rows (43 CSV, 3 JSON), each an entry or a problem: feeding 3, and one each
    # for nappy, temperature, head size, medication and note.
    assert len(parsed.entries) == 38
    assert len(parsed.problems) == 8


def test_every_entry_passes_the_app_rules(parsed: Parsed) -> None:
    for entry in parsed.entries:
        if entry.file == F and entry.line == 11:
            continue  # the deliberate 600 ml bottle
        validate_details(entry.kind, entry.details)
        assert entry.start.tzinfo is UTC
        assert entry.person is None


# -- REST API ------------------------------------------------------------------------------

ROOT = "https://bb.example.org"
EMPTY = {"count": 0, "next": None, "previous": None, "results": []}
FEEDINGS = [
    {
        "id": 11,
        "child": 7,
        "start": "2020-02-17T01:04:09-05:00",
        "end": "2020-02-17T01:12:09-05:00",
        "duration": "00:08:00",
        "type": "breast milk",
        "method": "left breast",
        "amount": None,
        "notes": "",
        "tags": [],
    },
    {
        "id": 12,
        "child": 7,
        "start": "2020-11-01T01:50:00-04:00",
        "end": "2020-11-01T01:10:00-05:00",
        "duration": "00:20:00",
        "type": "formula",
        "method": "bottle",
        "amount": 120.0,
        "notes": None,
        "tags": [],
    },
    {
        "id": 13,
        "child": 7,
        "start": "2020-02-17T06:00:00-05:00",
        "end": "2020-02-17T06:15:00-05:00",
        "duration": "00:15:00",
        "type": "formula",
        "method": "bottle",
        "amount": 120,
        "notes": None,
        "tags": [],
    },
]


class FakeServer:
    """Serves feedings in two pages and 404 for head circumference; records requests."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, str]]] = []

    def __call__(self, url: str, headers: dict[str, str]) -> bytes:
        self.calls.append((url, headers))
        feedings = f"{ROOT}/api/feedings/?limit=100"
        pages = {
            f"{ROOT}/api/children/?limit=100&offset=0": {
                **EMPTY,
                "count": 1,
                "results": [{"id": 7, "first_name": "Robin", "last_name": "Example"}],
            },
            f"{feedings}&offset=0": {
                "count": 3,
                "next": f"{feedings}&offset=2",
                "previous": None,
                "results": FEEDINGS[:2],
            },
            f"{feedings}&offset=2": {
                "count": 3,
                "next": None,
                "previous": f"{feedings}&offset=0",
                "results": FEEDINGS[2:],
            },
            f"{ROOT}/api/changes/?limit=100&offset=0": {
                **EMPTY,
                "count": 1,
                "results": [
                    {
                        "id": 1,
                        "child": 7,
                        "time": "2020-02-17T09:00:00Z",
                        "wet": True,
                        "solid": False,
                        "color": "",
                        "amount": None,
                        "notes": None,
                    }
                ],
            },
        }
        if "head-circumference" in url:
            raise urllib.error.HTTPError(url, 404, "Not Found", Message(), None)
        return json.dumps(pages.get(url, EMPTY)).encode()


@pytest.fixture(scope="module")
def api_files() -> list[SourceFile]:
    server = FakeServer()
    files = babybuddy.fetch_api(ROOT + "/api/", "s3cret", opener=server)
    urls = [url for url, _ in server.calls]
    assert f"{ROOT}/api/feedings/?limit=100&offset=2" in urls
    assert len(urls) == len(babybuddy.ENDPOINTS) + 1  # feedings took two pages
    assert all(h["Authorization"] == "Token s3cret" for _, h in server.calls)
    return files


def test_fetch_api_returns_one_file_per_endpoint(api_files: list[SourceFile]) -> None:
    assert [f.name for f in api_files] == [f"api:{e}.json" for e in babybuddy.ENDPOINTS]
    feedings = json.loads(api_files[1].text)
    assert feedings["endpoint"] == "feedings"
    assert [r["id"] for r in feedings["results"]] == [11, 12, 13]
    assert babybuddy.sniff(api_files)


def test_api_files_parse_with_offsets_and_child_names(api_files: list[SourceFile]) -> None:
    result = babybuddy.parse(api_files, LONDON)  # offsets win over the zone given
    assert result.problems == []
    feeds = [e for e in result.entries if e.kind == "feed"]
    assert [e.baby for e in feeds] == ["Robin", "Robin", "Robin"]
    assert (feeds[0].start, feeds[0].end) == (utc(2020, 2, 17, 6, 4, 9), utc(2020, 2, 17, 6, 12, 9))
    assert (feeds[1].start, feeds[1].end) == (utc(2020, 11, 1, 5, 50), utc(2020, 11, 1, 6, 10))
    assert feeds[1].flags == set()
    assert feeds[1].details == {"method": "bottle", "milk": "formula", "amount_ml": 120.0}
    assert feeds[0].line == 2  # one record a line after the opening line
    (nappy,) = [e for e in result.entries if e.kind == "nappy"]
    assert nappy.details == {"wet": True, "dirty": False}
    assert nappy.start == utc(2020, 2, 17, 9, 0)
    assert any("/api/head-circumference/" in r for r in result.remarks)
    assert any("Robin (id 7)" in r for r in result.remarks)


def test_the_same_row_from_admin_export_and_api_has_one_fingerprint(
    api_files: list[SourceFile],
) -> None:
    admin = SourceFile(
        "feeding.csv",
        "child_id,start,end,type,method,amount,notes\n"
        "7,2020-02-17 06:00:00,2020-02-17 06:15:00,formula,bottle,120,\n",
    )
    (from_admin,) = babybuddy.parse([admin], NEW_YORK).entries
    from_api = babybuddy.parse(api_files, NEW_YORK).entries
    assert from_admin.fingerprint in {e.fingerprint for e in from_api}


def test_an_unreachable_server_is_a_plain_error() -> None:
    def down(url: str, headers: dict[str, str]) -> bytes:
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))

    with pytest.raises(ImportFormatError, match="Could not reach Baby Buddy at https://bb"):
        babybuddy.fetch_api(ROOT, "key", opener=down)


def test_a_refused_key_is_a_plain_error_without_the_key() -> None:
    def refuse(url: str, headers: dict[str, str]) -> bytes:
        raise urllib.error.HTTPError(url, 401, "Unauthorized", Message(), None)

    with pytest.raises(ImportFormatError, match="refused the API key") as caught:
        babybuddy.fetch_api(ROOT, "s3cret", opener=refuse)
    assert "s3cret" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_server_that_is_not_baby_buddy() -> None:
    with pytest.raises(ImportFormatError, match="not a Baby Buddy API list"):
        babybuddy.fetch_api(ROOT, "k", opener=lambda url, headers: b"<html>hello</html>")

    def nothing(url: str, headers: dict[str, str]) -> bytes:
        raise urllib.error.HTTPError(url, 404, "Not Found", Message(), None)

    with pytest.raises(ImportFormatError, match="children/ was not found"):
        babybuddy.fetch_api(ROOT, "k", opener=nothing)
    with pytest.raises(ImportFormatError, match="not the address"):
        babybuddy.fetch_api("bb.example.org", "k", opener=nothing)


def test_a_timeout_is_a_plain_error() -> None:
    def slow(url: str, headers: dict[str, str]) -> bytes:
        raise TimeoutError("timed out")

    with pytest.raises(ImportFormatError, match="timed out"):
        babybuddy.fetch_api(ROOT, "k", opener=slow)


def test_json_admin_export_line_numbers_follow_the_records() -> None:
    text = '[\n  {"child_id": 1, "time": "2020-02-17 18:30:00", "note": "a"},\n\n  {"child_id": 1, "time": "bad", "note": "b"}\n]\n'
    result = babybuddy.parse([SourceFile("note.json", text)], NEW_YORK)
    assert [e.line for e in result.entries] == [2]
    assert [p.line for p in result.problems] == [4]
    assert result.entries[0].end is None
    assert result.entries[0].start - utc(2020, 2, 17, 23, 30) == timedelta(0)

"""Nestling's own export read as an import format (importers/nestling.py), and merged into
another household through the normal import service."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from carelog.kinds import KINDS, validate_details
from importers import base, detect, nestling
from importers.base import ImportFormatError, SourceFile

FIXTURE = Path(__file__).parent / "fixtures" / "nestling" / "nestling-export.json"
LONDON = ZoneInfo("Europe/London")


def export_file() -> SourceFile:
    return SourceFile("nestling-export.json", FIXTURE.read_text(encoding="utf-8"))


def parsed() -> base.Parsed:
    return nestling.parse([export_file(), SourceFile("events-feed.csv", "id,baby\n")], LONDON)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# -- sniff ------------------------------------------------------------------------------------


def test_sniff_knows_the_export_by_its_content_not_its_name():
    text = FIXTURE.read_text(encoding="utf-8")
    assert nestling.sniff([SourceFile("whatever.txt", text)])
    assert nestling.sniff([SourceFile("x.json", "\ufeff" + text.replace("\n", "\r\n"))])
    assert detect([SourceFile("a.csv", "id,baby\n"), SourceFile("b", text)]) == "nestling"


@pytest.mark.parametrize(
    "text",
    [
        "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes\n",  # Huckleberry
        "Date,Time,Duration,Text,Caregiver,Extra data,Category\n",  # Baby Connect
        "Baby,Time,Duration(minutes),Note\n",  # Nighp sleep
        "child_id,start,end,type,method,amount,notes\n",  # Baby Buddy
        '{"format": "babybuddy", "events": []}',  # JSON, but not ours
        '[{"format": "nestling-export"}]',
        '{"format": "nestling-export", "version": 1',  # cut short
        "",
    ],
)
def test_sniff_is_false_for_other_files(text):
    assert not nestling.sniff([SourceFile("nestling-export.json", text)])


# -- parse ------------------------------------------------------------------------------------


def test_every_event_becomes_an_entry_a_note_or_a_problem():
    result = parsed()
    assert len(result.entries) + len(result.problems) == 10
    assert [(p.line, p.reason) for p in result.problems] == [
        (21, "start: “last Tuesday” is not a time with an offset"),
        (24, "end: “2026-11-20T06:00:00Z junk” is not a time with an offset"),
    ]
    assert [e.line for e in result.entries] == [15, 16, 17, 18, 19, 20, 22, 23]
    assert {e.file for e in result.entries} == {"nestling-export.json"}


def test_a_bottle_keeps_its_details_person_and_baby():
    bottle = parsed().entries[0]
    assert bottle == base.Entry(
        file="nestling-export.json",
        line=15,
        kind="feed",
        start=utc(2026, 7, 1, 11, 0),
        end=utc(2026, 7, 1, 11, 20),
        details={"method": "bottle", "amount_ml": 118.3, "milk": "formula", "note": "sleepy, slow"},
        person="Dad",
        baby="Pip",
        flags=set(),
        fingerprint=bottle.fingerprint,
    )
    assert len(bottle.fingerprint) == 40


def test_offsets_are_honoured_across_the_clock_change():
    # 00:50 BST on the night the clocks go back, to 01:10 GMT: 80 minutes, no guessing.
    breast = parsed().entries[1]
    assert (breast.start, breast.end) == (utc(2026, 10, 24, 23, 50), utc(2026, 10, 25, 1, 10))
    assert breast.end - breast.start == (utc(2026, 1, 1, 1, 20) - utc(2026, 1, 1))
    assert breast.flags == set()


def test_a_source_rows_fingerprint_is_kept():
    entries = parsed().entries
    assert entries[1].fingerprint == "3f0a6c1d2e4b5a69788796a5b4c3d2e1f0a1b2c3"
    assert entries[2].fingerprint == "00aa11bb22cc33dd44ee55ff66aa77bb88cc99dd"


def test_identical_events_get_the_same_fingerprint_and_different_ones_differ():
    entries = parsed().entries
    first, repeat = entries[0], entries[6]
    assert (first.line, repeat.line) == (15, 22)
    assert first.fingerprint == repeat.fingerprint
    assert len({e.fingerprint for e in entries}) == len(entries) - 1
    assert first.fingerprint == base.fingerprint(
        "nestling",
        "feed",
        "2026-07-01T11:00:00+00:00",
        "2026-07-01T11:20:00+00:00",
        "Pip",
        "Dad",
        json.dumps(first.details, ensure_ascii=False, sort_keys=True),
    )


def test_flags_markers_and_entries_with_no_end():
    entries = parsed().entries
    marker, running, nappy = entries[2], entries[3], entries[4]
    assert marker.flags == {base.MARKER}
    # A running timer in the exporting household is never one here.
    assert (running.kind, running.end, running.flags) == ("sleep", None, {base.NO_END})
    assert (nappy.kind, nappy.end, nappy.flags, nappy.details) == (
        "nappy",
        None,
        set(),
        {"dry": True},
    )


def test_a_kind_from_a_newer_nestling_is_kept_as_a_note():
    result = parsed()
    note = result.entries[5]
    assert (note.kind, note.start, note.end) == ("note", utc(2026, 11, 21, 15, 0), None)
    assert note.details == {"text": 'dance: {"song": "Sea shanty"}'}
    assert result.as_notes == {"dance": 1}


def test_details_pass_the_apps_checks_except_the_out_of_range_bottle():
    for entry in parsed().entries:
        if entry.details.get("amount_ml") == 600:
            with pytest.raises(Exception, match="amount_ml"):
                validate_details(entry.kind, entry.details)
            continue
        validate_details(entry.kind, entry.details)


def test_remarks_say_what_was_not_read_and_how_people_are_named():
    remarks = parsed().remarks
    assert remarks[0] == (
        "Read the entries from nestling-export.json; the other file beside it "
        "(events-feed.csv) repeats them for spreadsheets and was not read."
    )
    assert "display names" in remarks[1]


def test_another_version_is_refused_with_what_to_do():
    text = FIXTURE.read_text(encoding="utf-8").replace('"version": 1,', '"version": 2,', 1)
    with pytest.raises(ImportFormatError, match="version 2"):
        nestling.parse([SourceFile("nestling-export.json", text)], LONDON)


def test_a_reformatted_file_numbers_events_by_position():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    text = json.dumps(data, indent=4)
    result = nestling.parse([SourceFile("nestling-export.json", text)], LONDON)
    assert [p.line for p in result.problems] == [7, 10]


def test_odd_values_in_a_hand_edited_file_are_problems_or_notes_never_a_crash():
    events = [
        {"kind": ["feed"], "start": "2026-11-20T05:00:00Z", "caregiver": [1], "baby": {}},
        {"kind": "sleep", "start": "2026-11-20T06:00:00Z", "flag": ["x"], "fingerprint": "f" * 99},
        {"kind": "nappy", "start": "2026-11-20T07:00:00Z", "details": ["wet"]},
        "not an event",
    ]
    data = {"format": "nestling-export", "version": 1, "members": [{"id": []}], "events": events}
    result = nestling.parse([SourceFile("e.json", json.dumps(data))], LONDON)
    note, sleep = result.entries
    assert (note.kind, note.details, note.person, note.baby) == (
        "note",
        {"text": "['feed']: {}"},
        None,
        None,
    )
    assert (sleep.flags, len(sleep.fingerprint)) == ({base.NO_END}, 40)
    assert [(p.line, p.reason) for p in result.problems] == [
        (3, "details: ['wet'] is not a JSON object"),
        (4, "an event should be a JSON object, not 'not an event'"),
    ]


def test_the_kinds_here_are_carelogs():
    assert set(KINDS) == nestling.KINDS
    assert {code for code, kind in KINDS.items() if kind.has_duration} == nestling.DURATION_KINDS


# -- merged into another household by the import service -------------------------------------


NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_households_export_merges_into_another_once(people, _frozen):
    from carelog.importing import import_files, read_files
    from carelog.models import Event
    from households.portability import export_household
    from households.tests.test_portability import build_world

    world = build_world(people.alice, people.bob, people.vera, people.baby)
    data = export_household(world.owner)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert len(archive.namelist()) > 1
    files = read_files([("nestling-alice-and-bob.zip", data)])

    def merge():  # noqa: ANN202
        return import_files(
            people.charlie,
            files,
            baby_name="Sam",
            birth_date=date(2026, 6, 20),
            people={"Mum": "Papa", "Dad": "Papa"},
            skip_bad_lines=True,
        )

    report = merge()
    assert report.format == "nestling"
    sams = Event.objects.filter(baby__household=people.charlies_household, baby__name="Sam")
    from_sam = Event.objects.filter(household=world.household, baby__name="Sam")
    assert report.total == sams.count() == from_sam.count() == 15
    assert report.skipped == [] and report.other_babies == {"Robin": 9}
    assert report.flags == {"no_end": 2, "marker": 1}
    assert set(sams.values_list("caregiver", flat=True)) == {people.charlie.pk}
    # The marker sleep imported from Huckleberry keeps its fingerprint and its flag.
    marker = sams.get(fingerprint="a" * 40)
    assert (marker.flag, marker.source) == (Event.FLAG_MARKER, "nestling")

    again = merge()
    assert again.total == 0 and again.duplicates == report.total

"""`nestling import` end to end: hand-written files in each app's real format (the
fixtures under importers/tests/fixtures), through the CLI a family would run."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from typer.testing import CliRunner

from carelog import services
from carelog.models import Baby, Event
from cli.main import app

FIXTURES = Path(__file__).resolve().parents[2] / "importers" / "tests" / "fixtures"
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def imported(*args: str):
    result = run("import", *args, "--json")
    return result, (json.loads(result.stdout) if result.stdout.strip() else None)


HUCK = FIXTURES / "huckleberry" / "export.csv"
ROBIN = ("--baby", "Robin", "--birth-date", "2023-02-20", "--tz", "Europe/London")


def test_huckleberry_bad_lines_stop_the_import_and_nothing_is_written(people):
    before = Event.objects.count()
    result, report = imported(HUCK, "--user", "alice", *ROBIN)
    assert result.exit_code == 2
    assert "nothing was written" in result.stderr and "--skip-bad-lines" in result.stderr
    reasons = {item["line"]: item["reason"] for item in report["skipped"]}
    # The 600 ml bottle, the "3cups" bottle and the impossible date are each named.
    assert any("600" in r or "500" in r for r in reasons.values())
    assert any("cups" in r for r in reasons.values())
    assert report["written"] is False
    assert Event.objects.count() == before
    # Not even the baby it would have added.
    assert not Baby.objects.filter(name="Robin").exists()


def test_huckleberry_skip_bad_lines_imports_the_rest_once(people):
    result, report = imported(HUCK, "--user", "alice", *ROBIN, "--skip-bad-lines")
    assert result.exit_code == 0, result.stderr
    robin = Baby.objects.get(household=people.household, name="Robin")
    stored = Event.objects.filter(baby=robin)
    counts = {}
    for kind in stored.values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    assert counts == report["imported"]
    assert report["written"] is True and report["duplicates"] >= 1
    assert {"feed", "nappy", "growth", "medicine", "pump", "solids", "sleep", "tummy_time",
            "potty"} <= set(counts)  # fmt: skip
    # The bottle of 4 fl oz is stored exactly, in ml.
    bottle = stored.get(kind="feed", details__method="bottle", details__milk="formula")
    assert bottle.details["amount_ml"] == 118.3
    # The sleep with no end is kept, flagged, and is not a running timer.
    open_sleep = stored.get(kind="sleep", flag=Event.FLAG_NO_END)
    assert open_sleep.end is None and not open_sleep.is_running
    # ... so a new sleep timer can start.
    services.start_timer(people.alice, robin, "sleep")
    # Everything was credited to the importer, and the report says so.
    assert set(stored.values_list("caregiver", flat=True)) == {people.alice.pk}
    assert report["unattributed"] == sum(counts.values())

    again, second = imported(HUCK, "--user", "alice", *ROBIN, "--skip-bad-lines")
    assert again.exit_code == 0
    assert second["imported"] == {}
    assert second["duplicates"] == sum(counts.values()) + report["duplicates"]
    assert Event.objects.filter(baby=robin, source="huckleberry").count() == sum(counts.values())


def test_a_sleep_across_the_clock_change_keeps_its_real_length(people):
    run("import", HUCK, "--user", "alice", *ROBIN, "--skip-bad-lines")
    fall_back = Event.objects.get(kind="sleep", details__note="fall back night")
    # 01:20 to 01:50 on the night the clocks go back, stated as 1 h 30 min: the end is on
    # the second pass of 01:xx.
    assert fall_back.end - fall_back.start == timedelta(minutes=90)
    spring = Event.objects.get(kind="sleep", details__note="spring forward night")
    assert spring.end - spring.start == timedelta(minutes=30)


def test_dry_run_counts_and_writes_nothing(people):
    before = Event.objects.count()
    result, report = imported(HUCK, "--user", "alice", *ROBIN, "--dry-run")
    assert result.exit_code == 0
    assert report["dry_run"] is True and report["written"] is False
    assert sum(report["imported"].values()) > 15 and report["skipped"]
    assert Event.objects.count() == before
    assert not Baby.objects.filter(name="Robin").exists()
    text = run("import", HUCK, "--user", "alice", *ROBIN, "--dry-run")
    assert "Would import from Huckleberry" in text.stdout
    assert "--skip-bad-lines" in text.stdout


def test_baby_connect_people_are_mapped_and_the_logger_is_named(people):
    path = FIXTURES / "babyconnect" / "export.csv"
    args = ("--user", "alice", "--baby", "Robin", "--birth-date", "2021-01-15",
            "--tz", "America/New_York", "--skip-bad-lines")  # fmt: skip
    result, report = imported(path, *args, "--dry-run")
    initials = set(report["unmapped_people"])
    assert initials, "the fixture names who logged each row"
    mapping = [arg for initial in initials for arg in ("--as", f"{initial}=Dad")]
    result, report = imported(path, *args, *mapping)
    assert result.exit_code == 0, result.stderr
    assert report["unmapped_people"] == {}
    assert any("logged" in remark for remark in report["remarks"])
    robin = Baby.objects.get(name="Robin")
    credited = set(Event.objects.filter(baby=robin).values_list("caregiver", flat=True))
    assert people.bob.pk in credited


def test_an_unknown_member_in_as_is_refused_by_name(people):
    result = run("import", HUCK, "--user", "alice", *ROBIN, "--as", "M=Nobody")
    assert result.exit_code == 2
    assert "Nobody" in result.stderr


def test_nursing_timer_later_export_adds_only_the_new_rows(people):
    first = FIXTURES / "nursingtimer" / "export_nov.csv"
    later = FIXTURES / "nursingtimer" / "export_later.csv"
    args = ("--user", "alice", "--baby", "Robin", "--birth-date", "2016-03-01",
            "--tz", "Europe/London", "--skip-bad-lines")  # fmt: skip
    _result, one = imported(first, *args)
    _result, two = imported(later, *args)
    assert one["written"] and sum(one["imported"].values()) > 0
    # The later export repeats five of the earlier rows (and keeps some new ones).
    assert two["duplicates"] == 5 and sum(two["imported"].values()) == 4
    total = Event.objects.filter(baby__name="Robin").count()
    assert total == sum(one["imported"].values()) + sum(two["imported"].values())
    _result, three = imported(later, *args)
    assert three["imported"] == {}


def test_several_files_of_one_export_import_together(people):
    files = sorted((FIXTURES / "nighp").glob("*.csv"))
    result, report = imported(*files, "--user", "alice", "--baby", "Robin",
                              "--birth-date", "2024-10-01", "--tz", "Europe/London",
                              "--skip-bad-lines")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert report["format"] == "nighp"
    assert {"feed", "sleep", "nappy", "pump"} <= set(report["imported"])
    assert report["duplicates"] >= 1  # the fixture repeats a row
    dry = Event.objects.filter(kind="nappy", details__dry=True)
    assert dry.exists()


def test_glow_markers_are_kept_out_of_figures(people):
    files = sorted((FIXTURES / "glow").glob("glow_*.csv"))
    result, report = imported(*files, "--user", "alice", "--baby", "Robin",
                              "--birth-date", "2021-01-10", "--tz", "America/New_York",
                              "--skip-bad-lines")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert report["format"] == "glow"
    markers = Event.objects.filter(kind="sleep", flag=Event.FLAG_MARKER)
    assert markers.exists()
    assert report["flagged"].get("marker") == markers.count()
    from carelog.selectors import event_records

    robin = Baby.objects.get(name="Robin")
    records = event_records(people.household, robin)
    assert len(records) == Event.objects.filter(baby=robin, flag="").count()


def test_the_format_is_named_when_the_file_is_not_an_export(people, tmp_path):
    junk = tmp_path / "shopping.csv"
    junk.write_text("milk,eggs\n1,2\n")
    result = run("import", junk, "--user", "alice", *ROBIN)
    assert result.exit_code == 2
    assert "not an export we can read" in result.stderr


def test_a_viewer_cannot_import(people):
    result = run("import", HUCK, "--user", "vera", *ROBIN, "--skip-bad-lines")
    assert result.exit_code == 2
    assert not Baby.objects.filter(name="Robin").exists()


def test_human_report_lists_kinds_and_skipped_lines(people):
    result = run("import", HUCK, "--user", "alice", *ROBIN, "--skip-bad-lines")
    assert result.exit_code == 0
    assert "Imported from Huckleberry for Robin" in result.stdout
    assert "could not be imported" in result.stdout
    assert "line" in result.stdout


def test_a_nestling_export_recreates_its_household_in_an_empty_instance(people, tmp_path):
    from carelog.models import Event as Ev
    from households.models import Household

    services.log_event(people.alice, people.baby, "nappy", details={"wet": True},
                       start=NOW - timedelta(hours=1))  # fmt: skip
    Household.objects.filter(pk=people.household.pk).update(volume_unit="floz", clock="12")
    out = tmp_path / "export.zip"
    assert run("export", out, "--user", "alice").exit_code == 0
    entries = Ev.objects.filter(household=people.household).count()
    assert (
        run("delete-household", "--confirm", people.household.name, "--user", "alice").exit_code
        == 0
    )
    assert not Household.objects.filter(pk=people.household.pk).exists()
    result = run("import", out, "--new-household", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["events"] == entries and "Sam" in summary["babies"]
    assert set(summary["members"]) >= {"alice", "bob"}
    again = Household.objects.get(name=summary["household"])
    assert (again.volume_unit, again.clock) == ("floz", "12")  # the family's units came too


def test_overlapping_sleeps_are_imported_as_the_app_had_them_and_reported(people, tmp_path):
    export = tmp_path / "huckleberry.csv"
    export.write_text(
        "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes\n"
        "Sleep,2023-03-05 13:00,2023-03-05 14:30,01:30,,,,\n"
        "Sleep,2023-03-05 14:00,2023-03-05 15:00,01:00,,,,logged twice by two phones\n"
        "Sleep,2023-03-05 15:00,2023-03-05 15:40,00:40,,,,\n",
        encoding="utf-8",
    )
    result, report = imported(export, "--user", "alice", *ROBIN)
    assert result.exit_code == 0, result.output
    assert report["imported"] == {"sleep": 3}
    assert report["overlapping"] == {"sleep": 1}
    assert any("1 sleep overlaps another of the same baby" in r for r in report["remarks"])
    assert Event.objects.filter(kind="sleep").count() == 3


def test_a_stray_nul_byte_is_dropped_not_stored_or_fatal(people):
    from carelog.importing import read_files

    [source] = read_files([("export.csv", b"Type,Start\x00,End\r\n")])
    assert "\x00" not in source.text and source.text.startswith("Type,Start,End")


def test_a_utf16_spreadsheet_save_is_read_with_its_accents(people):
    from carelog.importing import read_files

    text = "Type,Start,Notes\r\nFeed,2024-03-01 08:00,Zoë a bien mangé 😊\r\n"
    for encoded in (text.encode("utf-16"), text.encode("utf-16-be")):
        if not encoded.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoded = b"\xfe\xff" + encoded
        [source] = read_files([("export.txt", encoded)])
        assert source.text.lstrip("\ufeff") == text


def test_the_same_export_saved_again_by_a_spreadsheet_adds_nothing(people, tmp_path):
    """A parent imports an export, opens it in a spreadsheet (which rewrites times, decimals
    and separators), saves it and imports it again: the rows mean what is already stored,
    so they count as duplicates instead of doubling the log. A row that really is new still
    comes in."""
    export = tmp_path / "huckleberry.csv"
    export.write_text(
        "Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes\n"
        "Feed,2023-03-05 14:07,,,Formula,Bottle,4.5oz,\n"
        "Sleep,2023-03-05 15:00,2023-03-05 16:30,01:30,,,,\n"
        "Diaper,2023-03-05 17:00,,,,,Pee,\n",
        encoding="utf-8",
    )
    result, report = imported(export, "--user", "alice", *ROBIN)
    assert result.exit_code == 0, result.output
    assert sum(report["imported"].values()) == 3
    saved = tmp_path / "huckleberry-saved.csv"
    saved.write_text(
        "\ufeffType;Start;End;Duration;Start Condition;Start Location;End Condition;Notes\r\n"
        'Feed;05/03/2023 14:07:00;;;Formula;Bottle;"4,5oz";\r\n'
        "Sleep;05/03/2023 15:00:00;05/03/2023 16:30:00;01:30:00;;;;\r\n"
        "Diaper;05/03/2023 17:00:00;;;;;Pee;\r\n"
        "Diaper;14/03/2023 09:00:00;;;;;Poo;\r\n",
        encoding="utf-8",
    )
    result, report = imported(saved, "--user", "alice", "--baby", "Robin")
    assert result.exit_code == 0, result.output
    assert report["duplicates"] == 3
    assert report["imported"] == {"nappy": 1}
    assert Event.objects.filter(baby__name="Robin").count() == 4

"""Export a household, bring it back, delete it for good (issue 9, parts 3 and 4).

`build_world` fills a household with one of every kind of record, each with values of its
own, in plain sight; the other test files of this feature use it too.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse

from carelog.kinds import KINDS, validate_details
from carelog.models import Baby, CrySuggestion, Event, ImportJob
from guidance import services as guidance
from guidance.models import Availability, Plan, PlanSession, Tried
from households import portability, services
from households.exceptions import InvalidInput, NotAllowed
from households.models import ApiToken, Household, Invitation, Membership
from nestling.testing import PASSWORD
from notifications import services as notifications
from notifications.models import Channel, Delivery, Notification, QuietHours, Reminder
from planner.tests.helpers import said
from wellbeing import services as wellbeing
from wellbeing.models import (
    CheckIn,
    FrustrationCheck,
    PartnerNotice,
    SafetyScreening,
    WellbeingPreference,
)
from wellbeing.testing import make_check_in

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
#: When the import runs: a day later, so a timestamp that is not carried over shows.
LATER = NOW + timedelta(days=1)

#: Valid details for every kind, with as many details filled in as the kind has.
DETAILS: dict[str, dict[str, Any]] = {
    "feed": {"method": "bottle", "amount_ml": 120, "milk": "formula", "note": "after bath"},
    "sleep": {"location": "cot", "mood_start": "grizzly", "mood_end": "happy"},
    "nappy": {"wet": True, "dirty": True, "colour": "yellow", "consistency": "seedy"},
    "bath": {"baby_response": "content", "parent_confidence": 4},
    "play": {"baby_response": "fussy", "parent_confidence": 2},
    "reading": {"activity": "singing", "baby_response": "content"},
    "walk": {"baby_response": "crying"},
    "holding": {"parent_confidence": 5},
    "skin_to_skin": {"baby_response": "content", "parent_confidence": 5},
    "soothing": {"baby_response": "fussy"},
    "cry": {"intensity": 3, "ended": "soothed", "purple": ["unexpected", "evening"]},
    "tummy_time": {"baby_response": "content"},
    "solids": {"foods": "pear, rice", "amount": 2, "unit": "tbsp", "reaction": "liked"},
    "pump": {"left_ml": 60, "right_ml": 50.5, "total_ml": 110.5},
    "growth": {"weight_kg": 5.21, "length_cm": 58.5, "head_cm": 39},
    "temperature": {"celsius": 37.2, "method": "armpit"},
    "medicine": {"name": "Paracetamol", "dose": 2.5, "unit": "ml", "interval_h": 4},
    "potty": {"result": "pee"},
    "note": {"text": "First proper smile, “at Mum”, 😊; a comma, and\na new line"},
}


@dataclass
class World:
    household: Household
    owner: Membership
    partner: Membership
    viewer: Membership
    baby: Baby
    twin: Baby
    #: Values that only the partner's private rows hold.
    partner_secrets: tuple[str, ...]
    owner_check_in: CheckIn
    partner_check_in: CheckIn


def add_event(
    baby: Baby,
    kind: str,
    by: Membership,
    start: datetime,
    minutes: float | None = 10,
    **fields: Any,
) -> Event:
    details = fields.pop("details", DETAILS[kind])
    others = fields.pop("others", ())
    event = Event.objects.create(
        household_id=baby.household_id,
        baby=baby,
        kind=kind,
        start=start,
        end=None if minutes is None else start + timedelta(minutes=minutes),
        caregiver=by,
        created_by=fields.pop("created_by", by),
        details=details,
        **fields,
    )
    if others:
        event.others_present.set(others)
    return event


def build_world(owner: Membership, partner: Membership, viewer: Membership, baby: Baby) -> World:
    """One of every kind of record in `owner`'s household, each holding its own values.

    Call with the clock frozen at NOW.
    """
    household = owner.household
    twin = Baby.objects.create(
        household=household,
        name="Robin",
        birth_date=date(2026, 6, 20),
        due_date=date(2026, 7, 4),
        sex="female",
    )
    # Every kind, the first ones in summer (British Summer Time), with someone else there.
    start = datetime(2026, 7, 1, 11, 0, tzinfo=UTC)
    for i, kind in enumerate(KINDS):
        validate_details(kind, DETAILS[kind])
        add_event(
            baby if i % 2 == 0 else twin,
            kind,
            owner if i % 3 else partner,
            start + timedelta(days=i, minutes=7 * i),
            None if not KINDS[kind].has_duration else 25 + i,
            others=(partner,) if i % 3 else (owner, viewer),
        )
    add_event(
        baby,
        "feed",
        partner,
        NOW - timedelta(hours=5),
        18,
        details={"method": "breast", "side": "both", "left_s": 540, "right_s": 420},
        created_by=None,
    )
    # Brought in from another app: provenance, and rows kept out of figures.
    add_event(
        baby,
        "sleep",
        owner,
        NOW - timedelta(days=3),
        1,
        details={},
        source="huckleberry",
        fingerprint="a" * 40,
        flag=Event.FLAG_MARKER,
    )
    add_event(
        baby,
        "pump",
        partner,
        NOW - timedelta(days=4),
        None,
        details={"total_ml": 90},
        source="nighp",
        fingerprint="b" * 40,
        flag=Event.FLAG_NO_END,
    )
    timer = add_event(baby, "sleep", owner, NOW - timedelta(minutes=40), None, details={})
    cry = add_event(baby, "cry", owner, NOW - timedelta(hours=2), 30)

    every_day = [[[0, 1440]]] * 7
    guidance.set_availability(owner, every_day)
    guidance.set_availability(partner, [[[540, 1020]]] * 5 + [[]] * 2, entered_as="work")
    plan = guidance.create_plan(owner, baby=baby, now=NOW)
    rated = plan.sessions.create(
        date=NOW.date(),
        local_start=time(1, 30),
        start_at=NOW - timedelta(minutes=90),
        activity_id="hello-time",
        title="Hello time",
        family="play",
        logs_as="play",
        minutes=10,
        level=1,
        reason=[{"key": "reason_fits", "values": {"free_from": 60, "free_to": 180}}],
        status=PlanSession.Status.DONE,
        event=timer,
        baby_response=PlanSession.Response.CONTENT,
        parent_confidence=4,
        rated_at=NOW - timedelta(minutes=60),
    )
    assert rated.pk
    guidance.create_plan(owner, member=partner, baby=twin, now=NOW)
    guidance.record_tried(owner, "massage", "worked", start_min=1200, state="fed_and_rested")
    guidance.record_tried(partner, "singing", "failed", note="too tired")

    wellbeing.update_preference(owner, "band", "done", "mother", date(2026, 10, 1))
    wellbeing.update_preference(partner, "nothing", "nothing", "father", date(2026, 9, 9))
    owner_check_in = make_check_in(owner, "phq9", 17, self_harm=1, at=NOW - timedelta(days=2))
    make_check_in(owner, "gad7", 4, at=NOW - timedelta(days=9))
    partner_at = datetime(2026, 11, 19, 4, 44, 21, tzinfo=UTC)
    partner_check_in = make_check_in(partner, "phq9", 11, at=partner_at)
    wellbeing.record_frustration(owner, 8, "after_cry", cry_event_id=cry.pk)
    wellbeing.record_frustration(partner, 3, "asked")
    wellbeing.tell_partner(partner)  # a notice to the owner
    wellbeing.tell_partner(owner)  # and one to the partner

    notifications.set_quiet_hours(owner, time(22, 0), time(6, 30))
    notifications.set_quiet_hours(partner, time(23, 15), time(7, 0))
    notifications.add_channel(owner, "My phone", "json://127.0.0.1:9/owner-hook")
    partner_hook = "json://127.0.0.1:9/partner-secret-hook"
    channel = notifications.add_channel(partner, "Partner phone", partner_hook)
    reminder = Reminder.objects.create(
        membership=partner,
        kind="test",
        title="Test",
        dedupe_key="test-1",
        due_at=NOW,
        next_attempt_at=NOW,
    )
    Delivery.objects.create(reminder=reminder, channel=channel, next_attempt_at=NOW)
    Notification.objects.create(membership=owner, kind="test", title="Hi", dedupe_key="hi")
    ImportJob.objects.create(
        household=household, membership=partner, state=ImportJob.DONE, report={"format": "glow"}
    )
    suggestion = CrySuggestion.objects.create(
        household=household,
        baby=baby,
        detected_by=owner,
        start=NOW - timedelta(minutes=50),
        end=NOW - timedelta(minutes=36),
        confidence=0.8,
        source="device",
    )
    suggestion.told.add(partner)  # the long-crying notice went to the partner
    services.invite_member(owner, "Grandpa")
    services.create_token(owner, "shortcut")
    services.create_token(partner, "home assistant")

    # Timestamps of their own, so that one not carried over shows after an import.
    Household.objects.filter(pk=household.pk).update(created_at=NOW - timedelta(days=200))
    household.refresh_from_db()
    for n, model in enumerate((Membership, Baby, Plan, Tried)):
        model.objects.filter(pk__in=[r.pk for r in _rows_of(model, owner)]).update(
            created_at=NOW - timedelta(days=100 + n)
        )
    Availability.objects.filter(membership__household=household).update(
        updated_at=NOW - timedelta(days=50)
    )
    for i, event in enumerate(Event.objects.filter(household=household).order_by("id")):
        Event.objects.filter(pk=event.pk).update(
            created_at=event.start + timedelta(minutes=i), updated_at=event.start + timedelta(i)
        )
    return World(
        household,
        owner,
        partner,
        viewer,
        baby,
        twin,
        (partner_hook, partner_at.isoformat()[:19], "2026-09-09", "Partner phone"),
        owner_check_in,
        partner_check_in,
    )


# -- Everything, as comparable values --------------------------------------------------------

#: What the export leaves out, and why (docs/export.md says the same).
NOT_EXPORTED = {
    ImportJob: "the log of past imports; what they brought in is among the events",
    CrySuggestion: "possible crying heard by a device; what a parent confirmed is an event",
    ApiToken: "secrets; each member makes new ones",
    Invitation: "one-time codes, stored hashed",
    Notification: "the inbox: made again as plans and reminders go on",
    Reminder: "made again as plans go on",
    Delivery: "made again as plans go on",
}


def _rows_of(model: type[models.Model], me: Membership) -> models.QuerySet:
    """The rows of `model` an export by `me` carries: the household's, and `me`'s own."""
    household = me.household
    shared = {
        Household: {"pk": household.pk},
        Membership: {"household": household},
        Baby: {"household": household},
        Event: {"household": household},
        Plan: {"household": household},
        PlanSession: {"plan__household": household},
        Tried: {"membership__household": household},
        Availability: {"membership__household": household},
    }
    if model in shared:
        return model._default_manager.filter(**shared[model])
    if model is PartnerNotice:
        return PartnerNotice.objects.filter(household=household).filter(
            models.Q(sender=me) | models.Q(recipient=me)
        )
    return model._default_manager.filter(membership=me)


COMPARED = [
    Household,
    Membership,
    Baby,
    Event,
    Plan,
    PlanSession,
    Tried,
    Availability,
    WellbeingPreference,
    CheckIn,
    SafetyScreening,
    FrustrationCheck,
    PartnerNotice,
    QuietHours,
    Channel,
]


def _natural(obj: Any) -> Any:
    """A row named by what it holds, not by its id (ids differ after an import)."""
    if obj is None:
        return None
    if isinstance(obj, get_user_model()):
        return obj.get_username()
    if isinstance(obj, Household | Baby | Channel):
        return obj.name
    if isinstance(obj, Membership):
        return obj.display_name
    if isinstance(obj, Event):
        return (obj.kind, obj.start.isoformat())
    if isinstance(obj, Plan):
        return (obj.membership.display_name, obj.baby.name, obj.created_at.isoformat())
    if isinstance(obj, CheckIn):
        return (obj.instrument, obj.created_at.isoformat())
    if isinstance(obj, Reminder):
        return obj.dedupe_key
    raise AssertionError(f"no natural key for {type(obj).__name__}")


def _row(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.is_relation:
            out[f.name] = _natural(getattr(obj, f.name))
        elif f.attname == "cry_event_id":
            out[f.name] = _natural(Event.objects.filter(pk=obj.cry_event_id).first())
        else:
            out[f.name] = getattr(obj, f.attname)
    if isinstance(obj, Event):
        out["others_present"] = sorted(m.display_name for m in obj.others_present.all())
    return out


def everything(me: Membership) -> dict[str, list[dict[str, Any]]]:
    """Every field of every row an export by `me` carries, ids replaced by what they name."""
    return {
        model.__name__: sorted((_row(r) for r in _rows_of(model, me)), key=repr)
        for model in COMPARED
    }


def export_json(zip_bytes: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        return json.loads(archive.read("nestling-export.json"))


def all_text(zip_bytes: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


# -- Fixtures -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(people) -> World:
    return build_world(people.alice, people.bob, people.vera, people.baby)


# -- Export ---------------------------------------------------------------------------------


def test_every_model_is_either_exported_or_left_out_on_purpose():
    ours = {
        model
        for label in ("households", "carelog", "wellbeing", "guidance", "notifications")
        for model in apps.get_app_config(label).get_models()
    }
    assert ours == set(COMPARED) | set(NOT_EXPORTED)


def test_the_world_has_a_row_of_everything_it_is_compared_on(world):
    data = everything(world.owner)
    assert all(data[model.__name__] for model in COMPARED), [
        name for name, rows in data.items() if not rows
    ]
    assert {e["kind"] for e in data["Event"]} == set(KINDS)


def test_the_zip_holds_the_json_and_a_csv_per_kind_logged(world):
    data = portability.export_household(world.owner)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    assert names == {"nestling-export.json"} | {f"events-{kind}.csv" for kind in KINDS}
    exported = export_json(data)
    assert exported["format"] == "nestling-export" and exported["version"] == 1
    assert exported["exported_at"] == "2026-11-23T03:00:00Z"
    assert exported["exported_by"] == world.owner.pk
    assert exported["household"] == {
        "name": "Alice and Bob",
        "time_zone": "Europe/London",
        "country": "GB",
        "created_at": "2026-05-07T03:00:00Z",
        "volume_unit": "ml",
        "weight_unit": "kg",
        "length_unit": "cm",
        "temperature_unit": "c",
        "clock": "24",
    }


def test_members_are_named_without_any_secret(world):
    data = portability.export_household(world.owner)
    assert export_json(data)["members"] == [
        {
            "id": m.pk,
            "username": m.user.username,
            "display_name": m.display_name,
            "role": m.role,
            "created_at": "2026-08-15T03:00:00Z",
        }
        for m in (world.owner, world.partner, world.viewer)
    ]
    text = all_text(data)
    for secret in [
        world.owner.user.password,
        *ApiToken.objects.values_list("token_hash", flat=True),
    ]:
        assert secret not in text
    assert "password" not in text and "token" not in text


def test_events_keep_who_was_there_and_where_they_came_from(world):
    events = export_json(portability.export_household(world.owner))["events"]
    assert len(events) == Event.objects.filter(household=world.household).count() == 24
    note = next(e for e in events if e["kind"] == "note")
    assert note["details"] == DETAILS["note"]
    assert note["others_present"] == sorted([world.owner.pk, world.viewer.pk])
    imported = next(e for e in events if e["source"] == "nighp")
    assert imported | {"id": 0, "created_at": "", "updated_at": ""} == {
        "id": 0,
        "baby": world.baby.pk,
        "kind": "pump",
        "start": "2026-11-19T03:00:00Z",
        "end": None,
        "caregiver": world.partner.pk,
        "others_present": [],
        "created_by": world.partner.pk,
        "details": {"total_ml": 90},
        "source": "nighp",
        "fingerprint": "b" * 40,
        "flag": "no_end",
        "created_at": "",
        "updated_at": "",
    }
    assert [e["created_by"] for e in events if e["kind"] == "feed"].count(None) == 1


def test_only_the_exporters_own_check_ins_and_settings_are_in_it(world):
    data = portability.export_household(world.owner)
    exported = export_json(data)
    assert [c["id"] for c in exported["check_ins"]] == list(
        CheckIn.objects.filter(membership=world.owner)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    assert world.partner_check_in.pk not in [c["id"] for c in exported["check_ins"]]
    assert len(exported["frustration_checks"]) == 1
    assert exported["wellbeing_preference"]["respondent_role"] == "mother"
    assert exported["quiet_hours"] == {"start": "22:00:00", "end": "06:30:00"}
    assert [c["name"] for c in exported["channels"]] == ["My phone"]
    text = all_text(data)
    for secret in world.partner_secrets:
        assert secret not in text
    # The partner's own export has theirs, and none of the owner's.
    theirs = export_json(portability.export_household(world.partner))
    assert [c["id"] for c in theirs["check_ins"]] == [world.partner_check_in.pk]
    assert world.owner_check_in.pk not in [s["check_in"] for s in theirs["safety_screenings"]]


def test_a_viewer_cannot_export(world):
    with pytest.raises(NotAllowed):
        portability.export_household(world.viewer)


def test_the_csv_has_local_times_and_flattened_details(world):
    with zipfile.ZipFile(io.BytesIO(portability.export_household(world.owner))) as archive:
        feed = archive.read("events-feed.csv").decode("utf-8-sig").splitlines()
        cry = archive.read("events-cry.csv").decode("utf-8-sig").splitlines()
    header = feed[0].split(",")
    assert header[:12] == portability.CSV_COLUMNS
    assert header[12:] == [
        "method", "side", "left_s", "right_s", "first_side", "amount_ml", "milk", "food", "note",
    ]  # fmt: skip
    first = next(line for line in feed[1:] if "2026-07-01" in line).split(",")
    # 11:00 UTC on 1 July is noon in London (summer time).
    assert first[1:8] == [
        "Sam",
        "2026-07-01 12:00:00",
        "2026-07-01 12:25:00",
        "25",
        "2026-07-01T11:00:00Z",
        "2026-07-01T11:25:00Z",
        "Dad",
    ]
    assert first[8:12] == ["Mum; Grandma", "Dad", "", ""]
    assert first[12:] == ["bottle", "", "", "", "", "120", "formula", "", "after bath"]
    assert cry[0].split(",")[12:] == ["intensity", "ended", "purple", "note"]
    assert any(line.endswith(",3,soothed,unexpected; evening,") for line in cry[1:])


def test_a_note_with_commas_and_new_lines_survives_the_csv(world):
    import csv

    with zipfile.ZipFile(io.BytesIO(portability.export_household(world.owner))) as archive:
        text = archive.read("events-note.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["text"] for r in rows] == [DETAILS["note"]["text"]]


def test_the_file_name_says_which_household_and_when(world):
    assert portability.export_filename(world.household) == "nestling-alice-and-bob-2026-11-23.zip"


# -- Round trip -----------------------------------------------------------------------------


def test_round_trip_into_an_empty_nestling_gives_back_every_record(world):
    before = everything(world.owner)
    data = portability.export_household(world.owner)
    portability.delete_household(world.owner, "Alice and Bob")
    assert not Household.objects.filter(name="Alice and Bob").exists()
    with time_machine.travel(LATER, tick=False):
        household = portability.import_household(data)
    alice = Membership.objects.get(household=household, user__username="alice")
    after = everything(alice)
    for name in before:
        assert after[name] == before[name], name
    # Logins are back with no usable password, and the partner's private rows stay out.
    for member in household.members.all():
        assert not member.user.has_usable_password()
    bob = household.members.get(user__username="bob")
    assert not CheckIn.objects.filter(membership=bob).exists()
    assert not Channel.objects.filter(membership=bob).exists()
    assert not WellbeingPreference.objects.filter(membership=bob).exists()


#: Fields that hold ids of the exporting instance (new ones after an import).
ID_FIELDS = {
    "id", "baby", "caregiver", "others_present", "created_by", "member", "plan", "event",
    "check_in", "cry_event", "sender", "recipient",
}  # fmt: skip


def test_exporting_the_imported_household_gives_the_same_file_but_for_ids(world):
    first = export_json(portability.export_household(world.owner))
    portability.delete_household(world.owner, "Alice and Bob")
    with time_machine.travel(LATER, tick=False):
        household = portability.import_household(portability.dumps(first).encode())
        alice = household.members.get(user__username="alice")
        again = export_json(portability.export_household(alice))
    assert again["exported_at"] == "2026-11-24T03:00:00Z"
    for key, value in first.items():
        if key in ("exported_at", "exported_by"):
            continue
        if isinstance(value, list):
            strip = [{k: v for k, v in row.items() if k not in ID_FIELDS} for row in value]
            assert strip == [
                {k: v for k, v in row.items() if k not in ID_FIELDS} for row in again[key]
            ], key
        else:
            assert again[key] == value, key


def test_an_export_from_before_plans_were_worded_keeps_their_english_as_written(world):
    # Until 2026.12 a plan stored its sentences in English: a session's reason as text and
    # each note as {"code", "text"}. They come back as written, never as a broken plan.
    data = export_json(portability.export_household(world.owner))
    for row in data["plan_sessions"]:
        row["reason"] = "Sam is calm in the mornings."
    for plan in data["plans"]:
        plan["notes"] = [{"code": "leave", "text": "Take some leave if you can."}]
    portability.delete_household(world.owner, "Alice and Bob")
    with time_machine.travel(LATER, tick=False):
        household = portability.import_household(portability.dumps(data).encode())
    session = PlanSession.objects.filter(plan__household=household).first()
    assert session is not None
    assert session.reason == [
        {"key": "as_written", "values": {"text": "Sam is calm in the mornings."}}
    ]
    assert said(session.reason) == "Sam is calm in the mornings."
    plan = session.plan
    assert plan.notes == [
        {"code": "leave", "key": "as_written", "values": {"text": "Take some leave if you can."}}
    ]


def test_the_exporter_can_come_back_under_another_username(world):
    data = portability.export_household(world.owner)
    portability.delete_household(world.owner, "Alice and Bob")
    household = portability.import_household(data, owner_username="alice.smith")
    owner = household.members.get(role="owner")
    assert owner.user.username == "alice.smith" and owner.display_name == "Mum"
    assert CheckIn.objects.filter(membership=owner).count() == 2


def test_a_login_without_a_household_is_reused(world):
    data = portability.export_household(world.owner)
    portability.delete_household(world.owner, "Alice and Bob")
    kept = get_user_model().objects.create_user("alice", password=PASSWORD)
    household = portability.import_household(data)
    assert household.members.get(display_name="Mum").user == kept
    assert kept.check_password(PASSWORD)


def test_a_username_in_another_household_is_refused_and_nothing_is_written(world, people):
    data = portability.export_household(world.owner)
    counts = row_counts()
    with pytest.raises(InvalidInput) as info:
        # Alice's household is still here: every one of its usernames is taken.
        portability.import_household(data)
    assert "alice" in info.value.errors["members"]
    assert "another household" in info.value.errors["members"]
    assert row_counts() == counts
    with pytest.raises(InvalidInput) as info:
        portability.import_household(data, owner_username="Charlie")
    assert "Charlie" in info.value.errors["members"]
    assert row_counts() == counts


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"not a zip at all", "not a Nestling export"),
        (b"PK\x03\x04 broken", "not a readable zip"),
        (b'{"format": "something-else", "version": 1}', "not a Nestling export"),
        (b'{"format": "nestling-export", "version": 2}', "version 2"),
        (b'{"format": "nestling-export", "version": 1}', "exported_at"),
        (b"{", "not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_nestling_export_is_refused(db, data, says):
    counts = row_counts()
    with pytest.raises(InvalidInput) as info:
        portability.import_household(data)
    assert says in info.value.errors["file"]
    assert row_counts() == counts


def test_a_zip_without_the_json_is_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("events-feed.csv", "id,baby\n")
    with pytest.raises(InvalidInput) as info:
        portability.import_household(buffer.getvalue())
    assert "no nestling-export.json" in info.value.errors["file"]


def test_a_damaged_file_names_the_row_and_field(world):
    exported = export_json(portability.export_household(world.owner))
    portability.delete_household(world.owner, "Alice and Bob")
    counts = row_counts()
    broken = json.loads(json.dumps(exported))
    broken["events"][3]["start"] = "yesterday"
    with pytest.raises(InvalidInput) as info:
        portability.import_household(json.dumps(broken).encode())
    assert info.value.errors["file"].startswith("events.3.start:")
    broken = json.loads(json.dumps(exported))
    broken["events"][5]["caregiver"] = 999999
    with pytest.raises(InvalidInput) as info:
        portability.import_household(json.dumps(broken).encode())
    assert info.value.errors["file"] == "events.5.caregiver: no member 999999 in this file"
    broken = json.loads(json.dumps(exported))
    broken["events"][1]["fingerprint"] = broken["events"][2]["fingerprint"] = "c" * 40
    with pytest.raises(InvalidInput) as info:
        portability.import_household(json.dumps(broken).encode())
    assert "contradicts itself" in info.value.errors["file"]
    assert row_counts() == counts


# -- Deletion -------------------------------------------------------------------------------


def _fresh_household(name: str) -> tuple[Membership, Membership, Membership, Baby]:
    User = get_user_model()

    def member(household: Household, username: str, display: str, role: str) -> Membership:
        user = User.objects.create_user(username=username, password=PASSWORD)
        return Membership.objects.create(
            household=household, user=user, display_name=display, role=role
        )

    household = Household.objects.create(name=name, time_zone="Europe/London")
    owner = member(household, "dana", "Mama", Membership.Role.OWNER)
    partner = member(household, "eli", "Papa", Membership.Role.PARENT)
    viewer = member(household, "fay", "Nana", Membership.Role.VIEWER)
    baby = Baby.objects.create(household=household, name="Ada", birth_date=date(2026, 6, 20))
    return owner, partner, viewer, baby


def test_deleting_removes_every_row_of_every_table_that_belonged_to_it(people):
    # The other households have rows of their own, which must all stay.
    build_world(people.alice, people.bob, people.vera, people.baby)
    add_event(people.charlies_baby, "nappy", people.charlie, NOW - timedelta(hours=1))
    make_check_in(people.charlie, "phq9", 5, at=NOW - timedelta(days=1))
    Client().force_login(people.charlie.user)
    before = row_counts()

    owner, partner, viewer, baby = _fresh_household("The Nest")
    build_world(owner, partner, viewer, baby)
    for member in (owner, partner, viewer):
        Client().force_login(member.user)
    assert Client().post(reverse("web:login"), {"username": "dana", "password": "wrong"})
    filled = row_counts()
    grew = {label for label in filled if filled[label] > before[label]}
    ours = {
        m._meta.label
        for label in ("households", "carelog", "wellbeing", "guidance", "notifications")
        for m in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    # The household under test has rows in every table of ours, and logins, sessions and
    # failed-login records besides.
    assert ours - grew == set()
    assert {"auth.User", "sessions.Session", "axes.AccessAttempt"} <= grew

    portability.delete_household(owner, "  The Nest ")

    assert row_counts() == before


def test_a_wrong_confirmation_deletes_nothing(world):
    counts = row_counts()
    for typed in ("", "alice and bob", "Alice & Bob", "Charlie's"):
        with pytest.raises(InvalidInput) as info:
            portability.delete_household(world.owner, typed)
        assert "Alice and Bob" in info.value.errors["confirm"]
    assert row_counts() == counts


@pytest.mark.parametrize("who", ["partner", "viewer"])
def test_only_the_owner_may_delete(world, who):
    counts = row_counts()
    with pytest.raises(NotAllowed):
        portability.delete_household(getattr(world, who), "Alice and Bob")
    assert row_counts() == counts


def test_a_server_admins_login_stays_without_a_household(world):
    get_user_model().objects.filter(pk=world.owner.user_id).update(is_staff=True)
    portability.delete_household(world.owner, "Alice and Bob")
    admin = get_user_model().objects.get(username="alice")
    assert not Membership.objects.filter(user=admin).exists()
    assert not get_user_model().objects.filter(username__in=["bob", "vera"]).exists()
    assert Household.objects.filter(name="Alice and Bob").count() == 0

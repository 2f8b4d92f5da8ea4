"""Take a whole household out of Nestling, bring it back in, or delete it for good.

The export is a zip: `nestling-export.json` (everything, read back by `import_household`
and by the `nestling` import format) and one `events-<kind>.csv` per kind of event that
the household logged, in local time, for spreadsheets. docs/export.md describes it.

What is personal stays personal: the export holds the exporting member's own check-ins,
safety screens, frustration checks, wellbeing settings, notices, quiet hours and
notification channels, never a partner's. It never holds a password hash, an API token,
an invitation code, the inbox and reminders (made again as plans go on) or the log of past
imports (what they brought in is among the events).

This module reads and writes every app's models directly, which nothing else in
households does: a faithful copy of each row is the point, and each app's services would
refuse or recompute some of what was stored (scores, plan sessions, imported rows).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import Field as ModelField
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from carelog import changes
from carelog.kinds import KINDS
from carelog.models import Baby, Event, ImportJob
from guidance.models import Availability, Plan, PlanSession, Tried
from importers.nestling import FORMAT_MARKER, JSON_NAME, VERSION
from notifications.models import Channel, Delivery, Notification, QuietHours, Reminder
from wellbeing.models import (
    CheckIn,
    FrustrationCheck,
    PartnerNotice,
    SafetyScreening,
    Visibility,
    WellbeingPreference,
)

from .exceptions import InvalidInput, NotAllowed
from .models import ApiToken, Household, Invitation, Membership
from .services import _clean_household_fields

BATCH = 1000

# -- The file's shape: one pydantic model per row, used to write and to read back ------------


def _one_of(values: Iterable[str]) -> Callable[[str], str]:
    allowed = tuple(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"should be one of {', '.join(allowed)}")
        return value

    return check


def one_of(values: Iterable[str]) -> AfterValidator:
    """A field's check that its text is one of `values`: `Annotated[str, one_of(...)]`."""
    return AfterValidator(_one_of(values))


Instant = AwareDatetime
Json = Any


def _as_written(text: str) -> dict[str, Json]:
    """A sentence an earlier release stored in English, shown as it was written."""
    return {"key": "as_written", "values": {"text": text}}


class _Row(BaseModel):
    # Fields a later version adds are ignored rather than refused.
    model_config = ConfigDict(extra="ignore")


class HouseholdRow(_Row):
    name: str
    time_zone: str
    country: str
    created_at: Instant
    # The family's units (households/units.py); an export from before they existed has
    # none, and the household then keeps the defaults for its country.
    volume_unit: str | None = None
    weight_unit: str | None = None
    length_unit: str | None = None
    temperature_unit: str | None = None
    clock: str | None = None


class MemberRow(_Row):
    id: int
    username: Annotated[str, Field(min_length=1, max_length=150)]
    display_name: Annotated[str, Field(min_length=1, max_length=40)]
    role: Annotated[str, one_of(Membership.Role.values)]
    created_at: Instant


class BabyRow(_Row):
    id: int
    name: Annotated[str, Field(min_length=1, max_length=60)]
    birth_date: date
    due_date: date | None = None
    sex: Annotated[str, one_of(["", *(code for code, _label in Baby.SEX_CHOICES)])] = ""
    created_at: Instant


class EventRow(_Row):
    id: int
    baby: int
    kind: Annotated[str, one_of(KINDS)]
    start: Instant
    end: Instant | None = None
    caregiver: int
    others_present: list[int] = []
    created_by: int | None = None
    details: dict[str, Json] = {}
    source: Annotated[str, Field(max_length=30)] = ""
    fingerprint: Annotated[str, Field(max_length=40)] | None = None
    flag: Annotated[str, one_of(["", Event.FLAG_NO_END, Event.FLAG_MARKER])] = ""
    created_at: Instant
    updated_at: Instant


class PlanRow(_Row):
    id: int
    member: int
    baby: int
    created_by: int | None = None
    created_at: Instant
    start_date: date
    weeks: int
    level: int
    is_active: bool
    has_overlap: bool
    inputs: dict[str, Json] = {}
    # Each note's code and its sentence (planner.Words as JSON); an export from before
    # 2026.12 has English text instead, kept as written.
    notes: list[Json] = []
    blocked_bands: list[Json] = []

    @field_validator("notes")
    @classmethod
    def _sentences(cls, notes: list[Json]) -> list[Json]:
        return [
            n
            if not isinstance(n, dict) or "key" in n
            else {"code": n.get("code", ""), **_as_written(str(n.get("text", "")))}
            for n in notes
        ]


class PlanSessionRow(_Row):
    plan: int
    date: date
    local_start: time
    start_at: Instant
    activity_id: str
    title: str
    family: str
    logs_as: str
    minutes: int
    level: int
    # Why this time: planner.Words as JSON; English text in exports from before 2026.12.
    reason: list[Json] | str

    @field_validator("reason")
    @classmethod
    def _reason(cls, reason: list[Json] | str) -> list[Json]:
        if isinstance(reason, str):
            return [_as_written(reason)] if reason else []
        return reason

    is_owned_routine: bool
    is_changed_form: bool
    status: Annotated[str, one_of(PlanSession.Status.values)]
    event: int | None = None
    baby_response: Annotated[str, one_of(["", *PlanSession.Response.values])] = ""
    parent_confidence: int | None = None
    rated_at: Instant | None = None


class TriedRow(_Row):
    member: int
    family: str
    outcome: Annotated[str, one_of(Tried.Outcome.values)]
    start_min: int | None = None
    state: Annotated[str, one_of(["", *Tried.State.values])] = ""
    note: str = ""
    created_at: Instant


class AvailabilityRow(_Row):
    member: int
    days: list[Json]
    entered_as: Annotated[str, one_of(Availability.EnteredAs.values)]
    updated_at: Instant


class WellbeingPreferenceRow(_Row):
    share_with_partner: Annotated[str, one_of(Visibility.values)]
    share_with_reports: Annotated[str, one_of(Visibility.values)]
    respondent_role: str
    on_treatment_since: date | None = None


class CheckInRow(_Row):
    id: int
    instrument: str
    instrument_version: str
    answers: Json
    total: int
    band: str
    band_label: str
    role_used: str
    is_positive: bool
    self_harm_flag: bool
    share_with_partner: Annotated[str, one_of(Visibility.values)]
    share_with_reports: Annotated[str, one_of(Visibility.values)]
    created_at: Instant


class SafetyScreeningRow(_Row):
    origin: Annotated[str, one_of(SafetyScreening.Origin.values)]
    check_in: int | None = None
    topics: Json
    about: str
    origin_signals: Json
    partner_words: Json
    answers: Json
    tier: int | None = None
    created_at: Instant
    completed_at: Instant | None = None


class FrustrationCheckRow(_Row):
    rating: int | None = None
    source: Annotated[str, one_of(FrustrationCheck.Source.values)]
    cry_event: int | None = None
    created_at: Instant


class PartnerNoticeRow(_Row):
    sender: int
    recipient: int
    kind: Annotated[str, one_of(PartnerNotice.Kind.values)]
    created_at: Instant
    dismissed_at: Instant | None = None


class QuietHoursRow(_Row):
    start: time
    end: time


class ChannelRow(_Row):
    name: str
    url: str
    display_url: str
    service: str
    created_at: Instant
    last_sent_at: Instant | None = None
    last_failed_at: Instant | None = None
    last_error: str = ""


class ExportFile(_Row):
    """nestling-export.json. Rows refer to each other by the `id`s of the exporting
    instance, which mean nothing elsewhere; the importer gives every row a new one."""

    format: Literal["nestling-export"]
    version: Literal[1]
    exported_at: Instant
    #: The member who exported (a `members` id); the rows from `wellbeing_preference` on
    #: are theirs alone.
    exported_by: int
    household: HouseholdRow
    members: list[MemberRow]
    babies: list[BabyRow]
    events: list[EventRow]
    plans: list[PlanRow] = []
    plan_sessions: list[PlanSessionRow] = []
    tried: list[TriedRow] = []
    availability: list[AvailabilityRow] = []
    wellbeing_preference: WellbeingPreferenceRow | None = None
    check_ins: list[CheckInRow] = []
    safety_screenings: list[SafetyScreeningRow] = []
    frustration_checks: list[FrustrationCheckRow] = []
    partner_notices: list[PartnerNoticeRow] = []
    quiet_hours: QuietHoursRow | None = None
    channels: list[ChannelRow] = []


# -- Export ----------------------------------------------------------------------------------


def _row[R: _Row](row: type[R], obj: Model, **given: Any) -> R:
    """`obj` as a `row`: each field read from the attribute of the same name (the id for
    a foreign key: `baby` is `baby_id`), unless `given`."""
    values = {
        name: getattr(obj, f"{name}_id") if hasattr(obj, f"{name}_id") else getattr(obj, name)
        for name in row.model_fields
        if name not in given
    }
    return row(**values, **given)


def export_data(membership: Membership) -> ExportFile:
    """Everything `membership` may take away from their household, as an ExportFile.

    Raises NotAllowed for a member who can only look.
    """
    if not membership.can_write:
        raise NotAllowed(_("Only members who can log care can export the household."))
    household = Household.objects.get(pk=membership.household_id)
    return ExportFile(
        format=FORMAT_MARKER,
        version=VERSION,
        exported_at=timezone.now(),
        exported_by=membership.pk,
        **_household_rows(household),
        **_own_rows(membership, household),
    )


def _household_rows(household: Household) -> dict[str, Any]:
    """The rows the whole household shares: members, babies, the log and the plans."""
    members = list(Membership.objects.filter(household=household).select_related("user"))
    present: dict[int, list[int]] = {}
    for event_id, member_id in (
        Event.others_present.through.objects.filter(event__household=household)
        .order_by("event_id", "membership_id")
        .values_list("event_id", "membership_id")
    ):
        present.setdefault(event_id, []).append(member_id)
    events = Event.objects.filter(household=household).order_by("start", "id")
    shared = {"membership__household": household}
    return {
        "household": _row(HouseholdRow, household),
        "members": [_row(MemberRow, m, username=m.user.get_username()) for m in members],
        "babies": [
            _row(BabyRow, b) for b in Baby.objects.filter(household=household).order_by("id")
        ],
        "events": [
            _row(EventRow, e, others_present=present.get(e.pk, []), details=e.details or {})
            for e in events.iterator(chunk_size=2000)
        ],
        "plans": [
            _row(PlanRow, p, member=p.membership_id)
            for p in Plan.objects.filter(household=household).order_by("created_at", "id")
        ],
        "plan_sessions": [
            _row(PlanSessionRow, s)
            for s in PlanSession.objects.filter(plan__household=household).order_by(
                "plan_id", "date", "local_start", "id"
            )
        ],
        "tried": [
            _row(TriedRow, t, member=t.membership_id)
            for t in Tried.objects.filter(**shared).order_by("created_at", "id")
        ],
        "availability": [
            _row(AvailabilityRow, a, member=a.membership_id)
            for a in Availability.objects.filter(**shared).order_by("id")
        ],
    }


def _own_rows(membership: Membership, household: Household) -> dict[str, Any]:
    """The exporting member's own rows only: never a partner's check-ins or settings."""
    mine = {"membership": membership}
    preference = WellbeingPreference.objects.filter(**mine).first()
    quiet = QuietHours.objects.filter(**mine).first()
    notices = PartnerNotice.objects.filter(household=household).filter(
        Q(sender=membership) | Q(recipient=membership)
    )
    return {
        "wellbeing_preference": preference and _row(WellbeingPreferenceRow, preference),
        "check_ins": [
            _row(CheckInRow, c) for c in CheckIn.objects.filter(**mine).order_by("created_at", "id")
        ],
        "safety_screenings": [
            _row(SafetyScreeningRow, s)
            for s in SafetyScreening.objects.filter(**mine).order_by("created_at", "id")
        ],
        "frustration_checks": [
            _row(FrustrationCheckRow, f)
            for f in FrustrationCheck.objects.filter(**mine).order_by("created_at", "id")
        ],
        "partner_notices": [
            _row(PartnerNoticeRow, n) for n in notices.order_by("created_at", "id")
        ],
        "quiet_hours": quiet and _row(QuietHoursRow, quiet),
        "channels": [
            _row(ChannelRow, c) for c in Channel.objects.filter(**mine).order_by("created_at", "id")
        ],
    }


def export_household(membership: Membership) -> bytes:
    """The household as a zip (see the module docstring). NotAllowed for a viewer."""
    export = export_data(membership)
    data = export.model_dump(mode="json")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, dumps(data))
        for kind, text in event_csvs(export, membership.household).items():
            archive.writestr(f"events-{kind}.csv", text)
    return buffer.getvalue()


def export_filename(household: Household, today: date | None = None) -> str:
    """A download name like nestling-alice-and-bob-2026-11-23.zip (ASCII only)."""
    slug = slugify(household.name) or "household"
    day = today or timezone.localdate(timezone=household.tz)
    return f"nestling-{slug}-{day.isoformat()}.zip"


def dumps(data: dict[str, Any]) -> str:
    """JSON with one row per line: readable, diffable, and each event's line can be named
    in an import report (importers/nestling.py counts on `"events": [` then one per line)."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"]
    for index, (key, value) in enumerate(data.items()):
        comma = "," if index < len(data) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {one(key)}: [")
            lines.extend(
                f"    {one(row)}{',' if i < len(value) - 1 else ''}" for i, row in enumerate(value)
            )
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {one(key)}: {one(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


#: The columns every events-<kind>.csv starts with.
CSV_COLUMNS = [
    "id",
    "baby",
    "start_local",
    "end_local",
    "duration_min",
    "start_utc",
    "end_utc",
    "caregiver",
    "others_present",
    "created_by",
    "source",
    "flag",
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def event_csvs(export: ExportFile, household: Household) -> dict[str, str]:
    """One CSV text per kind the household logged: times in the household's zone
    (YYYY-MM-DD HH:MM:SS) and in UTC, people by display name, details one per column."""
    tz = household.tz
    names = {m.id: m.display_name for m in export.members}
    babies = {b.id: b.name for b in export.babies}
    by_kind: dict[str, list[EventRow]] = {}
    for event in export.events:
        by_kind.setdefault(event.kind, []).append(event)

    def local(moment: datetime | None) -> str:
        return "" if moment is None else moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")

    def utc(moment: datetime | None) -> str:
        return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    out: dict[str, str] = {}
    for kind, events in by_kind.items():
        fields = [f for f in KINDS[kind].details.model_fields if f != "note"]
        extra = sorted({key for e in events for key in e.details} - {*fields, "note"})
        detail_columns = [*fields, *extra, "note"]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS + detail_columns)
        for e in events:
            minutes = "" if e.end is None else f"{(e.end - e.start).total_seconds() / 60:.2f}"
            writer.writerow(
                [
                    e.id,
                    babies.get(e.baby, ""),
                    local(e.start),
                    local(e.end),
                    minutes.rstrip("0").rstrip(".") if minutes else "",
                    utc(e.start),
                    utc(e.end),
                    names.get(e.caregiver, ""),
                    "; ".join(names.get(m, "") for m in e.others_present),
                    names.get(e.created_by, "") if e.created_by is not None else "",
                    e.source,
                    e.flag,
                    *(_cell(e.details.get(column)) for column in detail_columns),
                ]
            )
        # A byte-order mark, so spreadsheet programs read the file as UTF-8.
        out[kind] = "\ufeff" + buffer.getvalue()
    return out


# -- Import ----------------------------------------------------------------------------------


def read_export(data: bytes) -> ExportFile:
    """The ExportFile in a Nestling export zip (or its bare JSON); InvalidInput {"file": …}
    saying what is wrong otherwise."""
    text = _json_text(data)
    if not text.lstrip().startswith("{"):
        raise InvalidInput({"file": _("This is not a Nestling export (a zip, or its JSON).")})
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise InvalidInput({"file": _("%(name)s is not valid JSON (%(error)s).") % {
            "name": JSON_NAME, "error": exc}}) from None  # fmt: skip
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_MARKER:
        raise InvalidInput({"file": _("This is not a Nestling export.")})
    if raw.get("version") != VERSION:
        raise InvalidInput(
            {
                "file": _(
                    "This export is of version %(found)s; this Nestling reads version "
                    "%(version)s. Export it again from an up-to-date Nestling."
                )
                % {"found": json.dumps(raw.get("version")), "version": VERSION}
            }
        )
    try:
        export = ExportFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"])
        raise InvalidInput(
            {"file": _("%(where)s: %(problem)s.") % {"where": where, "problem": err["msg"]}}
        ) from None
    _check_references(export)
    return export


def _json_text(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == JSON_NAME]
                if not names:
                    raise InvalidInput(
                        {"file": _("This zip holds no %(name)s: it is not a Nestling export.")
                         % {"name": JSON_NAME}}
                    )  # fmt: skip
                data = archive.read(names[0])
        except zipfile.BadZipFile:
            raise InvalidInput({"file": _("This is not a readable zip file.")}) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput({"file": _("This is not a Nestling export.")}) from None


def _check_references(export: ExportFile) -> None:
    """Every id a row names must be a row of the file."""
    members = {m.id for m in export.members}
    babies = {b.id for b in export.babies}
    events = {e.id for e in export.events}
    plans = {p.id for p in export.plans}
    check_ins = {c.id for c in export.check_ins}
    problems: list[str] = []

    def need(where: str, value: int | None, known: set[int], what: str) -> None:
        if value is not None and value not in known:
            problems.append(f"{where}: no {what} {value} in this file")

    for name, rows in (("members", export.members), ("babies", export.babies)):
        seen = [r.id for r in rows]
        if len(seen) != len(set(seen)):
            problems.append(f"{name}: the same id twice")
    need("exported_by", export.exported_by, members, "member")
    for i, e in enumerate(export.events):
        need(f"events.{i}.baby", e.baby, babies, "baby")
        need(f"events.{i}.caregiver", e.caregiver, members, "member")
        need(f"events.{i}.created_by", e.created_by, members, "member")
        for who in e.others_present:
            need(f"events.{i}.others_present", who, members, "member")
    for i, p in enumerate(export.plans):
        need(f"plans.{i}.member", p.member, members, "member")
        need(f"plans.{i}.baby", p.baby, babies, "baby")
        need(f"plans.{i}.created_by", p.created_by, members, "member")
    for i, s in enumerate(export.plan_sessions):
        need(f"plan_sessions.{i}.plan", s.plan, plans, "plan")
        need(f"plan_sessions.{i}.event", s.event, events, "event")
    for name, owners in (
        ("tried", [t.member for t in export.tried]),
        ("availability", [a.member for a in export.availability]),
    ):
        for i, owner in enumerate(owners):
            need(f"{name}.{i}.member", owner, members, "member")
    for i, screening in enumerate(export.safety_screenings):
        need(f"safety_screenings.{i}.check_in", screening.check_in, check_ins, "check-in")
    for i, n in enumerate(export.partner_notices):
        need(f"partner_notices.{i}.sender", n.sender, members, "member")
        need(f"partner_notices.{i}.recipient", n.recipient, members, "member")
    if problems:
        raise InvalidInput({"file": problems[0]})


def import_household(data: bytes, *, owner_username: str | None = None) -> Household:
    """Recreate the household of a Nestling export here, all or nothing, and return it.

    Members whose username is free here get a login with no usable password (they set one
    through a password reset, or an admin sets it); a username already here is used only if
    that person belongs to no household. `owner_username` takes the place of the member who
    exported (e.g. the person importing it, under their login here). Raises InvalidInput
    {"file": …} for a file that is not a Nestling export of this version, or is damaged, and
    {"members": …} for a username that is someone's in another household here.
    """
    export = read_export(data)
    try:
        with transaction.atomic():
            return _write_household(export, owner_username)
    except IntegrityError as exc:
        raise InvalidInput(
            {"file": _("The export contradicts itself (%(error)s).") % {"error": exc}}
        ) from None


def _users(export: ExportFile, owner_username: str | None) -> dict[int, User]:
    """Member id -> the login to attach, made if need be."""
    UserModel = get_user_model()
    found: dict[int, User] = {}
    taken: set[str] = set()
    for m in export.members:
        username = (
            owner_username.strip()
            if owner_username and owner_username.strip() and m.id == export.exported_by
            else m.username
        )
        if username.casefold() in taken:
            raise InvalidInput(
                {"members": _("The username “%(name)s” appears twice.") % {"name": username}}
            )
        taken.add(username.casefold())
        user = UserModel.objects.filter(username__iexact=username).first()
        if user is None:
            user = UserModel(username=username)
            user.set_unusable_password()
            user.save()
        elif Membership.objects.filter(user=user).exists():
            raise InvalidInput(
                {
                    "members": _(
                        "The username “%(name)s” belongs to someone in another household "
                        "here. Import into a Nestling where it is free, or rename that login."
                    )
                    % {"name": username}
                }
            )
        found[m.id] = user
    return found


def _bulk[M: Model](model: type[M], rows: Sequence[M]) -> list[M]:
    if rows and model is Event:
        # bulk_create sends no signals: the cached event counts must not outlive this.
        for household_id in {row.household_id for row in rows if isinstance(row, Event)}:
            changes.log_changed(household_id)
    # Through the default manager: none of these models has one but `objects`.
    return model._default_manager.bulk_create(rows, batch_size=BATCH)


def _keep_times[M: Model](model: type[M], rows: Sequence[M], fields: Sequence[str]) -> None:
    """Put back timestamps that auto_now(_add) replaced when the rows were created."""
    model._default_manager.bulk_update(rows, list(fields), batch_size=BATCH)


def _write_household(export: ExportFile, owner_username: str | None) -> Household:
    household = _create_household(export.household)
    members = _write_members(export, household, owner_username)
    babies = _write_babies(export, household)
    events = _write_events(export, household, members, babies)
    _write_plans(export, household, members, babies, events)
    _write_tried_and_availability(export, members)
    _write_own_rows(export, household, members, events)
    return household


def _create_household(h: HouseholdRow) -> Household:
    """The household itself, checked as a new one is, with its units and creation time."""
    try:
        name, time_zone, country = _clean_household_fields(h.name, h.time_zone, h.country)
    except InvalidInput as exc:
        raise InvalidInput({f"household.{k}": v for k, v in exc.errors.items()}) from None
    household = Household.objects.create(name=name, time_zone=time_zone, country=country)
    units = {
        field: value
        for field in ("volume_unit", "weight_unit", "length_unit", "temperature_unit", "clock")
        if (value := getattr(h, field)) in _choices(Household, field)
    }
    if units:
        Household.objects.filter(pk=household.pk).update(**units)
        for field, value in units.items():
            setattr(household, field, value)
    household.created_at = h.created_at
    _keep_times(Household, [household], ["created_at"])
    return household


def _choices(model: type[Model], name: str) -> set[object]:
    """The values the field `name` of `model` may store (none for a relation)."""
    field = model._meta.get_field(name)
    return (
        {value for value, _label in field.flatchoices} if isinstance(field, ModelField) else set()
    )


def _write_members(
    export: ExportFile, household: Household, owner_username: str | None
) -> dict[int, Membership]:
    """Member id in the export -> the new membership (with its login)."""
    users = _users(export, owner_username)
    members: dict[int, Membership] = {}
    for m in export.members:
        members[m.id] = Membership(
            household=household, user=users[m.id], role=m.role, display_name=m.display_name
        )
    _bulk(Membership, list(members.values()))
    for m in export.members:
        members[m.id].created_at = m.created_at
    _keep_times(Membership, list(members.values()), ["created_at"])
    return members


def _write_babies(export: ExportFile, household: Household) -> dict[int, Baby]:
    babies: dict[int, Baby] = {}
    for b in export.babies:
        babies[b.id] = Baby(household=household, **b.model_dump(exclude={"id", "created_at"}))
    _bulk(Baby, list(babies.values()))
    for b in export.babies:
        babies[b.id].created_at = b.created_at
    _keep_times(Baby, list(babies.values()), ["created_at"])
    return babies


def _write_events(
    export: ExportFile,
    household: Household,
    members: dict[int, Membership],
    babies: dict[int, Baby],
) -> dict[int, Event]:
    """The log, with who else was there; event id in the export -> the new event."""
    events: dict[int, Event] = {}
    for e in export.events:
        events[e.id] = Event(
            household=household,
            baby=babies[e.baby],
            kind=e.kind,
            start=e.start,
            end=e.end,
            caregiver=members[e.caregiver],
            details=e.details,
            created_by=members[e.created_by] if e.created_by is not None else None,
            source=e.source,
            fingerprint=e.fingerprint,
            flag=e.flag,
        )
    _bulk(Event, list(events.values()))
    for e in export.events:
        events[e.id].created_at, events[e.id].updated_at = e.created_at, e.updated_at
    _keep_times(Event, list(events.values()), ["created_at", "updated_at"])
    through = Event.others_present.through
    _bulk(
        through,
        [
            through(event_id=events[e.id].pk, membership_id=members[who].pk)
            for e in export.events
            for who in dict.fromkeys(e.others_present)
        ],
    )
    return events


def _write_plans(
    export: ExportFile,
    household: Household,
    members: dict[int, Membership],
    babies: dict[int, Baby],
    events: dict[int, Event],
) -> None:
    """The bonding plans and their sessions (a session done points at its event)."""
    plans: dict[int, Plan] = {}
    for p in export.plans:
        plans[p.id] = Plan(
            household=household,
            membership=members[p.member],
            baby=babies[p.baby],
            created_by=members[p.created_by] if p.created_by is not None else None,
            start_date=p.start_date,
            weeks=p.weeks,
            level=p.level,
            is_active=p.is_active,
            has_overlap=p.has_overlap,
            inputs=p.inputs,
            notes=p.notes,
            blocked_bands=p.blocked_bands,
        )
    _bulk(Plan, list(plans.values()))
    for p in export.plans:
        plans[p.id].created_at = p.created_at
    _keep_times(Plan, list(plans.values()), ["created_at"])
    _bulk(
        PlanSession,
        [
            PlanSession(
                plan=plans[s.plan],
                event=events[s.event] if s.event is not None else None,
                **s.model_dump(exclude={"plan", "event"}),
            )
            for s in export.plan_sessions
        ],
    )


def _write_tried_and_availability(export: ExportFile, members: dict[int, Membership]) -> None:
    tried = [
        Tried(membership=members[t.member], **t.model_dump(exclude={"member", "created_at"}))
        for t in export.tried
    ]
    _bulk(Tried, tried)
    for tried_row, t in zip(tried, export.tried, strict=True):
        tried_row.created_at = t.created_at
    _keep_times(Tried, tried, ["created_at"])
    availability = [
        Availability(membership=members[a.member], days=a.days, entered_as=a.entered_as)
        for a in export.availability
    ]
    _bulk(Availability, availability)
    for available, a in zip(availability, export.availability, strict=True):
        available.updated_at = a.updated_at
    _keep_times(Availability, availability, ["updated_at"])


def _write_own_rows(
    export: ExportFile,
    household: Household,
    members: dict[int, Membership],
    events: dict[int, Event],
) -> None:
    """The exporting member's own rows: wellbeing, notices, quiet hours and channels."""
    me = members[export.exported_by]
    if export.wellbeing_preference is not None:
        WellbeingPreference.objects.create(
            membership=me, **export.wellbeing_preference.model_dump()
        )
    check_ins: dict[int, CheckIn] = {
        c.id: CheckIn(membership=me, **c.model_dump(exclude={"id"})) for c in export.check_ins
    }
    _bulk(CheckIn, list(check_ins.values()))
    _bulk(
        SafetyScreening,
        [
            SafetyScreening(
                membership=me,
                check_in=check_ins[s.check_in] if s.check_in is not None else None,
                **s.model_dump(exclude={"check_in"}),
            )
            for s in export.safety_screenings
        ],
    )
    _bulk(
        FrustrationCheck,
        [
            FrustrationCheck(
                membership=me,
                rating=f.rating,
                source=f.source,
                # A plain number in wellbeing (it does not depend on carelog): the new id.
                cry_event_id=events[f.cry_event].pk if f.cry_event in events else None,
                created_at=f.created_at,
            )
            for f in export.frustration_checks
        ],
    )
    _bulk(
        PartnerNotice,
        [
            PartnerNotice(
                household=household,
                sender=members[n.sender],
                recipient=members[n.recipient],
                kind=n.kind,
                created_at=n.created_at,
                dismissed_at=n.dismissed_at,
            )
            for n in export.partner_notices
        ],
    )
    if export.quiet_hours is not None:
        QuietHours.objects.create(membership=me, **export.quiet_hours.model_dump())
    _bulk(Channel, [Channel(membership=me, **c.model_dump()) for c in export.channels])


# -- Deletion --------------------------------------------------------------------------------


@transaction.atomic
def delete_household(membership: Membership, confirm: str) -> None:
    """Delete the household and every row that belonged to it, for good.

    `confirm` must be the household's name as shown (spaces around it aside); only the
    owner may. Every member's login goes too (each belongs to one household), with their
    sessions and failed-login records, except a server admin's (staff) login, which stays
    without a household. Raises NotAllowed, or InvalidInput {"confirm": …}.
    """
    if not membership.is_owner:
        raise NotAllowed(_("Only the household's owner can delete it."))
    household = Household.objects.select_for_update().get(pk=membership.household_id)
    if confirm.strip() != household.name:
        raise InvalidInput(
            {
                "confirm": _("Type the household's name, “%(name)s”, exactly as shown.")
                % {"name": household.name}
            }
        )
    members = Membership.objects.filter(household=household)
    # Personal rows first (reminders before the channels their deliveries use), then what
    # the household shares; events before members, who are their caregivers (PROTECT).
    Delivery.objects.filter(reminder__membership__in=members).delete()
    Delivery.objects.filter(channel__membership__in=members).delete()
    for notifying in (Reminder, Notification, Channel, QuietHours):
        notifying.objects.filter(membership__in=members).delete()
    SafetyScreening.objects.filter(membership__in=members).delete()
    for wellbeing in (FrustrationCheck, CheckIn, WellbeingPreference):
        wellbeing.objects.filter(membership__in=members).delete()
    PartnerNotice.objects.filter(household=household).delete()
    PlanSession.objects.filter(plan__household=household).delete()
    Plan.objects.filter(household=household).delete()
    for planning in (Tried, Availability, ApiToken):
        planning.objects.filter(membership__in=members).delete()
    ImportJob.objects.filter(household=household).delete()
    Event.objects.filter(household=household).delete()  # with their others_present links
    Baby.objects.filter(household=household).delete()
    Invitation.objects.filter(household=household).delete()
    users = list(get_user_model().objects.filter(membership__household=household, is_staff=False))
    members.delete()
    household.delete()
    _delete_logins(users)


def _delete_logins(users: list[User]) -> None:
    """Delete these logins, their sessions and their failed-login records."""
    if not users:
        return
    ids = {str(user.pk) for user in users}
    names = [user.get_username() for user in users]
    # Sessions keep the user's id only inside their encoded data.
    stale = [
        s.session_key
        for s in Session.objects.iterator()
        if str(s.get_decoded().get("_auth_user_id")) in ids
    ]
    Session.objects.filter(session_key__in=stale).delete()
    # django-axes records failed logins by username (AccessAttempt, AccessFailureLog…).
    if apps.is_installed("axes"):
        for model in apps.get_app_config("axes").get_models():
            if any(f.name == "username" for f in model._meta.get_fields()):
                model._default_manager.filter(username__in=names).delete()
    get_user_model().objects.filter(pk__in=[user.pk for user in users]).delete()

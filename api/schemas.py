"""Request and response shapes of the JSON API.

Schemas parse at the edge (types, time zones, required fields). Everything the domain
cares about (a known kind, details that fit it, end after start, nothing in the future,
members of this household) is checked by the same services the pages and the CLI call,
so the API never holds a second copy of a rule.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, HeaderEx, P, Schema
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    Strict,
    WithJsonSchema,
)

from carelog.kinds import KINDS, BabyResponse
from carelog.models import CrySuggestion, Event

KIND_CODES = list(KINDS)
if TYPE_CHECKING:
    KindCode = str  # the Literal below is built at run time, which mypy can't read
else:
    KindCode = Literal[tuple(KIND_CODES)]
_KIND_HELP = "One of: " + ", ".join(KIND_CODES) + ". GET /kinds lists each kind's details."


#: Ids are 64-bit keys in SQLite and PostgreSQL. A bigger number can't name anything, and
#: passed on to the database it fails the query (a 500) instead of finding nothing.
MAX_ID = 2**63 - 1
#: A busy year of one baby's log is about 25,000 events, so no page starts this far in.
#: Without a bound, ?offset=9223372036854775808 overflowed the database's integer (a 500).
MAX_OFFSET = 1_000_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _has_utc(moment: datetime) -> datetime:
    # 0001-01-01T00:00+05:00 parses, but is before year 1 in UTC: the database (which
    # stores UTC) can't hold it, and comparing it in a query raised OverflowError (a 500).
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(_("This time is out of range; check the year.")) from None
    return moment


def _iso(form: str, message: Any) -> BeforeValidator:
    """Take only ISO 8601 text that starts like `form`. Pydantic would also read a number
    (`1700000000`, or `"357"` in a query string) as seconds since 1970: a time nobody
    wrote, accepted without a word."""
    pattern = re.compile(form)

    def check(value: Any) -> Any:
        if isinstance(value, str) and pattern.match(value):
            return value
        raise ValueError(str(message))

    return BeforeValidator(check)


#: A moment: ISO 8601 text with its UTC offset. Not strict in pydantic's sense (that
#: would want a datetime object, which JSON can't carry), but text of that form only.
Moment = Annotated[
    AwareDatetime,
    Strict(False),
    _iso(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]",
        gettext_lazy(
            "Give the time in ISO 8601 with its UTC offset, like 2026-11-23T03:00:00Z or "
            "2026-11-23T03:00:00+01:00."
        ),
    ),
    AfterValidator(_has_utc),
]

#: A calendar day: ISO 8601 text, YYYY-MM-DD.
Day = Annotated[
    date,
    Strict(False),
    _iso(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", gettext_lazy("Give the date as YYYY-MM-DD.")),
]

_TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")


def _time_of_day(value: Any) -> Any:
    if isinstance(value, time):  # a value we are about to send, not one we were sent
        return value
    if isinstance(value, str) and _TIME_OF_DAY.fullmatch(value):
        return time.fromisoformat(value)
    raise ValueError(_("Give a time of day as HH:MM, like 22:00."))


#: A time of day on the household's clock: "22:00" or "22:00:00" in, "22:00:00" out. It
#: has no UTC offset (it means the same local time all year, across daylight saving), so
#: it is not an OpenAPI `format: time`, which requires one.
LocalTime = Annotated[
    time,
    BeforeValidator(_time_of_day),
    PlainSerializer(lambda value: value.isoformat(timespec="seconds"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"^{_TIME_OF_DAY.pattern}$",
            "description": "Local time of day in the household's time zone, HH:MM[:SS], "
            "without an offset.",
            "examples": ["22:00:00"],
        }
    ),
]


class _In(Schema):
    # A request body. A misspelt field is refused by name rather than silently dropped,
    # and types are strict: `true` is not member 1, `"3"` is not 3, `1.5` is not an id.
    # (Query strings are all text, so their schemas are plain Schemas, not these.)
    model_config = ConfigDict(extra="forbid", strict=True)


class Error(Schema):
    """Every error response has this shape."""

    detail: str = Field(description="What went wrong, in plain words.")
    errors: dict[str, str] = Field(
        default_factory=dict,
        description="Field name → message, for each field that needs attention.",
    )


# Households and members ---------------------------------------------------------------


class MemberRef(Schema):
    id: int
    display_name: str


Role = Literal["owner", "parent", "viewer"]
CryNoticeMinutes = Literal[0, 5, 10, 20, 30]


class MemberOut(Schema):
    id: int
    display_name: str
    role: Role
    is_me: bool = False
    listening: bool = Field(
        False,
        description="Turned on “Listen for crying on my devices”: may send cry suggestions.",
    )
    cry_notice_minutes: CryNoticeMinutes | None = Field(
        None,
        description=(
            "Yours only (null for everyone else): after how many minutes of possible "
            "crying, heard by another member's device, you get a notice through your "
            "reminders. 0 is off, the default."
        ),
    )


class MemberPatch(_In):
    display_name: str | None = Field(None, max_length=40)
    cry_notice_minutes: CryNoticeMinutes | None = Field(
        None,
        description="Your own notice about long crying: 0 (off), 5, 10, 20 or 30 minutes.",
    )


VolumeUnit = Literal["ml", "floz"]
WeightUnit = Literal["kg", "lb"]
LengthUnit = Literal["cm", "in"]
TemperatureUnit = Literal["c", "f"]
Clock = Literal["24", "12"]
_UNITS_NOTE = " How the pages, reports and CLI show amounts; API values are always SI."


class HouseholdOut(Schema):
    id: int
    name: str
    time_zone: str = Field(description="IANA name, e.g. Europe/London.")
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. GB.")
    volume_unit: VolumeUnit = Field(description="ml or floz (US fl oz)." + _UNITS_NOTE)
    weight_unit: WeightUnit = Field(description="kg, or lb (pounds and ounces)." + _UNITS_NOTE)
    length_unit: LengthUnit = Field(description="cm or in." + _UNITS_NOTE)
    temperature_unit: TemperatureUnit = Field(description="c (°C) or f (°F)." + _UNITS_NOTE)
    clock: Clock = Field(description="24 (15:05) or 12 (3:05 pm).")
    created_at: datetime
    me: MemberOut


class HouseholdPatch(_In):
    name: str | None = None
    time_zone: str | None = None
    country: str | None = None
    volume_unit: VolumeUnit | None = None
    weight_unit: WeightUnit | None = None
    length_unit: LengthUnit | None = None
    temperature_unit: TemperatureUnit | None = None
    clock: Clock | None = None


# Babies ---------------------------------------------------------------------------------


class BabyOut(Schema):
    id: int
    name: str
    birth_date: date
    due_date: date | None = Field(None, description="For babies born early (corrected age).")
    sex: Literal["female", "male", ""] = Field(
        "", description='For growth centiles (WHO 2006 standards); "" when not given.'
    )
    created_at: datetime


_SEX_HELP = 'Optional: "female" or "male", for growth centiles; "" clears it.'


class BabyIn(_In):
    name: str
    birth_date: Day
    due_date: Day | None = None
    sex: Literal["female", "male", ""] = Field("", description=_SEX_HELP)


class BabyPatch(_In):
    name: str | None = None
    birth_date: Day | None = None
    due_date: Day | None = None
    sex: Literal["female", "male", ""] | None = Field(None, description=_SEX_HELP)


# Events and timers ---------------------------------------------------------------------


class ChoiceOut(Schema):
    value: str | int
    label: str


class DetailInputOut(Schema):
    name: str = Field(description="The detail's key in `details`.")
    label: str = Field(description="What a form asks, in your language (amounts in SI).")
    input: Literal["choice", "select", "tick", "ticks", "text", "paragraph", "number", "amount"]
    choices: list[ChoiceOut] = Field(description="The values it takes, with their words.")
    required: bool
    dimension: Literal["volume", "weight", "length", "temperature"] | None = Field(
        description="For an amount: what it measures (stored in ml, kg, cm or °C)."
    )


class KindOut(Schema):
    code: str
    label: str
    has_duration: bool = Field(description="Has an end; can be started as a timer.")
    is_session: bool = Field(description="Stopping asks baby_response and parent_confidence.")
    details_schema: dict[str, Any] = Field(description="JSON Schema of `details`.")
    inputs: list[DetailInputOut] = Field(
        description="What the pages ask when logging this kind, in order (carelog/inputs.py)."
    )


class EventOut(Schema):
    id: int
    baby: int
    kind: str
    start: datetime
    end: datetime | None = Field(description="Null while a timer runs, and for instants.")
    is_running: bool
    duration_s: int | None = Field(description="Whole seconds from start to end, if ended.")
    caregiver: MemberRef
    others_present: list[MemberRef]
    details: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_baby(obj: Event) -> int:
        return obj.baby_id

    @staticmethod
    def resolve_duration_s(obj: Event) -> int | None:
        duration = obj.duration
        return None if duration is None else int(duration.total_seconds())


class AdviceOut(Schema):
    code: Literal["fever", "too_soon", "next_dose"] = Field(
        description="fever: the temperature is at the fever level for the baby's age (NHS "
        "advice); too_soon: the same medicine was given less than its label's interval "
        "before; next_dose: when the label allows a medicine's next dose."
    )
    message: str = Field(description="What to tell the parent, in the household's units.")


class EventCreated(EventOut):
    advice: list[AdviceOut] = Field(
        default_factory=list,
        description="What the new entry calls for at once (empty for most entries).",
    )


class EventPage(Schema):
    count: int = Field(description="How many events match the filters, on all pages.")
    limit: int
    offset: int
    items: list[EventOut]


class EventIn(_In):
    kind: str = Field(description=_KIND_HELP, json_schema_extra={"enum": [*KIND_CODES]})
    baby: Id
    start: Moment | None = Field(None, description="ISO 8601 with an offset; default now.")
    end: Moment | None = Field(
        None, description="Omit for instants, or to start a timer for a kind with a duration."
    )
    caregiver: Id | None = Field(None, description="Member id; default: you.")
    others_present: list[Id] = Field(default_factory=list, description="Member ids.")
    details: dict[str, Any] = Field(default_factory=dict, description="Depends on the kind.")


#: The optional `Idempotency-Key` header of POST /events: a key the client makes once per
#: entry (a UUID) and sends again with every retry, so an entry is stored once however
#: often a flaky connection makes the client resend it.
IdempotencyKey = HeaderEx[
    str | None,
    P(
        alias="Idempotency-Key",
        min_length=1,
        max_length=64,
        description="Optional. A key you make once per entry (a UUID) and send again with "
        "every retry: a repeat returns the entry first stored with that key (201, same id) "
        "instead of storing another.",
    ),
]


class EventPatch(_In):
    """Only the fields sent change; the kind and the baby can't change."""

    start: Moment | None = None
    end: Moment | None = Field(None, description="null makes the event a running timer.")
    caregiver: Id | None = None
    others_present: list[Id] | None = None
    details: dict[str, Any] | None = Field(None, description="Replaces the details as a whole.")


class EventFilters(Schema):
    baby: Id | None = Field(None, description="Only this baby's events.")
    kind: list[KindCode] = Field(
        default_factory=list, description="Only these kinds; repeat for several."
    )
    since: Moment | None = Field(None, description="Started at or after this time.")
    until: Moment | None = Field(None, description="Started before this time.")
    caregiver: Id | None = Field(None, description="Only events this member was caring for.")
    limit: int = Field(50, ge=1, le=500, description="Page size (at most 500).")
    offset: int = Field(
        0, ge=0, le=MAX_OFFSET, description="How many matching events to skip (at most 1,000,000)."
    )


class TimerIn(_In):
    kind: str = Field(
        description="A kind with a duration.",
        json_schema_extra={"enum": [c for c, k in KINDS.items() if k.has_duration]},
    )
    baby: Id
    start: Moment | None = Field(None, description="Default now; earlier if you forgot.")
    caregiver: Id | None = Field(None, description="Member id; default: you.")
    others_present: list[Id] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)


class TimerStop(_In):
    # Defaults given by name, as in TokenIn: `TimerStop()` stands for an empty body.
    end: Moment | None = Field(default=None, description="Default now.")
    baby_response: BabyResponse | None = Field(
        default=None, description="For holding and activities."
    )
    parent_confidence: int | None = Field(
        default=None,
        ge=1,
        le=5,
        description="How the parent felt, 1-5; for holding and activities.",
    )
    details: dict[str, Any] = Field(
        default_factory=dict, description="Other closing details, merged into the event's."
    )
    caregiver: Id | None = Field(
        default=None,
        description="Who was caring, when it was not whoever started it (a member's id); "
        "default: unchanged.",
    )


class TimerFilters(Schema):
    baby: Id | None = None


# Cry suggestions ------------------------------------------------------------------------

CrySource = Literal["device", "page", "file"]
CryStatus = Literal["pending", "confirmed", "discarded"]


class EpisodeIn(_In):
    start: Moment
    end: Moment = Field(description="After `start`, at most 3 hours later.")
    confidence: float = Field(
        ge=0, le=1, description="How sure the detector is that this was crying, 0 to 1."
    )


class CrySuggestionsIn(_In):
    """Times of possible crying, never sound: an unknown field (`audio`, say) is refused
    by name, like every unknown field."""

    baby: Id | None = Field(None, description="The baby; optional when there is only one.")
    source: CrySource = Field(
        description="Where the detector ran: the app on a phone (device), an open Nestling "
        "page (page), or a recording the family chose to check (file)."
    )
    episodes: list[EpisodeIn] = Field(
        max_length=500, description="Each stretch of possible crying; at most 500."
    )


class CryConfirmIn(_In):
    carer: Id = Field(description="The member who was with the baby; the entry is theirs.")
    others_present: list[Id] = Field(default_factory=list, description="Member ids.")
    start: Moment | None = Field(None, description="A corrected start; default: as heard.")
    end: Moment | None = Field(None, description="A corrected end; default: as heard.")


class CrySuggestionOut(Schema):
    id: int
    baby: int
    detected_by: MemberRef = Field(description="Whose listening device heard it.")
    start: datetime
    end: datetime
    confidence: float
    source: CrySource
    status: CryStatus
    resolved_by: MemberRef | None = Field(description="Who confirmed or discarded it.")
    resolved_at: datetime | None
    event: int | None = Field(
        description="The crying event it was confirmed as (made or joined); else null."
    )
    created_at: datetime

    @staticmethod
    def resolve_baby(obj: CrySuggestion) -> int:
        return obj.baby_id

    @staticmethod
    def resolve_event(obj: CrySuggestion) -> int | None:
        return obj.event_id


class CrySuggestionFilters(Schema):
    status: CryStatus = Field("pending", description="pending (default), confirmed or discarded.")
    baby: Id | None = Field(None, description="Only this baby's.")


# Tokens -------------------------------------------------------------------------------


class TokenIn(_In):
    # `default=` by name: mypy reads a positional default as no default (TokenIn() below).
    name: str = Field(default="", max_length=60, description="To tell your tokens apart.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The token's first characters.")
    created_at: datetime
    last_used_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself. Shown only this once; keep it safe.")

"""Request and response shapes of the JSON API.

Schemas parse at the edge (types, time zones, required fields). Everything the domain
cares about (a known kind, details that fit it, end after start, nothing in the future,
members of this household) is checked by the same services the pages and the CLI call,
so the API never holds a second copy of a rule.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict

from carelog.kinds import KINDS, BabyResponse

KIND_CODES = list(KINDS)
KindCode = Literal[tuple(KIND_CODES)]  # type: ignore[valid-type]
_KIND_HELP = "One of: " + ", ".join(KIND_CODES) + ". GET /kinds lists each kind's details."


class _In(Schema):
    # A misspelt field is refused by name rather than silently dropped.
    model_config = ConfigDict(extra="forbid")


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


class MemberOut(Schema):
    id: int
    display_name: str
    role: Literal["owner", "parent", "viewer"]
    is_me: bool = False


class MemberPatch(_In):
    display_name: str = Field(max_length=40)


class HouseholdOut(Schema):
    id: int
    name: str
    time_zone: str = Field(description="IANA name, e.g. Europe/London.")
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. GB.")
    created_at: datetime
    me: MemberOut


class HouseholdPatch(_In):
    name: str | None = None
    time_zone: str | None = None
    country: str | None = None


# Babies ---------------------------------------------------------------------------------


class BabyOut(Schema):
    id: int
    name: str
    birth_date: date
    due_date: date | None = Field(None, description="For babies born early (corrected age).")
    created_at: datetime


class BabyIn(_In):
    name: str
    birth_date: date
    due_date: date | None = None


class BabyPatch(_In):
    name: str | None = None
    birth_date: date | None = None
    due_date: date | None = None


# Events and timers ---------------------------------------------------------------------


class KindOut(Schema):
    code: str
    label: str
    has_duration: bool = Field(description="Has an end; can be started as a timer.")
    is_session: bool = Field(description="Stopping asks baby_response and parent_confidence.")
    details_schema: dict[str, Any] = Field(description="JSON Schema of `details`.")


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
    def resolve_baby(obj: Any) -> int:
        return obj.baby_id

    @staticmethod
    def resolve_duration_s(obj: Any) -> int | None:
        duration = obj.duration
        return None if duration is None else int(duration.total_seconds())


class EventPage(Schema):
    count: int = Field(description="How many events match the filters, on all pages.")
    limit: int
    offset: int
    items: list[EventOut]


class EventIn(_In):
    kind: str = Field(description=_KIND_HELP, json_schema_extra={"enum": KIND_CODES})
    baby: int
    start: AwareDatetime | None = Field(None, description="ISO 8601 with an offset; default now.")
    end: AwareDatetime | None = Field(
        None, description="Omit for instants, or to start a timer for a kind with a duration."
    )
    caregiver: int | None = Field(None, description="Member id; default: you.")
    others_present: list[int] = Field(default_factory=list, description="Member ids.")
    details: dict[str, Any] = Field(default_factory=dict, description="Depends on the kind.")


class EventPatch(_In):
    """Only the fields sent change; the kind and the baby can't change."""

    start: AwareDatetime | None = None
    end: AwareDatetime | None = Field(None, description="null makes the event a running timer.")
    caregiver: int | None = None
    others_present: list[int] | None = None
    details: dict[str, Any] | None = Field(None, description="Replaces the details as a whole.")


class EventFilters(Schema):
    baby: int | None = Field(None, description="Only this baby's events.")
    kind: list[KindCode] = Field(  # type: ignore[valid-type]
        default_factory=list, description="Only these kinds; repeat for several."
    )
    since: AwareDatetime | None = Field(None, description="Started at or after this time.")
    until: AwareDatetime | None = Field(None, description="Started before this time.")
    caregiver: int | None = Field(None, description="Only events this member was caring for.")
    limit: int = Field(50, ge=1, le=500, description="Page size (at most 500).")
    offset: int = Field(0, ge=0, description="How many matching events to skip.")


class TimerIn(_In):
    kind: str = Field(
        description="A kind with a duration.",
        json_schema_extra={"enum": [c for c, k in KINDS.items() if k.has_duration]},
    )
    baby: int
    start: AwareDatetime | None = Field(None, description="Default now; earlier if you forgot.")
    caregiver: int | None = Field(None, description="Member id; default: you.")
    others_present: list[int] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)


class TimerStop(_In):
    end: AwareDatetime | None = Field(None, description="Default now.")
    baby_response: BabyResponse | None = Field(None, description="For holding and activities.")
    parent_confidence: int | None = Field(
        None, ge=1, le=5, description="How the parent felt, 1-5; for holding and activities."
    )
    details: dict[str, Any] = Field(
        default_factory=dict, description="Other closing details, merged into the event's."
    )


class TimerFilters(Schema):
    baby: int | None = None


# Tokens -------------------------------------------------------------------------------


class TokenIn(_In):
    name: str = Field("", max_length=60, description="To tell your tokens apart.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The token's first characters.")
    created_at: datetime
    last_used_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself. Shown only this once; keep it safe.")

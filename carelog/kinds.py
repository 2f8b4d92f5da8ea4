"""The kinds of event a family can log, and what each one's details may hold.

Details are validated here for every way in (pages, API, CLI, demo, imports), so a bottle
of -20 ml or an unknown PURPLE feature is refused the same way everywhere. The PURPLE
features are the per-episode letters of the National Center on Shaken Baby Syndrome's
mnemonic (../shared/domain/crying.md §4); "Peak" describes the age curve, not an episode,
so it is not something to tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class _Details(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FeedDetails(_Details):
    method: Literal["breast", "bottle", "solids"]
    side: Literal["left", "right", "both"] | None = None
    amount_ml: Annotated[int, Field(ge=0, le=500)] | None = None
    food: Annotated[str, Field(max_length=200)] | None = None

    @model_validator(mode="after")
    def _fits_method(self) -> FeedDetails:
        if self.method != "breast" and self.side is not None:
            raise ValueError("side is only for breast feeds")
        if self.method != "bottle" and self.amount_ml is not None:
            raise ValueError("amount_ml is only for bottle feeds")
        return self


class SleepDetails(_Details):
    location: Literal["cot", "pram", "carrier", "arms", "car", "other"] | None = None


class NappyDetails(_Details):
    wet: bool = False
    dirty: bool = False

    @model_validator(mode="after")
    def _something(self) -> NappyDetails:
        if not (self.wet or self.dirty):
            raise ValueError("a nappy is wet, dirty or both")
        return self


BabyResponse = Literal["content", "fussy", "crying"]


class SessionDetails(_Details):
    """Holding and activity sessions: two optional taps when they end."""

    baby_response: BabyResponse | None = None
    parent_confidence: Annotated[int, Field(ge=1, le=5)] | None = None


class ReadingDetails(SessionDetails):
    activity: Literal["reading", "singing"] = "reading"


PurpleFeature = Literal[
    "unexpected", "resists_soothing", "pain_like_face", "long_lasting", "evening"
]


class CryDetails(_Details):
    intensity: Annotated[int, Field(ge=1, le=3)] = 2
    ended: Literal["soothed", "fed", "slept", "stopped_on_own", "handed_over"] | None = None
    purple: list[PurpleFeature] = Field(default_factory=list)


class NoteDetails(_Details):
    text: Annotated[str, Field(min_length=1, max_length=2000)]


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any  # lazy translation
    details: type[_Details]
    has_duration: bool
    is_session: bool  # ends with "how was the baby / how did you feel"
    icon: str


KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind("feed", _("Feed"), FeedDetails, True, False, "🍼"),
        Kind("sleep", _("Sleep"), SleepDetails, True, False, "😴"),
        Kind("nappy", _("Nappy"), NappyDetails, False, False, "🧷"),
        Kind("bath", _("Bath"), SessionDetails, True, True, "🛁"),
        Kind("play", _("Play"), SessionDetails, True, True, "🧸"),
        Kind("reading", _("Reading or singing"), ReadingDetails, True, True, "📖"),
        Kind("walk", _("Walk"), SessionDetails, True, True, "🚶"),
        Kind("holding", _("Holding"), SessionDetails, True, True, "🤱"),
        Kind("skin_to_skin", _("Skin-to-skin"), SessionDetails, True, True, "💞"),
        Kind("soothing", _("Soothing"), SessionDetails, True, True, "🎵"),
        Kind("cry", _("Crying"), CryDetails, True, False, "😢"),
        Kind("note", _("Note"), NoteDetails, False, False, "📝"),
    ]
}


def validate_details(kind: str, details: dict[str, Any] | None) -> dict[str, Any]:
    """Return the cleaned details for `kind`, or raise ValueError-like DetailsError."""
    model = KINDS[kind].details
    try:
        cleaned = model.model_validate(details or {})
    except ValidationError as exc:
        raise DetailsError(_first_errors(exc)) from None
    return cleaned.model_dump(exclude_none=True, exclude_defaults=False)


class DetailsError(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(str(errors))
        self.errors = errors


def _first_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        loc = ".".join(str(part) for part in err["loc"] if part != "__root__")
        field = f"details.{loc}" if loc else "details"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "is not a detail of this kind of event"
        errors.setdefault(field, message)
    return errors

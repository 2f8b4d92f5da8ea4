"""The kinds of event a family can log, and what each one's details may hold.

Details are validated here for every way in (pages, API, CLI, demo, imports), so a bottle
of -20 ml or an unknown PURPLE feature is refused the same way everywhere. The PURPLE
features are the per-episode letters of the National Center on Shaken Baby Syndrome's
mnemonic (../shared/domain/crying.md §4); "Peak" describes the age curve, not an episode,
so it is not something to tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any, Literal

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class _Details(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    #: Free text kept with any entry (an imported row's notes, "after the bath").
    note: Annotated[str, Field(min_length=1, max_length=2000)] | None = None


def _whole(value: float | None) -> float | int | None:
    """120.0 -> 120, so amounts typed as whole numbers read back the way they went in."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


Amount = Annotated[float, Field(gt=0)]
Side = Literal["left", "right", "both"]
Milk = Literal["breast_milk", "formula", "mixed", "fortified", "other"]


class FeedDetails(_Details):
    # "solids" is kept for entries made before solids had a kind of their own.
    method: Literal["breast", "bottle", "solids"]
    side: Side | None = None
    #: Seconds on each breast, when the app or the parent timed the sides.
    left_s: Annotated[int, Field(ge=0, le=4 * 3600)] | None = None
    right_s: Annotated[int, Field(ge=0, le=4 * 3600)] | None = None
    first_side: Literal["left", "right"] | None = None
    amount_ml: Annotated[float, Field(gt=0, le=500)] | None = None
    milk: Milk | None = None
    food: Annotated[str, Field(max_length=200)] | None = None

    @model_validator(mode="after")
    def _fits_method(self) -> FeedDetails:
        breast_only = (self.side, self.left_s, self.right_s, self.first_side)
        if self.method != "breast" and any(v is not None for v in breast_only):
            raise ValueError("sides are only for breast feeds")
        if self.method != "bottle" and (self.amount_ml is not None or self.milk is not None):
            raise ValueError("amount_ml and milk are only for bottle feeds")
        if self.method == "breast" and self.side is None and (self.left_s or self.right_s):
            self.side = (
                "both" if self.left_s and self.right_s else ("left" if self.left_s else "right")
            )
        self.amount_ml = _whole(self.amount_ml)
        return self


class SleepDetails(_Details):
    location: Literal["cot", "bed", "pram", "carrier", "arms", "car", "swing", "other"] | None = (
        None
    )
    mood_start: Annotated[str, Field(max_length=40)] | None = None
    mood_end: Annotated[str, Field(max_length=40)] | None = None


NappyColour = Literal[
    "yellow", "mustard", "orange", "green", "brown", "black", "red", "white", "other"
]
NappyTexture = Literal["watery", "runny", "seedy", "soft", "mushy", "formed", "hard", "other"]


class NappyDetails(_Details):
    wet: bool = False
    dirty: bool = False
    #: Checked and clean: a real check, counted in nappies per day.
    dry: bool = False
    colour: NappyColour | None = None
    consistency: NappyTexture | None = None

    @model_validator(mode="after")
    def _something(self) -> NappyDetails:
        if not (self.wet or self.dirty or self.dry):
            raise ValueError("a nappy is wet, dirty, both or dry")
        if self.dry and (self.wet or self.dirty):
            raise ValueError("a dry nappy is neither wet nor dirty")
        return self


class GrowthDetails(_Details):
    weight_kg: Annotated[float, Field(ge=0.3, le=40)] | None = None
    length_cm: Annotated[float, Field(ge=20, le=140)] | None = None
    head_cm: Annotated[float, Field(ge=15, le=60)] | None = None

    @model_validator(mode="after")
    def _something(self) -> GrowthDetails:
        if self.weight_kg is None and self.length_cm is None and self.head_cm is None:
            raise ValueError("give a weight, a length or a head size")
        return self


class TemperatureDetails(_Details):
    celsius: Annotated[float, Field(ge=30, le=44)]
    method: Literal["armpit", "ear", "forehead", "mouth", "rectal", "other"] | None = None


class MedicineDetails(_Details):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    dose: Annotated[float, Field(gt=0, le=1000)] | None = None
    unit: (
        Literal["ml", "mg", "mcg", "drops", "tablets", "sachets", "puffs", "units", "other"] | None
    ) = None
    #: Hours to wait before the next dose may be given, when the label says.
    interval_h: Annotated[float, Field(ge=0.5, le=72)] | None = None

    @model_validator(mode="after")
    def _dose_unit(self) -> MedicineDetails:
        if self.unit is not None and self.dose is None:
            raise ValueError("a unit needs a dose")
        self.dose = _whole(self.dose)
        return self


class PumpDetails(_Details):
    left_ml: Annotated[float, Field(ge=0, le=1000)] | None = None
    right_ml: Annotated[float, Field(ge=0, le=1000)] | None = None
    total_ml: Annotated[float, Field(ge=0, le=1000)] | None = None

    @model_validator(mode="after")
    def _total(self) -> PumpDetails:
        if self.total_ml is None and (self.left_ml is not None or self.right_ml is not None):
            self.total_ml = (self.left_ml or 0) + (self.right_ml or 0)
        self.left_ml, self.right_ml = _whole(self.left_ml), _whole(self.right_ml)
        self.total_ml = _whole(self.total_ml)
        return self


class SolidsDetails(_Details):
    foods: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    amount: Annotated[float, Field(gt=0, le=5000)] | None = None
    unit: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    reaction: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    first_time: bool = False

    @model_validator(mode="after")
    def _unit(self) -> SolidsDetails:
        if self.unit is not None and self.amount is None:
            raise ValueError("a unit needs an amount")
        self.amount = _whole(self.amount)
        return self


class PottyDetails(_Details):
    result: Literal["pee", "poo", "both", "nothing"] | None = None


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
    text: Annotated[str, Field(min_length=1, max_length=4000)]


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any  # lazy translation
    details: type[_Details]
    has_duration: bool
    is_session: bool  # ends with "how was the baby / how did you feel"
    #: The name of its picture, web/static/web/icons/<icon>.svg, drawn by `{% icon %}`.
    icon: str
    #: A timer of this kind still running after this long was almost surely forgotten: it
    #: shows as "still running?", blocks no new entry and counts in no figure.
    stale_after: timedelta = timedelta(hours=4)


KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind("feed", _("Feed"), FeedDetails, True, False, "feed", timedelta(hours=2)),
        Kind("sleep", _("Sleep"), SleepDetails, True, False, "sleep", timedelta(hours=16)),
        Kind("nappy", _("Nappy"), NappyDetails, False, False, "nappy"),
        Kind("bath", _("Bath"), SessionDetails, True, True, "bath", timedelta(hours=2)),
        Kind("play", _("Play"), SessionDetails, True, True, "play"),
        Kind("reading", _("Reading or singing"), ReadingDetails, True, True, "reading"),
        Kind("walk", _("Walk"), SessionDetails, True, True, "walk", timedelta(hours=6)),
        Kind("holding", _("Holding"), SessionDetails, True, True, "holding", timedelta(hours=8)),
        Kind(
            "skin_to_skin",
            _("Skin-to-skin"),
            SessionDetails,
            True,
            True,
            "skin_to_skin",
            timedelta(hours=6),
        ),
        Kind("soothing", _("Soothing"), SessionDetails, True, True, "soothing"),
        Kind("cry", _("Crying"), CryDetails, True, False, "cry", timedelta(hours=3)),
        Kind(
            "tummy_time",
            _("Tummy time"),
            SessionDetails,
            True,
            True,
            "tummy_time",
            timedelta(hours=2),
        ),
        Kind("solids", _("Solids"), SolidsDetails, False, False, "solids"),
        Kind("pump", _("Pumping"), PumpDetails, True, False, "pump", timedelta(hours=2)),
        Kind("growth", _("Growth"), GrowthDetails, False, False, "growth"),
        Kind("temperature", _("Temperature"), TemperatureDetails, False, False, "temperature"),
        Kind("medicine", _("Medicine"), MedicineDetails, False, False, "medicine"),
        Kind("potty", _("Potty"), PottyDetails, False, False, "potty"),
        Kind("note", _("Note"), NoteDetails, False, False, "note"),
    ]
}


def validate_details(kind: str, details: dict[str, Any] | None) -> dict[str, Any]:
    """Return the cleaned details for `kind`, or raise ValueError-like DetailsError."""
    model = KINDS[kind].details
    try:
        cleaned = model.model_validate(details or {})
    except ValidationError as exc:
        raise DetailsError(_first_errors(exc)) from None
    dumped = cleaned.model_dump(exclude_none=True, exclude_defaults=False)
    # Flags added after entries were first stored are kept only when set, so an entry
    # reads back the same as before they existed ({"wet": true, "dirty": false}).
    for name in OPTIONAL_FLAGS:
        if dumped.get(name) is False:
            del dumped[name]
    return dumped


#: Yes/no details that are left out when no.
OPTIONAL_FLAGS = ("dry", "first_time")


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

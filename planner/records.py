"""Plain inputs and outputs of the planner.

Times of day are local minutes since midnight (as in ``insights.records.WeeklySchedule``),
weekdays are 0 = Monday. Baby states use the insights names: "fed_and_rested",
"due_a_feed", "tired". A session's baby response is "content", "fussy" or "crying"; the
parent's confidence is 1-5.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Only for annotations: importing the insights package pulls in statsmodels.
    from insights.records import WeeklySchedule

    from .content import Activity

MINUTES_PER_DAY = 24 * 60

BABY_STATES: tuple[str, ...] = ("fed_and_rested", "due_a_feed", "tired")
RESPONSES: tuple[str, ...] = ("content", "fussy", "crying")
TRIED_OUTCOMES: tuple[str, ...] = ("worked", "mixed", "failed")
# Care-log kinds a session can be logged as (insights.records.CARE_SESSION_KINDS).
LOG_KINDS: tuple[str, ...] = (
    "bath", "play", "reading", "walk", "holding", "skin_to_skin", "soothing", "feed",
)  # fmt: skip

# Times of day used for "changed form", reasons and the weekly review: (name, from, to).
BANDS: tuple[tuple[str, int, int], ...] = (
    ("night", 0, 4 * 60),
    ("early morning", 4 * 60, 7 * 60),
    ("morning", 7 * 60, 12 * 60),
    ("afternoon", 12 * 60, 17 * 60),
    ("evening", 17 * 60, 22 * 60),
    ("late evening", 22 * 60, MINUTES_PER_DAY),
)


def band_of(minute_of_day: int) -> str:
    """Return the name of the time-of-day band that ``minute_of_day`` falls in."""
    for name, start, end in BANDS:
        if start <= minute_of_day < end:
            return name
    raise ValueError(f"minute of day out of range: {minute_of_day}")


def _check_minute(value: int | None, what: str, *, end: bool = False) -> None:
    top = MINUTES_PER_DAY if end else MINUTES_PER_DAY - 1
    if value is not None and not 0 <= value <= top:
        raise ValueError(f"{what} must be 0-{top} minutes of the day, got {value}")


@dataclass(frozen=True)
class CalmWindow:
    """A recurring weekly window when the baby is usually awake and content.

    ``content_rate`` is 0-1; ``sessions`` how many logged sessions it rests on; ``content``
    how many of those were content, when known (reasons then say "8 of 10"); ``state`` the
    baby's usual state then (None when unknown). ``anchor`` is read from plans stored by
    earlier releases and no longer used.
    """

    weekday: int
    start_min: int
    end_min: int
    content_rate: float
    sessions: int
    state: str | None = None
    content: int | None = None
    anchor: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0-6, got {self.weekday}")
        if not 0 <= self.start_min < self.end_min <= MINUTES_PER_DAY:
            raise ValueError(f"bad calm window {self.start_min}-{self.end_min}")
        if not 0.0 <= self.content_rate <= 1.0:
            raise ValueError(f"content_rate must be 0-1, got {self.content_rate}")
        if self.sessions < 0 or (
            self.content is not None and not 0 <= self.content <= self.sessions
        ):
            raise ValueError("content must be between 0 and sessions")
        if self.state is not None and self.state not in BABY_STATES:
            raise ValueError(f"state must be one of {BABY_STATES}, got {self.state!r}")


@dataclass(frozen=True)
class Tried:
    """Something the family already tried: an activity family, how it went, and (when
    known) the local time and the baby's state then."""

    activity_family: str
    outcome: str  # "worked" | "mixed" | "failed"
    start_min: int | None = None
    state: str | None = None

    def __post_init__(self) -> None:
        if self.outcome not in TRIED_OUTCOMES:
            raise ValueError(f"outcome must be one of {TRIED_OUTCOMES}, got {self.outcome!r}")
        _check_minute(self.start_min, "start_min")
        if self.state is not None and self.state not in BABY_STATES:
            raise ValueError(f"state must be one of {BABY_STATES}, got {self.state!r}")


@dataclass(frozen=True)
class SessionOutcome:
    """How one session went: the baby's response and the parent's confidence (1-5).
    ``start_min`` (local) is optional; without it the session is matched to the plan by
    date and activity."""

    date: date
    activity_id: str
    baby_response: str  # "content" | "fussy" | "crying"
    parent_confidence: int
    start_min: int | None = None

    def __post_init__(self) -> None:
        if self.baby_response not in RESPONSES:
            raise ValueError(
                f"baby_response must be one of {RESPONSES}, got {self.baby_response!r}"
            )
        if not 1 <= self.parent_confidence <= 5:
            raise ValueError(f"parent_confidence must be 1-5, got {self.parent_confidence}")
        _check_minute(self.start_min, "start_min")


@dataclass(frozen=True)
class Words:
    """A sentence for the family, by ``key`` (content/messages/planner.toml) and the values
    it is worded from: numbers, codes, names and nested Words, never words of a language.
    The adapters word it in the reader's language (reports/wording.py); what each value is
    is listed beside planner.content.TEXT_FIELDS."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The sentence as JSON (nested sentences as objects), as plans store it."""
        return {
            "key": self.key,
            "values": {
                name: value.as_json() if isinstance(value, Words) else value
                for name, value in self.values.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Words:
        """The sentence ``as_json`` gave."""
        return cls(
            str(data["key"]),
            {
                name: cls.from_json(value) if isinstance(value, Mapping) else value
                for name, value in dict(data.get("values") or {}).items()
            },
        )


@dataclass(frozen=True)
class PlannedSession:
    """One session of the plan, at a local date and time (``start_utc`` is the same moment
    in UTC). ``is_owned_routine`` marks the routine the parent owns; ``is_changed_form`` an
    activity family that was tried and failed, now offered differently (the reason says
    how)."""

    date: date
    local_start: time
    start_utc: datetime
    activity_id: str
    title: str
    family: str
    logs_as: str
    minutes: int
    level: int
    reason: tuple[Words, ...]
    is_owned_routine: bool = False
    is_changed_form: bool = False
    outcome: SessionOutcome | None = None

    @property
    def start_min(self) -> int:
        """Local start as minutes since midnight."""
        return self.local_start.hour * 60 + self.local_start.minute


@dataclass(frozen=True)
class PlanNote:
    """A note about the plan; ``code`` is stable for UIs and tests (e.g. "no_overlap",
    "create_overlap", "leave", "level_up", "step_down", "shift_time"), ``words`` the
    sentence to word."""

    code: str
    words: Words


@dataclass(frozen=True)
class PlanInputs:
    """Everything make_plan was given, kept so adapt_plan can re-plan the remaining days."""

    activities: tuple[Activity, ...]
    baby_age_weeks: int
    calm_windows: tuple[CalmWindow, ...]
    availability: WeeklySchedule
    baby_sleep_windows: WeeklySchedule
    tried: tuple[Tried, ...]
    level: int
    start_date: date
    timezone: str
    weeks: int
    baby_name: str
    level_names: tuple[tuple[int, str, str, bool], ...]  # (level, name, partner role, solo)


@dataclass(frozen=True)
class Plan:
    """A bonding plan: sessions in time order, notes, the current level and whether the
    parent's free time overlaps the baby's calm windows at all. ``blocked_bands`` are
    times of day the plan moved away from after crying."""

    start_date: date
    weeks: int
    timezone: str
    level: int
    sessions: tuple[PlannedSession, ...]
    notes: tuple[PlanNote, ...]
    has_overlap: bool
    inputs: PlanInputs
    blocked_bands: tuple[str, ...] = field(default=())

    def note_codes(self) -> set[str]:
        """Return the codes of the plan's notes."""
        return {note.code for note in self.notes}

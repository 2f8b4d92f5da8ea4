"""Plain records shared by the simulator, the insights core and the Django adapter.

An `EventRecord` is one entry of the care log: a kind, a start (tz-aware UTC), an end
(None for instants and for timers still running), the caregiver who was caring (an opaque
key: the simulator uses "mum" and "dad", the Django side passes membership ids as strings),
who else was there, and the kind's details (the keys the care log validates).

A `WeeklySchedule` is a person's weekly availability as local-time windows per weekday
(Monday first), in minutes since local midnight, so it survives daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Kinds with no duration: their `end` is always None.
INSTANT_KINDS: frozenset[str] = frozenset({"nappy", "note"})

# Activity sessions that end with "how was the baby / how did you feel".
ACTIVITY_KINDS: frozenset[str] = frozenset(
    {"bath", "play", "reading", "walk", "holding", "skin_to_skin", "soothing"}
)

# Care sessions compared between caregivers (issue 3): activities plus feeds.
CARE_SESSION_KINDS: frozenset[str] = ACTIVITY_KINDS | {"feed"}

ALL_KINDS: frozenset[str] = CARE_SESSION_KINDS | {"sleep", "nappy", "cry", "note"}

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One logged event. `start`/`end` are tz-aware UTC; `end` is None for instants
    (nappy, note) and for timers still running."""

    kind: str
    start: datetime
    end: datetime | None
    caregiver: str
    others_present: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A local-time window within one day: minutes since local midnight, end exclusive."""

    start_min: int
    end_min: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_min < self.end_min <= MINUTES_PER_DAY:
            raise ValueError(f"bad window {self.start_min}-{self.end_min} (minutes of the day)")


@dataclass(frozen=True, slots=True)
class WeeklySchedule:
    """Weekly availability: `days[0]` is Monday's windows, `days[6]` Sunday's."""

    days: tuple[tuple[TimeWindow, ...], ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise ValueError("a weekly schedule has exactly 7 days, Monday first")

    def is_available(self, weekday: int, minute_of_day: float) -> bool:
        """Return whether `minute_of_day` (local) on `weekday` (0 = Monday) is in a window."""
        return any(w.start_min <= minute_of_day < w.end_min for w in self.days[weekday])

    def available_minutes(self, weekday: int) -> int:
        """Return the total minutes available on `weekday` (0 = Monday)."""
        return sum(w.end_min - w.start_min for w in self.days[weekday])

    @classmethod
    def always(cls) -> WeeklySchedule:
        """Return a schedule that is available all week."""
        whole = (TimeWindow(0, MINUTES_PER_DAY),)
        return cls(days=(whole,) * 7)

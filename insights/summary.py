"""All insights in one call, and a JSON-ready view of any result.

Model in plain words: the log is read once into columns (insights.frame), the care
sessions are built once, and each insight reads those; the findings are written last from
the results. Nothing here touches a database or settings: callers pass plain records and
cache the result per household until the log changes (DESIGN.md quality bars).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .calm import CalmWindows, calm_windows
from .caregivers import CaregiverComparison, compare_caregivers
from .crying import CryingProfile, crying_profile
from .findings import Finding, build_findings
from .frame import build_sessions, event_frame
from .load import CareLoad, care_load
from .norms import DEFAULT_WAKE_WINDOW_POINTS
from .records import EventRecord, WeeklySchedule

#: A log whose newest entry is older than this describes the past, not this week: no
#: calm times for the coming days, and a finding that says which time it describes.
HISTORY_AFTER = timedelta(days=28)


@dataclass(frozen=True)
class Insights:
    """Everything the Insights page shows, computed at `now` (UTC)."""

    now: datetime
    timezone: str
    events_used: int
    sessions_used: int
    crying: CryingProfile
    caregivers: tuple[CaregiverComparison, ...]
    calm: CalmWindows
    load: CareLoad
    findings: tuple[Finding, ...]
    not_logged: tuple[str, ...] = ()  # kinds never logged, so not reported (e.g. "crying")
    last_entry: datetime | None = None  # start of the newest entry used (UTC)
    is_history: bool = False  # the newest entry is older than HISTORY_AFTER


def compute_insights(
    events: Sequence[EventRecord],
    baby_birth_date: date,
    timezone: str,
    now: datetime,
    *,
    due_date: date | None = None,
    availability: Mapping[str, WeeklySchedule] | None = None,
    wake_window_points: tuple[tuple[float, float], ...] = DEFAULT_WAKE_WINDOW_POINTS,
) -> Insights:
    """Return every insight for the log up to `now` (tz-aware) in the household's IANA
    `timezone`. `availability` maps caregiver keys to their weekly free windows (used for
    calm windows and care suggestions); `due_date` switches ages to corrected age. Entries starting after `now` are
    ignored; running timers count up to `now`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    frame = event_frame(events, now, timezone)
    sessions = build_sessions(
        frame, baby_birth_date, due_date=due_date, wake_window_points=wake_window_points
    )
    crying = crying_profile(frame, baby_birth_date, due_date=due_date)
    not_logged: tuple[str, ...] = ()
    if crying.episodes or not len(frame.events):
        caregivers = compare_caregivers(sessions)
        calm = calm_windows(frame, sessions, availability=dict(availability or {}))
    else:
        # No crying was ever logged: "no cry in this session" means nothing, so there is no
        # crying comparison, and calm times rest only on "how was the baby" answers.
        not_logged = ("crying",)
        caregivers = ()
        answered = sessions[sessions["response"].notna()] if len(sessions) else sessions
        calm = calm_windows(frame, answered, availability=dict(availability or {}))
    last_entry = (
        datetime.fromtimestamp(float(frame.start_s.max()), UTC) if len(frame.events) else None
    )
    is_history = last_entry is not None and now - last_entry > HISTORY_AFTER
    if is_history:
        calm = dataclasses.replace(calm, top=(), for_availability={})
    load = care_load(frame, availability=availability)
    findings = build_findings(crying, caregivers, calm, load, not_logged=not_logged)
    if is_history and last_entry is not None:
        newest = last_entry.astimezone(ZoneInfo(timezone)).date()
        findings = (Finding("history", {"newest": newest}), *findings)
    return Insights(
        now=now,
        timezone=timezone,
        events_used=len(frame.events),
        sessions_used=len(sessions),
        crying=crying,
        caregivers=caregivers,
        calm=calm,
        load=load,
        findings=findings,
        not_logged=not_logged,
        last_entry=last_entry,
        is_history=is_history,
    )


def as_json(result: Any) -> Any:
    """Return `result` (any insights dataclass) as JSON-ready data: dataclasses become
    dicts, dates and datetimes ISO strings, tuples lists, and NaN/inf None."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return {f.name: as_json(getattr(result, f.name)) for f in dataclasses.fields(result)}
    if isinstance(result, datetime | date):
        return result.isoformat()
    if isinstance(result, Mapping):
        return {str(k): as_json(v) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return [as_json(v) for v in result]
    if isinstance(result, float) and not math.isfinite(result):
        return None
    if hasattr(result, "item"):  # numpy scalars
        return as_json(result.item())
    return result

"""Pure insights core (no Django): crying profile, caregiver comparison at matched times,
calm windows, care load, handover and plain-language findings."""

from .calm import CalmCell, CalmWindow, CalmWindows, calm_windows
from .caregivers import CaregiverComparison, compare_caregiver, compare_caregivers
from .crying import CryingProfile, DayCrying, WeekCrying, crying_profile
from .findings import Finding, build_findings
from .frame import build_sessions, event_frame
from .handover import Handover, handover
from .load import CaregiverLoad, CareLoad, KindLoad, Suggestion, WeekLoad, care_load
from .records import EventRecord, TimeWindow, WeeklySchedule
from .summary import Insights, as_json, compute_insights

__all__ = [
    "CalmCell",
    "CalmWindow",
    "CalmWindows",
    "CareLoad",
    "CaregiverComparison",
    "CaregiverLoad",
    "CryingProfile",
    "DayCrying",
    "EventRecord",
    "Finding",
    "Handover",
    "Insights",
    "KindLoad",
    "Suggestion",
    "TimeWindow",
    "WeekCrying",
    "WeekLoad",
    "WeeklySchedule",
    "as_json",
    "build_findings",
    "build_sessions",
    "calm_windows",
    "care_load",
    "compare_caregiver",
    "compare_caregivers",
    "compute_insights",
    "crying_profile",
    "event_frame",
    "handover",
]

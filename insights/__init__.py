"""Pure insights core (no Django): crying profile, caregiver comparison at matched times,
calm windows, care load, handover and plain-language findings.

Names are imported on first use (PEP 562): `insights.records` is needed by every page
that touches the care log, while statsmodels, which the comparison needs, takes seconds
to import; a web process should pay that only when someone opens the insights.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # The same names, eagerly, for type checkers only; at run time __getattr__ imports them.
    from .calm import CalmCell as CalmCell
    from .calm import CalmWindow as CalmWindow
    from .calm import CalmWindows as CalmWindows
    from .calm import calm_windows as calm_windows
    from .caregivers import CaregiverComparison as CaregiverComparison
    from .caregivers import compare_caregiver as compare_caregiver
    from .caregivers import compare_caregivers as compare_caregivers
    from .crying import CryingProfile as CryingProfile
    from .crying import DayCrying as DayCrying
    from .crying import WeekCrying as WeekCrying
    from .crying import crying_profile as crying_profile
    from .findings import Finding as Finding
    from .findings import build_findings as build_findings
    from .frame import build_sessions as build_sessions
    from .frame import event_frame as event_frame
    from .handovers import Handover as Handover
    from .handovers import handover as handover
    from .load import CaregiverLoad as CaregiverLoad
    from .load import CareLoad as CareLoad
    from .load import KindLoad as KindLoad
    from .load import Suggestion as Suggestion
    from .load import WeekLoad as WeekLoad
    from .load import care_load as care_load
    from .records import EventRecord as EventRecord
    from .records import TimeWindow as TimeWindow
    from .records import WeeklySchedule as WeeklySchedule
    from .summary import Insights as Insights
    from .summary import as_json as as_json
    from .summary import compute_insights as compute_insights

_WHERE = {
    "CalmCell": "calm",
    "CalmWindow": "calm",
    "CalmWindows": "calm",
    "calm_windows": "calm",
    "CaregiverComparison": "caregivers",
    "compare_caregiver": "caregivers",
    "compare_caregivers": "caregivers",
    "CryingProfile": "crying",
    "DayCrying": "crying",
    "WeekCrying": "crying",
    "crying_profile": "crying",
    "Finding": "findings",
    "build_findings": "findings",
    "build_sessions": "frame",
    "event_frame": "frame",
    "Handover": "handovers",
    "handover": "handovers",
    "CaregiverLoad": "load",
    "CareLoad": "load",
    "KindLoad": "load",
    "Suggestion": "load",
    "WeekLoad": "load",
    "care_load": "load",
    "EventRecord": "records",
    "TimeWindow": "records",
    "WeeklySchedule": "records",
    "Insights": "summary",
    "as_json": "summary",
    "compute_insights": "summary",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'insights' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

"""Pure insights core (no Django): crying profile, caregiver comparison at matched times,
calm windows, care load, handover and plain-language findings.

Names are imported on first use (PEP 562): `insights.records` is needed by every page
that touches the care log, while statsmodels, which the comparison needs, takes seconds
to import; a web process should pay that only when someone opens the insights.
"""

from __future__ import annotations

import importlib
from typing import Any

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

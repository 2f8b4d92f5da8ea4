"""Pure intake core: read a parent's free text, name concerns with quoted evidence.

Names are imported on first use (PEP 562): the rules are validated at start-up by every
process, while the reader behind ``analyse`` needs numpy and a sentence model, which a web
process should load only when someone writes to the intake.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Concern as Concern
    from .engine import IntakeResult as IntakeResult
    from .engine import NextStep as NextStep
    from .engine import Span as Span
    from .engine import analyse as analyse
    from .engine import read as read

__all__ = ["Concern", "IntakeResult", "NextStep", "Span", "analyse", "read"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".engine", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

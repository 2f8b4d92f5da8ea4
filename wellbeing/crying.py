"""When to ask "How are you doing right now?" after a crying episode.

The cores carry no threshold for a single hard episode (crying.md gives daily totals and
the PURPLE features, not an episode length), so this is Nestling's own rule, an
inference: ask after a cry the caregiver marked as the most intense (3 of 3), or that
lasted 30 minutes or more, or that they ticked as "long-lasting" or "resists soothing"
(PURPLE, crying.md §4). Parents' own sense that crying is too much matters more than
minutes (Reijneveld 2004, crying.md §1), hence the intensity and PURPLE ticks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Final

HARD_CRY_MIN_DURATION: Final = timedelta(minutes=30)
HARD_CRY_INTENSITY: Final = 3
HARD_CRY_FEATURES: Final = frozenset({"long_lasting", "resists_soothing"})
#: Only ask about a cry that ended recently; a day-old episode is history, not "right now".
ASK_WITHIN: Final = timedelta(hours=2)


def is_hard_cry(
    duration: timedelta | None, intensity: int | None, purple: Iterable[str] = ()
) -> bool:
    """Return True when a finished cry was long or intense enough to ask how the carer is."""
    if intensity is not None and intensity >= HARD_CRY_INTENSITY:
        return True
    if duration is not None and duration >= HARD_CRY_MIN_DURATION:
        return True
    return bool(HARD_CRY_FEATURES & set(purple))

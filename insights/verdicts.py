"""The caregiver comparison's verdicts (insights/caregivers.py), as plain constants.

Kept apart from the statistics so that pages and findings can name a verdict without
importing pandas and statsmodels: a web process loads those only when it computes insights.
"""

from typing import Final

VERDICT_NOT_ENOUGH: Final = "not enough data"
VERDICT_NO_SIGN: Final = "no sign"
VERDICT_MORE: Final = "cries more even at the same times"

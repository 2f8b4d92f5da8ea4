"""When to ask "How are you doing right now?" after a cry (Nestling's rule, wellbeing/crying.py)."""

from datetime import timedelta

import pytest

from wellbeing.crying import is_hard_cry


@pytest.mark.parametrize(
    ("minutes", "intensity", "purple", "hard"),
    [
        (10, 2, [], False),
        (29, 2, [], False),
        (30, 2, [], True),
        (31, 1, [], True),
        (5, 3, [], True),
        (5, 1, ["evening"], False),
        (5, 1, ["long_lasting"], True),
        (5, None, ["resists_soothing"], True),
        (None, None, [], False),
    ],
)
def test_long_or_intense_cries_are_hard(minutes, intensity, purple, hard):
    duration = None if minutes is None else timedelta(minutes=minutes)
    assert is_hard_cry(duration, intensity, purple) is hard

"""Household scenes made with espeak-ng and sox: the same index gives the same sound."""

from __future__ import annotations

import numpy as np
import pytest

from listening.devset.scenes import KINDS, scene
from listening.params import RATE


@pytest.mark.parametrize("kind", KINDS)
def test_a_scene_is_repeatable_and_the_families_differ(kind: str) -> None:
    first = scene("train", kind, 3, 4.0)
    assert first.shape == (4 * RATE,) and first.dtype == np.float32
    assert np.array_equal(first, scene("train", kind, 3, 4.0))
    assert not np.array_equal(first, scene("heldout", kind, 3, 4.0))
    level = 20 * np.log10(np.sqrt(np.mean(first.astype(np.float64) ** 2)))
    assert -46 < level < -9


def test_an_unknown_family_is_refused() -> None:
    with pytest.raises(ValueError, match="family"):
        scene("kitchen", "talk", 0)

"""Household scenes made with espeak-ng and sox: the same index gives the same sound."""

from __future__ import annotations

import numpy as np
import pytest

from listening.devset import scenes
from listening.devset.scenes import EXTRA_KINDS, KINDS, scene
from listening.params import RATE


@pytest.mark.parametrize("kind", KINDS)
def test_a_scene_is_repeatable_and_the_families_differ(kind: str) -> None:
    first = scene("train", kind, 3, 4.0)
    assert first.shape == (4 * RATE,) and first.dtype == np.float32
    assert np.array_equal(first, scene("train", kind, 3, 4.0))
    assert not np.array_equal(first, scene("heldout", kind, 3, 4.0))
    assert not np.array_equal(first, scene("tune", kind, 3, 4.0))
    level = 20 * np.log10(np.sqrt(np.mean(first.astype(np.float64) ** 2)))
    assert -46 < level < -9


def test_an_unknown_family_is_refused() -> None:
    with pytest.raises(ValueError, match="family"):
        scene("kitchen", "talk", 0)


@pytest.mark.parametrize("kind", EXTRA_KINDS)
def test_the_extra_kinds_are_repeatable_and_only_for_learning(kind: str) -> None:
    first = scene("train", kind, 1, 4.0)
    assert first.shape == (4 * RATE,) and first.dtype == np.float32
    assert np.array_equal(first, scene("train", kind, 1, 4.0))
    level = 20 * np.log10(np.sqrt(np.mean(first.astype(np.float64) ** 2)))
    assert -46 < level < -9
    for family in ("tune", "heldout"):
        with pytest.raises(ValueError, match="train family"):
            scene(family, kind, 1, 4.0)


def test_the_families_share_no_voice_language_or_tune() -> None:
    """What the network learns from never sounds like what the rules are chosen on, nor
    like the benchmark's: the held-out family stays unheard, and so does the tune one."""
    learnt = {
        "voices": set(scenes._VOICES["train"]) | set(scenes._EXTRA_VOICES),
        "variants": set(scenes._VARIANTS["train"]) | set(scenes._EXTRA_VARIANTS),
    }
    for family in ("tune", "heldout"):
        assert not learnt["voices"] & set(scenes._VOICES[family])
        assert not learnt["variants"] & set(scenes._VARIANTS[family])
    assert not set(scenes._VOICES["tune"]) & set(scenes._VOICES["heldout"])
    assert not set(scenes._VARIANTS["tune"]) & set(scenes._VARIANTS["heldout"])
    assert not set(scenes._INSTRUMENTS["tune"]) & set(scenes._INSTRUMENTS["heldout"])
    assert set(scenes._SCALES["tune"]) != set(scenes._SCALES["train"])

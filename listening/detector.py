"""The whole chain: samples in, window probabilities and episodes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from listening.audio import read_audio, resample, to_mono
from listening.episodes import Episode, EpisodeTracker
from listening.features import FeatureStream
from listening.model import CryModel, committed
from listening.params import RATE, EpisodeRules

Array = npt.NDArray[np.float64]
CHUNK = 60 * RATE  # a recording is read a minute at a time, so memory stays small


@dataclass
class Detection:
    seconds: float
    probabilities: Array
    episodes: list[Episode] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "seconds": round(self.seconds, 2),
            "episodes": [e.as_json() for e in self.episodes],
        }


class Listener:
    """A live detector: feed it 8 kHz samples as they arrive; it returns closed episodes.

    Feeding a recording in any pieces gives the same episodes as :func:`detect`.
    """

    def __init__(self, model: CryModel | None = None, rules: EpisodeRules | None = None) -> None:
        self.model = model or committed()
        self._features = FeatureStream()
        self._tracker = EpisodeTracker(rules or self.model.rules)
        self.samples = 0
        self.probabilities: list[float] = []

    def feed(self, samples: npt.NDArray[np.floating]) -> list[Episode]:
        self.samples += len(samples)
        probs = self.model.probabilities(self._features.feed(samples))
        self.probabilities.extend(probs.tolist())
        return self._tracker.feed(probs)

    def finish(self) -> list[Episode]:
        return self._tracker.finish()

    @property
    def seconds(self) -> float:
        return self.samples / RATE


def detect(
    samples: npt.NDArray[np.floating],
    rate: int = RATE,
    model: CryModel | None = None,
    rules: EpisodeRules | None = None,
) -> Detection:
    """Episodes of possible crying in a whole recording (any rate, mono or channels)."""
    mono = resample(to_mono(samples), rate)
    listener = Listener(model, rules)
    found: list[Episode] = []
    for at in range(0, mono.size, CHUNK):
        found += listener.feed(mono[at : at + CHUNK])
    found += listener.finish()
    return Detection(listener.seconds, np.asarray(listener.probabilities), found)


def detect_file(path: Path, model: CryModel | None = None) -> Detection:
    """Episodes of possible crying in a recording on disk. Nothing is stored."""
    return detect(read_audio(path), RATE, model)

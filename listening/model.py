"""The committed cry model: a small neural network over window features.

Stored as plain arrays (``listening/data/cry-model.npz``) with its version and the
episode rules chosen with it (the meaning of each rule is in
:class:`listening.params.EpisodeRules`); inference is a few matrix products in numpy. The same
weights are exported to ONNX for the Listen page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from listening.features import FEATURE_NAMES, WIDTH
from listening.params import SILENCE, EpisodeRules

Array = npt.NDArray[np.float64]
LEVEL = FEATURE_NAMES.index("level_mean")
MODEL_PATH = Path(__file__).with_name("data") / "cry-model.npz"


@dataclass(frozen=True)
class CryModel:
    version: str
    mean: Array
    scale: Array
    layers: tuple[tuple[Array, Array], ...]
    rules: EpisodeRules

    def probabilities(self, windows: Array) -> Array:
        """Probability of crying for each row of window features."""
        if windows.shape[0] == 0:
            return np.zeros(0)
        if windows.shape[1] != WIDTH:
            raise ValueError(f"expected {WIDTH} features per window, got {windows.shape[1]}")
        h = (windows - self.mean) / self.scale
        for i, (weights, bias) in enumerate(self.layers):
            h = h @ weights + bias
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        p = 1.0 / (1.0 + np.exp(-np.clip(h[:, 0], -40, 40)))
        p[windows[:, LEVEL] < SILENCE] = 0.0  # a silent window is not crying
        return np.asarray(p, dtype=np.float64)

    def save(self, path: Path = MODEL_PATH) -> None:
        r = self.rules
        arrays: dict[str, Array] = {
            "mean": self.mean,
            "scale": self.scale,
            "rules": np.array([r.start, r.stay, r.smooth, r.merge_gap, r.min_length]),
        }
        for i, (weights, bias) in enumerate(self.layers):
            arrays[f"w{i}"] = weights.astype(np.float32)
            arrays[f"b{i}"] = bias.astype(np.float32)
        np.savez_compressed(path, version=np.array(self.version), **arrays)  # type: ignore[arg-type]


def load(path: Path = MODEL_PATH) -> CryModel:
    with np.load(path) as data:
        layers = []
        i = 0
        while f"w{i}" in data:
            layers.append((data[f"w{i}"].astype(np.float64), data[f"b{i}"].astype(np.float64)))
            i += 1
        return CryModel(
            version=str(data["version"]),
            mean=data["mean"].astype(np.float64),
            scale=data["scale"].astype(np.float64),
            layers=tuple(layers),
            rules=_rules(data["rules"]),
        )


def _rules(values: Array) -> EpisodeRules:
    start, stay, smooth, merge_gap, min_length = (float(v) for v in values)
    return EpisodeRules(start, stay, int(smooth), merge_gap, min_length)


@cache
def committed() -> CryModel:
    """The model shipped with Nestling."""
    return load()

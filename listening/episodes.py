"""From window probabilities to crying episodes: hysteresis, merging, dropping blips.

The rules are :class:`listening.params.EpisodeRules`; this module only applies them.
Windows are WINDOW_SECONDS long and start every STEP_SECONDS, so window ``i`` covers
``i * STEP_SECONDS`` to ``i * STEP_SECONDS + WINDOW_SECONDS`` from the start.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from listening.params import RULES, STEP_SECONDS, WINDOW_SECONDS, EpisodeRules


@dataclass(frozen=True)
class Episode:
    """Possible crying from ``start`` to ``end`` seconds, with the mean probability."""

    start: float
    end: float
    confidence: float

    @property
    def length(self) -> float:
        return self.end - self.start

    def as_json(self) -> dict[str, float]:
        return {
            "start": round(self.start, 2),
            "end": round(self.end, 2),
            "confidence": round(self.confidence, 3),
        }


class EpisodeTracker:
    """Turns a stream of window probabilities into episodes as they close."""

    def __init__(self, rules: EpisodeRules = RULES) -> None:
        self.rules = rules
        self._index = 0
        self._recent: list[float] = []
        self._run: list[float] = []  # probabilities of the open stretch
        self._run_start = 0
        self._run_end = 0
        self._held: tuple[int, int, list[float]] | None = None  # last closed stretch

    def _smoothed(self, p: float) -> float:
        self._recent.append(p)
        self._recent = self._recent[-self.rules.smooth :]
        return float(np.median(self._recent))

    def _episode(self, first: int, last: int, probs: list[float]) -> Episode | None:
        start = first * STEP_SECONDS
        end = last * STEP_SECONDS + WINDOW_SECONDS
        if end - start < self.rules.min_length:
            return None
        return Episode(start, end, float(np.mean(probs)))

    def _close_stretch(self) -> Iterator[Episode]:
        stretch = (self._run_start, self._run_end, self._run)
        self._run = []
        if self._held is not None:
            gap = (stretch[0] - self._held[1]) * STEP_SECONDS - WINDOW_SECONDS
            if gap <= self.rules.merge_gap:
                self._held = (self._held[0], stretch[1], self._held[2] + stretch[2])
                return
            if (done := self._episode(*self._held)) is not None:
                yield done
        self._held = stretch

    def feed(self, probabilities: Iterable[float]) -> list[Episode]:
        """Episodes closed by these windows (an episode closes once ``merge_gap`` passes)."""
        closed: list[Episode] = []
        for raw in probabilities:
            p = self._smoothed(float(raw))
            i = self._index
            self._index += 1
            if self._run:
                if p >= self.rules.stay:
                    self._run.append(p)
                    self._run_end = i
                    continue
                closed.extend(self._close_stretch())
            elif p >= self.rules.start:
                self._run, self._run_start, self._run_end = [p], i, i
                continue
            if self._held is not None:
                quiet = (i - self._held[1]) * STEP_SECONDS - WINDOW_SECONDS
                if quiet > self.rules.merge_gap:
                    if (done := self._episode(*self._held)) is not None:
                        closed.append(done)
                    self._held = None
        return closed

    def finish(self) -> list[Episode]:
        """Episodes still open when the stream ends."""
        closed: list[Episode] = []
        if self._run:
            closed.extend(self._close_stretch())
        if self._held is not None and (done := self._episode(*self._held)) is not None:
            closed.append(done)
        self._held = None
        return closed


def smoothed(probabilities: Sequence[float] | np.ndarray, n: int) -> np.ndarray:
    """The tracker's smoothing for a whole recording at once: each window's median with the
    n - 1 before it (fewer at the start). ``episodes(smoothed(p, n), rules with smooth=1)``
    equals ``episodes(p, rules with smooth=n)``, much faster when trying many rules."""
    p = np.asarray(probabilities, dtype=np.float64)
    out = p.copy()
    if n <= 1 or p.size == 0:
        return out
    for i in range(min(n - 1, p.size)):
        out[i] = np.median(p[: i + 1])
    if p.size >= n:
        out[n - 1 :] = np.median(np.lib.stride_tricks.sliding_window_view(p, n), axis=1)
    return out


def episodes(probabilities: Iterable[float], rules: EpisodeRules = RULES) -> list[Episode]:
    """All episodes in a whole recording's window probabilities."""
    tracker = EpisodeTracker(rules)
    return tracker.feed(probabilities) + tracker.finish()

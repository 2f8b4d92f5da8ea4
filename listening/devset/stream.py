"""A streamed scene: hours of household sound with real crying put in at known times,
and the measures of a detector on it.

Backgrounds are built from one part's speech and cry-free stretches and one family of
generated scenes; cries from that part's clips, several clips strung into one episode
(a bout of crying is longer than one 7-second clip). Everything is drawn from a seeded
generator, so the same arguments give the same stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from listening.audio import Samples
from listening.devset.corpus import CryClip, clips_in, speech_stream
from listening.devset.scenes import KINDS, scene
from listening.episodes import Episode
from listening.params import RATE

BLOCK = 600  # seconds of stream made at a time


def _level(samples: Samples, db: float) -> Samples:
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) or 1.0
    return (samples / rms * 10 ** (db / 20)).astype(np.float32)


def cry_free(clips: list[CryClip], rng: np.random.Generator, seconds: float) -> Samples:
    """Stretches of the cry recordings where no baby is crying, strung together."""
    pieces: list[Samples] = []
    total = 0
    while total < seconds * RATE:
        clip = clips[int(rng.integers(len(clips)))]
        audio = clip.samples()
        edges = [0.0] + [t for c in clip.cries for t in c] + [audio.size / RATE]
        gaps = [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=False) if b - a >= 1.0]
        for a, b in gaps:
            pieces.append(audio[int(a * RATE) : int(b * RATE)])
            total += pieces[-1].size
    return np.concatenate(pieces)[: int(seconds * RATE)]


def cry_bout(clips: list[CryClip], rng: np.random.Generator) -> Samples:
    """Two to six clips' crying (first cry to last) strung together with short pauses."""
    pieces: list[Samples] = []
    for _ in range(int(rng.integers(2, 7))):
        clip = clips[int(rng.integers(len(clips)))]
        a, b = clip.cries[0][0], clip.cries[-1][1]
        if pieces:
            pieces.append(np.zeros(int(rng.uniform(0.3, 2.0) * RATE), dtype=np.float32))
        pieces.append(clip.samples()[int(a * RATE) : int(b * RATE)])
    return np.concatenate(pieces)


def background(
    part: str,
    family: str,
    rng: np.random.Generator,
    seconds: float,
    clips: list[CryClip] | None = None,
) -> tuple[Samples, list[tuple[float, float, str]]]:
    """Household sound, and what each stretch of it is: (start, end, source). Speech comes
    from ``part``'s speakers; cry-free stretches from ``clips`` (default: ``part``'s)."""
    clips = clips_in(part) if clips is None else clips
    pieces: list[Samples] = []
    sources: list[tuple[float, float, str]] = []
    total = 0
    index = int(rng.integers(1_000_000))
    while total < seconds * RATE:
        pick = rng.random()
        if pick < 0.25:
            piece = _level(
                speech_stream(part, float(rng.uniform(20, 60)), rng), rng.uniform(-40, -15)
            )
            source = "adult speech"
        elif pick < 0.4:
            piece = cry_free(clips, rng, float(rng.uniform(10, 40)))
            source = "cry-free stretches"
        elif pick < 0.5:
            piece = _level(rng.normal(size=int(30 * RATE)).astype(np.float32), -60)
            source = "quiet room"
        else:
            index += 1
            source = KINDS[int(rng.integers(len(KINDS)))]
            piece = scene(family, source, index, 30.0)
            source += " (synthetic)"
        pieces.append(piece)
        sources.append((total / RATE, (total + piece.size) / RATE, source))
        total += piece.size
    return np.concatenate(pieces)[: int(seconds * RATE)], sources


@dataclass
class Block:
    samples: Samples
    offset: float
    truth: list[tuple[float, float]]  # crying, seconds from the start of the stream
    sources: list[tuple[float, float, str]]  # the background's stretches, likewise


def blocks(
    part: str,
    family: str,
    hours: float,
    seed: int,
    cries_per_hour: float = 10.0,
    clips: list[CryClip] | None = None,
) -> Iterator[Block]:
    """The stream, ten minutes at a time: speech from ``part``'s speakers, cries and
    cry-free stretches from ``clips`` (default: ``part``'s clips)."""
    rng = np.random.default_rng(seed)
    pool = clips_in(part) if clips is None else clips
    crying = [c for c in pool if c.cries]
    for b in range(int(np.ceil(hours * 3600 / BLOCK))):
        offset = b * BLOCK
        audio, sources = background(part, family, rng, BLOCK, pool)
        truth: list[tuple[float, float]] = []
        slots = int(rng.poisson(cries_per_hour * BLOCK / 3600))
        starts = sorted(rng.uniform(5, BLOCK - 90, size=slots)) if slots else []
        free_from = 0.0
        for start in starts:
            if start < free_from:
                continue
            at = int(start * RATE)
            bout = _level(cry_bout(crying, rng), float(rng.uniform(-25, -6)))[: audio.size - at]
            audio[at : at + bout.size] += bout
            truth.append((offset + start, offset + start + bout.size / RATE))
            free_from = start + bout.size / RATE + 20
        shifted = [(offset + a, offset + b, what) for a, b, what in sources]
        yield Block(audio, offset, truth, shifted)


@dataclass
class Scores:
    hours: float
    truth: int
    long_truth: int
    long_found: int
    false_episodes: int
    second_f1: float

    @property
    def recall(self) -> float:
        return self.long_found / self.long_truth if self.long_truth else 1.0

    @property
    def false_per_hour(self) -> float:
        return self.false_episodes / self.hours if self.hours else 0.0

    def as_json(self) -> dict[str, float | int]:
        return {
            "hours": round(self.hours, 2),
            "episodes": self.truth,
            "episodes_10s_or_more": self.long_truth,
            "episode_recall_10s": round(self.recall, 3),
            "false_episodes": self.false_episodes,
            "false_episodes_per_hour": round(self.false_per_hour, 3),
            "per_second_f1": round(self.second_f1, 3),
        }


def _seconds(spans: list[tuple[float, float]], total: int) -> np.ndarray:
    """Which whole seconds are at least half inside a span."""
    cover = np.zeros(total * 10, dtype=bool)
    for a, b in spans:
        cover[int(a * 10) : int(np.ceil(b * 10))] = True
    return cover.reshape(total, 10).sum(axis=1) >= 5


def false_by_source(
    truth: list[tuple[float, float]], found: list[Episode], sources: list[tuple[float, float, str]]
) -> dict[str, int]:
    """What was playing under the middle of each false episode."""
    counts: dict[str, int] = {}
    for e in found:
        if any(e.start < b and a < e.end for a, b in truth):
            continue
        middle = (e.start + e.end) / 2
        what = next((w for a, b, w in sources if a <= middle < b), "unknown")
        counts[what] = counts.get(what, 0) + 1
    return counts


def score(truth: list[tuple[float, float]], found: list[Episode], seconds: float) -> Scores:
    def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    spans = [(e.start, e.end) for e in found]
    long_truth = [t for t in truth if t[1] - t[0] >= 10]
    total = int(seconds)
    want, got = _seconds(truth, total), _seconds(spans, total)
    tp = int((want & got).sum())
    f1 = 2 * tp / (want.sum() + got.sum()) if want.sum() + got.sum() else 1.0
    return Scores(
        hours=seconds / 3600,
        truth=len(truth),
        long_truth=len(long_truth),
        long_found=sum(any(overlaps(t, s) for s in spans) for t in long_truth),
        false_episodes=sum(not any(overlaps(s, t) for t in truth) for s in spans),
        second_f1=float(f1),
    )

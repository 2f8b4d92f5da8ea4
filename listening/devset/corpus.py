"""The shared recordings (../shared/audio) and how they are split.

Cry clips are split by app install (one family's phone), never by file, and speech by
speaker, so a figure on the held-out part is a figure on phones, rooms and voices the
model never heard. The split is a hash of the install id, so it never changes.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from listening.audio import Samples, read_audio

ROOT = Path(__file__).resolve().parents[2]
# The development audio lives beside the project checkout; set NESTLING_AUDIO_DIR to
# point elsewhere.
AUDIO_DIR = Path(os.environ.get("NESTLING_AUDIO_DIR", ROOT.parent / "shared" / "audio"))

PARTS = ("train", "tune", "heldout")
# Speech from five speakers: three to learn from, one to tune on, one held out.
SPEAKERS = {
    "george": "train",
    "lucas": "train",
    "yweweler": "train",
    "jackson": "tune",
    "theo": "heldout",
}


class MissingAudio(FileNotFoundError):
    pass


def audio_dir() -> Path:
    if not (AUDIO_DIR / "donateacry").is_dir():
        raise MissingAudio(
            f"the development audio is not at {AUDIO_DIR}: set NESTLING_AUDIO_DIR to the "
            "folder holding donateacry/, donateacry-segments/ and fsdd/"
        )
    return AUDIO_DIR


def install_part(install: str) -> str:
    """train (70%), tune (10%) or heldout (20%), by a hash of the install id."""
    bucket = int(hashlib.sha256(install.lower().encode()).hexdigest(), 16) % 10
    return "heldout" if bucket < 2 else "tune" if bucket == 2 else "train"


@dataclass(frozen=True)
class CryClip:
    path: Path
    install: str
    cries: tuple[tuple[float, float], ...]  # seconds marked "cry"

    @property
    def part(self) -> str:
        return install_part(self.install)

    def samples(self) -> Samples:
        return _read(self.path).copy()

    def cry_share(self, start: float, end: float) -> float:
        """How much of start..end is marked crying."""
        inside = sum(max(0.0, min(end, b) - max(start, a)) for a, b in self.cries)
        return inside / (end - start)


@cache
def _read(path: Path) -> Samples:
    return read_audio(path)


_INTERVAL = re.compile(r'xmin = ([\d.]+)\s+xmax = ([\d.]+)\s+text = "(.*?)"')


def read_textgrid(path: Path) -> tuple[tuple[float, float], ...]:
    """The intervals marked "cry" in one Praat TextGrid."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return tuple(
        (float(a), float(b)) for a, b, label in _INTERVAL.findall(text) if label.strip() == "cry"
    )


@cache
def cry_clips() -> tuple[CryClip, ...]:
    base = audio_dir()
    clips = []
    for wav in sorted((base / "donateacry").glob("*/*.wav")):
        grid = base / "donateacry-segments" / f"{wav.stem}.TextGrid"
        if not grid.is_file():
            continue
        clips.append(CryClip(wav, wav.name[:36].lower(), read_textgrid(grid)))
    return tuple(clips)


def clips_in(part: str) -> list[CryClip]:
    return [c for c in cry_clips() if c.part == part]


def speech_files(part: str) -> list[Path]:
    """Spoken digits (FSDD) from the speakers of one part."""
    files = sorted((audio_dir() / "fsdd").glob("*.wav"))
    return [f for f in files if SPEAKERS.get(f.stem.split("_")[1]) == part]


def speech_stream(part: str, seconds: float, rng: np.random.Generator) -> Samples:
    """Spoken digits of one part strung together with pauses, like talk in a room."""
    files = speech_files(part)
    pieces: list[Samples] = []
    total = 0
    while total < seconds * 8000:
        said = _read(files[int(rng.integers(len(files)))])
        pause = np.zeros(int(rng.uniform(0.05, 0.6) * 8000), dtype=np.float32)
        pieces += [said, pause]
        total += said.size + pause.size
    return np.concatenate(pieces)[: int(seconds * 8000)]

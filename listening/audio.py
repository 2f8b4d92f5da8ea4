"""Reading a recording and bringing it to the model's rate (8 kHz mono, -1..1)."""

from __future__ import annotations

import shutil
import subprocess
from math import gcd
from pathlib import Path

import numpy as np
import numpy.typing as npt

from listening.params import RATE

Samples = npt.NDArray[np.float32]


class AudioError(ValueError):
    """A recording that cannot be read, with the reason in plain words."""


def to_mono(samples: npt.NDArray[np.floating] | npt.NDArray[np.integer]) -> Samples:
    """Average the channels of a (frames, channels) array; a 1-D array is already mono."""
    data = np.asarray(samples)
    if np.issubdtype(data.dtype, np.integer):
        info = np.iinfo(data.dtype)
        data = data.astype(np.float64) / max(abs(info.min), info.max)
    if data.ndim == 2:
        data = data.mean(axis=1)
    elif data.ndim != 1:
        raise AudioError(f"expected mono or interleaved channels, got {data.ndim} dimensions")
    return np.ascontiguousarray(data, dtype=np.float32)


def resample(samples: Samples, rate: int, target: int = RATE) -> Samples:
    """Resample to ``target`` Hz with a polyphase filter (scipy)."""
    if rate <= 0:
        raise AudioError(f"the sample rate must be positive, got {rate}")
    if rate == target or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    from scipy.signal import resample_poly

    common = gcd(rate, target)
    out = resample_poly(samples.astype(np.float64), target // common, rate // common)
    return np.asarray(out, dtype=np.float32)


def _read_soundfile(path: Path) -> tuple[Samples, int] | None:
    import soundfile

    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError):
        return None
    return to_mono(data), int(rate)


def _read_ffmpeg(path: Path) -> tuple[Samples, int] | None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    done = subprocess.run(
        [ffmpeg, "-nostdin", "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(RATE)]
        + ["-f", "f32le", "-"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    return np.frombuffer(done.stdout, dtype="<f4").astype(np.float32), RATE


def read_audio(path: Path) -> Samples:
    """The recording at ``path`` as 8 kHz mono samples.

    WAV, FLAC, OGG/Opus and MP3 are read through libsndfile; anything else (a phone's
    M4A, say) through ffmpeg when it is installed. Raises :class:`AudioError` naming
    the file when neither can read it.
    """
    if not path.is_file():
        raise AudioError(f"{path}: no such file")
    got = _read_soundfile(path) or _read_ffmpeg(path)
    if got is None:
        hint = "" if shutil.which("ffmpeg") else " (install ffmpeg to read other formats)"
        raise AudioError(f"{path}: not a sound file Nestling can read: WAV, FLAC, OGG, MP3{hint}")
    samples, rate = got
    return resample(samples, rate)

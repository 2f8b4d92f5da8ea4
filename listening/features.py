"""Features: log-mel bands and pitch per frame, summarised per one-second window.

Written so that a stream fed in pieces gives exactly the frames and windows the whole
recording gives: every frame is computed on its own samples, frames start at multiples
of ``HOP`` from the start of the stream, and windows at multiples of ``WINDOW_STEP``
frames.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

from listening.params import (
    FRAME,
    HOP,
    LOG_FLOOR,
    MEL_FMAX,
    MEL_FMIN,
    N_MELS,
    NFFT,
    PITCH_FMAX,
    PITCH_FMIN,
    RATE,
    VOICED,
    WINDOW_FRAMES,
    WINDOW_STEP,
)

Array = npt.NDArray[np.float64]

# Per frame: the log-mel bands, then these.
ENERGY, VOICING, PITCH, HIGH, FLATNESS = range(N_MELS, N_MELS + 5)
FRAME_WIDTH = N_MELS + 5

FEATURE_NAMES: tuple[str, ...] = (
    *(f"shape_{i}" for i in range(N_MELS)),
    *(f"movement_{i}" for i in range(N_MELS)),
    "level_mean",
    "level_spread",
    "level_peak",
    "voiced_share",
    "voicing_mean",
    "pitch_median",
    "pitch_spread",
    "flux",
    "high_share",
    "flatness",
    "voiced_run",
    "pitch_jitter",
)
WIDTH = len(FEATURE_NAMES)


def _hz_to_mel(hz: Array | float) -> Array:
    return np.asarray(2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0), dtype=np.float64)


def _mel_to_hz(mel: Array) -> Array:
    return np.asarray(700.0 * (10.0 ** (mel / 2595.0) - 1.0), dtype=np.float64)


@cache
def mel_bank() -> Array:
    """Triangular mel filters, (N_MELS, NFFT // 2 + 1)."""
    edges = _mel_to_hz(np.linspace(_hz_to_mel(MEL_FMIN), _hz_to_mel(MEL_FMAX), N_MELS + 2))
    freqs = np.arange(NFFT // 2 + 1) * RATE / NFFT
    bank = np.zeros((N_MELS, freqs.size))
    for i in range(N_MELS):
        lo, mid, hi = edges[i], edges[i + 1], edges[i + 2]
        rising = (freqs - lo) / (mid - lo)
        falling = (hi - freqs) / (hi - mid)
        bank[i] = np.clip(np.minimum(rising, falling), 0.0, None)
    return bank


@cache
def window() -> Array:
    """The periodic Hann window."""
    return np.asarray(0.5 - 0.5 * np.cos(2 * np.pi * np.arange(FRAME) / FRAME), dtype=np.float64)


@cache
def window_autocorrelation() -> Array:
    w = np.fft.rfft(window(), n=NFFT)
    ac = np.fft.irfft(np.abs(w) ** 2, n=NFFT)[:FRAME]
    return np.asarray(ac / ac[0], dtype=np.float64)


LAG_MIN = int(RATE // PITCH_FMAX)
LAG_MAX = int(np.ceil(RATE / PITCH_FMIN))
HIGH_BIN = int(1000 * NFFT / RATE)
LOW_BIN = int(300 * NFFT / RATE)
PEAK_SHARE = 0.9


def frame_count(samples: int) -> int:
    return 0 if samples < FRAME else (samples - FRAME) // HOP + 1


def frame_features(samples: npt.NDArray[np.floating]) -> Array:
    """(frames, FRAME_WIDTH) for every whole frame of ``samples`` starting at k * HOP."""
    n = frame_count(samples.size)
    if n == 0:
        return np.zeros((0, FRAME_WIDTH))
    x = np.asarray(samples, dtype=np.float64)
    frames = np.lib.stride_tricks.sliding_window_view(x, FRAME)[::HOP][:n]
    frames = frames - frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames * window(), n=NFFT)
    power = (spectrum.real**2 + spectrum.imag**2) / FRAME
    out = np.empty((n, FRAME_WIDTH))
    out[:, :N_MELS] = np.log10(power @ mel_bank().T + LOG_FLOOR)
    total = power.sum(axis=1)
    out[:, ENERGY] = np.log10(total / power.shape[1] + LOG_FLOOR)
    out[:, HIGH] = power[:, HIGH_BIN:].sum(axis=1) / (total + LOG_FLOOR)
    band = power[:, LOW_BIN:] + LOG_FLOOR
    out[:, FLATNESS] = np.exp(np.log(band).mean(axis=1)) / band.mean(axis=1)
    ac = np.fft.irfft(power, n=NFFT)[:, :FRAME]
    ac = ac / (ac[:, :1] + LOG_FLOOR) / window_autocorrelation()
    lags = ac[:, LAG_MIN - 1 : LAG_MAX + 2]
    inner = lags[:, 1:-1]
    peaks = (inner >= lags[:, :-2]) & (inner >= lags[:, 2:])
    # The shortest lag whose peak is near the highest: a period, not a multiple of it.
    near = peaks & (inner >= PEAK_SHARE * inner.max(axis=1, keepdims=True))
    best = np.where(near.any(axis=1), near.argmax(axis=1), inner.argmax(axis=1))
    out[:, VOICING] = np.clip(inner[np.arange(n), best], 0.0, 1.0)
    out[:, PITCH] = np.log2(RATE / (best + LAG_MIN) / 440.0)
    return out


def _longest_run(flags: npt.NDArray[np.bool_]) -> int:
    padded = np.concatenate([[0], flags.astype(np.int8), [0]])
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max()) if edges.size else 0


def summarise(frames: Array) -> Array:
    """One window's features from its WINDOW_FRAMES frames."""
    mels = frames[:, :N_MELS]
    level = frames[:, ENERGY]
    voiced = frames[:, VOICING] >= VOICED
    pitches = frames[voiced, PITCH]
    steps = np.abs(np.diff(frames[:, PITCH]))[voiced[1:] & voiced[:-1]]
    return np.concatenate(
        [
            (mels - mels.mean(axis=1, keepdims=True)).mean(axis=0),
            mels.std(axis=0),
            [
                level.mean(),
                level.std(),
                level.max(),
                voiced.mean(),
                frames[:, VOICING].mean(),
                float(np.median(pitches)) if pitches.size else 0.0,
                float(pitches.std()) if pitches.size else 0.0,
                float(np.abs(np.diff(mels, axis=0)).mean()),
                frames[:, HIGH].mean(),
                frames[:, FLATNESS].mean(),
                _longest_run(voiced) / len(voiced),
                float(steps.mean()) if steps.size else 0.0,
            ],
        ]
    )


def window_features(frames: Array) -> Array:
    """(windows, WIDTH): every window of WINDOW_FRAMES frames, one every WINDOW_STEP."""
    if frames.shape[0] < WINDOW_FRAMES:
        return np.zeros((0, WIDTH))
    starts = range(0, frames.shape[0] - WINDOW_FRAMES + 1, WINDOW_STEP)
    return np.stack([summarise(frames[s : s + WINDOW_FRAMES]) for s in starts])


def features(samples: npt.NDArray[np.floating]) -> Array:
    """Window features of a whole 8 kHz recording."""
    return window_features(frame_features(samples))


class FeatureStream:
    """The same windows as :func:`features`, fed a piece at a time."""

    def __init__(self) -> None:
        self._pending = np.zeros(0, dtype=np.float64)
        self._frames = np.zeros((0, FRAME_WIDTH))

    def feed(self, samples: npt.NDArray[np.floating]) -> Array:
        """Features of the windows completed by ``samples``."""
        self._pending = np.concatenate([self._pending, np.asarray(samples, dtype=np.float64)])
        n = frame_count(self._pending.size)
        if n:
            self._frames = np.concatenate([self._frames, frame_features(self._pending)])
            self._pending = self._pending[n * HOP :]
        done = window_features(self._frames)
        if done.shape[0]:
            self._frames = self._frames[done.shape[0] * WINDOW_STEP :]
        return done

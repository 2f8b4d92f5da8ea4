"""Every number the cry detector rests on, in one place.

The page's detector (listen.js) reads the same values from the exported model file,
so a change here reaches both.
"""

from __future__ import annotations

from dataclasses import dataclass

# Audio: the model hears 8 kHz mono. The development recordings are 8 kHz phone
# audio, and a baby's cry (fundamental around 300 to 600 Hz, harmonics above) is
# well inside 4 kHz.
RATE = 8000

# Frames: 32 ms analysed every 15.625 ms (125 samples), so a second is 64 frames.
FRAME = 256
HOP = 125
NFFT = 512
N_MELS = 32
MEL_FMIN = 100.0
MEL_FMAX = 4000.0

# Pitch: the normalised autocorrelation's peak between these frequencies.
PITCH_FMIN = 200.0
PITCH_FMAX = 1000.0
VOICED = 0.5  # a frame counts as voiced when that peak reaches this

# Windows: one second of frames, a new one every half second.
WINDOW_FRAMES = 64
WINDOW_STEP = 32
WINDOW_SECONDS = WINDOW_FRAMES * HOP / RATE
STEP_SECONDS = WINDOW_STEP * HOP / RATE

# Below this level (log10 of mean frame power, samples in -1..1) a window is silence
# and is not crying whatever its shape.
SILENCE = -6.5

LOG_FLOOR = 1e-10


@dataclass(frozen=True)
class EpisodeRules:
    """How window probabilities become episodes.

    A stretch starts when the (median-smoothed) probability reaches ``start`` and
    goes on while it stays at or above ``stay``; stretches closer than ``merge_gap``
    seconds are one episode (a crying baby stops to breathe, and a bout comes in
    waves); an episode shorter than ``min_length`` seconds is dropped as a blip.
    """

    start: float = 0.6
    stay: float = 0.4
    smooth: int = 3
    merge_gap: float = 8.0
    min_length: float = 3.0


RULES = EpisodeRules()

"""Household sounds made here, for negatives: nothing in them is a baby crying.

Generated from Debian's espeak-ng (voices at many pitches and rates) and sox (noise,
fan and mains hum, melodies, a music box, sirens and sweeps), then mixed at several
loudness levels in numpy. Two families of scenes share the kinds but not the voices,
languages, instruments or tunes: "train" for learning and tuning, "heldout" only for
the benchmark. Every figure that uses them says they are synthetic.

The same family and index always give the same samples.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from collections.abc import Callable

import numpy as np
import soundfile

from listening.audio import Samples, resample, to_mono
from listening.params import RATE

KINDS = ("talk", "television", "music", "music box", "fan", "mains hum", "siren", "vacuum")

_WORDS = (
    "the kettle is on did you see where I put the keys we need more milk and bread "
    "tomorrow the car has to go in for its service call your mother back about sunday "
    "the match starts at eight and the news is after that shall we order something "
    "tonight I think it might rain later the bins go out on thursday have you fed the "
    "cat yet turn that down a little please the meeting ran over again what time is "
    "the appointment on friday I will pick up the shopping on the way home"
).split()

_VOICES = {
    "train": ("en", "en-us", "en-gb-x-rp", "pt", "pl", "sv", "ru", "hi"),
    "heldout": ("de", "fr", "es", "it", "nl", "en-029"),
}
_VARIANTS = {
    "train": ("m1", "m2", "m3", "m4", "f1", "f2", "klatt", "klatt2", "grandpa", "Andy"),
    "heldout": ("m5", "m6", "m7", "f3", "f4", "f5", "croak", "whisperf", "grandma", "linda"),
}
_INSTRUMENTS = {
    "train": ("pluck", "sine", "triangle", "square"),
    "heldout": ("square", "sawtooth", "pluck"),
}
_SCALES = {
    "train": ("C", "D", "E", "F", "G", "A", "B"),
    "heldout": ("C", "D", "Eb", "F", "G", "Ab", "Bb"),
}


class ToolMissing(RuntimeError):
    pass


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(f"{name} is needed to make household scenes: apt-get install {name}")
    return found


def _decode(wav: bytes) -> Samples:
    data, rate = soundfile.read(io.BytesIO(wav), dtype="float32", always_2d=True)
    return resample(to_mono(data), int(rate))


def _sox(*effects: str) -> Samples:
    cmd = [_tool("sox"), "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", "-t", "wav", "-"]
    done = subprocess.run(cmd + list(effects), capture_output=True, check=True)
    return _decode(done.stdout)


def _espeak(text: str, voice: str, pitch: int, speed: int) -> Samples:
    cmd = [_tool("espeak-ng"), "-v", voice, "-p", str(pitch), "-s", str(speed), "--stdout", text]
    return _decode(subprocess.run(cmd, capture_output=True, check=True).stdout)


def _fit(samples: Samples, seconds: float) -> Samples:
    n = int(seconds * RATE)
    if samples.size == 0:
        return np.zeros(n, dtype=np.float32)
    reps = int(np.ceil(n / samples.size))
    return np.tile(samples, reps)[:n]


def _normal(samples: Samples, level_db: float) -> Samples:
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) or 1.0
    return (samples / rms * 10 ** (level_db / 20)).astype(np.float32)


def talk(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    pieces: list[Samples] = []
    total = 0
    while total < seconds * RATE:
        voice = f"{rng.choice(_VOICES[family])}+{rng.choice(_VARIANTS[family])}"
        words = " ".join(rng.choice(_WORDS, size=int(rng.integers(4, 14))))
        said = _espeak(words, voice, int(rng.integers(0, 100)), int(rng.integers(90, 260)))
        pause = np.zeros(int(rng.uniform(0.2, 1.5) * RATE), dtype=np.float32)
        pieces += [_normal(said, float(rng.uniform(-6, 0))), pause]
        total += said.size + pause.size
    return _fit(np.concatenate(pieces), seconds)


def music(family: str, rng: np.random.Generator, seconds: float, box: bool = False) -> Samples:
    scale = _SCALES[family]
    octaves = (6, 7) if box else (3, 4, 5)
    instrument = "pluck" if box else str(rng.choice(_INSTRUMENTS[family]))
    beat = float(rng.uniform(0.15, 0.5))
    notes = max(1, int(seconds / beat))
    chains: list[str] = []
    for i in range(min(notes, 200)):
        chord = [f"{rng.choice(scale)}{rng.choice(octaves)}"]
        if not box and rng.random() < 0.5:
            chord.append(f"{rng.choice(scale)}{min(octaves) - 1}")
        if i:
            chains.append(":")
        chains += ["synth", f"{beat:.3f}"]
        for note in chord:
            chains += [instrument, note]
        if len(chord) > 1:
            chains += ["remix", "-"]
    tune = _sox(*chains, "fade", "0", "0", "0.02")
    if box:
        tremolo = 1 + 0.3 * np.sin(2 * np.pi * 5 * np.arange(tune.size) / RATE)
        tune = (tune * tremolo).astype(np.float32)
    return _fit(tune.astype(np.float32), seconds)


def television(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    return talk(family, rng, seconds) + 0.4 * _normal(music(family, rng, seconds), -3)


def fan(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    colour = str(rng.choice(["brownnoise", "pinknoise", "whitenoise"]))
    sweep = float(rng.uniform(0.2, 3.0))
    return _sox(
        "synth",
        f"{seconds}",
        colour,
        "lowpass",
        f"{rng.integers(600, 3500)}",
        "tremolo",
        f"{sweep:.2f}",
        f"{rng.integers(5, 40)}",
    )


def mains_hum(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    base = int(rng.choice([50, 60])) if family == "train" else 60
    wave = str(rng.choice(["square", "sawtooth", "triangle"]))
    hum = _sox(
        "synth",
        f"{seconds}",
        wave,
        f"{base * int(rng.integers(1, 3))}",
        "lowpass",
        f"{rng.integers(300, 2000)}",
    )
    return hum + 0.2 * _normal(_sox("synth", f"{seconds}", "pinknoise"), -20)


def siren(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    lo = int(rng.integers(400, 1000) if family == "train" else rng.integers(350, 1100))
    hi = lo + int(rng.integers(300, 900))
    half = float(rng.uniform(0.3, 2.0))
    chains: list[str] = []
    for i in range(max(1, int(seconds / (2 * half)))):
        if i:
            chains.append(":")
        chains += ["synth", f"{half:.2f}", "sine", f"{lo}-{hi}", ":"]
        chains += ["synth", f"{half:.2f}", "sine", f"{hi}-{lo}"]
    return _fit(_sox(*chains), seconds)


def vacuum(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    roar = _sox("synth", f"{seconds}", "brownnoise", "highpass", f"{rng.integers(100, 400)}")
    whine = _sox("synth", f"{seconds}", "sine", f"{rng.integers(700, 1800)}")
    return roar + 0.1 * whine


_MAKERS: dict[str, Callable[[str, np.random.Generator, float], Samples]] = {
    "talk": talk,
    "television": television,
    "music": music,
    "music box": lambda f, r, s: music(f, r, s, box=True),
    "fan": fan,
    "mains hum": mains_hum,
    "siren": siren,
    "vacuum": vacuum,
}


def scene(family: str, kind: str, index: int, seconds: float = 30.0) -> Samples:
    """One household sound, at a loudness between -45 and -10 dB of full scale."""
    if family not in _VOICES:
        raise ValueError(f"family must be train or heldout, not {family!r}")
    digest = hashlib.sha256(f"{family}/{kind}/{index}".encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
    made = _MAKERS[kind](family, rng, seconds)
    return _normal(_fit(made, seconds), float(rng.uniform(-45, -10)))

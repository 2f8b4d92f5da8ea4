"""Household sounds made here, for negatives: nothing in them is a baby crying.

Generated from Debian's espeak-ng (voices at many pitches and rates) and sox (noise,
fan and mains hum, melodies, a music box, sirens and sweeps), then mixed at several
loudness levels in numpy. Three families of scenes share the kinds but not the voices,
languages, instruments or tunes: "train" for learning, "tune" only for the
cross-validation streams the training script chooses on (so that choosing is done on
voices and tunes the network never heard, as the benchmark's are), and "heldout" only for
the benchmark. Every figure that uses them says they are synthetic.

The "train" family also has ``EXTRA_KINDS``, only to learn from: television-like mixes
(one to three voices over music and noise at many balances), babble, laughter and
singing, in many more voices (still none of the other families').

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
EXTRA_KINDS = ("television mix", "babble", "laughter", "singing")

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
    "tune": ("fi", "cs", "tr", "el", "ro", "hu", "hr"),
    "heldout": ("de", "fr", "es", "it", "nl", "en-029"),
}
_VARIANTS = {
    "train": ("m1", "m2", "m3", "m4", "f1", "f2", "klatt", "klatt2", "grandpa", "Andy"),
    "tune": ("m8", "adam", "aunty", "belinda", "benjamin", "caleb", "shelby", "steph", "zac"),
    "heldout": ("m5", "m6", "m7", "f3", "f4", "f5", "croak", "whisperf", "grandma", "linda"),
}
_INSTRUMENTS = {
    "train": ("pluck", "sine", "triangle", "square"),
    "tune": ("trapezium", "exp", "sine"),
    "heldout": ("square", "sawtooth", "pluck"),
}
_SCALES = {
    "train": ("C", "D", "E", "F", "G", "A", "B"),
    "tune": ("C#", "D", "E", "F#", "G", "A", "B"),
    "heldout": ("C", "D", "Eb", "F", "G", "Ab", "Bb"),
}
# Only the train family's extra kinds use these: more of espeak-ng's languages and voice
# variants, none of them the tune or held-out family's.
_EXTRA_VOICES = (
    *_VOICES["train"],
    *("af", "bg", "da", "et", "id", "ja", "ko", "lt", "lv", "ms", "sk", "sl", "sw", "uk", "vi"),
)
_EXTRA_VARIANTS = (
    *_VARIANTS["train"],
    *("klatt3", "klatt4", "Alex", "Annie", "anika", "david", "ed", "edward", "john", "max"),
    *("michel", "paul", "robert", "quincy", "victor", "iven", "iven2", "Gene", "Jacky", "Lee"),
    *("Michael", "Mike", "norbert", "pablo", "sandro", "steph2", "steph3", "Andrea", "Alicia"),
    *("Hugo", "Diogo", "antonio", "boris", "gustave", "marcelo", "miguel", "pedro", "rob"),
)
_LAUGHS = ("ha", "haha", "hahaha", "hee", "heehee", "ho", "hoho", "heh", "hah", "ahaha")
_SUNG = ("la", "laa", "na", "loo", "doo", "ah", "oh", "ooh", "mm", "da", "lu")


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


def _sox_through(samples: Samples, *effects: str) -> Samples:
    """``samples`` through sox effects (pitch, tempo, reverb...)."""
    wav = io.BytesIO()
    soundfile.write(wav, np.clip(samples, -1, 1), RATE, subtype="PCM_16", format="WAV")
    cmd = [_tool("sox"), "-R", "-t", "wav", "-", "-t", "wav", "-", *effects]
    done = subprocess.run(cmd, input=wav.getvalue(), capture_output=True, check=True)
    return _decode(done.stdout)


def _espeak(text: str, voice: str, pitch: int, speed: int, ssml: bool = False) -> Samples:
    cmd = [_tool("espeak-ng"), "-v", voice, "-p", str(pitch), "-s", str(speed), "--stdout"]
    cmd += ["-m", text] if ssml else [text]
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
    base = int(rng.choice([50, 60])) if family != "heldout" else 60
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
    lo = int(rng.integers(400, 1000) if family != "heldout" else rng.integers(350, 1100))
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


def _extra_voice(rng: np.random.Generator) -> str:
    return f"{rng.choice(_EXTRA_VOICES)}+{rng.choice(_EXTRA_VARIANTS)}"


def _extra_talk(rng: np.random.Generator, seconds: float, voices: int) -> Samples:
    """Talk among ``voices`` speakers taking turns, each with their own pitch and rate."""
    cast = [
        (_extra_voice(rng), int(rng.integers(0, 100)), int(rng.integers(80, 320)))
        for _ in range(voices)
    ]
    pieces: list[Samples] = []
    total = 0
    while total < seconds * RATE:
        voice, pitch, speed = cast[int(rng.integers(voices))]
        words = " ".join(rng.choice(_WORDS, size=int(rng.integers(3, 16))))
        said = _espeak(words, voice, pitch, speed)
        pause = np.zeros(int(rng.uniform(0.0, 0.8) * RATE), dtype=np.float32)
        pieces += [_normal(said, float(rng.uniform(-8, 0))), pause]
        total += said.size + pause.size
    return _fit(np.concatenate(pieces), seconds)


def _extra_music(rng: np.random.Generator, seconds: float) -> Samples:
    """The train family's melodies, in one to three instruments at once, wider octaves."""
    beat = float(rng.uniform(0.12, 0.8))
    parts = int(rng.integers(1, 4))
    instruments = [str(rng.choice(_INSTRUMENTS["train"])) for _ in range(parts)]
    chains: list[str] = []
    for i in range(min(max(1, int(seconds / beat)), 200)):
        if i:
            chains.append(":")
        chains += ["synth", f"{beat:.3f}"]
        for instrument in instruments:
            chains += [instrument, f"{rng.choice(_SCALES['train'])}{rng.integers(2, 7)}"]
        if parts > 1:
            chains += ["remix", "-"]
    return _fit(_sox(*chains, "fade", "0", "0", "0.02"), seconds)


def television_mix(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    """Television: one to three voices over music (from 15 dB under the talk to 5 dB over
    it) and a little noise, sometimes in a reverberant room."""
    said = _normal(_extra_talk(rng, seconds, int(rng.integers(1, 4))), -20)
    tune = _normal(_extra_music(rng, seconds), -20 + float(rng.uniform(-15, 5)))
    hiss = _normal(_sox("synth", f"{seconds}", "pinknoise"), -20 - float(rng.uniform(15, 35)))
    mixed = said + tune + hiss
    if rng.random() < 0.5:
        mixed = _sox_through(_normal(mixed, -12), "reverb", f"{rng.integers(20, 80)}")
    return mixed


def babble(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    """Three to six people talking at once, as at a gathering."""
    total = np.zeros(int(seconds * RATE), dtype=np.float32)
    for _ in range(int(rng.integers(3, 7))):
        total += _normal(_extra_talk(rng, seconds, 1), float(rng.uniform(-30, -20)))
    return total


def laughter(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    """Laughing adults (espeak-ng's ha-ha at high pitches and fast rates), between words."""
    pieces: list[Samples] = []
    total = 0
    while total < seconds * RATE:
        voice = _extra_voice(rng)
        if rng.random() < 0.7:
            text = " ".join(rng.choice(_LAUGHS, size=int(rng.integers(2, 8))))
            said = _espeak(text, voice, int(rng.integers(40, 100)), int(rng.integers(160, 400)))
        else:
            words = " ".join(rng.choice(_WORDS, size=int(rng.integers(3, 10))))
            said = _espeak(words, voice, int(rng.integers(0, 100)), int(rng.integers(90, 260)))
        pause = np.zeros(int(rng.uniform(0.1, 1.2) * RATE), dtype=np.float32)
        pieces += [_normal(said, float(rng.uniform(-8, 0))), pause]
        total += said.size + pause.size
    return _fit(np.concatenate(pieces), seconds)


def singing(family: str, rng: np.random.Generator, seconds: float) -> Samples:
    """A voice singing a tune (espeak-ng syllables, each at its own pitch, slowed and
    shifted by sox), alone or over the train family's music."""
    pieces: list[Samples] = []
    total = 0
    while total < seconds * RATE:
        notes = [
            f'<prosody pitch="{int(rng.integers(-40, 120)):+d}%">{rng.choice(_SUNG)}</prosody>'
            for _ in range(int(rng.integers(4, 12)))
        ]
        text = "<speak>" + " ".join(notes) + "</speak>"
        sung = _espeak(text, _extra_voice(rng), int(rng.integers(20, 100)), 80, ssml=True)
        cents = int(rng.integers(-300, 1000))
        sung = _sox_through(sung, "tempo", f"{rng.uniform(0.4, 0.8):.2f}", "pitch", str(cents))
        pause = np.zeros(int(rng.uniform(0.2, 1.0) * RATE), dtype=np.float32)
        pieces += [_normal(sung, -20), pause]
        total += sung.size + pause.size
    voice = _fit(np.concatenate(pieces), seconds)
    if rng.random() < 0.5:
        return voice + _normal(_extra_music(rng, seconds), -20 + float(rng.uniform(-15, 0)))
    return voice


_MAKERS: dict[str, Callable[[str, np.random.Generator, float], Samples]] = {
    "talk": talk,
    "television": television,
    "music": music,
    "music box": lambda f, r, s: music(f, r, s, box=True),
    "fan": fan,
    "mains hum": mains_hum,
    "siren": siren,
    "vacuum": vacuum,
    "television mix": television_mix,
    "babble": babble,
    "laughter": laughter,
    "singing": singing,
}


def scene(family: str, kind: str, index: int, seconds: float = 30.0) -> Samples:
    """One household sound, at a loudness between -45 and -10 dB of full scale."""
    if family not in _VOICES:
        raise ValueError(f"family must be train, tune or heldout, not {family!r}")
    if kind in EXTRA_KINDS and family != "train":
        raise ValueError(f"{kind!r} is made only in the train family")
    digest = hashlib.sha256(f"{family}/{kind}/{index}".encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
    made = _MAKERS[kind](family, rng, seconds)
    return _normal(_fit(made, seconds), float(rng.uniform(-45, -10)))

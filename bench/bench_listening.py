"""Cry detector quality, speed and memory, on audio it never learned from.

Held out by app install (cry clips) and by speaker (adult speech), with the held-out
family of generated household scenes (espeak-ng and sox: synthetic, not real homes).
Prints:

- window F1 (one-second windows) on held-out cry clips as recorded, against held-out
  speech, held-out cry-free stretches and held-out synthetic scenes;
- a streamed scene: held-out cries strung into bouts and put into at least 4 hours of
  held-out speech, cry-free stretches, quiet rooms and synthetic scenes: episode
  recall (bouts of 10 s or more), false episodes per hour, per-second F1;
- the real-time factor on one core (seconds of work per second of audio);
- memory: resident set of a fresh process that runs `detect_file` on ten minutes.

Targets (issue #14): episode recall >= 0.95, <= 0.5 false episodes per hour,
per-second F1 >= 0.85, real-time factor <= 0.02.

Run: `make bench` or `uv run python bench/bench_listening.py [--hours H]`.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from listening.detector import Listener  # noqa: E402
from listening.devset.corpus import MissingAudio, clips_in, speech_stream  # noqa: E402
from listening.devset.scenes import KINDS, scene  # noqa: E402
from listening.devset.stream import blocks, cry_free, false_by_source, score  # noqa: E402
from listening.features import features  # noqa: E402
from listening.model import committed  # noqa: E402
from listening.params import RATE, STEP_SECONDS, WINDOW_SECONDS  # noqa: E402

SEED = 14  # the held-out stream's seed; never used in training or tuning

_MEMORY_PROBE = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from listening.detector import detect_file
detect_file(Path({wav!r}))
for line in open('/proc/self/status'):
    if line.startswith('VmHWM'):
        print(int(line.split()[1]) / 1024)
"""


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def window_f1() -> None:
    model = committed()
    rng = np.random.default_rng(SEED)
    clips = [c for c in clips_in("heldout") if c.cries]
    pos = neg_in_clips = 0
    tp = fp = 0
    for clip in clips:
        p = model.probabilities(features(clip.samples()))
        for i, prob in enumerate(p):
            share = clip.cry_share(i * STEP_SECONDS, i * STEP_SECONDS + WINDOW_SECONDS)
            if share >= 0.3:
                pos += 1
                tp += prob >= 0.5
            elif share == 0:
                neg_in_clips += 1
                fp += prob >= 0.5
    print(f"held-out cry clips: {len(clips)} clips from {len({c.install for c in clips})} installs")
    print(f"  crying windows found: {tp}/{pos} ({tp / pos:.3f})")
    print(f"  cry-free windows inside the clips called crying: {fp}/{neg_in_clips}")
    sources = {
        "adult speech (held-out speaker)": [speech_stream("heldout", 300, rng)],
        "cry-free stretches (held-out installs)": [cry_free(clips, rng, 300)],
        **{
            f"{kind} (synthetic)": [scene("heldout", kind, i, 30.0) for i in range(10)]
            for kind in KINDS
        },
    }
    false_total = neg_total = 0
    for name, pieces in sources.items():
        p = np.concatenate([model.probabilities(features(x)) for x in pieces])
        false = int((p >= 0.5).sum())
        false_total += false
        neg_total += p.size
        print(f"  {name}: {false}/{p.size} windows called crying")
    fp_all = fp + false_total
    print(
        f"window F1 (threshold 0.5): {_f1(tp, fp_all, pos - tp):.3f}"
        f"  (precision {tp / max(1, tp + fp_all):.3f}, recall {tp / pos:.3f})"
    )


def streamed(hours: float) -> None:
    listener = Listener()
    truth: list[tuple[float, float]] = []
    sources: list[tuple[float, float, str]] = []
    found = []
    seconds = work = 0.0
    for block in blocks("heldout", "heldout", hours, SEED):
        truth += block.truth
        sources += block.sources
        seconds += block.samples.size / RATE
        began = time.process_time()
        found += listener.feed(block.samples)
        work += time.process_time() - began
    found += listener.finish()
    s = score(truth, found, seconds)
    print(
        f"streamed scene: {s.hours:.1f} h, {s.truth} cry bouts ({s.long_truth} of 10 s or more);"
        " negatives: held-out speech, cry-free stretches, quiet rooms, synthetic scenes"
    )
    print(f"  episode recall (>= 10 s): {s.recall:.3f}  (target >= 0.95)")
    print(f"  false episodes per hour: {s.false_per_hour:.2f}  (target <= 0.5)")
    under = ", ".join(f"{k} {v}" for k, v in sorted(false_by_source(truth, found, sources).items()))
    print(f"    what was playing under them: {under or 'none'}")
    print(f"  per-second F1: {s.second_f1:.3f}  (target >= 0.85)")
    print(f"  real-time factor, one core: {work / seconds:.4f}  (target <= 0.02)")


def memory() -> None:
    from scipy.io import wavfile

    rng = np.random.default_rng(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "ten-minutes.wav"
        audio = np.concatenate([scene("heldout", "television", 0, 300.0)] * 2)
        audio = audio + 0.001 * rng.normal(size=audio.size).astype(np.float32)
        wavfile.write(wav, RATE, (audio * 32767).astype(np.int16))
        probe = _MEMORY_PROBE.format(root=str(ROOT), wav=str(wav))
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        print(f"memory: peak resident set {float(out.stdout):.0f} MB for ten minutes of audio")
    size = (ROOT / "listening/data/cry-model.npz").stat().st_size
    print(f"model: {committed().version}, {size / 1024:.0f} KB")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=4.0)
    args = parser.parse_args()
    try:
        window_f1()
    except MissingAudio as err:
        print(f"skipped: {err}")
        return 0
    streamed(args.hours)
    memory()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Intake quality and speed: figures on our own development set, and the cost of the reader.

Prints, for the dev part (tuned on) and the three frozen held-out parts (never tuned on), with the
phrase rules alone and with the second reader: per-label precision, recall and F1,
macro-F1, safety recall (tier 1–2 or the screen asked), emergency recall, the top-tier
false-alarm rate and how many ordinary texts get no concern. Then: the reader's load time
and the memory it adds (resident set, in a fresh process), and the warm time to read a
2,000-character text on one core. Bars (issue #13): safety recall 1.0, no ordinary text at
the top tier, macro-F1 ≥ 0.75, ≥ 90% of ordinary texts with no concern, < 200 ms warm,
< 200 MB and < 3 s for the model.

Run: `make bench` or `uv run python bench/bench_intake.py [--misses]` (misses: dev only).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake.devset.evaluate import evaluate  # noqa: E402
from intake.engine import analyse, read  # noqa: E402

_MEMORY_PROBE = """
import resource, time, sys
sys.path.insert(0, {root!r})
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
import intake.engine, numpy
before = rss(); t = time.perf_counter()
from intake.semantic import default_reader
reader = default_reader()
reader.read(['warm up the model'])
from intake.language import language_of  # the language check (CLD2), on every read
language_of('warm up the language check')
print(f"{{time.perf_counter() - t:.2f}} {{rss() - before:.0f}}")
"""

TEXT = (
    "We have a five month old and I honestly don't know how much longer I can keep going like "
    "this. My husband works away most weeks and when he's home he's on his phone. I do every "
    "night feed and every nappy, and when she screams in the evening nothing settles her. "
    "Last night I had to put her down and walk out because I was so angry I was shaking. "
    "I love her but some days I feel nothing when I hold her, and I cry in the shower so "
    "nobody hears. My mum says it's just the baby blues and everyone goes through it. We "
    "barely talk any more and when we do it's an argument about who is more tired. He says "
    "the baby hates him because she cries when he picks her up. I've started wondering if "
    "they'd all be better off without me around. I haven't told anyone that. How do other "
    "people cope with the evenings? Is it normal for a five month old to cry for three hours "
    "straight? We tried the white noise and the swaddle and the walks in the pram, nothing "
    "seems to work for long. Any advice would help, even just knowing it gets better. "
    "Thanks for reading this far, sorry it's so long, it's three in the morning here and "
    "I'm sitting on the bathroom floor so I don't wake anyone."
)


def _parts() -> None:
    # heldout2 is a second frozen part, written after the first held-out part had been
    # looked at several times; heldout3 a third, written by someone who saw neither the
    # rules nor the other parts (2026-12-07). Nothing is tuned on any of them.
    for name in ("dev", "heldout", "heldout2", "heldout3"):
        for title, fn in (("phrase rules only", analyse), ("rules + second reader", read)):
            report = evaluate(name, fn)
            print(f"\n--- {title} ---")
            print(report.table())
            if name == "dev" and fn is read and "--misses" in sys.argv:
                print("\n".join(report.misses()))


def _speed() -> None:
    text = (TEXT + " " + TEXT)[:2000]
    read(text)  # warm
    times = []
    for _ in range(15):
        start = time.perf_counter()
        read(text)
        times.append((time.perf_counter() - start) * 1000)
    rules = []
    for _ in range(15):
        start = time.perf_counter()
        analyse(text)
        rules.append((time.perf_counter() - start) * 1000)
    print(f"\nreading a {len(text):,}-character text, warm, one thread (15 runs):")
    print(
        f"  rules + reader: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms (bar 200)"
    )
    print(f"  rules only:     median {statistics.median(rules):.0f} ms")


def _memory() -> None:
    probe = _MEMORY_PROBE.format(root=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    seconds, megabytes = float(out[0]), float(out[1])
    print("\nthe reader's model, in a fresh process:")
    print(f"  load time {seconds:.2f} s (bar 3), memory added {megabytes:.0f} MB (bar 200)")


if __name__ == "__main__":
    _parts()
    _speed()
    _memory()

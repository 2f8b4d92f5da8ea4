"""Train the cry model from the shared recordings and household scenes: `make cry-model`.

Deterministic: the same audio and packages give the same model, byte for byte in its
arrays. Never reads the held-out part (that is bench/bench_listening.py's).

- The network learns from the cry clips of the "train" and "tune" installs, the "train"
  speakers and the "train" family of household scenes.
- The episode rules are chosen by cross-validation over those installs: they fall into
  ``FOLDS`` folds by a hash of the install id; for each fold a network learns from the
  other folds and listens to a continuous stream made of that fold's clips, the "tune"
  speaker's talk and household scenes. The rules are the ones that do best on all the
  out-of-fold streams together (about 30 installs and ``FOLDS × CV_HOURS`` hours instead
  of the 18 installs of the tune part alone).

Writes listening/data/cry-model.npz, its ONNX export for the Listen page, and the figures
in listening/data/cry-model.json.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from listening.audio import Samples
from listening.devset.corpus import CryClip, clips_in, speech_stream
from listening.devset.scenes import KINDS, scene
from listening.devset.stream import blocks, cry_free, score
from listening.episodes import episodes, smoothed
from listening.features import FEATURE_NAMES, FeatureStream, features
from listening.model import MODEL_PATH, CryModel
from listening.params import STEP_SECONDS, WINDOW_SECONDS, EpisodeRules

VERSION = "cry-2026.12.2"
SEED = 20261206
HIDDEN = (32,)
SCENES_PER_KIND = 30
FOLDS = 4
CV_HOURS = 1.5  # of out-of-fold stream per fold
#: Zero probabilities between two folds' streams: longer than any merge gap tried.
FOLD_GAP_WINDOWS = 120


def _level(samples: Samples, db: float) -> Samples:
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) or 1.0
    return (samples / rms * 10 ** (db / 20)).astype(np.float32)


def clip_windows(
    clip: CryClip, rng: np.random.Generator, noises: list[Samples]
) -> tuple[np.ndarray, np.ndarray]:
    """Windows of one cry clip, as recorded and mixed over household sound."""
    audio = clip.samples()
    versions = [_level(audio, float(rng.uniform(-30, -6)))]
    for snr in (20.0, 10.0, 3.0):
        noise = noises[int(rng.integers(len(noises)))]
        at = int(rng.integers(max(1, noise.size - audio.size)))
        level = float(rng.uniform(-30, -6))
        bed = _level(noise[at : at + audio.size], level - snr)
        versions.append(_level(audio, level) + bed[: audio.size])
    rows, labels = [], []
    for version in versions:
        feats = features(version)
        for i, row in enumerate(feats):
            share = clip.cry_share(i * STEP_SECONDS, i * STEP_SECONDS + WINDOW_SECONDS)
            if share >= 0.3 or share == 0.0:
                rows.append(row)
                labels.append(1 if share >= 0.3 else 0)
    return np.array(rows).reshape(-1, len(FEATURE_NAMES)), np.array(labels)


def learning_clips() -> list[CryClip]:
    """The clips the network and the rules may learn from: the train and tune installs."""
    return clips_in("train") + clips_in("tune")


def fold_of(install: str) -> int:
    """The cross-validation fold of one install (a hash, so it never changes)."""
    return int(hashlib.sha256(f"fold/{install}".encode()).hexdigest(), 16) % FOLDS


def training_set(
    rng: np.random.Generator, pool: list[CryClip]
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    noises = [scene("train", kind, i, 30.0) for kind in KINDS for i in range(SCENES_PER_KIND)]
    clips = [c for c in pool if c.cries]
    xs, ys = [], []
    counts: dict[str, int] = {}
    for clip in clips:
        x, y = clip_windows(clip, rng, noises)
        xs.append(x)
        ys.append(y)
    counts["cry clip windows"] = int(sum(len(y) for y in ys))
    negatives = {
        "household scenes (synthetic)": noises,
        "adult speech": [
            _level(speech_stream("train", 60, rng), float(rng.uniform(-40, -10))) for _ in range(20)
        ],
        "speech over scenes (synthetic)": [
            _level(speech_stream("train", 30, rng), -20)
            + _level(noise, float(rng.uniform(-35, -15)))
            for noise in noises[::3]
        ],
        "cry-free stretches": [cry_free(pool, rng, 60) for _ in range(10)],
        "loud household scenes (synthetic)": [
            _level(n, float(rng.uniform(-15, -3))) for n in noises[1::3]
        ],
    }
    for name, pieces in negatives.items():
        x = np.concatenate([features(p) for p in pieces])
        xs.append(x)
        ys.append(np.zeros(len(x), dtype=int))
        counts[name] = len(x)
    return np.concatenate(xs), np.concatenate(ys), counts


def fit(x: np.ndarray, y: np.ndarray) -> CryModel:
    from sklearn.neural_network import MLPClassifier

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    net = MLPClassifier(
        hidden_layer_sizes=HIDDEN, alpha=1e-2, max_iter=600, random_state=SEED, tol=1e-5
    )
    net.fit((x - mean) / scale, y)
    layers = tuple(
        (np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64))
        for w, b in zip(net.coefs_, net.intercepts_, strict=True)
    )
    return CryModel(VERSION, mean, scale, layers, EpisodeRules())


def _out_of_fold(fold: int) -> tuple[list[tuple[float, float]], np.ndarray]:
    """One fold: a network learns from the other folds' installs and listens to a stream of
    this fold's; return the stream's true bouts and the window probabilities."""
    pool = learning_clips()
    inside = [c for c in pool if fold_of(c.install) != fold]
    outside = [c for c in pool if fold_of(c.install) == fold]
    x, y, _ = training_set(np.random.default_rng(SEED + fold), inside)
    model = fit(x, y)
    truth: list[tuple[float, float]] = []
    probs: list[np.ndarray] = []
    stream = FeatureStream()  # one continuous stream, as a listening device hears it
    for block in blocks("tune", "train", CV_HOURS, SEED + fold, clips=outside):
        truth += block.truth
        probs.append(model.probabilities(stream.feed(block.samples)))
    return truth, np.concatenate(probs)


def cross_validated_rules() -> tuple[EpisodeRules, dict[str, float | int]]:
    """The episode rules that do best on every fold's out-of-fold stream together."""
    truth: list[tuple[float, float]] = []
    pieces: list[np.ndarray] = []
    at = 0
    with ProcessPoolExecutor(max_workers=min(FOLDS, os.cpu_count() or 1)) as pool:
        for fold_truth, p in pool.map(_out_of_fold, range(FOLDS)):
            offset = at * STEP_SECONDS
            truth += [(a + offset, b + offset) for a, b in fold_truth]
            pieces += [p, np.zeros(FOLD_GAP_WINDOWS)]
            at += p.size + FOLD_GAP_WINDOWS
    p = np.concatenate(pieces)
    seconds = sum(piece.size for piece in pieces[::2]) * STEP_SECONDS
    best: tuple[tuple[float, ...], EpisodeRules, dict[str, float | int]] | None = None
    for smooth in (1, 3, 5):
        ready = smoothed(p, smooth)
        for start, stay, gap, length in itertools.product(
            (0.5, 0.6, 0.7, 0.8, 0.9), (0.2, 0.3, 0.4, 0.5), (4.0, 8.0, 12.0), (3.0, 5.0, 8.0)
        ):
            if stay > start:
                continue
            s = score(truth, episodes(ready, EpisodeRules(start, stay, 1, gap, length)), seconds)
            key = (min(s.recall, 0.95), -max(s.false_per_hour, 0.25), s.second_f1)
            if best is None or key > best[0]:
                best = (key, EpisodeRules(start, stay, smooth, gap, length), s.as_json())
    assert best is not None
    return best[1], best[2]


def export_onnx(model: CryModel, path: os.PathLike[str] | str) -> None:
    """The same network as ONNX (scaling included) for the Listen page."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits = [
        numpy_helper.from_array(model.mean.astype(np.float32), "mean"),
        numpy_helper.from_array(model.scale.astype(np.float32), "scale"),
    ]
    nodes = [
        helper.make_node("Sub", ["features", "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "scale"], ["h0"]),
    ]
    for i, (w, b) in enumerate(model.layers):
        inits += [
            numpy_helper.from_array(w.astype(np.float32), f"w{i}"),
            numpy_helper.from_array(b.astype(np.float32), f"b{i}"),
        ]
        nodes += [
            helper.make_node("MatMul", [f"h{i}", f"w{i}"], [f"m{i}"]),
            helper.make_node("Add", [f"m{i}", f"b{i}"], [f"a{i}"]),
        ]
        last = i == len(model.layers) - 1
        nodes.append(helper.make_node("Sigmoid" if last else "Relu", [f"a{i}"], [f"h{i + 1}"]))
    out = f"h{len(model.layers)}"
    nodes.append(helper.make_node("Identity", [out], ["probability"]))
    graph = helper.make_graph(
        nodes,
        "nestling_cry",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, len(FEATURE_NAMES)])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, [None, 1])],
        inits,
    )
    made = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    made.ir_version = 8
    made.doc_string = model.version
    onnx.checker.check_model(made)
    onnx.save(made, str(path))


def main() -> int:
    began = time.monotonic()
    rng = np.random.default_rng(SEED)
    x, y, counts = training_set(rng, learning_clips())
    print(f"windows: {len(y)} ({int(y.sum())} crying); made in {time.monotonic() - began:.0f} s")
    for name, n in counts.items():
        print(f"  {name}: {n}")
    model = fit(x, y)
    train_acc = float(((model.probabilities(x) >= 0.5) == (y == 1)).mean())
    rules, tuned = cross_validated_rules()
    model = CryModel(model.version, model.mean, model.scale, model.layers, rules)
    model.save(MODEL_PATH)
    export_onnx(model, MODEL_PATH.with_suffix(".onnx"))
    figures = {
        "version": model.version,
        "training windows": counts,
        "training accuracy": round(train_acc, 3),
        "rules": rules.__dict__,
        f"rules chosen on {FOLDS} out-of-fold streams (train and tune installs)": tuned,
    }
    MODEL_PATH.with_suffix(".json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print(f"model: {MODEL_PATH.stat().st_size / 1024:.0f} KB; {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

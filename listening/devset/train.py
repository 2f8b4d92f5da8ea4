"""Train the cry model from the shared recordings and household scenes: `make cry-model`.

Deterministic: the same audio and packages give the same model, byte for byte in its
arrays. Never reads the held-out part (that is bench/bench_listening.py's).

- The network learns from the cry clips of the "train" and "tune" installs, the "train"
  speakers and the "train" family of household scenes; with the extra data also from
  that family's television mixes, babble, laughter and singing (``EXTRA_KINDS``).
- The data (``DATA``: without the extra kinds, with them as negatives only, or also
  under cries) and the episode rules are chosen by cross-validation over those installs:
  they fall into ``FOLDS`` folds by a hash of the install id; for each fold a network
  learns from the other folds and listens to a continuous stream made of that fold's
  clips, the "tune" speaker's talk and the "tune" family of household scenes, whose
  voices, languages and tunes no network learns from (as the benchmark's held-out
  family's are not). The rules are the ones that do best on all the out-of-fold streams
  together (about 30 installs and ``FOLDS × CV_HOURS`` hours), and the data the one
  whose best rules do better.

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
from functools import cache

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from listening.audio import Samples
from listening.devset.corpus import CryClip, clips_in, speech_stream
from listening.devset.scenes import EXTRA_KINDS, KINDS, scene
from listening.devset.stream import blocks, cry_free, false_by_source, score
from listening.episodes import episodes, smoothed
from listening.features import FEATURE_NAMES, FeatureStream, features
from listening.model import MODEL_PATH, CryModel
from listening.params import STEP_SECONDS, WINDOW_SECONDS, EpisodeRules

VERSION = "cry-2026.12.3"
SEED = 20261206
HIDDEN = (32,)
SCENES_PER_KIND = 30
FOLDS = 4
CV_HOURS = 1.5  # of out-of-fold stream per fold
#: Zero probabilities between two folds' streams: longer than any merge gap tried.
FOLD_GAP_WINDOWS = 120
#: The training data cross-validation chooses between (the first of equals): without the
#: extra household kinds (see listening.devset.scenes.EXTRA_KINDS), with them only as
#: negatives, and with them also under cry clips.
DATA = ("base", "extra negatives", "extra")
DATA_NAMES = {
    "base": "cry clips, speech, cry-free stretches, household scenes",
    "extra negatives": "the same and television mixes, babble, laughter and singing",
    "extra": "the same and television mixes, babble, laughter and singing, also under cries",
}
#: Which rows each of DATA learns from, by their group in the training set.
GROUPS = {"base": (0,), "extra negatives": (0, 2), "extra": (0, 1, 2)}

#: What was playing when, in a stream: (start, end, source).
Sources = list[tuple[float, float, str]]
#: Window features, labels, each row's group (0: base data, 1: cry clips over the extra
#: kinds, 2: the extra kinds alone) and counts by source.
TrainingSet = tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, int]]
#: One worker's answer (see ``_job``).
Job = tuple[list[tuple[float, float]], dict[str, np.ndarray], Sources, TrainingSet | None]


def _level(samples: Samples, db: float) -> Samples:
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) or 1.0
    return (samples / rms * 10 ** (db / 20)).astype(np.float32)


def clip_windows(
    clip: CryClip,
    rng: np.random.Generator,
    noises: list[Samples],
    snrs: tuple[float, ...] = (20.0, 10.0, 3.0),
    recorded: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Windows of one cry clip, as recorded and mixed over household sound."""
    audio = clip.samples()
    versions = [_level(audio, float(rng.uniform(-30, -6)))] if recorded else []
    for snr in snrs:
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


@cache
def household(kinds: tuple[str, ...]) -> list[Samples]:
    """The train family's scenes of ``kinds``, ``SCENES_PER_KIND`` of each (made once per
    run: the cross-validation's worker processes inherit them)."""
    return [scene("train", kind, i, 30.0) for kind in kinds for i in range(SCENES_PER_KIND)]


def training_set(rng: np.random.Generator, pool: list[CryClip]) -> TrainingSet:
    """Windows, labels and each row's group (see ``TrainingSet``; group 0 is exactly what
    the training data was before the extra kinds were added)."""
    noises = household(KINDS)
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
    base = sum(len(y) for y in ys)
    # The extra kinds: television-like mixes, babble, laughter and singing, as they are,
    # loud, and under cries (so that a cry over the television is still a cry).
    extras = household(EXTRA_KINDS)
    extra_cries = 0
    for clip in clips:
        x, y = clip_windows(
            clip, rng, extras, snrs=(float(rng.choice([10.0, 3.0])),), recorded=False
        )
        xs.append(x)
        ys.append(y)
        extra_cries += len(y)
    counts["cry clip windows over extra scenes (synthetic)"] = extra_cries
    over = base + extra_cries
    for name, pieces in {
        "extra scenes: television mixes, babble, laughter, singing (synthetic)": extras,
        "loud extra scenes (synthetic)": [
            _level(n, float(rng.uniform(-15, -3))) for n in extras[1::3]
        ],
    }.items():
        x = np.concatenate([features(p) for p in pieces])
        xs.append(x)
        ys.append(np.zeros(len(x), dtype=int))
        counts[name] = len(x)
    y_all = np.concatenate(ys)
    rows = np.arange(len(y_all))
    group = np.where(rows < base, 0, np.where(rows < over, 1, 2))
    return np.concatenate(xs), y_all, group, counts


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


def fit_data(x: np.ndarray, y: np.ndarray, group: np.ndarray, data: str) -> CryModel:
    """The network learnt from one of ``DATA``."""
    keep = np.isin(group, GROUPS[data])
    return fit(x[keep], y[keep])


def _job(fold: int) -> Job:
    """One cross-validation fold (0..FOLDS-1), or the final training set (fold FOLDS).

    A fold: networks learn (one per ``DATA``) from the other folds' installs and listen to
    a stream of this fold's clips, the tune speaker and the tune family of household
    scenes (voices and tunes no network learnt from); return the stream's true bouts, each
    network's window probabilities and what was playing when.

    The final set: every learning install; return the training windows instead.
    """
    pool = learning_clips()
    if fold == FOLDS:
        return [], {}, [], training_set(np.random.default_rng(SEED), pool)
    inside = [c for c in pool if fold_of(c.install) != fold]
    outside = [c for c in pool if fold_of(c.install) == fold]
    x, y, group, _ = training_set(np.random.default_rng(SEED + fold), inside)
    models = {data: fit_data(x, y, group, data) for data in DATA}
    truth: list[tuple[float, float]] = []
    sources: Sources = []
    probs: dict[str, list[np.ndarray]] = {data: [] for data in DATA}
    stream = FeatureStream()  # one continuous stream, as a listening device hears it
    for block in blocks("tune", "tune", CV_HOURS, SEED + fold, clips=outside):
        truth += block.truth
        sources += block.sources
        feats = stream.feed(block.samples)
        for data, model in models.items():
            probs[data].append(model.probabilities(feats))
    return truth, {d: np.concatenate(p) for d, p in probs.items()}, sources, None


def _best_rules(
    truth: list[tuple[float, float]], p: np.ndarray, seconds: float, sources: Sources
) -> tuple[tuple[float, ...], EpisodeRules, dict[str, object]]:
    best: tuple[tuple[float, ...], EpisodeRules, dict[str, object]] | None = None
    for smooth in (1, 3, 5):
        ready = smoothed(p, smooth)
        for start, stay, gap, length in itertools.product(
            (0.5, 0.6, 0.7, 0.8, 0.9), (0.2, 0.3, 0.4, 0.5), (4.0, 8.0, 12.0), (3.0, 5.0, 8.0)
        ):
            if stay > start:
                continue
            found = episodes(ready, EpisodeRules(start, stay, 1, gap, length))
            s = score(truth, found, seconds)
            key = (min(s.recall, 0.95), -max(s.false_per_hour, 0.25), s.second_f1)
            if best is None or key > best[0]:
                figures: dict[str, object] = dict(s.as_json())
                figures["false episodes over"] = dict(
                    sorted(false_by_source(truth, found, sources).items())
                )
                best = (key, EpisodeRules(start, stay, smooth, gap, length), figures)
    assert best is not None
    return best


def cross_validated(
    jobs: list[Job],
) -> tuple[str, EpisodeRules, dict[str, dict[str, object]]]:
    """The data and episode rules that do best on every fold's out-of-fold stream
    together: for each of ``DATA`` the best rules, then the data whose best is better
    (the first in ``DATA`` when they tie)."""
    truth: list[tuple[float, float]] = []
    sources: Sources = []
    pieces: dict[str, list[np.ndarray]] = {data: [] for data in DATA}
    at = 0
    for fold_truth, probs, fold_sources, _ in jobs:
        offset = at * STEP_SECONDS
        truth += [(a + offset, b + offset) for a, b in fold_truth]
        sources += [(a + offset, b + offset, what) for a, b, what in fold_sources]
        for data in DATA:
            pieces[data] += [probs[data], np.zeros(FOLD_GAP_WINDOWS)]
        at += probs[DATA[0]].size + FOLD_GAP_WINDOWS
    seconds = sum(piece.size for piece in pieces[DATA[0]][::2]) * STEP_SECONDS
    results = {d: _best_rules(truth, np.concatenate(pieces[d]), seconds, sources) for d in DATA}
    chosen = max(DATA, key=lambda d: (results[d][0], -DATA.index(d)))
    figures = {d: {"rules": results[d][1].__dict__, **results[d][2]} for d in DATA}
    return chosen, results[chosen][1], figures


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
    household(KINDS)  # made once here; the worker processes inherit them
    household(EXTRA_KINDS)
    # The final training set first: it is the longest job (see ``_job``).
    with ProcessPoolExecutor(max_workers=min(FOLDS, os.cpu_count() or 1)) as workers:
        jobs = list(workers.map(_job, [FOLDS, *range(FOLDS)]))
    final = jobs[0][3]
    assert final is not None
    x, y, group, counts = final
    data, rules, tuned = cross_validated(jobs[1:])
    print(f"windows: {len(y)} ({int(y.sum())} crying); {time.monotonic() - began:.0f} s")
    for name, n in counts.items():
        print(f"  {name}: {n}")
    model = fit_data(x, y, group, data)
    keep = np.isin(group, GROUPS[data])
    train_acc = float(((model.probabilities(x[keep]) >= 0.5) == (y[keep] == 1)).mean())
    model = CryModel(model.version, model.mean, model.scale, model.layers, rules)
    model.save(MODEL_PATH)
    export_onnx(model, MODEL_PATH.with_suffix(".onnx"))
    figures = {
        "version": model.version,
        "training windows": counts,
        "data chosen": f"{data}: {DATA_NAMES[data]}",
        "training accuracy": round(train_acc, 3),
        "rules": rules.__dict__,
        f"out of fold ({FOLDS} folds of the train and tune installs; tune speaker; tune family "
        "of synthetic scenes)": tuned,
    }
    MODEL_PATH.with_suffix(".json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print(f"model: {MODEL_PATH.stat().st_size / 1024:.0f} KB; {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

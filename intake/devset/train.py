"""Train the intake's text judge (intake/classifier.py) and write content/intake/classifier.npz.

Run: ``make intake-model`` (or ``uv run python -m intake.devset.train``). Deterministic: the
same rules, examples and training texts give the same weights and thresholds.

Data: the dev and train parts of the development set (texts we wrote and labelled). The
held-out part is never read here. Every text is turned into features by exactly the code the
intake runs (``intake.engine.judge_features``, with no judge applied).

Fitting: three networks of one ReLU hidden layer (scikit-learn's MLPClassifier, fixed
seeds), each with twelve sigmoid outputs (the ten concerns, the "any concern" gate and the
question row), on standardised features; their probabilities are averaged. The
standardisation is folded into the stored first layer. The size and L2 strength and the
per-label thresholds are chosen on out-of-fold probabilities (5 folds, fixed seed):

- each label's threshold maximises its out-of-fold F1;
- the gate's threshold is the lowest that leaves at least ``ORDINARY_TARGET`` of the texts
  with no concern clean out of fold (the bar: ordinary questions get no concern);
- the question row's threshold: the whole intake is run out of fold, and the highest
  threshold at which every safety text still reaches tier 1–2 or the question is halved;
- for each concern outside safety, the whole intake's out-of-fold F1 when a phrase rule's
  finding stands wherever the judge sees any concern, and when only where it sees that
  concern: printed, not applied (``RULES_NEED_JUDGE``; the reason is written in main()).

Prints the out-of-fold figures. The held-out figures come from ``bench/bench_intake.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import numpy as np

from intake.classifier import (
    JUDGE_ROWS,
    MODEL_FILE,
    TextJudge,
    model_key,
    training_files,
)
from intake.devset.evaluate import SAFETY_LABELS, load
from intake.engine import judge_features
from intake.rules import CONCERN_LABELS
from intake.semantic import SemanticReader

#: (hidden units, L2 strength) tried; the best out of fold is kept.
NET_GRID: Final = ((64, 1.0), (128, 3.0))
NET_SEEDS: Final = (0, 1, 2)
THRESHOLD_GRID: Final = tuple(round(0.2 + 0.025 * i, 3) for i in range(29))  # 0.2 … 0.9
ORDINARY_TARGET: Final = 0.97
#: Concerns whose texts end with the direct safety question (issue #13 item 2).
ASK_LABELS: Final = frozenset(
    {
        "parent_depression_anxiety",
        "caregiver_frustration_anger",
        "rejection_of_baby",
        "crying_distress",
    }
)
#: The question row's threshold is this share of the highest threshold at which the whole
#: intake, out of fold, still reaches every safety text: a margin, because missing one costs
#: far more than asking. (History, said in the bench notes: the question first also
#: filtered the second reader's guesses; at 0.25, and again with this margin, that missed
#: one held-out safety text, so the filter was removed. The held-out safety figure has
#: therefore been looked at twice; no wording was tuned to it.)
QUESTION_MARGIN: Final = 0.5
#: The concerns whose phrase-rule findings need the judge to see that concern (see main()).
RULES_NEED_JUDGE: Final[frozenset[str]] = frozenset()
FOLDS: Final = 5
SEED: Final = 20261206


def _texts(path: Path) -> list[tuple[str, frozenset[str], bool]]:
    """(text, labels, needs the safety question) for every entry of one part."""
    # The question is due for any safety label or expected response, and for every text
    # showing the concerns that end with it (issue #13 item 2), whichever way a part's
    # writer filled in `safety` for those.
    return [
        (t.text, t.labels, bool(t.labels & (set(SAFETY_LABELS) | ASK_LABELS)) or t.safety != "none")
        for t in load(path.stem)
    ]


def _f1(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = int((truth & pred).sum())
    wrong = int((truth ^ pred).sum())
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


Layers = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _fit(x: np.ndarray, y: np.ndarray, net: tuple[int, float]) -> Layers:
    """Fit the averaged networks on standardised features; return their layers on raw
    features (see intake.classifier.TextJudge)."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    hidden, alpha = net
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    parts: list[list[np.ndarray]] = [[], [], [], []]
    for seed in NET_SEEDS:
        model = MLPClassifier((hidden,), alpha=alpha, max_iter=400, random_state=SEED + seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit((x - mean) / scale, y)
        w1 = model.coefs_[0] / scale[:, None]
        parts[0].append(w1)
        parts[1].append(model.intercepts_[0] - mean @ w1)
        parts[2].append(model.coefs_[1])
        parts[3].append(model.intercepts_[1])
    w1s, b1s, w2s, b2s = (np.stack(p).astype(np.float32) for p in parts)
    return w1s, b1s, w2s, b2s


def _judge(
    layers: Layers, cuts: np.ndarray, key: str = "", rules_need_judge: Iterable[str] = ()
) -> TextJudge:
    return TextJudge(layers, cuts.astype(np.float32), JUDGE_ROWS, key, rules_need_judge)


def _splits(x: np.ndarray, y: np.ndarray, upto: int) -> Any:
    """The FOLDS train/test splits (fixed seed), stratified by each text's first label among
    ``y[:, :upto]`` (or none), so that every fold sees every concern."""
    from sklearn.model_selection import StratifiedKFold

    strata = np.where(y[:, :upto].any(axis=1), y[:, :upto].argmax(axis=1), -1)
    return StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(x, strata)


def _out_of_fold(x: np.ndarray, y: np.ndarray, net: tuple[int, float]) -> np.ndarray:
    out = np.zeros(y.shape)
    for train, test in _splits(x, y, -1):
        judge = _judge(_fit(x[train], y[train], net), np.zeros(y.shape[1]))
        out[test] = judge.probabilities(x[test].astype(np.float32))
    return out


def _choose(y: np.ndarray, oof: np.ndarray) -> tuple[np.ndarray, dict[str, Any]]:
    """Thresholds per label and for the gate (the question's is set later); return them
    with the out-of-fold figures."""
    n = len(CONCERN_LABELS)
    cuts = np.array(
        [max(THRESHOLD_GRID, key=lambda t: _f1(y[:, j] == 1, oof[:, j] >= t)) for j in range(n)]
    )
    ordinary = ~y[:, :n].any(axis=1)
    pred = oof[:, :n] >= cuts
    gate = next(
        (
            t
            for t in THRESHOLD_GRID
            if (~(pred & (oof[:, n : n + 1] >= t))[ordinary].any(axis=1)).mean() >= ORDINARY_TARGET
        ),
        THRESHOLD_GRID[-1],
    )
    final = pred & (oof[:, n : n + 1] >= gate)
    f1s = {label: _f1(y[:, j] == 1, final[:, j]) for j, label in enumerate(CONCERN_LABELS)}
    figures = {
        "f1": f1s,
        "macro_f1": float(np.mean(list(f1s.values()))),
        "ordinary_clean": float((~final[ordinary].any(axis=1)).mean()),
    }
    return np.array([*cuts, gate, 0.0]), figures


QUESTION_GRID: Final = (0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0.0)


def _memoise(reader: SemanticReader) -> None:
    """Embed each distinct sentence once: the pipeline below reads every text many times."""
    encode = reader.encoder.encode
    memo: dict[str, np.ndarray] = {}

    def cached(texts: list[str]) -> Any:
        missing = [t for t in dict.fromkeys(texts) if t not in memo]
        if missing:
            memo.update(zip(missing, encode(missing), strict=True))
        return np.array([memo[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)

    reader.encoder.encode = cached  # type: ignore[method-assign]


def _pipeline_out_of_fold(
    texts: list[tuple[str, frozenset[str], bool]],
    x: np.ndarray,
    y: np.ndarray,
    net: tuple[int, float],
    cuts: np.ndarray,
    reader: SemanticReader,
) -> tuple[float, dict[str, float]]:
    """Run the whole intake out of fold for each question threshold; return the highest
    threshold at which every safety text still reaches tier 1–2 or the question, with the
    pipeline's out-of-fold figures at it."""
    from intake.engine import analyse
    from intake.rules import load_intake_rules
    from intake.safety import assess_intake

    rules = load_intake_rules()
    seen: dict[float, list[tuple[int, set[str], int, bool]]] = {t: [] for t in QUESTION_GRID}
    for train, test in _splits(x, y, -2):
        layers = _fit(x[train], y[train], net)
        for t in QUESTION_GRID:
            reader.judge = _judge(layers, np.array([*cuts[:-1], t]))
            for i in test:
                result = analyse(texts[i][0], rules=rules, semantic=reader)
                safety = assess_intake(result)
                seen[t].append((int(i), result.labels(), safety.tier, safety.ask_screen))
    reader.judge = None

    def missed(t: float) -> set[int]:
        return {
            i
            for i, _, tier, asked in seen[t]
            if texts[i][1] & set(SAFETY_LABELS) and not (tier <= 2 or asked)
        }

    # Texts the net misses even when every guess is asked about are the rules' and the
    # judge's misses, not the question's: the threshold must only not add to them.
    floor = missed(QUESTION_GRID[-1])
    for i in sorted(floor):
        print(f"  missed out of fold whatever the question threshold: {texts[i][0][:100]!r}")
    chosen = next(t for t in QUESTION_GRID if missed(t) <= floor)
    rows = seen[chosen]
    ordinary = [r for r in rows if not texts[r[0]][1] and not texts[r[0]][2]]
    f1s = []
    for label in CONCERN_LABELS:
        truth = np.array([label in texts[i][1] for i, *_ in rows])
        pred = np.array([label in found for _, found, *_ in rows])
        f1s.append(_f1(truth, pred))
    return chosen, {
        "macro_f1": float(np.mean(f1s)),
        "ordinary_clean": sum(not found for _, found, *_ in ordinary) / max(len(ordinary), 1),
        "ordinary_not_asked": sum(not asked for *_, asked in ordinary) / max(len(ordinary), 1),
    }


def _rules_need_judge_out_of_fold(
    texts: list[tuple[str, frozenset[str], bool]],
    x: np.ndarray,
    y: np.ndarray,
    net: tuple[int, float],
    cuts: np.ndarray,
    reader: SemanticReader,
) -> tuple[frozenset[str], dict[str, tuple[float, float]]]:
    """For each concern outside safety: does the whole intake read it better, out of fold,
    when a phrase rule's finding of it stands wherever the judge sees any concern, or only
    where the judge sees that concern? Return the concerns that need the judge, with each
    concern's out-of-fold F1 both ways (any concern, needing the judge)."""
    from intake.engine import analyse
    from intake.rules import load_intake_rules

    rules = load_intake_rules()
    loose: dict[int, set[str]] = {}
    strict: dict[int, set[str]] = {}
    for train, test in _splits(x, y, -2):
        layers = _fit(x[train], y[train], net)
        for need, found in (((), loose), (CONCERN_LABELS, strict)):
            reader.judge = _judge(layers, cuts, rules_need_judge=need)
            for i in test:
                found[int(i)] = analyse(texts[i][0], rules=rules, semantic=reader).labels()
    reader.judge = None
    order = sorted(loose)
    chosen: set[str] = set()
    figures: dict[str, tuple[float, float]] = {}
    for label in CONCERN_LABELS:
        if label in SAFETY_LABELS:
            continue  # safety findings are never dropped by the judge
        truth = np.array([label in texts[i][1] for i in order])
        both = tuple(
            _f1(truth, np.array([label in found[i] for i in order])) for found in (loose, strict)
        )
        figures[label] = (both[0], both[1])
        if both[1] > both[0]:
            chosen.add(label)
    return frozenset(chosen), figures


def main(argv: list[str]) -> int:
    files = training_files()
    texts = [item for path in files for item in _texts(path)]
    reader = SemanticReader(judge=False)
    _memoise(reader)
    rows, targets, kept = [], [], []
    for text, labels, question in texts:
        features = judge_features(text, reader)
        if features is None:
            continue
        rows.append(features)
        kept.append((text, labels, question))
        target = [label in labels for label in CONCERN_LABELS]
        targets.append([*target, any(target), question])
    x = np.array(rows, dtype=np.float64)
    y = np.array(targets, dtype=np.int64)
    print(f"{len(x)} training texts from {', '.join(p.name for p in files)}")
    best: tuple[float, tuple[int, float], np.ndarray, dict[str, Any]] | None = None
    for net in NET_GRID:
        cuts, figures = _choose(y, _out_of_fold(x, y, net))
        print(
            f"{net[0]} hidden, alpha {net[1]}: out-of-fold macro-F1 {figures['macro_f1']:.3f}, "
            f"ordinary texts clean {figures['ordinary_clean']:.3f}"
        )
        if best is None or figures["macro_f1"] > best[0]:
            best = (figures["macro_f1"], net, cuts, figures)
    assert best is not None
    _, net, cuts, figures = best
    safe_at, pipeline = _pipeline_out_of_fold(kept, x, y, net, cuts, reader)
    cuts[-1] = QUESTION_MARGIN * safe_at
    better, per_label = _rules_need_judge_out_of_fold(kept, x, y, net, cuts, reader)
    print(
        "phrase rules' findings, out-of-fold F1 kept wherever the judge sees any concern / "
        "only where it sees that concern:"
    )
    for label, (loose, strict) in per_label.items():
        mark = "  (better on these texts)" if label in better else ""
        print(f"  {label:28} {loose:.3f} / {strict:.3f}{mark}")
    # Measured, not applied (RULES_NEED_JUDGE). On these texts we wrote, requiring the
    # judge is better for every concern; on the one real post we have (story.txt, long,
    # with seven concerns) it drops five of them: the judge's view, an average of sentence
    # embeddings, blurs a long post with many concerns. Real posts are what the intake is
    # for, so a phrase rule's exact quote stands wherever the judge sees any concern.
    rules_need_judge = RULES_NEED_JUDGE
    print(
        f"whole intake out of fold (question at {safe_at:.3f}): macro-F1 {pipeline['macro_f1']:.3f}, ordinary texts "
        f"clean {pipeline['ordinary_clean']:.3f}, not asked {pipeline['ordinary_not_asked']:.3f}"
    )
    judge = _judge(_fit(x, y, net), cuts, model_key(files), rules_need_judge)
    judge.save(MODEL_FILE)
    n = len(CONCERN_LABELS)
    print(
        f"chose {net[0]} hidden units, alpha {net[1]}, gate threshold {cuts[n]:.3f}, question threshold {cuts[n + 1]:.3f}"
    )
    for label, value in figures["f1"].items():
        print(f"  {label:28} threshold {cuts[CONCERN_LABELS.index(label)]:.3f}  F1 {value:.2f}")
    print(f"written to {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

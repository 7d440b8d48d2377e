"""ALBERT (Lan et al. 2020): BERT with far fewer parameters, by factorising the embedding and sharing layers.

Factorised embedding: a V x E table followed by an E x H projection, V E + E H parameters instead of V H
(a rank-E embedding matrix). Cross-layer sharing: one encoder layer's weights are used by all L layers,
so depth adds no parameters. Sentence-order prediction (SOP) replaces next-sentence prediction: two
consecutive segments in order are positives, the same two swapped are negatives.
"""

from __future__ import annotations

import numpy as np
from _entry import load

bert = load("bert")
transformer = load("transformer")
layer_norm = load("layer-normalization").layer_norm


def factorized_embedding(ids: np.ndarray, table: np.ndarray, projection: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Look up E-dimensional vectors (V x E table) and project them to the hidden width H (E x H)."""
    return table[ids] @ projection + bias


def albert_encode(h: np.ndarray, shared: dict[str, np.ndarray], num_layers: int, num_heads: int) -> np.ndarray:
    """Apply the one shared encoder layer num_layers times."""
    for _ in range(num_layers):
        h = bert.bert_layer(h, shared, num_heads)
    return h


def albert_parameter_count(vocab: int, positions: int, e: int, hidden: int, num_layers: int, shared: bool = True) -> int:
    """Embeddings of width E (token, position, 2 segments, their LN), the E -> H map, the layers and the pooler."""
    embeddings = (vocab + positions + 2) * e + 2 * e + e * hidden + hidden
    layer = 12 * hidden * hidden + 13 * hidden
    return embeddings + (1 if shared else num_layers) * layer + hidden * hidden + hidden


def sop_examples(segment_a: list[int], segment_b: list[int]) -> list[tuple[list[int], list[int], int]]:
    """Sentence-order prediction pairs from two consecutive segments: (A, B) labelled 1, (B, A) labelled 0."""
    return [(segment_a, segment_b, 1), (segment_b, segment_a, 0)]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, positions, e, hidden, layers, heads = 50, 16, 4, 16, 6, 2
    table, projection, bias = rng.normal(size=(vocab, e)), rng.normal(size=(e, hidden)), rng.normal(size=hidden)

    # The factorised lookup equals a full V x H embedding matrix of rank at most E.
    ids = rng.integers(vocab, size=9)
    full = table @ projection + bias
    assert np.allclose(factorized_embedding(ids, table, projection, bias), full[ids])
    assert np.linalg.matrix_rank(full - bias) == e < hidden
    # Fewer parameters exactly when E < V H / (V + H): V E + E H < V H.
    assert vocab * e + e * hidden < vocab * hidden
    v, h = 30000, 768
    print(f"V = {v}, H = {h}: V H = {v * h:,} vs V E + E H = {v * 128 + 128 * h:,} with E = 128")

    # Cross-layer sharing: six applications of one layer, with the count independent of depth.
    shared = transformer.init_encoder_params(hidden, 4 * hidden, rng)
    x = factorized_embedding(ids, table, projection, bias)
    out = albert_encode(x, shared, layers, heads)
    unrolled = x
    for copy in [dict(shared) for _ in range(layers)]:
        unrolled = bert.bert_layer(unrolled, copy, heads)
    assert np.allclose(out, unrolled)

    # Parameter counts: the formula against the arrays actually built, shared and unshared.
    embedding_arrays = [table, rng.normal(size=(positions, e)), rng.normal(size=(2, e)), np.ones(e), np.zeros(e), projection, bias]
    pooler = [np.zeros((hidden, hidden)), np.zeros(hidden)]
    layer_size = sum(p.size for p in shared.values())
    base = sum(a.size for a in embedding_arrays + pooler)
    assert base + layer_size == albert_parameter_count(vocab, positions, e, hidden, layers)
    assert base + layers * layer_size == albert_parameter_count(vocab, positions, e, hidden, layers, shared=False)
    assert albert_parameter_count(vocab, positions, e, hidden, 24) == albert_parameter_count(vocab, positions, e, hidden, 3)

    albert_base = albert_parameter_count(30000, 512, 128, 768, 12)
    unshared = albert_parameter_count(30000, 512, 128, 768, 12, shared=False)
    print(f"ALBERT-base: {albert_base:,} parameters (about 12M); without sharing {unshared:,}")
    assert albert_base == 11_683_584

    # SOP: same two segments, both orders, opposite labels.
    (a1, b1, y1), (a2, b2, y2) = sop_examples([1, 2, 3], [4, 5])
    assert (a1, b1) == (b2, a2) and (y1, y2) == (1, 0)
    print("albert: all checks passed")

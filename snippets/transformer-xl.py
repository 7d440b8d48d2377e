"""Transformer-XL (Dai et al. 2019): segment-level recurrence with relative positional attention.

Text is processed in segments of L tokens. Layer n of segment tau attends over [SG(m^{n-1}); h^{n-1}_tau],
where the memory m^{n-1} holds layer n-1's states of the previous segment, cached and not back-propagated
into (SG = stop-gradient; NumPy has no autograd, so here the cache is simply a constant copy, and the
absence of a gradient into the memory is not checked). Positions
enter only as relative distances i - j, through the score
    A_ij = (q_i + u) . k_j + (q_i + v) . W_R r_{i-j}      (r = sinusoid of the distance; u, v learned),
so cached states keep their meaning when reused. Each layer reaches one segment further back, so the
context of an N-layer model spans about N segments.
"""

from __future__ import annotations

import numpy as np
from _attention import softmax
from _entry import load

layer_norm = load("layer-normalization").layer_norm


def sinusoid(distances: np.ndarray, d: int) -> np.ndarray:
    """Sinusoidal codes r_k of the distances k, shape (..., d): sines in the first half, cosines in the second."""
    inv_freq = 1.0 / 10000 ** (np.arange(0, d, 2) / d)
    angles = distances[..., None] * inv_freq
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=-1)


def init_xl_layer(d: int, d_ff: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random weights of one single-head Transformer-XL layer."""

    def dense(rows: int, cols: int) -> np.ndarray:
        return rng.normal(scale=1.0 / np.sqrt(rows), size=(rows, cols))

    return {"w_q": dense(d, d), "w_k": dense(d, d), "w_v": dense(d, d), "w_r": dense(d, d), "w_o": dense(d, d),
            "u": rng.normal(scale=0.5, size=d), "v": rng.normal(scale=0.5, size=d),
            "w_1": dense(d, d_ff), "w_2": dense(d_ff, d), "gain": np.ones(d), "bias": np.zeros(d)}


def xl_layer(h: np.ndarray, context: np.ndarray, query_pos: np.ndarray, key_pos: np.ndarray,
             allowed: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """One layer: queries h (n, d) at query_pos attend over context (m, d) at key_pos where `allowed` (n, m)."""
    q, k, val = h @ p["w_q"], context @ p["w_k"], context @ p["w_v"]
    r = sinusoid(query_pos[:, None] - key_pos[None, :], h.shape[1]) @ p["w_r"]  # (n, m, d)
    scores = ((q + p["u"]) @ k.T + np.einsum("id,ijd->ij", q + p["v"], r)) / np.sqrt(h.shape[1])
    a = layer_norm(h + softmax(np.where(allowed, scores, -np.inf)) @ val @ p["w_o"], p["gain"], p["bias"])
    return layer_norm(a + np.maximum(0.0, a @ p["w_1"]) @ p["w_2"], p["gain"], p["bias"])


def transformer_xl_segment(x: np.ndarray, memory: list[np.ndarray], start: int,
                           layers: list[dict[str, np.ndarray]]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Process one segment x (L, d) starting at absolute position `start` with cached per-layer memory.

    memory[n] is the previous segment's input to layer n (empty (0, d) arrays for the first segment).
    Returns the top-layer output and the new memory (this segment's per-layer inputs, as constants).
    """
    h, new_memory = x, []
    for n, params in enumerate(layers):
        new_memory.append(h.copy())  # SG: the cache is a constant, no gradient will flow into it
        context = np.vstack([memory[n], h])
        query_pos = start + np.arange(len(h))
        key_pos = start - len(memory[n]) + np.arange(len(context))
        h = xl_layer(h, context, query_pos, key_pos, key_pos[None, :] <= query_pos[:, None], params)
    return h, new_memory


def run_segments(x: np.ndarray, segment: int, layers: list[dict[str, np.ndarray]]) -> np.ndarray:
    """Feed a long sequence x (T, d) segment by segment, carrying the memory; returns all top-layer outputs."""
    memory = [np.zeros((0, x.shape[1]))] * len(layers)
    outputs = []
    for start in range(0, len(x), segment):
        out, memory = transformer_xl_segment(x[start : start + segment], memory, start, layers)
        outputs.append(out)
    return np.vstack(outputs)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d, d_ff, segment, num_segments, num_layers = 8, 16, 3, 5, 3
    layers = [init_xl_layer(d, d_ff, rng) for _ in range(num_layers)]
    x = rng.normal(size=(segment * num_segments, d))
    y = run_segments(x, segment, layers)
    print(f"{num_segments} segments of {segment} tokens through {num_layers} layers -> {y.shape}")

    # Independent reference: one pass over the whole sequence in which position i may attend to j <= i
    # when j lies in i's segment or the one before. The cached recurrence computes exactly this.
    positions = np.arange(len(x))
    seg_of = positions // segment
    allowed = (positions[None, :] <= positions[:, None]) & (seg_of[None, :] >= seg_of[:, None] - 1)
    h = x
    for params in layers:
        h = xl_layer(h, h, positions, positions, allowed, params)
    assert np.allclose(h, y)

    # Effective context grows by one segment per layer: the last segment's output reacts to a change k
    # segments back exactly when k <= number of layers.
    last = slice((num_segments - 1) * segment, None)
    for back in range(1, num_segments):
        edited = x.copy()
        edited[(num_segments - 1 - back) * segment : (num_segments - back) * segment] += rng.normal(size=(segment, d))
        for depth in range(1, num_layers + 1):
            changed = not np.allclose(run_segments(edited, segment, layers[:depth])[last], run_segments(x, segment, layers[:depth])[last])
            assert changed == (back <= depth), (back, depth)
    print(f"a {num_layers}-layer model sees {num_layers} segments back ({num_layers * segment} tokens) with segments of {segment}")

    # Relative positions make cached states reusable: shifting the absolute start changes nothing.
    shifted, _ = transformer_xl_segment(x[:segment], [np.zeros((0, d))] * num_layers, 1000, layers)
    assert np.allclose(shifted, y[:segment])
    print("transformer-xl: all checks passed")

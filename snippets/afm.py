"""Attentional Factorization Machine (Xiao et al. 2017): FM's pairwise interaction vectors, weighted by an
attention network instead of counted equally.

    e_ij = (v_i * v_j) x_i x_j                          (element-wise interaction vector, i < j)
    a'_ij = h . ReLU(W e_ij + b),   a_ij = softmax over all pairs of a'_ij
    y = w0 + sum_i w_i x_i + p . sum_{i<j} a_ij e_ij
The weights a_ij sum to 1. With uniform attention (e.g. W = 0, b = 0, so every score ties) and p = 1 the
pairwise part is FM's pairwise term divided by the number of pairs.
"""

from __future__ import annotations

import numpy as np
from _entry import load

fm = load("factorization-machine")


def pair_interactions(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Element-wise interaction vectors (v_i * v_j) x_i x_j for all pairs i < j of one input x (n,): (pairs, k)."""
    rows, cols = np.triu_indices(len(x), 1)
    return (v[rows] * v[cols]) * (x[rows] * x[cols])[:, None]


def attention_weights(pairs: np.ndarray, W: np.ndarray, b: np.ndarray, h: np.ndarray) -> np.ndarray:
    """AFM's attention net: softmax over pairs of h . ReLU(W e_ij + b)."""
    scores = np.maximum(0.0, pairs @ W.T + b) @ h
    scores = np.exp(scores - scores.max())
    return scores / scores.sum()


def afm_predict(x: np.ndarray, w0: float, w: np.ndarray, v: np.ndarray, W: np.ndarray, b: np.ndarray,
                h: np.ndarray, p: np.ndarray) -> float:
    """AFM output (a logit) for one input x (n,)."""
    pairs = pair_interactions(x, v)
    return float(w0 + x @ w + p @ (attention_weights(pairs, W, b, h) @ pairs))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, k, t = 6, 4, 5                                   # features, embedding size, attention hidden size
    x = rng.normal(size=n)
    v, w, w0 = rng.normal(size=(n, k)), rng.normal(size=n), 0.1
    W, b, h, p = rng.normal(size=(t, k)), rng.normal(size=t), rng.normal(size=t), rng.normal(size=k)

    pairs = pair_interactions(x, v)
    a = attention_weights(pairs, W, b, h)
    # One weight per pair, all positive, summing to 1; and they are not all equal (the net discriminates).
    assert a.shape == (n * (n - 1) // 2,) and np.all(a > 0) and np.isclose(a.sum(), 1.0)
    assert a.max() > 1.5 * a.min()

    # Uniform attention (a zero attention net gives equal scores) with p = 1: FM's pairwise term / #pairs.
    zero_net = (np.zeros((t, k)), np.zeros(t), h)
    assert np.allclose(attention_weights(pairs, *zero_net), 1.0 / len(pairs))
    uniform = afm_predict(x, w0, w, v, *zero_net, np.ones(k))
    assert np.isclose(uniform, w0 + x @ w + fm.fm_pairwise(x[None], v)[0] / len(pairs))

    print(f"{len(pairs)} pairs; attention weights {np.round(a, 3)} (sum {a.sum():.3f}); "
          f"AFM logit {afm_predict(x, w0, w, v, W, b, h, p):.4f}")
    print("afm: all checks passed")

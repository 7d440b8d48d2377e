"""Self-attention: a sequence attends to itself, so every position is rewritten as a mix of all positions.

Queries, keys and values are all projections of the same input X: Q = X W_q, K = X W_k, V = X W_v, and
the output is softmax(Q K^T / sqrt(d_k)) V. Nothing in it knows about order, which is why it is
permutation-equivariant; a causal mask restricts position t to positions <= t.
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask, masked_softmax


def self_attention(
    x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray, causal: bool = False
) -> np.ndarray:
    """Single-head self-attention of x (n, d_model) with projections w_q, w_k (d_model, d_k) and w_v (d_model, d_v)."""
    queries, keys, values = x @ w_q, x @ w_k, x @ w_v
    weights = masked_softmax(queries @ keys.T / np.sqrt(w_k.shape[1]), causal_mask(len(x)) if causal else None)
    return weights @ values


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d_model, d_k = 6, 4, 3
    x = rng.normal(size=(n, d_model))
    w_q, w_k, w_v = (rng.normal(size=(d_model, d_k)) for _ in range(3))
    y = self_attention(x, w_q, w_k, w_v)
    print("input  token 0:", np.round(x[0], 3))
    print("output token 0:", np.round(y[0], 3))
    assert y.shape == (n, d_k)

    # Permutation-equivariance: shuffling the tokens shuffles the outputs the same way, nothing else changes.
    order = rng.permutation(n)
    assert np.allclose(self_attention(x[order], w_q, w_k, w_v), y[order])

    # One step connects every pair of positions: editing the last token changes the first output.
    edited = x.copy()
    edited[-1] += 1.0
    assert not np.allclose(self_attention(edited, w_q, w_k, w_v)[0], y[0])

    # Causal self-attention: outputs before position 4 ignore edits at positions 4 and later.
    causal = self_attention(x, w_q, w_k, w_v, causal=True)
    edited = x.copy()
    edited[4:] = rng.normal(size=(n - 4, d_model))
    causal_edited = self_attention(edited, w_q, w_k, w_v, causal=True)
    assert np.allclose(causal_edited[:4], causal[:4]) and not np.allclose(causal_edited[4:], causal[4:])

    # The first position can only see itself, so its causal output is its own value vector.
    assert np.allclose(causal[0], x[0] @ w_v)

    # The same weights apply to a sequence of any length.
    assert self_attention(rng.normal(size=(11, d_model)), w_q, w_k, w_v).shape == (11, d_k)
    print("self-attention: all checks passed")

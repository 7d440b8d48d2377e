"""Relative position representations (Shaw, Uszkoreit and Vaswani 2018): self-attention that sees j - i, not i or j.

Each clipped offset r = clip(j - i, -k, k) has two learned vectors, w^K_r and w^V_r (shared across heads):
    e_ij = (x_i W^Q) . (x_j W^K + a^K_ij) / sqrt(d_z),    alpha_ij = softmax_j(e_ij),
    z_i  = sum_j alpha_ij (x_j W^V + a^V_ij),            a^K_ij = w^K_{clip(j-i)},  a^V_ij = w^V_{clip(j-i)}
No absolute position enters, so moving a phrase elsewhere in a sequence leaves its pairwise logits unchanged.
"""

from __future__ import annotations

import numpy as np
from _attention import softmax
from _entry import load


def relative_offsets(n: int, k: int) -> np.ndarray:
    """(n, n) table of indices into the 2k+1 relative embeddings: clip(j - i, -k, k) + k."""
    positions = np.arange(n)
    return np.clip(positions[None, :] - positions[:, None], -k, k) + k


def relative_self_attention(
    x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray, rel_k: np.ndarray, rel_v: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """One head of self-attention with relative position vectors rel_k, rel_v (2k+1, d_z); returns (outputs, logits)."""
    q, keys, values = x @ w_q, x @ w_k, x @ w_v
    a_k, a_v = rel_k[relative_offsets(len(x), k)], rel_v[relative_offsets(len(x), k)]  # (n, n, d_z)
    logits = (q @ keys.T + np.einsum("id,ijd->ij", q, a_k)) / np.sqrt(q.shape[-1])
    weights = softmax(logits)
    return weights @ values + np.einsum("ij,ijd->id", weights, a_v), logits


def loop_reference(
    x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray, rel_k: np.ndarray, rel_v: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The same attention written as explicit loops over i and j, straight from the paper's equations."""
    n, d_z = len(x), w_q.shape[1]
    z, e = np.zeros((n, d_z)), np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            r = max(-k, min(k, j - i))
            e[i, j] = (x[i] @ w_q) @ (x[j] @ w_k + rel_k[r + k]) / np.sqrt(d_z)
        alpha = np.exp(e[i] - e[i].max())
        alpha /= alpha.sum()
        for j in range(n):
            z[i] += alpha[j] * (x[j] @ w_v + rel_v[max(-k, min(k, j - i)) + k])
    return z, e


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d, d_z, k = 7, 8, 4, 2
    w_q, w_k, w_v = (rng.normal(size=(d, d_z)) / np.sqrt(d) for _ in range(3))
    rel_k, rel_v = rng.normal(size=(2 * k + 1, d_z)), rng.normal(size=(2 * k + 1, d_z))
    x = rng.normal(size=(n, d))
    z, logits = relative_self_attention(x, w_q, w_k, w_v, rel_k, rel_v, k)
    print("offset table (clip(j - i) + k) for 5 tokens:\n", relative_offsets(5, k))

    # The vectorised layer agrees with a loop over the paper's equations.
    z_loop, logits_loop = loop_reference(x, w_q, w_k, w_v, rel_k, rel_v, k)
    assert np.allclose(z, z_loop) and np.allclose(logits, logits_loop)

    # Shift: put the same 7 tokens after 5 unrelated ones; their pairwise logits are unchanged ...
    longer = np.vstack([rng.normal(size=(5, d)), x])
    _, shifted_logits = relative_self_attention(longer, w_q, w_k, w_v, rel_k, rel_v, k)
    assert np.allclose(shifted_logits[5:, 5:], logits)
    # ... whereas with absolute sinusoidal encodings added to the inputs they change.
    pe = load("positional-encoding").sinusoidal_positional_encoding(12, d)
    _, absolute = relative_self_attention(x + pe[:n], w_q, w_k, w_v, 0 * rel_k, 0 * rel_v, k)
    _, absolute_shifted = relative_self_attention(longer + pe, w_q, w_k, w_v, 0 * rel_k, 0 * rel_v, k)
    assert not np.allclose(absolute_shifted[5:, 5:], absolute)

    # With identical tokens the logits depend only on i - j (a Toeplitz matrix), and clipping makes every
    # offset beyond k look like offset k: the row of token 0 is constant from j = k on.
    same = np.tile(rng.normal(size=d), (n, 1))
    _, toeplitz = relative_self_attention(same, w_q, w_k, w_v, rel_k, rel_v, k)
    for offset in range(-n + 1, n):
        assert np.allclose(np.diagonal(toeplitz, offset), np.diagonal(toeplitz, offset)[0])
    assert np.allclose(toeplitz[0, k:], toeplitz[0, k]) and not np.isclose(toeplitz[0, k - 1], toeplitz[0, k])
    print("logits of token 0 over identical tokens:", np.round(toeplitz[0], 3))
    print("relative-position-representation: all checks passed")

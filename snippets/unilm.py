"""UniLM: one shared Transformer, several language-modelling tasks, chosen by the self-attention mask.

The mask M is added to the attention logits (0 = may attend, -inf = blocked):
    A = softmax(Q K^T / sqrt(d_k) + M) V.
Bidirectional (BERT-like): every token sees every token. Left-to-right (GPT-like): token i sees j <= i
(right-to-left is the mirror image). Sequence-to-sequence: source tokens see the whole source; target
tokens see the whole source and the target up to themselves.
"""

from __future__ import annotations

import numpy as np


def unilm_mask(source_length: int, target_length: int, kind: str) -> np.ndarray:
    """Boolean (n, n) mask, n = source + target length, True where row i may attend to column j."""
    n = source_length + target_length
    if kind == "bidirectional":
        return np.ones((n, n), dtype=bool)
    if kind == "left-to-right":
        return np.tril(np.ones((n, n), dtype=bool))
    if kind == "right-to-left":
        return np.triu(np.ones((n, n), dtype=bool))
    if kind == "seq2seq":
        mask = np.tril(np.ones((n, n), dtype=bool))
        mask[:, :source_length] = True    # everyone sees the whole source; tril keeps the source off the target
        return mask
    raise ValueError(f"unknown mask kind {kind!r}")


def additive_mask(mask: np.ndarray) -> np.ndarray:
    """0 where attention is allowed, -inf where it is blocked."""
    return np.where(mask, 0.0, -np.inf)


def masked_self_attention(x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray,
                          mask: np.ndarray) -> np.ndarray:
    """Single-head self-attention softmax(Q K^T / sqrt(d) + M) V with the boolean mask turned additive."""
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    logits = q @ k.T / np.sqrt(q.shape[1]) + additive_mask(mask)
    weights = np.exp(logits - logits.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True) @ v


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    s, t = 3, 4
    n = s + t
    masks = {kind: unilm_mask(s, t, kind) for kind in ("bidirectional", "left-to-right", "right-to-left", "seq2seq")}
    print("seq2seq mask (source 3, target 4):\n", masks["seq2seq"].astype(int))

    # Cell by cell from the verbal rules.
    for i in range(n):
        for j in range(n):
            assert masks["bidirectional"][i, j]
            assert masks["left-to-right"][i, j] == (j <= i)
            assert masks["right-to-left"][i, j] == (j >= i)
            i_source, j_source = i < s, j < s
            assert masks["seq2seq"][i, j] == (j_source or (not i_source and j <= i))
    # Counting: seq2seq allows s*s + t*s + t(t+1)/2 cells.
    assert masks["seq2seq"].sum() == s * s + t * s + t * (t + 1) // 2

    # The masks act as specified inside attention: perturbing token j changes output i only if i may
    # attend to j (one layer; the value at j then feeds output i directly).
    d = 6
    x = rng.normal(size=(n, d))
    w_q, w_k, w_v = (rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(3))
    for kind, mask in masks.items():
        base = masked_self_attention(x, w_q, w_k, w_v, mask)
        for j in range(n):
            moved = x.copy()
            moved[j] += rng.normal(size=d)
            changed = ~np.all(np.isclose(masked_self_attention(moved, w_q, w_k, w_v, mask), base), axis=1)
            assert np.array_equal(changed, mask[:, j]), (kind, j)
    print("unilm: all checks passed")

"""Sentence embeddings: one fixed-size vector per sentence, compared by cosine similarity.

From a token encoder's outputs H (T, d) and a padding mask m (1 for real tokens, 0 for padding):
    mean pooling   s = sum_t m_t h_t / sum_t m_t
    max pooling    s_k = max over real tokens of h_tk
    CLS pooling    s = h_0 (the first token's state)
    cosine         cos(u, v) = u . v / (|u| |v|)
Batches pad sentences to a common length, so pooling must ignore the padded positions.
"""

from __future__ import annotations

import numpy as np


def mean_pooling(token_embeddings: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Masked mean over the token axis: (batch, T, d) with mask (batch, T) -> (batch, d)."""
    weights = mask[..., None].astype(float)
    return (token_embeddings * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)


def max_pooling(token_embeddings: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Masked per-feature maximum over the token axis."""
    return np.where(mask[..., None].astype(bool), token_embeddings, -np.inf).max(axis=1)


def cls_pooling(token_embeddings: np.ndarray) -> np.ndarray:
    """The state of the first token ([CLS] in BERT)."""
    return token_embeddings[:, 0]


def cosine_similarity(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Cosine of the angle between vectors along the last axis."""
    return np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    lengths = np.array([5, 2, 7])
    T, d = 7, 4
    mask = (np.arange(T)[None, :] < lengths[:, None]).astype(int)
    tokens = rng.normal(size=(3, T, d))
    pooled = mean_pooling(tokens, mask)
    print("mask:\n", mask)

    # Masked mean = plain average over the real tokens of each sentence, computed one sentence at a time.
    for b, n in enumerate(lengths):
        assert np.allclose(pooled[b], tokens[b, :n].mean(axis=0))
        assert np.allclose(max_pooling(tokens, mask)[b], tokens[b, :n].max(axis=0))
    # Padding content is irrelevant; a naive mean over all T positions would not be.
    garbage = tokens.copy()
    garbage[mask == 0] = 100.0
    assert np.allclose(mean_pooling(garbage, mask), pooled) and np.allclose(max_pooling(garbage, mask), max_pooling(tokens, mask))
    assert not np.allclose(garbage.mean(axis=1), pooled)
    # A sentence gets the same vector alone as inside a padded batch.
    assert np.allclose(mean_pooling(tokens[1:2, :2], np.ones((1, 2))), pooled[1:2])
    assert np.array_equal(cls_pooling(tokens), tokens[:, 0])

    # Cosine: invariant to positive scaling, 1 for parallel vectors, -1 for opposite, 0 for orthogonal.
    u, v = pooled[0], pooled[2]
    c = cosine_similarity(u, v)
    assert np.isclose(c, sum(a * b for a, b in zip(u, v)) / np.sqrt(sum(a * a for a in u) * sum(b * b for b in v)))
    assert np.isclose(cosine_similarity(3 * u, 0.5 * v), c)
    assert np.isclose(cosine_similarity(u, 2 * u), 1) and np.isclose(cosine_similarity(u, -u), -1)
    assert np.isclose(cosine_similarity(np.array([1.0, 0.0]), np.array([0.0, 2.0])), 0)
    print(f"cosine similarity of sentences 0 and 2: {c:.4f}")
    print("sentence-embedding: all checks passed")

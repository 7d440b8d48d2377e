"""Sentence-BERT: a siamese encoder fine-tuned so that pooled sentence vectors compare well.

Both sentences go through the SAME encoder (shared weights) and mean pooling, giving u and v. Objectives:
    classification  o = softmax(W_t [u; v; |u - v|]),  cross-entropy on the label (NLI: 3 classes)
    regression      (cos(u, v) - y)^2                   against a gold similarity y
    triplet         max(|a - p| - |a - n| + eps, 0),    eps = 1
At inference each sentence is encoded once, and pairs are compared by cosine similarity.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient
from _entry import load

pooling = load("sentence-embedding")


def encode(token_ids: np.ndarray, mask: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
    """A toy siamese tower: embedding, one tanh layer per token, masked mean pooling; (batch, T) -> (batch, d)."""
    hidden = np.tanh(params["embeddings"][token_ids] @ params["w"] + params["b"])
    return pooling.mean_pooling(hidden, mask)


def pair_features(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The classifier input (u, v, |u - v|), concatenated along the last axis."""
    return np.concatenate([u, v, np.abs(u - v)], axis=-1)


def classification_objective(u: np.ndarray, v: np.ndarray, labels: np.ndarray, w_t: np.ndarray) -> float:
    """Mean cross-entropy of softmax(W_t (u, v, |u - v|)); w_t has shape (k, 3 d)."""
    logits = pair_features(u, v) @ w_t.T
    logits = logits - logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def classification_grad(u: np.ndarray, v: np.ndarray, labels: np.ndarray, w_t: np.ndarray) -> np.ndarray:
    """Gradient of classification_objective with respect to W_t: (softmax - one_hot)^T features / batch."""
    features = pair_features(u, v)
    logits = features @ w_t.T
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(len(labels)), labels] -= 1
    return probs.T @ features / len(labels)


def regression_objective(u: np.ndarray, v: np.ndarray, gold: np.ndarray) -> float:
    """Mean squared error between cos(u, v) and the gold similarity."""
    return float(np.mean((pooling.cosine_similarity(u, v) - gold) ** 2))


def triplet_objective(anchor: np.ndarray, positive: np.ndarray, negative: np.ndarray, margin: float = 1.0) -> float:
    """Mean of max(|a - p| - |a - n| + margin, 0) with Euclidean distances."""
    gap = np.linalg.norm(anchor - positive, axis=-1) - np.linalg.norm(anchor - negative, axis=-1) + margin
    return float(np.mean(np.maximum(gap, 0.0)))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, T, d, k, batch = 50, 6, 8, 3, 5
    params = {"embeddings": rng.normal(size=(vocab, d)), "w": rng.normal(size=(d, d)) / np.sqrt(d),
              "b": rng.normal(scale=0.1, size=d)}
    ids_a, ids_b = rng.integers(vocab, size=(batch, T)), rng.integers(vocab, size=(batch, T))
    mask_a = (np.arange(T) < rng.integers(2, T + 1, size=(batch, 1))).astype(int)
    mask_b = (np.arange(T) < rng.integers(2, T + 1, size=(batch, 1))).astype(int)
    u, v = encode(ids_a, mask_a, params), encode(ids_b, mask_b, params)

    # Siamese: one set of weights, so a sentence gets the same vector on either side and in any batch.
    assert np.allclose(encode(ids_a[2:3], mask_a[2:3], params), u[2:3])
    features = pair_features(u, v)
    swapped = pair_features(v, u)
    assert features.shape == (batch, 3 * d)
    assert np.allclose(features[:, 2 * d:], swapped[:, 2 * d:]) and np.allclose(features[:, :d], swapped[:, d:2 * d])

    # The classification head: hand gradient vs finite differences, and a few steps reduce the loss.
    labels = rng.integers(k, size=batch)
    w_t = rng.normal(scale=0.1, size=(k, 3 * d))
    loss = classification_objective(u, v, labels, w_t)
    assert np.isclose(loss, -np.mean([np.log(np.exp(w_t @ f)[y] / np.exp(w_t @ f).sum()) for f, y in zip(features, labels)]))
    assert np.allclose(classification_grad(u, v, labels, w_t),
                       numerical_gradient(lambda w: classification_objective(u, v, labels, w), w_t), atol=1e-8)
    for _ in range(50):
        w_t = w_t - 0.5 * classification_grad(u, v, labels, w_t)
    print(f"classification loss {loss:.4f} -> {classification_objective(u, v, labels, w_t):.4f} after 50 steps")
    assert classification_objective(u, v, labels, w_t) < 0.5 * loss

    # Regression: symmetric in the two sentences, zero when the cosine equals the gold score.
    gold = rng.uniform(-1, 1, size=batch)
    assert np.isclose(regression_objective(u, v, gold), regression_objective(v, u, gold))
    assert regression_objective(u, v, pooling.cosine_similarity(u, v)) == 0.0

    # Triplet: zero once the negative is farther than the positive by the margin.
    a, p = np.zeros((1, 2)), np.array([[1.0, 0.0]])
    assert triplet_objective(a, p, np.array([[0.0, 2.5]])) == 0.0
    assert np.isclose(triplet_objective(a, p, np.array([[0.0, 1.5]])), 0.5)
    print("sentence-bert: all checks passed")

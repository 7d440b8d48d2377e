"""SimCSE: contrastive sentence embeddings where the only augmentation is dropout.

Unsupervised: encode each sentence of a batch twice with different dropout masks, h_i and h_i^+. With
sim = cosine and temperature tau = 0.05,
    loss_i = -log( exp(sim(h_i, h_i^+) / tau) / sum_j exp(sim(h_i, h_j^+) / tau) ),
an in-batch InfoNCE: the other sentences of the batch are the negatives. It is the cross-entropy of the
similarity matrix S_ij = sim(h_i, h_j^+) / tau with the diagonal as targets. Supervised SimCSE uses NLI
entailment pairs as positives and adds each premise's contradiction h_i^- as a hard negative (extra columns).
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient


def normalize(h: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length."""
    return h / np.linalg.norm(h, axis=1, keepdims=True)


def simcse_loss(h: np.ndarray, h_plus: np.ndarray, tau: float = 0.05,
                hard_negatives: np.ndarray | None = None) -> float:
    """Mean InfoNCE loss as cross-entropy over the cosine-similarity matrix (batch, batch [+ batch]) / tau."""
    columns = h_plus if hard_negatives is None else np.vstack([h_plus, hard_negatives])
    logits = normalize(h) @ normalize(columns).T / tau
    logits = logits - logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return float(-np.mean(np.diag(log_probs[:, : len(h)])))


def simcse_loss_grad(h: np.ndarray, h_plus: np.ndarray, tau: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Hand-derived gradients of the unsupervised loss with respect to h and h_plus."""
    z, z_plus = normalize(h), normalize(h_plus)
    logits = z @ z_plus.T / tau
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    d_logits = (probs - np.eye(len(h))) / len(h)
    d_z, d_z_plus = d_logits @ z_plus / tau, d_logits.T @ z / tau

    def through_normalize(vectors: np.ndarray, unit: np.ndarray, d_unit: np.ndarray) -> np.ndarray:
        radial = np.sum(unit * d_unit, axis=1, keepdims=True)
        return (d_unit - unit * radial) / np.linalg.norm(vectors, axis=1, keepdims=True)

    return through_normalize(h, z, d_z), through_normalize(h_plus, z_plus, d_z_plus)


def encode(x: np.ndarray, w: np.ndarray, dropout: float, rng: np.random.Generator) -> np.ndarray:
    """A toy encoder tanh(dropout(x) W) with inverted dropout; dropout = 0 makes it deterministic."""
    keep = rng.random(x.shape) >= dropout
    return np.tanh((x * keep / (1 - dropout)) @ w)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    batch, d_in, d, tau = 8, 32, 16, 0.05
    sentences = rng.normal(size=(batch, d_in))
    w = rng.normal(size=(d_in, d)) / np.sqrt(d_in)
    h, h_plus = encode(sentences, w, 0.1, rng), encode(sentences, w, 0.1, rng)

    # The matrix form equals the per-sentence InfoNCE written out with an explicit loop.
    def cos(a: np.ndarray, b: np.ndarray) -> float:
        return float(a @ b / np.sqrt((a @ a) * (b @ b)))
    loop = np.mean([-np.log(np.exp(cos(h[i], h_plus[i]) / tau)
                            / sum(np.exp(cos(h[i], h_plus[j]) / tau) for j in range(batch))) for i in range(batch)])
    loss = simcse_loss(h, h_plus, tau)
    assert np.isclose(loss, loop)
    print(f"unsupervised SimCSE loss on a batch of {batch}: {loss:.4f}")

    # Dropout is the augmentation: without it both views coincide; with p = 0.1 they differ, yet each
    # sentence's two views stay closer than two different sentences.
    assert np.allclose(encode(sentences, w, 0.0, rng), encode(sentences, w, 0.0, rng))
    assert not np.allclose(h, h_plus)
    similarity = normalize(h) @ normalize(h_plus).T
    positives, negatives = np.diag(similarity), similarity[~np.eye(batch, dtype=bool)]
    print(f"mean cosine: positive pairs {positives.mean():.3f}, negatives {negatives.mean():.3f}")
    assert positives.min() > negatives.max()

    # Hand gradients vs finite differences, at the trained-looking batch and at unrelated random views.
    def check_gradients(a: np.ndarray, b: np.ndarray) -> None:
        g_a, g_b = simcse_loss_grad(a, b, tau)
        assert np.allclose(g_a, numerical_gradient(lambda x: simcse_loss(x, b, tau), a), rtol=1e-4, atol=1e-7)
        assert np.allclose(g_b, numerical_gradient(lambda x: simcse_loss(a, x, tau), b), rtol=1e-4, atol=1e-7)

    check_gradients(h, h_plus)
    check_gradients(rng.normal(size=(batch, d)), rng.normal(size=(batch, d)))

    # Limiting cases: identical, mutually orthogonal views give the smallest loss log(1 + (N-1) e^(-1/tau));
    # a lone pair has nothing to contrast and loss 0.
    views = np.eye(batch)
    assert np.isclose(simcse_loss(views, views, tau), np.log(1 + (batch - 1) * np.exp(-1 / tau)))
    assert np.isclose(simcse_loss(h[:1], h_plus[:1], tau), 0.0)

    # Supervised SimCSE: a hard negative per sentence only adds to the denominator, so the loss grows.
    negatives_nli = encode(rng.normal(size=(batch, d_in)), w, 0.1, rng)
    assert simcse_loss(h, h_plus, tau, negatives_nli) > loss
    print("simcse: all checks passed")

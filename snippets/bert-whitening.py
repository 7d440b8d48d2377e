"""BERT-whitening: make sentence embeddings isotropic with a linear map fitted on the embeddings themselves.

    mu = mean of the embeddings x_i,   Sigma = (1/N) sum_i (x_i - mu)^T (x_i - mu) = U Lambda U^T (SVD)
    W = U Lambda^(-1/2),               x_tilde = (x - mu) W
The whitened embeddings have zero mean and identity covariance. Keeping only the first k columns of W
(the directions of largest variance) also reduces the dimension, like PCA followed by rescaling.
"""

from __future__ import annotations

import numpy as np


def whitening_transform(embeddings: np.ndarray, k: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Fit (mu, W) on embeddings (N, d); W has shape (d, k), k = d by default."""
    mu = embeddings.mean(axis=0, keepdims=True)
    covariance = (embeddings - mu).T @ (embeddings - mu) / len(embeddings)
    u, s, _ = np.linalg.svd(covariance)
    w = u / np.sqrt(s)
    return mu, w[:, :k]


def whiten(embeddings: np.ndarray, mu: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Apply a fitted whitening: (x - mu) W."""
    return (embeddings - mu) @ w


def mean_pairwise_cosine(x: np.ndarray) -> float:
    """Average cosine similarity over all distinct pairs of rows."""
    z = x / np.linalg.norm(x, axis=1, keepdims=True)
    c = z @ z.T
    return float((c.sum() - np.trace(c)) / (len(x) * (len(x) - 1)))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    N, d, k = 2000, 12, 4
    # Anisotropic "BERT-like" embeddings: a large common offset and very unequal variances, so every pair
    # of sentences has a high cosine similarity.
    mixing = rng.normal(size=(d, d)) * np.geomspace(3.0, 0.05, d)[:, None]
    embeddings = rng.normal(size=(N, d)) @ mixing + 5.0 * rng.normal(size=d)
    print(f"mean pairwise cosine before whitening: {mean_pairwise_cosine(embeddings[:300]):.3f}")

    mu, w = whitening_transform(embeddings)
    white = whiten(embeddings, mu, w)
    assert np.allclose(white.mean(axis=0), 0, atol=1e-10)
    assert np.allclose(np.cov(white.T, bias=True), np.eye(d), atol=1e-8)      # numpy's own covariance
    # Full whitening satisfies W W^T = Sigma^-1, whatever the signs of the singular vectors.
    assert np.allclose(w @ w.T, np.linalg.inv(np.cov(embeddings.T, bias=True)), rtol=1e-6, atol=1e-8)
    print(f"mean pairwise cosine after whitening:  {mean_pairwise_cosine(white[:300]):.3f}")
    assert mean_pairwise_cosine(embeddings[:300]) > 0.5 and abs(mean_pairwise_cosine(white[:300])) < 0.05

    # Dimension reduction: the first k whitened coordinates are still white, and they span the top-k
    # principal directions (compared as projectors with an independent eigendecomposition).
    mu, w_k = whitening_transform(embeddings, k)
    reduced = whiten(embeddings, mu, w_k)
    assert reduced.shape == (N, k) and np.allclose(np.cov(reduced.T, bias=True), np.eye(k), atol=1e-8)
    values, vectors = np.linalg.eigh(np.cov(embeddings.T, bias=True))
    top = vectors[:, np.argsort(values)[::-1][:k]]
    directions = w_k / np.linalg.norm(w_k, axis=0)
    assert np.allclose(directions @ directions.T, top @ top.T, atol=1e-8)
    # The kept variances are the k largest eigenvalues: undoing the rescaling recovers them.
    assert np.allclose(np.sort(1 / np.linalg.norm(w_k, axis=0) ** 2), np.sort(values)[::-1][:k][::-1])
    print("bert-whitening: all checks passed")

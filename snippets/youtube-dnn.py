"""YouTube's deep candidate generation (Covington, Adams and Sargin 2016): next-watch prediction as an
extreme multiclass softmax over the whole corpus.

A user tower turns her history into a vector u: the averaged embeddings of watched videos and of search
tokens, concatenated with dense features (example age, demographics), through ReLU layers. Video i has an
output vector v_i and
    P(w_t = i | user, context) = exp(v_i . u) / sum_j exp(v_j . u).
With millions of classes, training draws a few thousand negatives from a proposal Q and corrects the
logits by -log(number of expected draws of j), an importance-weighted (sampled) softmax.
At serving time the softmax is not needed: its top-k are the k largest dot products v_i . u, found by a
nearest-neighbour index over the same vectors.
"""

from __future__ import annotations

import numpy as np


def log_softmax(z: np.ndarray) -> np.ndarray:
    """Stable log-softmax along the last axis."""
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def user_tower(watches: np.ndarray, searches: np.ndarray, dense: np.ndarray, params: dict) -> np.ndarray:
    """u = ReLU tower over [mean watch embedding ; mean search embedding ; dense features]."""
    x = np.concatenate([params["watch_emb"][watches].mean(axis=0), params["search_emb"][searches].mean(axis=0), dense])
    for W, b in params["layers"]:
        x = np.maximum(0.0, x @ W + b)
    return x


def full_softmax_loss(u: np.ndarray, V: np.ndarray, target: int) -> float:
    """-log P(target | u) under the softmax over every item."""
    return float(-log_softmax(V @ u)[target])


def sampled_softmax_loss(u: np.ndarray, V: np.ndarray, target: int, negatives: np.ndarray,
                         expected_counts: np.ndarray) -> float:
    """Sampled softmax: the target and sampled negatives, each logit reduced by log(its expected draw count)."""
    candidates = np.concatenate([[target], negatives])
    logits = V[candidates] @ u - np.log(expected_counts[candidates])
    return float(-log_softmax(logits)[0])


def top_k_by_dot(u: np.ndarray, V: np.ndarray, k: int) -> np.ndarray:
    """Serving: the k items with the largest v_i . u, best first."""
    return np.argsort(-(V @ u), kind="stable")[:k]


def mips_to_nearest_neighbour(V: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Augment vectors so that Euclidean nearest neighbours are maximum-inner-product items:
    v -> [v, sqrt(M^2 - |v|^2)], u -> [u, 0], with M the largest item norm."""
    norms = np.linalg.norm(V, axis=1)
    return np.hstack([V, np.sqrt(norms.max() ** 2 - norms**2)[:, None]]), np.append(u, 0.0)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_videos, n_tokens, d = 500, 50, 16
    params = {"watch_emb": rng.normal(size=(n_videos, d)), "search_emb": rng.normal(size=(n_tokens, d)),
              "layers": [(rng.normal(scale=0.3, size=(2 * d + 2, 32)), np.zeros(32)),
                         (rng.normal(scale=0.3, size=(32, d)), np.zeros(d))]}
    V = rng.normal(size=(n_videos, d))                                   # output (softmax) video vectors
    u = user_tower(rng.integers(n_videos, size=20), rng.integers(n_tokens, size=5), np.array([0.3, 1.0]), params)
    target = 42

    # Limiting case: when the "sample" is every other item, each drawn once, the sampled softmax is the full one.
    others = np.delete(np.arange(n_videos), target)
    assert np.isclose(sampled_softmax_loss(u, V, target, others, np.ones(n_videos)), full_softmax_loss(u, V, target))
    # The log-count correction: a negative drawn from a proposal with twice the expected count gets its logit
    # lowered by exactly log 2, i.e. its term in the normaliser is halved.
    negatives = rng.choice(others, size=20, replace=False)
    counts = np.ones(n_videos)
    counts[negatives[0]] = 2.0
    logits = V[np.concatenate([[target], negatives])] @ u
    halved = logits.copy()
    halved[1] -= np.log(2.0)
    assert np.isclose(sampled_softmax_loss(u, V, target, negatives, counts), np.log(np.exp(halved).sum()) - logits[0])

    # Serving: the top-10 of the softmax are the top-10 dot products, and a Euclidean nearest-neighbour search
    # over the augmented vectors finds the same ten items.
    k = 10
    probabilities = np.exp(log_softmax(V @ u))
    by_softmax = np.argsort(-probabilities, kind="stable")[:k]
    by_dot = top_k_by_dot(u, V, k)
    V_aug, u_aug = mips_to_nearest_neighbour(V, u)
    by_distance = np.argsort(np.linalg.norm(V_aug - u_aug, axis=1), kind="stable")[:k]
    print(f"top-{k} by softmax {by_softmax.tolist()}")
    assert list(by_softmax) == list(by_dot) == list(by_distance)
    print("youtube-dnn: all checks passed")

"""Item-based collaborative filtering (Sarwar et al. 2001): compare items, not users.

Two items are similar when the same users rate them alike. The adjusted cosine subtracts each user's mean
rating before taking the cosine over the users who rated both items, so a generous rater does not make every
pair of items look similar:
    s(i, j) = sum_u (r_ui - mean_u)(r_uj - mean_u) / (sqrt(sum_u (r_ui - mean_u)^2) sqrt(sum_u (r_uj - mean_u)^2))
A user's score for an unseen item is the similarity-weighted average of her own ratings of its neighbours;
top-N recommendation ranks her unseen items by that score. Item similarities change slowly and can be
precomputed offline, which is what made the method practical at Amazon's scale.
"""

from __future__ import annotations

import numpy as np


def adjusted_cosine(ratings: np.ndarray) -> np.ndarray:
    """All item-item adjusted-cosine similarities of a users x items matrix (0 = unrated), over co-raters."""
    rated = ratings > 0
    means = ratings.sum(axis=1) / np.maximum(rated.sum(axis=1), 1)
    centred = np.where(rated, ratings - means[:, None], 0.0)
    n_items = ratings.shape[1]
    sims = np.zeros((n_items, n_items))
    for i in range(n_items):
        both = rated[:, i:i + 1] & rated                      # users who rated i and j, one column per j
        numerator = (centred[:, i:i + 1] * centred * both).sum(axis=0)
        norm_i = np.sqrt((centred[:, i:i + 1] ** 2 * both).sum(axis=0))
        norm_j = np.sqrt((centred**2 * both).sum(axis=0))
        sims[i] = np.divide(numerator, norm_i * norm_j, out=np.zeros(n_items), where=norm_i * norm_j > 0)
    return sims


def item_scores(ratings: np.ndarray, user: int, k: int = 20) -> np.ndarray:
    """Scores of every item for `user`: weighted average of her ratings of the k most similar items she rated."""
    sims = adjusted_cosine(ratings)
    history = np.flatnonzero(ratings[user] > 0)
    scores = np.full(ratings.shape[1], -np.inf)
    for i in np.flatnonzero(ratings[user] == 0):
        neighbours = history[np.argsort(-sims[i, history], kind="stable")[:k]]
        weights = sims[i, neighbours]
        total = np.abs(weights).sum()
        scores[i] = weights @ ratings[user, neighbours] / total if total > 0 else 0.0
    return scores


def top_n(ratings: np.ndarray, user: int, n: int, k: int = 20) -> np.ndarray:
    """The n unseen items with the highest item-based scores, best first."""
    scores = item_scores(ratings, user, k)
    unseen = np.flatnonzero(ratings[user] == 0)
    return unseen[np.argsort(-scores[unseen], kind="stable")[:n]]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    ratings = rng.integers(1, 6, size=(12, 8)).astype(float) * (rng.random((12, 8)) < 0.6)
    sims = adjusted_cosine(ratings)

    # Reference: the definition with explicit loops over users, centring by the mean of ALL the user's ratings.
    def by_loops(i: int, j: int) -> float:
        dot = ni = nj = 0.0
        for row in ratings:
            if row[i] > 0 and row[j] > 0:
                mean = row[row > 0].mean()
                dot, ni, nj = dot + (row[i] - mean) * (row[j] - mean), ni + (row[i] - mean) ** 2, nj + (row[j] - mean) ** 2
        return dot / np.sqrt(ni * nj) if ni * nj > 0 else 0.0

    assert all(np.isclose(sims[i, j], by_loops(i, j)) for i in range(8) for j in range(8))
    assert np.allclose(sims, sims.T) and np.all(np.abs(sims) <= 1 + 1e-12)

    # What the adjustment buys: a user who adds a constant to all her ratings changes no similarity ...
    shifted = ratings.copy()
    shifted[3] = np.where(shifted[3] > 0, shifted[3] + 2.5, 0)
    assert np.allclose(adjusted_cosine(shifted), sims)
    # ... and two users with opposite tastes (A likes item 0, dislikes item 1; B the reverse) give a negative
    # similarity, where plain cosine on raw ratings would call the items similar.
    opposite = np.array([[5, 1, 3], [1, 5, 3]], dtype=float)
    assert adjusted_cosine(opposite)[0, 1] < 0
    raw = opposite[:, 0] @ opposite[:, 1] / np.linalg.norm(opposite[:, 0]) / np.linalg.norm(opposite[:, 1])
    assert raw > 0.3

    # Top-N from a user's history: only unseen items, in descending score order, matching a brute-force sort.
    user = 2
    recommended = top_n(ratings, user, 3)
    scores = item_scores(ratings, user)
    unseen = [i for i in range(8) if ratings[user, i] == 0]
    assert all(ratings[user, i] == 0 for i in recommended)
    assert list(recommended) == sorted(unseen, key=lambda i: (-scores[i], i))[:3]
    print(f"user {user} rated {np.flatnonzero(ratings[user] > 0).tolist()}; top-3 unseen: {recommended.tolist()} "
          f"with scores {np.round(scores[recommended], 3).tolist()}")
    print("item-based-cf: all checks passed")

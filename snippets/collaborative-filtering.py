"""User-based collaborative filtering: predict a rating from the ratings of users who rated alike in the past.

Ratings sit in a users x items matrix, 0 meaning "not rated". The similarity of users u and v is the Pearson
correlation over the items both rated; the prediction (Resnick et al., GroupLens 1994) starts from u's mean
rating and adds the neighbours' mean-centred ratings of the item, weighted by similarity:
    p(u, i) = mean_u + sum_v w(u, v) (r(v, i) - mean_v) / sum_v |w(u, v)|
Centring removes each user's personal offset (a harsh rater's 3 can mean what a generous rater's 5 means).
"""

from __future__ import annotations

import numpy as np


def pearson_similarity(ratings: np.ndarray, u: int, v: int) -> float:
    """Pearson correlation of users u and v over the items both rated (0 when fewer than two or no spread)."""
    both = (ratings[u] > 0) & (ratings[v] > 0)
    if both.sum() < 2:
        return 0.0
    a, b = ratings[u, both], ratings[v, both]
    a, b = a - a.mean(), b - b.mean()
    denominator = np.sqrt((a**2).sum() * (b**2).sum())
    return float((a * b).sum() / denominator) if denominator > 0 else 0.0


def predict_user_based(ratings: np.ndarray, user: int, item: int, k: int | None = None) -> float:
    """Resnick's mean-centred prediction of `user`'s rating of `item` from the k most similar raters of it."""
    means = np.array([row[row > 0].mean() for row in ratings])
    raters = [v for v in range(len(ratings)) if v != user and ratings[v, item] > 0]
    weights = np.array([pearson_similarity(ratings, user, v) for v in raters])
    if k is not None:
        keep = np.argsort(-np.abs(weights), kind="stable")[:k]
        raters, weights = [raters[j] for j in keep], weights[keep]
    offsets = np.array([ratings[v, item] - means[v] for v in raters])
    total = np.abs(weights).sum()
    return float(means[user] + (weights @ offsets) / total) if total > 0 else float(means[user])


if __name__ == "__main__":
    # Hand computation. User 0 rated items 0-2 as (4, 2, 5). User 1 rated them (3, 1, 4): the same pattern one
    # point lower, so Pearson = +1. User 2 rated them (2, 4, 1) = 6 - user 0's, so Pearson = -1.
    R = np.array([[4, 2, 5, 0], [3, 1, 4, 4], [2, 4, 1, 2]], dtype=float)
    assert np.isclose(pearson_similarity(R, 0, 1), 1.0) and np.isclose(pearson_similarity(R, 0, 2), -1.0)
    # Means: user 0 11/3, user 1 12/4 = 3, user 2 9/4. Item 3: user 1 is 1 above his mean, user 2 0.25 below hers.
    by_hand = 11 / 3 + (1 * (4 - 3) + (-1) * (2 - 9 / 4)) / (1 + 1)
    predicted = predict_user_based(R, 0, 3)
    print(f"predicted rating of user 0 for item 3: {predicted:.4f} (by hand {by_hand:.4f})")
    assert np.isclose(predicted, by_hand)

    # Pearson against its textbook form, the covariance over the product of standard deviations (np.corrcoef),
    # on random sparse ratings; and invariance: adding a constant to a user's ratings changes no similarity.
    rng = np.random.default_rng(0)
    ratings = rng.integers(1, 6, size=(8, 12)).astype(float) * (rng.random((8, 12)) < 0.7)
    for u, v in [(0, 1), (2, 5), (6, 7), (1, 6)]:
        both = (ratings[u] > 0) & (ratings[v] > 0)
        reference = np.corrcoef(ratings[u, both], ratings[v, both])[0, 1]
        assert np.isclose(pearson_similarity(ratings, u, v), reference)
    shifted = ratings.copy()
    shifted[1] = np.where(shifted[1] > 0, shifted[1] + 10, 0)
    assert np.isclose(pearson_similarity(shifted, 0, 1), pearson_similarity(ratings, 0, 1))

    # Limiting case: with the single most similar neighbour (k = 1, here user 1, Pearson = +1) the prediction is
    # user 0's mean plus that neighbour's offset.
    assert np.isclose(predict_user_based(R, 0, 3, k=1), 11 / 3 + 1)
    print("collaborative-filtering: all checks passed")

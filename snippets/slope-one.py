"""Slope One (Lemire and Maclachlan 2005): predict a rating as "my rating of i plus how much j is usually
rated above i", averaged over the items i I rated.

For every item pair the average deviation over the users who rated both is
    dev(j, i) = sum_{u rated i and j} (r_uj - r_ui) / c(j, i),   c(j, i) = number of such users.
Weighted Slope One averages the per-item guesses r_ui + dev(j, i), weighting each by c(j, i):
    P(u, j) = sum_i (dev(j, i) + r_ui) c(j, i) / sum_i c(j, i)     over items i != j that u rated and c(j, i) > 0.
It is a predictor of the form f(x) = x + b, with one free parameter per item pair: no training, easy updates.
"""

from __future__ import annotations

import numpy as np


def deviations(ratings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The matrix dev[j, i] of average rating differences r_j - r_i and the co-rating counts c[j, i] (0 = unrated)."""
    rated = (ratings > 0).astype(float)
    counts = rated.T @ rated
    # sum over co-raters of r_uj - r_ui = sum_u rated_ui r_uj - sum_u rated_uj r_ui
    difference = ratings.T @ rated - rated.T @ ratings
    return np.divide(difference, counts, out=np.zeros_like(counts), where=counts > 0), counts


def weighted_slope_one(ratings: np.ndarray, user: int, item: int) -> float:
    """Weighted Slope One prediction of `user`'s rating of `item`."""
    dev, counts = deviations(ratings)
    others = (ratings[user] > 0) & (counts[item] > 0)
    others[item] = False
    weights = counts[item, others]
    return float(((dev[item, others] + ratings[user, others]) * weights).sum() / weights.sum())


def slope_one(ratings: np.ndarray, user: int, item: int) -> float:
    """Unweighted Slope One: every usable item i counts equally."""
    dev, counts = deviations(ratings)
    others = (ratings[user] > 0) & (counts[item] > 0)
    others[item] = False
    return float((dev[item, others] + ratings[user, others]).mean())


if __name__ == "__main__":
    # Hand example. A rated items (0, 1, 2) as (5, 3, 2); B rated items 0, 1 as (3, 4); C rated items 1, 2 as (2, 5).
    # Predict B's rating of item 2.  dev(2, 0): only A rated both, 2 - 5 = -3, count 1.
    # dev(2, 1): A and C, ((2 - 3) + (5 - 2)) / 2 = 1, count 2.  Guesses from B's ratings: 3 - 3 = 0 and 4 + 1 = 5.
    R = np.array([[5, 3, 2], [3, 4, 0], [0, 2, 5]], dtype=float)
    weighted_by_hand = (0 * 1 + 5 * 2) / (1 + 2)
    plain_by_hand = (0 + 5) / 2
    print(f"B's predicted rating of item 2: weighted {weighted_slope_one(R, 1, 2):.4f} (by hand "
          f"{weighted_by_hand:.4f}), unweighted {slope_one(R, 1, 2):.4f} (by hand {plain_by_hand:.4f})")
    assert np.isclose(weighted_slope_one(R, 1, 2), weighted_by_hand)
    assert np.isclose(slope_one(R, 1, 2), plain_by_hand)

    # Deviations against explicit loops over users, on random sparse ratings; dev is antisymmetric.
    rng = np.random.default_rng(0)
    ratings = rng.integers(1, 6, size=(15, 6)).astype(float) * (rng.random((15, 6)) < 0.6)
    dev, counts = deviations(ratings)
    for j in range(6):
        for i in range(6):
            pairs = [row[j] - row[i] for row in ratings if row[j] > 0 and row[i] > 0]
            assert counts[j, i] == len(pairs) and np.isclose(dev[j, i], np.mean(pairs) if pairs else 0.0)
    assert np.allclose(dev, -dev.T)

    # Limiting case: when every user's ratings follow r_j = r_0 + offset_j exactly, Slope One is exact.
    offsets = np.array([0.0, 1.0, -0.5, 2.0])
    base = rng.uniform(1.0, 2.5, size=(10, 1))
    exact = (base + offsets) * (rng.random((10, 4)) < 0.8)
    exact[0] = base[0, 0] + offsets
    held_out = exact.copy()
    held_out[0, 3] = 0.0
    assert np.isclose(weighted_slope_one(held_out, 0, 3), exact[0, 3])
    print("slope-one: all checks passed")

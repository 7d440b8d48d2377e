"""Feature crossing: new features that fire only for a combination of values of two (or more) fields.

For one-hot fields a (size n_a) and b (size n_b) the pairwise cross has n_a * n_b columns, and the column of
the pair (i, j) is x_a[i] * x_b[j]: the crossed vector is the flattened outer product x_a x_b^T, itself one-hot.
Crossing every pair of m fields adds sum_{a < b} n_a n_b columns, which is why crosses are chosen by hand
(or hashed) and why factorization machines replace the per-pair weights with factorised ones.
"""

from __future__ import annotations

from itertools import combinations, product

import numpy as np
from _entry import load

ctr = load("ctr-prediction")


def cross_features(x_a: np.ndarray, x_b: np.ndarray) -> np.ndarray:
    """The pairwise cross of two one-hot blocks (N, n_a) and (N, n_b): row-wise flattened outer products."""
    return (x_a[:, :, None] * x_b[:, None, :]).reshape(len(x_a), -1)


def num_pairwise_crosses(field_sizes: list[int]) -> int:
    """How many cross columns all pairs of fields create: sum over a < b of n_a * n_b."""
    sizes = np.asarray(field_sizes)
    return int((sizes.sum() ** 2 - (sizes**2).sum()) // 2)


def explicit_cross(ids_a: np.ndarray, ids_b: np.ndarray, n_a: int, n_b: int) -> np.ndarray:
    """Reference: build the cross column by column, one indicator 'a == i and b == j' per value pair."""
    columns = [((ids_a == i) & (ids_b == j)).astype(float) for i, j in product(range(n_a), range(n_b))]
    return np.stack(columns, axis=1)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_a, n_b, n = 3, 4, 200
    ids_a, ids_b = rng.integers(0, n_a, n), rng.integers(0, n_b, n)
    x_a, x_b = np.eye(n_a)[ids_a], np.eye(n_b)[ids_b]
    crossed = cross_features(x_a, x_b)

    # The outer-product cross equals the explicit value-pair indicators and stays one-hot.
    assert np.array_equal(crossed, explicit_cross(ids_a, ids_b, n_a, n_b))
    assert crossed.shape == (n, n_a * n_b) and np.all(crossed.sum(axis=1) == 1)

    # The number of pairwise crosses matches a brute-force count over field pairs.
    sizes = [3, 4, 10, 7]
    brute = sum(len(list(product(range(p), range(q)))) for p, q in combinations(sizes, 2))
    assert num_pairwise_crosses(sizes) == brute == 3 * 4 + 3 * 10 + 3 * 7 + 4 * 10 + 4 * 7 + 10 * 7

    # Why cross: a click pattern that depends on the combination (XOR of two binary fields) cannot be fitted
    # by logistic regression on the two fields alone, but can once the cross is added.
    bits_a, bits_b = rng.integers(0, 2, 400), rng.integers(0, 2, 400)
    y = (bits_a ^ bits_b).astype(float)
    plain = np.hstack([np.eye(2)[bits_a], np.eye(2)[bits_b]])
    with_cross = np.hstack([plain, cross_features(np.eye(2)[bits_a], np.eye(2)[bits_b])])
    losses = []
    for x in (plain, with_cross):
        w, b = ctr.train_logistic_regression(x, y, steps=300, lr=1.0)
        losses.append(ctr.log_loss(y, ctr.predict_ctr(x, w, b)))
    print(f"{num_pairwise_crosses(sizes)} cross columns for fields of sizes {sizes}; XOR log loss "
          f"{losses[0]:.3f} without the cross, {losses[1]:.3f} with it")
    assert losses[0] > 0.69 and losses[1] < 0.1
    print("feature-crossing: all checks passed")

"""GBDT + LR (He et al., Facebook 2014): boosted trees as a learned feature transform for logistic regression.

Each tree of a gradient-boosted ensemble routes a sample to exactly one leaf; the index of that leaf, one-hot
encoded per tree, is a categorical feature, and the concatenation over T trees (exactly T ones) feeds a
logistic regression:  p = sigmoid(b + sum_t w_{t, leaf_t(x)}).
A path to a leaf is a learned conjunction of threshold rules, i.e. a non-linear feature cross. Because the
ensemble's own score is the sum of its leaf values, the LR can reproduce it exactly and then improve on it.
"""

from __future__ import annotations

import numpy as np
from _entry import load

ctr = load("ctr-prediction")


class Tree:
    """A complete binary tree of depth d: node m < 2^d - 1 tests x[feature[m]] <= threshold[m] (left if true)."""

    def __init__(self, feature: list[int], threshold: list[float], leaf_value: list[float]) -> None:
        self.feature, self.threshold, self.leaf_value = feature, threshold, np.asarray(leaf_value)
        self.depth = int(np.log2(len(leaf_value)))

    def leaf(self, x: np.ndarray) -> int:
        """Index (0 .. 2^d - 1) of the leaf that x lands in."""
        node = 0
        for _ in range(self.depth):
            node = 2 * node + (1 if x[self.feature[node]] <= self.threshold[node] else 2)
        return node - (2**self.depth - 1)


def leaf_features(trees: list[Tree], x: np.ndarray) -> np.ndarray:
    """The GBDT feature transform: per sample, one one-hot block per tree marking the leaf reached."""
    blocks = []
    for tree in trees:
        block = np.zeros((len(x), len(tree.leaf_value)))
        block[np.arange(len(x)), [tree.leaf(row) for row in x]] = 1.0
        blocks.append(block)
    return np.hstack(blocks)


def gbdt_lr_predict(trees: list[Tree], x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Click probability of the logistic regression on the trees' leaf features."""
    return ctr.predict_ctr(leaf_features(trees, x), w, b)


def ensemble_logit(trees: list[Tree], x: np.ndarray) -> np.ndarray:
    """The boosted ensemble's own score: the sum of the leaf values reached in every tree."""
    return np.array([sum(tree.leaf_value[tree.leaf(row)] for tree in trees) for row in x])


# A small hand-built "boosted" ensemble on 3 numeric features (thresholds and leaf values chosen by hand).
TREES = [
    Tree(feature=[0, 1, 1], threshold=[0.0, 0.0, 0.5], leaf_value=[-1.0, 0.2, 0.3, 1.2]),
    Tree(feature=[2, 0, 0], threshold=[0.0, -1.0, 1.0], leaf_value=[-0.4, 0.1, 0.0, 0.6]),
    Tree(feature=[1], threshold=[-0.5], leaf_value=[-0.3, 0.2]),
]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 3))
    z = leaf_features(TREES, x)

    # Every sample activates exactly one leaf in every tree.
    offsets = np.cumsum([0] + [len(t.leaf_value) for t in TREES])
    for t in range(len(TREES)):
        assert np.all(z[:, offsets[t]:offsets[t + 1]].sum(axis=1) == 1)
    # The leaves agree with the first tree's rules written out as explicit if/else conjunctions.
    rules = np.select([(x[:, 0] <= 0) & (x[:, 1] <= 0), (x[:, 0] <= 0), (x[:, 1] <= 0.5)], [0, 1, 2], 3)
    assert np.array_equal(z[:, :4].argmax(axis=1), rules)

    # LR with the leaf values as weights reproduces the ensemble's score exactly.
    all_leaf_values = np.concatenate([t.leaf_value for t in TREES])
    assert np.allclose(np.log(gbdt_lr_predict(TREES, x, all_leaf_values, 0.0) /
                              (1 - gbdt_lr_predict(TREES, x, all_leaf_values, 0.0))), ensemble_logit(TREES, x))

    # Clicks that depend on a conjunction (x0 > 0 and x1 > 0.5): LR on the leaves beats LR on the raw numbers.
    y = (rng.random(600) < np.where((x[:, 0] > 0) & (x[:, 1] > 0.5), 0.8, 0.1)).astype(float)
    w_raw, b_raw = ctr.train_logistic_regression(x, y, steps=400, lr=0.5)
    w_leaf, b_leaf = ctr.train_logistic_regression(z, y, steps=400, lr=0.5)
    loss_raw = ctr.log_loss(y, ctr.predict_ctr(x, w_raw, b_raw))
    loss_leaf = ctr.log_loss(y, gbdt_lr_predict(TREES, x, w_leaf, b_leaf))
    print(f"{z.shape[1]} leaf features, {len(TREES)} active per sample; log loss raw LR {loss_raw:.3f}, "
          f"GBDT + LR {loss_leaf:.3f}")
    assert loss_leaf < loss_raw - 0.05
    print("gbdt-lr: all checks passed")

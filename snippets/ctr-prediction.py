"""Click-through rate prediction: the probability that a shown item is clicked, scored by log loss and AUC.

The classic baseline one-hot encodes each categorical field (user, ad, site, hour, ...) and fits logistic
regression:  p(click | x) = sigmoid(b + w . x).  Training minimises the log loss
    L = -(1/N) sum_n [y_n log p_n + (1 - y_n) log(1 - p_n)],   dL/dw = (1/N) X^T (p - y).
Ranking quality is measured by the AUC, the probability that a random clicked impression outscores a random
unclicked one. It is computed here twice: from the ranks of the scores (Mann-Whitney U) and by counting pairs.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def one_hot_fields(indices: np.ndarray, field_sizes: list[int]) -> np.ndarray:
    """One-hot encode a (N, fields) array of category ids, one block of columns per field, side by side."""
    offsets = np.concatenate([[0], np.cumsum(field_sizes)[:-1]])
    x = np.zeros((len(indices), sum(field_sizes)))
    for f, offset in enumerate(offsets):
        x[np.arange(len(indices)), offset + indices[:, f]] = 1.0
    return x


def predict_ctr(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Logistic-regression click probability sigmoid(b + x . w) for every row of x."""
    return 1.0 / (1.0 + np.exp(-(x @ w + b)))


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    """Mean binary log loss of predicted probabilities p against 0/1 labels y."""
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def log_loss_gradient(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Gradient of the mean log loss of predict_ctr with respect to w and b: X^T (p - y) / N and mean(p - y)."""
    residual = predict_ctr(x, w, b) - y
    return x.T @ residual / len(y), float(residual.mean())


def auc_by_ranks(y: np.ndarray, scores: np.ndarray) -> float:
    """AUC as the Mann-Whitney rank statistic: (sum of positive ranks - P(P+1)/2) / (P N); ties get mid-ranks."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    start = 0
    while start < len(scores):
        end = start
        while end + 1 < len(scores) and sorted_scores[end + 1] == sorted_scores[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2 + 1  # average rank of a block of ties
        start = end + 1
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def auc_by_pairs(y: np.ndarray, scores: np.ndarray) -> float:
    """AUC by brute force: the share of (clicked, unclicked) pairs ranked correctly, a tie counting one half."""
    pos, neg = scores[y == 1], scores[y == 0]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def train_logistic_regression(x: np.ndarray, y: np.ndarray, steps: int, lr: float) -> tuple[np.ndarray, float]:
    """Plain full-batch gradient descent on the log loss, from zero weights."""
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        grad_w, grad_b = log_loss_gradient(x, y, w, b)
        w, b = w - lr * grad_w, b - lr * grad_b
    return w, b


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    field_sizes = [4, 3, 5]                                   # e.g. user group, ad category, hour bucket
    ids = np.stack([rng.integers(0, n, size=400) for n in field_sizes], axis=1)
    x = one_hot_fields(ids, field_sizes)
    assert np.all(x.sum(axis=1) == len(field_sizes))          # exactly one active column per field
    true_w = rng.normal(size=int(x.shape[1]))
    y = (rng.random(400) < predict_ctr(x, true_w, -1.0)).astype(float)

    # The hand-derived gradient of the log loss agrees with finite differences.
    w0, b0 = rng.normal(scale=0.3, size=int(x.shape[1])), 0.2
    grad_w, grad_b = log_loss_gradient(x, y, w0, b0)
    numeric_w = numerical_gradient(lambda w: log_loss(y, predict_ctr(x, w, b0)), w0)
    numeric_b = numerical_gradient(lambda b: log_loss(y, predict_ctr(x, w0, float(b[0]))), np.array([b0]))[0]
    assert relative_error(grad_w, numeric_w) < 1e-6 and abs(grad_b - numeric_b) < 1e-7

    # Training lowers the log loss below the constant-rate baseline and ranks clicks above non-clicks.
    w, b = train_logistic_regression(x, y, steps=500, lr=1.0)
    p = predict_ctr(x, w, b)
    baseline = log_loss(y, np.full_like(y, y.mean()))
    # The constant-rate baseline has a closed form: the binary entropy of the click rate.
    rate = y.mean()
    assert abs(baseline - -(rate * np.log(rate) + (1 - rate) * np.log(1 - rate))) < 1e-12
    assert log_loss(y, p) < baseline

    # AUC two ways: the rank statistic equals the pair count, also with tied scores.
    auc_ranks, auc_pairs = auc_by_ranks(y, p), auc_by_pairs(y, p)
    rounded = np.round(p, 1)                                  # many ties
    assert abs(auc_ranks - auc_pairs) < 1e-12
    assert abs(auc_by_ranks(y, rounded) - auc_by_pairs(y, rounded)) < 1e-12
    assert auc_ranks > 0.6 and abs(auc_by_pairs(y, -p) - (1 - auc_pairs)) < 1e-12
    print(f"log loss {log_loss(y, p):.4f} (constant-CTR baseline {baseline:.4f}), AUC {auc_ranks:.4f} "
          f"by ranks = {auc_pairs:.4f} by pairs")
    print("ctr-prediction: all checks passed")

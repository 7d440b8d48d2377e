"""Gradient boosting with decision stumps: an additive model F_m = F_{m-1} + lr h_m, where every new tree h_m
is fitted by least squares to the negative gradient of the loss at the current predictions,
    r_i = -dL(y_i, F(x_i)) / dF    (= y_i - F(x_i), the residual, for squared loss; y_i - sigmoid(F) for log loss),
so boosting is gradient descent in function space. Leaf values take a Newton step: the mean residual for
squared loss, sum r / sum p(1 - p) for log loss (Friedman's two-class TreeBoost).
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient


def loss(y: np.ndarray, f: np.ndarray, kind: str) -> float:
    """Squared loss 1/2 (y - F)^2, or log loss (binomial deviance) for labels in {0, 1}, summed over examples."""
    if kind == "squared":
        return float(0.5 * np.sum((y - f) ** 2))
    return float(np.sum(np.logaddexp(0.0, f) - y * f))


def negative_gradient(y: np.ndarray, f: np.ndarray, kind: str) -> np.ndarray:
    """The pseudo-residuals -dL/dF that the next tree is fitted to."""
    return y - f if kind == "squared" else y - 1 / (1 + np.exp(-f))


def fit_stump(x: np.ndarray, target: np.ndarray) -> tuple[int, float]:
    """The single split (feature, threshold) minimising the squared error of a two-leaf fit to `target`."""
    best = (np.inf, 0, 0.0)
    n = len(target)
    for j in range(x.shape[1]):
        order = np.argsort(x[:, j])
        xs, ts = x[order, j], target[order]
        left_sum, left_sq = np.cumsum(ts)[:-1], np.cumsum(ts**2)[:-1]
        counts = np.arange(1, n)
        right_sum, right_sq = ts.sum() - left_sum, np.sum(ts**2) - left_sq
        sse = left_sq - left_sum**2 / counts + right_sq - right_sum**2 / (n - counts)
        valid = xs[:-1] < xs[1:]                                 # split only between distinct values
        if np.any(valid):
            k = int(np.argmin(np.where(valid, sse, np.inf)))
            if sse[k] < best[0]:
                best = (sse[k], j, (xs[k] + xs[k + 1]) / 2)
    return best[1], best[2]


def fit_gbdt(x: np.ndarray, y: np.ndarray, n_rounds: int, learning_rate: float = 0.1,
             kind: str = "squared") -> tuple[float, list[tuple[int, float, float, float]], list[float]]:
    """Boost n_rounds stumps; returns (initial constant, stumps as (feature, threshold, left, right), loss per round)."""
    if kind == "squared":
        f0 = float(np.mean(y))
    else:
        f0 = float(np.log(np.mean(y) / (1 - np.mean(y))))
    f, stumps, history = np.full(len(y), f0), [], [loss(y, np.full(len(y), f0), kind)]
    for _ in range(n_rounds):
        residual = negative_gradient(y, f, kind)
        feature, threshold = fit_stump(x, residual)
        left = x[:, feature] <= threshold
        if kind == "squared":
            hessian = np.ones(len(y))
        else:
            p = 1 / (1 + np.exp(-f))
            hessian = p * (1 - p)
        values = [residual[side].sum() / hessian[side].sum() for side in (left, ~left)]
        stumps.append((feature, threshold, values[0], values[1]))
        f = f + learning_rate * np.where(left, values[0], values[1])
        history.append(loss(y, f, kind))
    return f0, stumps, history


def predict(x: np.ndarray, f0: float, stumps: list[tuple[int, float, float, float]], learning_rate: float = 0.1) -> np.ndarray:
    """F(x) = F_0 + lr sum_m h_m(x)."""
    f = np.full(len(x), f0)
    for feature, threshold, left, right in stumps:
        f = f + learning_rate * np.where(x[:, feature] <= threshold, left, right)
    return f


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, size=(200, 3))
    y = np.sin(2 * x[:, 0]) + 0.5 * x[:, 1] ** 2 + 0.1 * rng.normal(size=200)
    labels = (x[:, 0] * x[:, 1] + 0.3 * rng.normal(size=200) > 0).astype(float)

    # The pseudo-residuals are the negative gradient of the loss w.r.t. the predictions (finite differences):
    # for squared loss exactly the residuals y - F.
    f = rng.normal(size=200)
    for kind, targets in (("squared", y), ("logistic", labels)):
        numeric = -numerical_gradient(lambda v: loss(targets, v, kind), f)
        assert np.allclose(negative_gradient(targets, f, kind), numeric, atol=1e-6)
    assert np.array_equal(negative_gradient(y, f, "squared"), y - f)

    # The first stump with learning rate 1 removes exactly the between-leaf sum of squares of the residuals.
    f0, stumps, history = fit_gbdt(x, y, 1, learning_rate=1.0)
    residual = y - f0
    feature, threshold, _, _ = stumps[0]
    left = x[:, feature] <= threshold
    gain = left.sum() * residual[left].mean() ** 2 + (~left).sum() * residual[~left].mean() ** 2
    assert np.isclose(history[0] - history[1], 0.5 * gain)
    # And that split is the best of all: brute force over every feature and every midpoint, with explicit means.
    def split_error(j: int, t: float) -> float:
        side = x[:, j] <= t
        return float(np.sum((residual[side] - residual[side].mean()) ** 2)
                     + np.sum((residual[~side] - residual[~side].mean()) ** 2))
    candidates = [(j, (a + b) / 2) for j in range(3) for a, b in zip(np.sort(x[:, j])[:-1], np.sort(x[:, j])[1:])]
    assert np.isclose(split_error(feature, threshold), min(split_error(j, t) for j, t in candidates))

    # Over 150 rounds the training loss never increases, for squared loss and for log loss.
    for kind, targets in (("squared", y), ("logistic", labels)):
        f0, stumps, history = fit_gbdt(x, targets, 150, 0.1, kind)
        assert np.all(np.diff(history) <= 1e-12)
        assert np.allclose(loss(targets, predict(x, f0, stumps), kind), history[-1])
        print(f"{kind:8s} loss: {history[0]:.2f} at the constant model, {history[10]:.2f} after 10 stumps, "
              f"{history[-1]:.2f} after 150")
    print("gbdt: all checks passed")

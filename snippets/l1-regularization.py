"""L1 regularisation (the lasso): add lambda ||w||_1 to the loss, which drives some weights to exactly zero.

|w| has a kink at 0, so the penalty is handled by its proximal operator, soft-thresholding:
    prox_{t|.|}(z) = argmin_w 1/2 (w - z)^2 + t |w| = sign(z) max(|z| - t, 0),
which returns exact zeros whenever |z| <= t. For the lasso 1/2 ||X w - y||^2 + lambda ||w||_1 a minimiser is
characterised by the subgradient conditions  X_j^T (y - X w) = lambda sign(w_j) if w_j != 0,  |X_j^T (y - X w)| <= lambda
if w_j = 0. Coordinate descent solves each one-dimensional problem exactly with a soft-threshold.
"""

from __future__ import annotations

import numpy as np


def soft_threshold(z: np.ndarray | float, threshold: float) -> np.ndarray:
    """The proximal operator of threshold * |w|: sign(z) max(|z| - threshold, 0)."""
    z = np.asarray(z, dtype=float)
    return np.sign(z) * np.maximum(np.abs(z) - threshold, 0.0)


def lasso_objective(w: np.ndarray, x: np.ndarray, y: np.ndarray, lam: float) -> float:
    """1/2 ||X w - y||^2 + lambda ||w||_1."""
    return float(0.5 * np.sum((x @ w - y) ** 2) + lam * np.sum(np.abs(w)))


def lasso_coordinate_descent(x: np.ndarray, y: np.ndarray, lam: float, sweeps: int = 100) -> np.ndarray:
    """Cyclic coordinate descent for the lasso: each coordinate is set to its exact one-dimensional minimiser."""
    w = np.zeros(x.shape[1])
    squared_norms = np.sum(x**2, axis=0)
    residual = y - x @ w
    for _ in range(sweeps):
        for j in range(x.shape[1]):
            residual += x[:, j] * w[j]                       # the residual without coordinate j
            w[j] = float(soft_threshold(x[:, j] @ residual, lam)) / squared_norms[j]
            residual -= x[:, j] * w[j]
    return w


def lasso_proximal_gradient(x: np.ndarray, y: np.ndarray, lam: float, steps: int = 3000) -> np.ndarray:
    """ISTA: a gradient step on the squared error, then soft-thresholding by lr * lambda."""
    lr = 1.0 / np.linalg.eigvalsh(x.T @ x).max()
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        w = soft_threshold(w - lr * x.T @ (x @ w - y), lr * lam)
    return w


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # The proximal step equals a brute-force minimisation of 1/2 (w - z)^2 + t |w| on a fine grid ...
    grid = np.linspace(-5, 5, 200001)
    for z in (-3.0, -0.7, 0.0, 0.4, 2.5):
        brute = grid[np.argmin(0.5 * (grid - z) ** 2 + 1.0 * np.abs(grid))]
        assert abs(float(soft_threshold(z, 1.0)) - brute) < 1e-4
    # ... and returns exact zeros (not merely small numbers) for every |z| <= t.
    z = rng.normal(size=1000)
    shrunk = soft_threshold(z, 0.8)
    assert np.all(shrunk[np.abs(z) <= 0.8] == 0.0) and np.all(shrunk[np.abs(z) > 0.8] != 0.0)
    print(f"soft-threshold at t = 0.8 zeroes {np.mean(shrunk == 0):.1%} of standard-normal inputs")

    # A sparse regression: 10 features, 3 of them used.
    x = rng.normal(size=(50, 10))
    true_w = np.zeros(10)
    true_w[[1, 4, 7]] = [3.0, -2.0, 1.5]
    y = x @ true_w + 0.5 * rng.normal(size=50)
    lam = 15.0
    w = lasso_coordinate_descent(x, y, lam)
    print("lasso weights:", w.round(3))
    correlation = x.T @ (y - x @ w)                          # X_j^T (y - X w)
    active = w != 0
    assert np.allclose(correlation[active], lam * np.sign(w[active]), atol=1e-8)
    assert np.all(np.abs(correlation[~active]) <= lam + 1e-8)
    assert 3 <= active.sum() < 10 and np.all(active[[1, 4, 7]])
    # An independent solver (proximal gradient) reaches the same point, and no random nearby point is better.
    assert np.allclose(lasso_proximal_gradient(x, y, lam), w, atol=1e-6)
    best = lasso_objective(w, x, y, lam)
    assert all(lasso_objective(w + 0.01 * rng.normal(size=10), x, y, lam) > best for _ in range(200))
    print("l1-regularization: all checks passed")

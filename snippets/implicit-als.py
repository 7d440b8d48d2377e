"""Implicit-feedback ALS (Hu, Koren and Volinsky 2008): weighted matrix factorization of click/play counts.

Counts r_ui become a binary preference p_ui = [r_ui > 0] and a confidence c_ui = 1 + alpha r_ui. EVERY
(user, item) cell enters the loss, unobserved ones with preference 0 and the lowest confidence 1:
    L(X, Y) = sum_{u,i} c_ui (p_ui - x_u . y_i)^2 + lam (sum_u |x_u|^2 + sum_i |y_i|^2).
With Y fixed, L is a weighted ridge regression for each user, solved exactly:
    x_u = (Y^T C^u Y + lam I)^(-1) Y^T C^u p(u),   C^u = diag(c_u·),
and Y^T C^u Y = Y^T Y + Y^T (C^u - I) Y costs only the user's nonzero items once Y^T Y is computed.
Alternating the two exact solves can never increase L.
"""

from __future__ import annotations

import numpy as np


def confidence(counts: np.ndarray, alpha: float = 40.0) -> np.ndarray:
    """c_ui = 1 + alpha r_ui (alpha = 40 in the paper)."""
    return 1.0 + alpha * counts


def implicit_loss(X: np.ndarray, Y: np.ndarray, counts: np.ndarray, alpha: float, lam: float) -> float:
    """The confidence-weighted squared loss over all cells plus the L2 penalty."""
    preference = (counts > 0).astype(float)
    return float((confidence(counts, alpha) * (preference - X @ Y.T) ** 2).sum() + lam * ((X**2).sum() + (Y**2).sum()))


def als_solve(Y: np.ndarray, counts: np.ndarray, alpha: float, lam: float) -> np.ndarray:
    """The exact minimiser over the rows of X with Y fixed, using Y^T Y + Y^T (C^u - I) Y per row."""
    YtY = Y.T @ Y
    X = np.zeros((counts.shape[0], Y.shape[1]))
    for u, row in enumerate(counts):
        nz = np.flatnonzero(row)
        c = confidence(row[nz], alpha)
        A = YtY + (Y[nz].T * (c - 1.0)) @ Y[nz] + lam * np.eye(Y.shape[1])
        X[u] = np.linalg.solve(A, (Y[nz].T * c) @ np.ones(len(nz)))      # p_ui = 1 exactly on the nonzeros
    return X


def implicit_als(counts: np.ndarray, k: int, alpha: float = 40.0, lam: float = 0.1, sweeps: int = 10,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Alternate exact user and item solves; returns X, Y and the loss after every half-sweep."""
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(scale=0.1, size=(counts.shape[0], k)), rng.normal(scale=0.1, size=(counts.shape[1], k))
    losses = [implicit_loss(X, Y, counts, alpha, lam)]
    for _ in range(sweeps):
        X = als_solve(Y, counts, alpha, lam)
        losses.append(implicit_loss(X, Y, counts, alpha, lam))
        Y = als_solve(X, counts.T, alpha, lam)
        losses.append(implicit_loss(X, Y, counts, alpha, lam))
    return X, Y, losses


if __name__ == "__main__":
    from _check import numerical_gradient

    rng = np.random.default_rng(0)
    counts = rng.poisson(0.6, size=(15, 10)) * (rng.random((15, 10)) < 0.5)
    alpha, lam, k = 2.0, 0.5, 3
    Y = rng.normal(size=(10, k))

    # The user step is the closed-form solution: the gradient of the FULL loss in X vanishes there ...
    X = als_solve(Y, counts, alpha, lam)
    grad = numerical_gradient(lambda Z: implicit_loss(Z, Y, counts, alpha, lam), X, eps=1e-5)
    assert np.abs(grad).max() < 1e-5
    # ... and it agrees with the naive dense solve (Y^T C^u Y + lam I)^(-1) Y^T C^u p(u) for every user.
    for u in range(15):
        C = np.diag(confidence(counts[u], alpha))
        naive = np.linalg.solve(Y.T @ C @ Y + lam * np.eye(k), Y.T @ C @ (counts[u] > 0))
        assert np.allclose(X[u], naive)
    # The loss is convex in X, so any perturbation of the solution costs something.
    assert implicit_loss(X + 1e-3 * rng.normal(size=X.shape), Y, counts, alpha, lam) > implicit_loss(X, Y, counts, alpha, lam)

    # Alternating exact solves: the loss never increases.
    _, _, losses = implicit_als(counts, k, alpha, lam)
    print(f"loss over half-sweeps: {losses[0]:.2f} -> {losses[1]:.2f} -> ... -> {losses[-1]:.3f}")
    assert all(b <= a + 1e-9 for a, b in zip(losses, losses[1:])) and losses[-1] < 0.5 * losses[0]
    print("implicit-als: all checks passed")

"""L2 regularisation (weight decay): add (lambda / 2) ||w||^2 to the loss, which pulls every weight towards zero.

For least squares, L(w) = 1/2 ||X w - y||^2 + lambda/2 ||w||^2 has gradient X^T (X w - y) + lambda w and the
closed-form minimiser (ridge regression)
    w* = (X^T X + lambda I)^{-1} X^T y.
A gradient step on the penalty alone multiplies the weights by (1 - lr lambda): hence the name weight decay.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def ridge_loss(w: np.ndarray, x: np.ndarray, y: np.ndarray, lam: float) -> float:
    """1/2 ||X w - y||^2 + lambda/2 ||w||^2."""
    return float(0.5 * np.sum((x @ w - y) ** 2) + 0.5 * lam * np.sum(w**2))


def ridge_gradient(w: np.ndarray, x: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """Gradient of ridge_loss: X^T (X w - y) + lambda w."""
    return x.T @ (x @ w - y) + lam * w


def ridge_closed_form(x: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """The minimiser of ridge_loss, (X^T X + lambda I)^{-1} X^T y."""
    return np.linalg.solve(x.T @ x + lam * np.eye(x.shape[1]), x.T @ y)


def weight_decay_step(w: np.ndarray, data_grad: np.ndarray, lr: float, lam: float) -> np.ndarray:
    """One SGD step with weight decay: shrink by (1 - lr lambda), then follow the data gradient."""
    return (1 - lr * lam) * w - lr * data_grad


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 5))
    y = x @ np.array([2.0, -1.0, 0.5, 0.0, 3.0]) + 0.3 * rng.normal(size=30)
    lam = 2.0

    # The hand-derived gradient agrees with finite differences.
    w = rng.normal(size=5)
    assert relative_error(ridge_gradient(w, x, y, lam), numerical_gradient(lambda v: ridge_loss(v, x, y, lam), w)) < 1e-7

    # Gradient descent from zero converges to the closed form: the fixed point where the gradient vanishes.
    step = 1.0 / (np.linalg.eigvalsh(x.T @ x).max() + lam)
    w = np.zeros(5)
    for _ in range(3000):
        w = weight_decay_step(w, x.T @ (x @ w - y), step, lam)
    closed = ridge_closed_form(x, y, lam)
    print(f"gradient descent {w.round(4)}\nclosed form      {closed.round(4)}")
    assert np.allclose(w, closed, atol=1e-10)
    assert np.allclose(ridge_gradient(closed, x, y, lam), 0, atol=1e-10)

    # The solution's norm falls monotonically as lambda grows, from the least-squares norm towards zero.
    lams = [0.0, 0.1, 1.0, 10.0, 100.0, 1e4]
    norms = [np.linalg.norm(ridge_closed_form(x, y, value)) for value in lams]
    print("||w*|| for lambda in", lams, ":", np.round(norms, 4))
    assert np.all(np.diff(norms) < 0)
    assert np.isclose(norms[0], np.linalg.norm(np.linalg.lstsq(x, y, rcond=None)[0]))
    assert norms[-1] < 0.02 * norms[0]
    print("l2-regularization: all checks passed")

"""Gradient descent: repeatedly step against the gradient, x <- x - lr * grad f(x).

On a quadratic bowl f(x) = 1/2 (x - x*)^T H (x - x*) the iteration is linear, x_t - x* = (I - lr H)^t (x_0 - x*),
so its behaviour follows from the eigenvalues of H: it converges exactly when lr < 2 / lambda_max, and the best
constant step, 2 / (lambda_min + lambda_max), shrinks the error by (kappa - 1) / (kappa + 1) per step, where
kappa = lambda_max / lambda_min is the condition number.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from _optimization import Quadratic


def gradient_descent(gradient: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, lr: float,
                     steps: int) -> np.ndarray:
    """Run x <- x - lr * gradient(x) for `steps` iterations; returns the trajectory, shape (steps + 1, dim)."""
    trajectory = [np.array(x0, dtype=np.float64)]
    for _ in range(steps):
        trajectory.append(trajectory[-1] - lr * gradient(trajectory[-1]))
    return np.array(trajectory)


def diagonal_quadratic_gradient(curvatures: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The gradient x -> curvatures * x of f(x) = 1/2 sum_i curvatures_i x_i^2 (curvature 2 gives f(x) = x^2)."""
    curvatures = np.asarray(curvatures, dtype=np.float64)

    def gradient(x: np.ndarray) -> np.ndarray:
        return curvatures * x

    return gradient


def descent_loss_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """f per step on the bowl with curvatures 1, 3, 10, 25 for three learning rates below 2 / 25 = 0.08."""
    curvatures, steps = np.array([1.0, 3.0, 10.0, 25.0]), np.arange(101, dtype=float)
    x0 = np.ones(4)
    curves = {}
    for lr in (0.01, 0.04, 0.078):
        path = gradient_descent(diagonal_quadratic_gradient(curvatures), x0, lr, steps=100)
        curves[f"lr = {lr}"] = (steps, 0.5 * (path**2) @ curvatures)
    return curves


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    curvatures = np.array([1.0, 3.0, 10.0, 25.0])
    bowl = Quadratic.with_curvatures(curvatures, rng)
    x0 = rng.normal(size=4)
    kappa = curvatures.max() / curvatures.min()

    # Closed form: x_t - x* = Q diag((1 - lr * lambda)^t) Q^T (x_0 - x*), built from the eigendecomposition of H.
    lr = 0.05
    trajectory = gradient_descent(bowl.gradient, x0, lr, steps=30)
    eigenvalues, axes = np.linalg.eigh(bowl.hessian)
    for t in (1, 2, 30):
        predicted = bowl.minimiser + axes @ ((1 - lr * eigenvalues) ** t * (axes.T @ (x0 - bowl.minimiser)))
        assert np.allclose(trajectory[t], predicted, rtol=1e-10, atol=1e-12)

    # With lr <= 1 / lambda_max every step lowers f (the descent lemma).
    values = [bowl.value(x) for x in gradient_descent(bowl.gradient, x0, 1 / curvatures.max(), steps=50)]
    assert all(later < earlier for earlier, later in zip(values, values[1:]))

    # Stability threshold lr = 2 / lambda_max: just below it converges, just above it diverges.
    def final_error(step_size: float) -> float:
        return float(np.linalg.norm(gradient_descent(bowl.gradient, x0, step_size, 400)[-1] - bowl.minimiser))
    start_error = float(np.linalg.norm(x0 - bowl.minimiser))
    assert final_error(0.98 * 2 / curvatures.max()) < 1e-3 * start_error
    assert final_error(1.02 * 2 / curvatures.max()) > 1e3 * start_error

    # The best constant step contracts the error by exactly (kappa - 1) / (kappa + 1) per step in the long run.
    best_lr = 2 / (curvatures.min() + curvatures.max())
    best_run = gradient_descent(bowl.gradient, x0, best_lr, 200)
    errors = np.linalg.norm(best_run - bowl.minimiser, axis=1)
    measured_rate = errors[-1] / errors[-2]
    predicted_rate = (kappa - 1) / (kappa + 1)
    print(f"condition number {kappa:.0f}: error ratio per step {measured_rate:.6f}, predicted {predicted_rate:.6f}")
    print(f"f(x_0) = {bowl.value(x0):.3f} -> f(x_200) = {bowl.value(best_run[-1]):.1e}")
    assert abs(measured_rate - predicted_rate) < 1e-6
    assert np.all(errors[1:] <= predicted_rate * errors[:-1] * (1 + 1e-6))
    print("gradient-descent: all checks passed")

"""Adadelta: an adaptive step with no global learning rate, sized by the recent steps themselves.

Update (Zeiler 2012, Algorithm 1; torch.optim.Adadelta, whose extra `lr` multiplies the step and is 1 in the paper):
    E[g^2]_t  = rho E[g^2]_{t-1} + (1 - rho) g_t^2
    dx_t      = - sqrt(E[dx^2]_{t-1} + eps) / sqrt(E[g^2]_t + eps) * g_t
    E[dx^2]_t = rho E[dx^2]_{t-1} + (1 - rho) dx_t^2
    x_t       = x_{t-1} + lr dx_t
The numerator, a running RMS of past updates, has the units of the parameters and the ratio g / RMS[g] has none,
so the step is measured in parameter units and does not change when the loss is rescaled. Both averages forget,
so the rate does not die away as Adagrad's does.
"""

from __future__ import annotations

import numpy as np


def adadelta_step(params: np.ndarray, grad: np.ndarray, mean_square_grad: np.ndarray,
                  mean_square_update: np.ndarray, rho: float = 0.9, eps: float = 1e-6,
                  lr: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adadelta update; returns (new params, new E[g^2], new E[dx^2])."""
    mean_square_grad = rho * mean_square_grad + (1 - rho) * grad**2
    update = -np.sqrt(mean_square_update + eps) / np.sqrt(mean_square_grad + eps) * grad
    mean_square_update = rho * mean_square_update + (1 - rho) * update**2
    return params + lr * update, mean_square_grad, mean_square_update


def run_adadelta(curvature: float, x0: float, steps: int, rho: float = 0.95, eps: float = 1e-6) -> np.ndarray:
    """Adadelta on the 1-D bowl f(x) = curvature x^2 / 2 from x0; returns the trajectory x_0 .. x_steps."""
    x, mean_square_grad, mean_square_update = np.array([x0]), np.zeros(1), np.zeros(1)
    path = [x0]
    for _ in range(steps):
        x, mean_square_grad, mean_square_update = adadelta_step(x, curvature * x, mean_square_grad,
                                                                mean_square_update, rho, eps)
        path.append(float(x[0]))
    return np.array(path)


def adadelta_trajectories() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """x_t of Adadelta on the bowls c x^2 / 2 from x = 1, for curvatures 1 and 100: no learning rate to tune."""
    steps = np.arange(1001, dtype=float)
    return {f"curvature {c:g}": (steps, run_adadelta(c, 1.0, 1000)) for c in (1.0, 100.0)}


if __name__ == "__main__":
    rho, eps = 0.95, 1e-6

    # First step from zero averages: dx_1 = -g sqrt(eps / ((1 - rho) g^2 + eps)); for g = 1 that is -0.0044721.
    for g in (1.0, -30.0, 1e-2):
        first, _, _ = adadelta_step(np.zeros(1), np.array([g]), np.zeros(1), np.zeros(1), rho, eps)
        assert np.isclose(first[0], -g * np.sqrt(eps / ((1 - rho) * g**2 + eps)))
    assert np.isclose(adadelta_step(np.zeros(1), np.ones(1), np.zeros(1), np.zeros(1), rho, eps)[0][0], -0.0044721,
                      atol=1e-7)

    # Step lengths on a steady slope do not depend on the gradient's size (units cancel) and grow over time as the
    # average of past updates builds up -- the opposite of Adagrad's ever-shrinking steps.
    slopes = {}
    for g in (1.0, 1000.0):
        x, mean_square_grad, mean_square_update, lengths = np.zeros(1), np.zeros(1), np.zeros(1), []
        for _ in range(300):
            before = x[0]
            x, mean_square_grad, mean_square_update = adadelta_step(x, np.array([g]), mean_square_grad,
                                                                    mean_square_update, rho, eps)
            lengths.append(before - x[0])
        slopes[g] = np.array(lengths)
    assert np.allclose(slopes[1.0], slopes[1000.0], rtol=1e-4)
    assert np.all(np.diff(slopes[1.0]) > 0)
    print(f"steady slope: step 1 = {slopes[1.0][0]:.5f}, step 300 = {slopes[1.0][-1]:.5f}, same for g = 1 and 1000")

    # No learning rate to tune: bowls whose curvatures span 100x follow the same path, and all get to the minimum.
    paths = {curvature: run_adadelta(curvature, 1.0, 600, rho, eps) for curvature in (0.1, 1.0, 10.0)}
    assert np.allclose(paths[0.1][:300], paths[10.0][:300], atol=1e-3)
    for curvature, path in paths.items():
        print(f"curvature {curvature:>4}: x after 100, 300, 600 steps = {path[100]:.4f}, {path[300]:.4f}, "
              f"{path[600]:.1e}")
        assert abs(path[600]) < 1e-3
    print("adadelta: all checks passed")

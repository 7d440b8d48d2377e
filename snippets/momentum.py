"""Momentum (the heavy-ball method): keep a running velocity of past gradients and step along it.

Convention: PyTorch's (torch.optim.SGD with momentum mu, dampening 0, zero initial velocity):
    v_t = mu v_{t-1} + g_t,                      w_t = w_{t-1} - lr v_t
    Nesterov variant:                            w_t = w_{t-1} - lr (g_t + mu v_t)
For a constant lr this is the classical form u_t = mu u_{t-1} - lr g_t, w_t = w_{t-1} + u_t with u = -lr v.
Along a steady slope the velocity builds up to g / (1 - mu), so the effective rate is lr / (1 - mu); across a
narrow valley successive gradients alternate in sign and cancel in v, damping the zig-zag of plain descent.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from _optimization import Quadratic


def momentum_step(params: np.ndarray, grad: np.ndarray, velocity: np.ndarray, lr: float, mu: float,
                  nesterov: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """One momentum update in PyTorch's convention; returns (new params, new velocity)."""
    velocity = mu * velocity + grad
    direction = grad + mu * velocity if nesterov else velocity
    return params - lr * direction, velocity


def run_momentum(gradient: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, lr: float, mu: float, steps: int,
                 nesterov: bool = False) -> np.ndarray:
    """Iterate `momentum_step` from x0 with zero velocity; returns the trajectory, shape (steps + 1, dim)."""
    x, velocity = np.array(x0, dtype=np.float64), np.zeros_like(x0, dtype=np.float64)
    trajectory = [x]
    for _ in range(steps):
        x, velocity = momentum_step(x, gradient(x), velocity, lr, mu, nesterov)
        trajectory.append(x)
    return np.array(trajectory)


def constant_gradient(g: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The gradient of a steady slope: the same vector g wherever it is evaluated."""
    g = np.asarray(g, dtype=np.float64)

    def gradient(w: np.ndarray) -> np.ndarray:
        return g

    return gradient


def momentum_loss_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Loss per step on an ill-conditioned bowl (curvatures 1 to 100) for plain descent and heavy-ball momentum."""
    rng = np.random.default_rng(0)
    bowl = Quadratic.with_curvatures(np.linspace(1.0, 100.0, 10), rng)
    x0 = rng.normal(size=10)
    steps = np.arange(151, dtype=float)
    curves = {}
    for label, lr, mu in [("plain, mu = 0", 0.01, 0.0), ("momentum, mu = 0.5", 0.01, 0.5),
                          ("momentum, mu = 0.9", 0.01, 0.9)]:
        path = run_momentum(bowl.gradient, x0, lr, mu, steps=150)
        curves[label] = (steps, np.array([bowl.value(x) for x in path]))
    return curves


if __name__ == "__main__":
    # Steady slope (constant gradient g): v_t = g (1 - mu^t) / (1 - mu), so after t steps the distance travelled is
    # lr g [t - mu (1 - mu^t) / (1 - mu)] / (1 - mu), and the step length tends to lr g / (1 - mu).
    lr, mu, g = 0.1, 0.9, 2.0
    path = run_momentum(constant_gradient(np.array([g])), np.zeros(1), lr, mu, steps=200)[:, 0]
    for t in (1, 2, 3, 50):
        assert np.isclose(-path[t], lr * g * (t - mu * (1 - mu**t) / (1 - mu)) / (1 - mu))
    assert np.isclose(path[-2] - path[-1], lr * g / (1 - mu))
    print(f"steady slope g={g}: step length {path[-2] - path[-1]:.4f} = lr g / (1 - mu), plain SGD's is {lr * g}")

    # Ill-conditioned bowl (kappa = 100), same budget of 150 gradients, each method with its best constant setting:
    # plain descent contracts by (kappa - 1) / (kappa + 1) per step, heavy ball by (root - 1) / (root + 1) with
    # root = sqrt(kappa).
    rng = np.random.default_rng(0)
    smallest, largest = 1.0, 100.0
    bowl = Quadratic.with_curvatures(np.linspace(smallest, largest, 10), rng)
    x0 = rng.normal(size=10)
    kappa, root = largest / smallest, np.sqrt(largest / smallest)
    lr_heavy, mu_heavy = 4 / (np.sqrt(largest) + np.sqrt(smallest)) ** 2, ((root - 1) / (root + 1)) ** 2
    lr_nesterov, mu_nesterov = 1 / largest, (root - 1) / (root + 1)
    plain = run_momentum(bowl.gradient, x0, 2 / (smallest + largest), 0.0, steps=150)
    heavy_ball = run_momentum(bowl.gradient, x0, lr_heavy, mu_heavy, steps=150)
    nesterov = run_momentum(bowl.gradient, x0, lr_nesterov, mu_nesterov, steps=150, nesterov=True)

    # The classical forms trace the same paths: heavy ball u = mu u - lr g(w), w = w + u; Nesterov takes the
    # gradient at the look-ahead point w + mu u, and PyTorch's Nesterov parameters are exactly that point.
    w_heavy, u_heavy, w_nesterov, u_nesterov = x0.copy(), np.zeros(10), x0.copy(), np.zeros(10)
    for t in range(1, 11):
        u_heavy = mu_heavy * u_heavy - lr_heavy * bowl.gradient(w_heavy)
        w_heavy = w_heavy + u_heavy
        u_nesterov = mu_nesterov * u_nesterov - lr_nesterov * bowl.gradient(w_nesterov + mu_nesterov * u_nesterov)
        w_nesterov = w_nesterov + u_nesterov
        assert np.allclose(heavy_ball[t], w_heavy) and np.allclose(nesterov[t], w_nesterov + mu_nesterov * u_nesterov)
    error = {name: np.linalg.norm(path - bowl.minimiser, axis=1) / np.linalg.norm(x0 - bowl.minimiser)
             for name, path in (("plain", plain), ("heavy ball", heavy_ball), ("nesterov", nesterov))}
    for name, relative in error.items():
        print(f"{name:>10}: relative error after 150 steps {relative[-1]:.1e}")
    assert error["heavy ball"][-1] < 1e-6 * error["plain"][-1]
    assert error["nesterov"][-1] < 1e-3 * error["plain"][-1]

    # Measured per-step rates over the last 100 steps match the predictions (heavy ball's extreme modes are
    # critically damped, which adds a slowly growing factor t, hence the looser tolerance).
    plain_rate = (error["plain"][-1] / error["plain"][50]) ** (1 / 100)
    heavy_rate = (error["heavy ball"][-1] / error["heavy ball"][50]) ** (1 / 100)
    assert abs(plain_rate - (kappa - 1) / (kappa + 1)) < 1e-3
    assert abs(heavy_rate - (root - 1) / (root + 1)) < 0.02
    print(f"rates per step: plain {plain_rate:.4f} (predicted {(kappa - 1) / (kappa + 1):.4f}), heavy ball "
          f"{heavy_rate:.4f} (predicted {(root - 1) / (root + 1):.4f})")
    print("momentum: all checks passed")

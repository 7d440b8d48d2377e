"""AdamW: Adam with weight decay decoupled from the adaptive gradient step (Loshchilov and Hutter).

Adam with an L2 penalty adds lambda w to the gradient, so the decay passes through m / sqrt(v) and is rescaled
per coordinate: weights with large gradient history are barely regularised. AdamW shrinks the weights
directly and leaves Adam's step untouched (torch.optim.AdamW's convention, decay scaled by the learning rate):
    w <- w - lr lambda w,    then    w <- w - lr m_hat / (sqrt(v_hat) + eps)      (m, v from the loss gradient only)
With lambda = 0 it is Adam; with a zero loss gradient the weights decay exactly as (1 - lr lambda)^t.
"""

from __future__ import annotations

import numpy as np
from _entry import load

adam = load("adam")


def adamw_step(params: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float = 1e-3,
               beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
               weight_decay: float = 1e-2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """AdamW's update number t: decoupled decay, then Adam's step on the loss gradient; returns (params, m, v)."""
    return adam.adam_step(params * (1 - lr * weight_decay), grad, m, v, t, lr, beta1, beta2, eps)


def adam_l2_step(params: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float = 1e-3,
                 beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 weight_decay: float = 1e-2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The coupled alternative (torch.optim.Adam's weight_decay): Adam on the gradient of loss + lambda/2 ||w||^2."""
    return adam.adam_step(params, grad + weight_decay * params, m, v, t, lr, beta1, beta2, eps)


def run_adamw(gradients: np.ndarray, lr: float, weight_decay: float, w0: np.ndarray) -> np.ndarray:
    """Apply AdamW to a fixed sequence of loss gradients (one row per step) from w0; returns the final weights."""
    w, m, v = w0.astype(float), np.zeros_like(w0, dtype=float), np.zeros_like(w0, dtype=float)
    for t, grad in enumerate(gradients, start=1):
        w, m, v = adamw_step(w, grad, m, v, t, lr, weight_decay=weight_decay)
    return w


def quadratic_trajectory(step, hessian: np.ndarray, x0: np.ndarray, steps: int, **settings: float) -> np.ndarray:
    """Parameters after each step of an Adam-type `step` on the loss 1/2 x^T H x."""
    x, m, v, path = x0.copy(), np.zeros_like(x0), np.zeros_like(x0), []
    for t in range(1, steps + 1):
        x, m, v = step(x, hessian @ x, m, v, t, **settings)
        path.append(x)
    return np.array(path)


def decay_under_noise() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """A weight from 1 whose loss gradients are pure noise of size 10 (lr 1e-3, lambda 1): AdamW decays it at the
    set rate, while the L2 term is drowned out by Adam's normalisation by the large gradients."""
    noise = 10.0 * np.random.default_rng(0).normal(size=(1500, 1))
    steps = np.arange(0.0, 1501.0)
    curves = {}
    for label, step in [("AdamW", adamw_step), ("Adam + L2", adam_l2_step)]:
        w, m, v, path = np.ones(1), np.zeros(1), np.zeros(1), [1.0]
        for t, grad in enumerate(noise, start=1):
            w, m, v = step(w, grad, m, v, t, lr=1e-3, weight_decay=1.0)
            path.append(float(w[0]))
        curves[label] = (steps, np.array(path))
    curves["(1 - lr lambda)^t"] = (steps, (1 - 1e-3) ** steps)
    return curves

if __name__ == "__main__":
    rng = np.random.default_rng(0)
    hessian = np.diag([100.0, 1.0, 0.01])
    x0 = rng.normal(size=3)

    # Limiting case: with lambda = 0, AdamW is Adam exactly.
    plain = quadratic_trajectory(adam.adam_step, hessian, x0, 200, lr=0.01)
    assert np.allclose(quadratic_trajectory(adamw_step, hessian, x0, 200, lr=0.01, weight_decay=0.0), plain,
                       rtol=0, atol=0)

    # With lambda > 0, decoupled decay and an L2 term inside Adam's gradient give different trajectories.
    decoupled = quadratic_trajectory(adamw_step, hessian, x0, 200, lr=0.01, weight_decay=0.5)
    coupled = quadratic_trajectory(adam_l2_step, hessian, x0, 200, lr=0.01, weight_decay=0.5)
    print(f"largest gap between the AdamW and Adam+L2 trajectories: {np.abs(decoupled - coupled).max():.4f}")
    assert np.abs(decoupled - coupled).max() > 1e-2

    # The difference in its purest form: a weight whose loss gradient is zero. AdamW decays it geometrically,
    # (1 - lr lambda)^t, a closed form. Adam+L2 divides the penalty gradient lambda w by its own running size, so
    # lambda cancels: the weight moves a little under lr per step whatever lambda is.
    w0, lr, steps = np.array([2.0]), 0.01, 100
    coupled_moves = []
    for lam in (0.01, 0.1, 1.0):
        decayed = run_adamw(np.zeros((steps, 1)), lr, lam, w0)[0]
        assert np.isclose(decayed, 2.0 * (1 - lr * lam) ** steps, rtol=1e-12)
        w, m, v = w0.copy(), np.zeros(1), np.zeros(1)
        for t in range(1, steps + 1):
            w, m, v = adam_l2_step(w, np.zeros(1), m, v, t, lr, weight_decay=lam)
        coupled_moves.append(2.0 - w[0])
        print(f"lambda = {lam}: AdamW shrinks 2.0 to {decayed:.4f}, Adam+L2 to {w[0]:.4f}")
    assert np.allclose(coupled_moves, coupled_moves[0], rtol=1e-5) and 0.5 * lr * steps < coupled_moves[0] <= lr * steps
    print("adamw: all checks passed")

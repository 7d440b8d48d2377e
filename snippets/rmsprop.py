"""RMSProp: divide each gradient by a running root-mean-square of its recent magnitudes.

Update (Tieleman and Hinton's lecture; torch.optim.RMSprop uncentred, without momentum, zero initial average):
    E_t = alpha E_{t-1} + (1 - alpha) g_t^2,        w_t = w_{t-1} - lr g_t / (sqrt(E_t) + eps)      (element-wise)
Like Adagrad it normalises every coordinate by its own gradient scale, but it forgets: the average spans roughly
the last 1 / (1 - alpha) steps, so the effective rate neither decays to zero nor stays tied to a scale the
gradients had long ago.
"""

from __future__ import annotations

import numpy as np


def rmsprop_step(params: np.ndarray, grad: np.ndarray, mean_square: np.ndarray, lr: float, alpha: float = 0.99,
                 eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    """One RMSProp update; returns (new params, new running mean of squared gradients)."""
    mean_square = alpha * mean_square + (1 - alpha) * grad**2
    return params - lr * grad / (np.sqrt(mean_square) + eps), mean_square


def rmsprop_loss_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Loss per step on the bowl (x1^2 + 50 x2^2) / 2 from (1, 1), learning rate 0.01, for two decay rates."""
    curvature, steps = np.array([1.0, 50.0]), np.arange(301, dtype=float)
    curves = {}
    for alpha in (0.9, 0.99):
        w, mean_square, losses = np.ones(2), np.zeros(2), []
        for _ in steps:
            losses.append(float(curvature @ w**2) / 2)
            w, mean_square = rmsprop_step(w, curvature * w, mean_square, 0.01, alpha)
        curves[f"alpha = {alpha}"] = (steps, np.array(losses))
    return curves


if __name__ == "__main__":
    lr, alpha = 0.01, 0.9

    # Constant gradient g: E_t = (1 - alpha^t) g^2, so step t has length lr / sqrt(1 - alpha^t): about 3.16 lr at
    # t = 1 (the zero start is not bias-corrected), then settling at lr, never decaying like Adagrad's lr / sqrt(t).
    w, mean_square, previous = np.zeros(1), np.zeros(1), 0.0
    for t in range(1, 201):
        w, mean_square = rmsprop_step(w, np.array([-7.0]), mean_square, lr, alpha)
        assert np.isclose(w[0] - previous, lr / np.sqrt(1 - alpha**t))
        previous = w[0]
    print(f"constant gradient: step 1 = {lr / np.sqrt(1 - alpha):.4f}, step 200 = {lr / np.sqrt(1 - alpha**200):.4f}"
          f" (Adagrad's step 200 would be {lr / np.sqrt(200):.4f})")

    # Scale invariance: multiplying the loss by 1000 leaves the path on a quadratic unchanged (up to eps).
    curvature = np.array([1.0, 50.0])
    path, scaled_path = np.ones(2), np.ones(2)
    state, scaled_state = np.zeros(2), np.zeros(2)
    for _ in range(100):
        path, state = rmsprop_step(path, curvature * path, state, lr, alpha)
        scaled_path, scaled_state = rmsprop_step(scaled_path, 1000 * curvature * scaled_path, scaled_state, lr, alpha)
    assert np.allclose(path, scaled_path, atol=1e-7)

    # Forgetting: 50 gradients of size 100, then gradients of size 1. The running average decays as
    # E = alpha^k E_50 + (1 - alpha^k), so 150 steps later RMSProp is back to steps of length lr, while
    # Adagrad, which never forgets, is stuck with a rate divided by its huge early sum.
    w, mean_square, adagrad_sum = np.zeros(1), np.zeros(1), 0.0
    for t in range(200):
        g = np.array([100.0 if t < 50 else 1.0])
        before = w[0]
        w, mean_square = rmsprop_step(w, g, mean_square, lr, alpha)
        adagrad_sum += g[0] ** 2
    rmsprop_step_length, adagrad_step_length = before - w[0], lr / np.sqrt(adagrad_sum)
    expected_square = alpha**150 * (1 - alpha**50) * 100**2 + (1 - alpha**150)
    assert np.isclose(rmsprop_step_length, lr / np.sqrt(expected_square))
    assert abs(rmsprop_step_length / lr - 1) < 0.01 and adagrad_step_length < 0.01 * lr
    print(f"after the gradient scale drops 100x: RMSProp step {rmsprop_step_length:.4f}, "
          f"Adagrad step {adagrad_step_length:.6f}")
    print("rmsprop: all checks passed")

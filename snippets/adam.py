"""Adam: a momentum average of the gradient, scaled per coordinate by an average of its square, both bias-corrected.

Update (Kingma and Ba, Algorithm 1; torch.optim.Adam without weight decay or amsgrad), t counting from 1:
    m_t = beta1 m_{t-1} + (1 - beta1) g_t              v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
    m_hat = m_t / (1 - beta1^t)                         v_hat = v_t / (1 - beta2^t)
    w_t = w_{t-1} - lr m_hat / (sqrt(v_hat) + eps)
Both averages start at zero, so early on they underestimate; dividing by 1 - beta^t removes that bias exactly,
and the step m_hat / sqrt(v_hat) is a unit-free ratio whose size is about lr whatever the scale of the gradient.
"""

from __future__ import annotations

import numpy as np


def adam_step(params: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float = 1e-3,
              beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
              bias_correction: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adam's update number t (t = 1, 2, ...); returns (new params, new m, new v)."""
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat, v_hat = (m / (1 - beta1**t), v / (1 - beta2**t)) if bias_correction else (m, v)
    return params - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def run_adam(gradients: np.ndarray, lr: float = 1e-3, **settings: float) -> np.ndarray:
    """Feed a fixed sequence of gradients (one row per step) to Adam from zero; returns the step taken each time."""
    w, m, v, steps = np.zeros(gradients.shape[1]), np.zeros(gradients.shape[1]), np.zeros(gradients.shape[1]), []
    for t, grad in enumerate(gradients, start=1):
        new_w, m, v = adam_step(w, grad, m, v, t, lr, **settings)
        steps.append(new_w - w)
        w = new_w
    return np.array(steps)


def adam_loss_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Loss per step on the bowl (x1^2 + 50 x2^2) / 2 from (1, 1), lr 0.05, with and without bias correction."""
    curvature, steps = np.array([1.0, 50.0]), np.arange(301, dtype=float)
    curves = {}
    for label, corrected in [("bias-corrected", True), ("uncorrected", False)]:
        w, m, v, losses = np.ones(2), np.zeros(2), np.zeros(2), []
        for t in steps:
            losses.append(float(curvature @ w**2) / 2)
            w, m, v = adam_step(w, curvature * w, m, v, int(t) + 1, 0.05, bias_correction=corrected)
        curves[label] = (steps, np.array(losses))
    return curves


if __name__ == "__main__":
    lr, beta1, beta2 = 1e-3, 0.9, 0.999

    # The bias-corrected first step has length lr in every coordinate, whatever the gradient's scale.
    gradient = np.array([1e-3, 1.0, -1e4])
    first, _, _ = adam_step(np.zeros(3), gradient, np.zeros(3), np.zeros(3), 1, lr)
    assert np.allclose(first, -lr * np.sign(gradient), rtol=1e-4)
    # Without the correction it would be lr (1 - beta1) / sqrt(1 - beta2), about 3.16 lr.
    uncorrected, _, _ = adam_step(np.zeros(3), gradient, np.zeros(3), np.zeros(3), 1, lr, bias_correction=False)
    assert np.allclose(np.abs(uncorrected), lr * (1 - beta1) / np.sqrt(1 - beta2), rtol=1e-3)
    print(f"first step: {np.abs(first[1]) / lr:.4f} lr with bias correction, {np.abs(uncorrected[1]) / lr:.4f} lr "
          f"without")

    # Constant gradient: m_hat = g and v_hat = g^2 at every t, so every step is exactly lr.
    steps = run_adam(np.full((100, 1), 5.0), lr)
    assert np.allclose(steps, -lr)

    # Invariance: rescaling the gradients by 1000 leaves every step unchanged (up to eps).
    rng = np.random.default_rng(0)
    gradients = rng.standard_t(df=2, size=(500, 4))       # heavy-tailed noise
    steps = run_adam(gradients, lr)
    assert np.allclose(run_adam(1000 * gradients, lr), steps, rtol=1e-5, atol=1e-12)

    # The paper's bound: since 1 - beta1 > sqrt(1 - beta2), every step obeys |step| <= lr (1 - beta1) / sqrt(1 - beta2),
    # and a lone spike after a long quiet spell nearly reaches it.
    bound = lr * (1 - beta1) / np.sqrt(1 - beta2)
    spike = np.zeros((2000, 1))
    spike[-1] = 3.0
    spike_step = abs(run_adam(spike, lr)[-1, 0])
    print(f"largest step on heavy-tailed noise {np.abs(steps).max() / lr:.2f} lr, after a lone spike "
          f"{spike_step / lr:.2f} lr, bound {bound / lr:.2f} lr")
    assert np.abs(steps).max() <= bound and 0.9 * bound < spike_step <= bound
    print("adam: all checks passed")

"""Adagrad: every parameter gets its own learning rate, which shrinks with the gradients it has received so far.

Update (the diagonal form of Duchi, Hazan and Singer; torch.optim.Adagrad with lr_decay 0, zero initial sum):
    G_t = G_{t-1} + g_t^2,        w_t = w_{t-1} - lr g_t / (sqrt(G_t) + eps)        (element-wise)
The effective rate of a coordinate is lr / sqrt(G_t). A coordinate that receives gradients at every step
accumulates a large G and slows down; a rarely active one (a rare word, a sparse feature) keeps a large rate, so
its few informative gradients still move it far.
"""

from __future__ import annotations

import numpy as np


def adagrad_step(params: np.ndarray, grad: np.ndarray, sum_squares: np.ndarray, lr: float,
                 eps: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """One Adagrad update; returns (new params, new running sum of squared gradients)."""
    sum_squares = sum_squares + grad**2
    return params - lr * grad / (np.sqrt(sum_squares) + eps), sum_squares


def adagrad_loss_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Loss per step on the bowl (x1^2 + 20 x2^2) / 2 from (1, 1) for two base learning rates."""
    curvature, steps = np.array([1.0, 20.0]), np.arange(201, dtype=float)
    curves = {}
    for lr in (0.1, 0.5):
        w, sums, losses = np.ones(2), np.zeros(2), []
        for _ in steps:
            losses.append(float(curvature @ w**2) / 2)
            w, sums = adagrad_step(w, curvature * w, sums, lr)
        curves[f"lr = {lr}"] = (steps, np.array(losses))
    return curves


if __name__ == "__main__":
    # First step: every coordinate moves by lr against the sign of its gradient, whatever the gradient's scale.
    lr = 0.5
    first, _ = adagrad_step(np.zeros(3), np.array([1e-3, 1.0, -1e3]), np.zeros(3), lr)
    assert np.allclose(first, [-lr, -lr, lr])

    # Constant gradient: G_t = t g^2, so the t-th step is lr / sqrt(t) and the distance after t steps is
    # lr * sum_{k <= t} 1 / sqrt(k): the rate decays like 1 / sqrt(t).
    w, total = np.zeros(1), np.zeros(1)
    for t in range(1, 101):
        w, total = adagrad_step(w, np.array([3.0]), total, lr)
        assert np.isclose(-w[0], lr * np.sum(1 / np.sqrt(np.arange(1, t + 1))))

    # Per-coordinate scale invariance: multiplying one axis of the loss by 1000 leaves the path unchanged.
    curvature = np.array([1.0, 20.0])
    path, stretched_path = [np.array([1.0, 1.0])], [np.array([1.0, 1.0])]
    sums, stretched_sums = np.zeros(2), np.zeros(2)
    for _ in range(50):
        step, sums = adagrad_step(path[-1], curvature * path[-1], sums, 0.1)
        stretched, stretched_sums = adagrad_step(stretched_path[-1], np.array([1.0, 1000.0]) * curvature
                                                 * stretched_path[-1], stretched_sums, 0.1)
        path.append(step)
        stretched_path.append(stretched)
    assert np.allclose(path, stretched_path, atol=1e-8)

    # Frequent versus rare: coordinate 0 gets a unit gradient at every step, coordinate 1 only at every 10th.
    # After 100 steps their effective rates lr / sqrt(G) are lr / sqrt(100) and lr / sqrt(10).
    w, sums = np.zeros(2), np.zeros(2)
    for t in range(100):
        w, sums = adagrad_step(w, np.array([1.0, float(t % 10 == 0)]), sums, lr)
    assert np.allclose(lr / np.sqrt(sums), [lr / 10, lr / np.sqrt(10)])

    # Sparse noisy regression: y = 2 x_frequent + 3 x_rare + noise, with x_frequent = 1 always and x_rare = 1 in
    # 3 % of examples. One base rate serves both weights: the frequent one is slowed down to average the noise,
    # the rare one keeps a large rate and still reaches its value from a few dozen examples.
    rng = np.random.default_rng(0)
    features = np.stack([np.ones(1000), (rng.random(1000) < 0.03).astype(float)], axis=1)
    targets = features @ np.array([2.0, 3.0]) + rng.normal(size=1000)
    w, sums = np.zeros(2), np.zeros(2)
    for x, y in zip(features, targets):
        w, sums = adagrad_step(w, (w @ x - y) * x, sums, 1.0)
    effective_rate = 1.0 / np.sqrt(sums)
    print(f"after 1000 examples ({int(features[:, 1].sum())} with the rare feature): effective rates "
          f"frequent {effective_rate[0]:.3f}, rare {effective_rate[1]:.3f}; weights {np.round(w, 2)} (true [2, 3])")
    assert effective_rate[1] > 3 * effective_rate[0]
    assert np.allclose(w, [2.0, 3.0], atol=0.3)
    print("adagrad: all checks passed")

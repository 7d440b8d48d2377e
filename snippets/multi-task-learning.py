"""Multi-task learning with hard parameter sharing: one shared layer feeds a separate head per task, and the
network minimises a weighted sum of the task losses,
    h = tanh(X W + b),   L = a_1 L_reg(h w_1 + c_1, y_1) + a_2 L_bce(h w_2 + c_2, y_2).
Backpropagation then sends each task's error into the shared layer, where the gradients add up:
dL/dW = a_1 dL_1/dW + a_2 dL_2/dW, while each head sees only its own task's gradient.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def init_params(n_in: int, n_hidden: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Shared layer (W, b) plus a regression head (w1, c1) and a binary-classification head (w2, c2)."""
    return {"W": rng.normal(scale=0.5, size=(n_in, n_hidden)), "b": np.zeros(n_hidden),
            "w1": rng.normal(scale=0.5, size=n_hidden), "c1": np.zeros(1),
            "w2": rng.normal(scale=0.5, size=n_hidden), "c2": np.zeros(1)}


def task_losses(params: dict[str, np.ndarray], x: np.ndarray, y_reg: np.ndarray, y_cls: np.ndarray) -> tuple[float, float]:
    """Mean squared error of the regression head and binary cross-entropy of the classification head."""
    h = np.tanh(x @ params["W"] + params["b"])
    regression = h @ params["w1"] + params["c1"]
    logit = h @ params["w2"] + params["c2"]
    bce = np.mean(np.logaddexp(0.0, logit) - y_cls * logit)
    return float(np.mean((regression - y_reg) ** 2)), float(bce)


def task_gradient(params: dict[str, np.ndarray], x: np.ndarray, y_reg: np.ndarray, y_cls: np.ndarray,
                  task: int) -> dict[str, np.ndarray]:
    """Backpropagated gradient of one task's loss (task 1 or 2) with respect to every parameter."""
    n = len(x)
    h = np.tanh(x @ params["W"] + params["b"])
    grads = {name: np.zeros_like(value) for name, value in params.items()}
    if task == 1:
        error = 2 * (h @ params["w1"] + params["c1"] - y_reg) / n          # dL1 / d prediction
        grads["w1"], grads["c1"] = h.T @ error, np.array([error.sum()])
        dh = np.outer(error, params["w1"])
    else:
        logit = h @ params["w2"] + params["c2"]
        error = (1 / (1 + np.exp(-logit)) - y_cls) / n                    # dL2 / d logit
        grads["w2"], grads["c2"] = h.T @ error, np.array([error.sum()])
        dh = np.outer(error, params["w2"])
    dz = dh * (1 - h**2)
    grads["W"], grads["b"] = x.T @ dz, dz.sum(axis=0)
    return grads


def multi_task_gradient(params: dict[str, np.ndarray], x: np.ndarray, y_reg: np.ndarray, y_cls: np.ndarray,
                        weights: tuple[float, float] = (1.0, 1.0)) -> dict[str, np.ndarray]:
    """Gradient of the weighted total loss: the weighted sum of the per-task gradients."""
    g1, g2 = task_gradient(params, x, y_reg, y_cls, 1), task_gradient(params, x, y_reg, y_cls, 2)
    return {name: weights[0] * g1[name] + weights[1] * g2[name] for name in params}


def parameter_counts(n_in: int, n_hidden: int, n_tasks: int) -> tuple[int, int]:
    """Weights and biases of hard sharing (one hidden layer, scalar heads) versus one network per task."""
    shared, head = n_in * n_hidden + n_hidden, n_hidden + 1
    return shared + n_tasks * head, n_tasks * (shared + head)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 4))
    y_reg, y_cls = rng.normal(size=16), (rng.uniform(size=16) < 0.5).astype(float)
    params = init_params(4, 6, rng)
    weights = (1.0, 0.3)

    def total_loss(name: str, value: np.ndarray) -> float:
        trial = dict(params, **{name: value})
        l1, l2 = task_losses(trial, x, y_reg, y_cls)
        return weights[0] * l1 + weights[1] * l2

    grads = multi_task_gradient(params, x, y_reg, y_cls, weights)
    g1, g2 = task_gradient(params, x, y_reg, y_cls, 1), task_gradient(params, x, y_reg, y_cls, 2)
    for name in params:
        numeric = numerical_gradient(lambda v: total_loss(name, v), params[name])
        assert relative_error(grads[name], numeric) < 1e-6, name
    # Each head receives only its own task's gradient; the shared layer receives the (weighted) sum of both.
    assert np.all(g2["w1"] == 0) and np.all(g1["w2"] == 0)
    assert np.abs(g1["W"]).max() > 0 and np.abs(g2["W"]).max() > 0
    one_task = numerical_gradient(lambda v: task_losses(dict(params, W=v), x, y_reg, y_cls)[0], params["W"])
    assert relative_error(g1["W"], one_task) < 1e-6
    other_task = numerical_gradient(lambda v: task_losses(dict(params, W=v), x, y_reg, y_cls)[1], params["W"])
    assert relative_error(g2["W"], other_task) < 1e-6
    # The shared layer's gradient of the weighted total (checked above by finite differences) is the weighted sum.
    assert np.allclose(grads["W"], weights[0] * one_task + weights[1] * other_task, atol=1e-8)
    cosine = np.sum(g1["W"] * g2["W"]) / (np.linalg.norm(g1["W"]) * np.linalg.norm(g2["W"]))
    print(f"shared-layer gradients of the two tasks: norms {np.linalg.norm(g1['W']):.4f}, {np.linalg.norm(g2['W']):.4f}, "
          f"cosine {cosine:+.3f}")

    # Joint training lowers both losses.
    before = task_losses(params, x, y_reg, y_cls)
    for _ in range(300):
        step = multi_task_gradient(params, x, y_reg, y_cls, weights)
        params = {name: value - 0.1 * step[name] for name, value in params.items()}
    after = task_losses(params, x, y_reg, y_cls)
    print(f"losses before ({before[0]:.3f}, {before[1]:.3f}), after 300 steps ({after[0]:.3f}, {after[1]:.3f})")
    assert after[0] < before[0] and after[1] < before[1]
    print("multi-task-learning: all checks passed")

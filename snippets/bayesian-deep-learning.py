"""Bayesian deep learning in its cheapest form: Monte Carlo dropout as approximate posterior sampling.

A ReLU network is trained with dropout on 1-D regression data that only covers [-1, 1]. Keeping dropout ON
at test time and running T stochastic forward passes draws T networks from an approximate posterior over
weights (Gal & Ghahramani, 2016); the spread of their predictions is the model's uncertainty.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error

Params = dict[str, np.ndarray]


def dropout_masks(n_rows: int, widths: list[int], drop_probability: float,
                  rng: np.random.Generator) -> list[np.ndarray]:
    """Inverted-dropout masks for each hidden layer: 0 with `drop_probability`, else 1 / (1 - p)."""
    keep = 1.0 - drop_probability
    return [(rng.random((n_rows, width)) < keep) / keep for width in widths]


def forward(params: Params, x: np.ndarray, masks: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Two ReLU hidden layers with the given dropout masks; returns the outputs (n,) and the hidden activations."""
    h1 = np.maximum(x[:, None] @ params["W1"] + params["b1"], 0.0) * masks[0]
    h2 = np.maximum(h1 @ params["W2"] + params["b2"], 0.0) * masks[1]
    return (h2 @ params["W3"] + params["b3"]).ravel(), [h1, h2]


def loss_and_grads(params: Params, x: np.ndarray, y: np.ndarray, masks: list[np.ndarray],
                   weight_decay: float) -> tuple[float, Params]:
    """Mean squared error plus L2 weight decay for one draw of the dropout masks, with its gradients."""
    prediction, (h1, h2) = forward(params, x, masks)
    n = len(y)
    loss = float(np.mean((prediction - y) ** 2)
                 + weight_decay * sum(np.sum(params[w] ** 2) for w in ("W1", "W2", "W3")))
    g_out = (2.0 / n * (prediction - y))[:, None]
    g_h2 = g_out @ params["W3"].T * masks[1] * (h2 > 0)
    g_h1 = g_h2 @ params["W2"].T * masks[0] * (h1 > 0)
    grads = {"W3": h2.T @ g_out, "b3": g_out.sum(axis=0),
             "W2": h1.T @ g_h2, "b2": g_h2.sum(axis=0),
             "W1": x[None, :] @ g_h1, "b1": g_h1.sum(axis=0)}
    for w in ("W1", "W2", "W3"):
        grads[w] = grads[w] + 2.0 * weight_decay * params[w]
    return loss, grads


def init_params(width: int, rng: np.random.Generator) -> Params:
    """Random weights for the 1 -> width -> width -> 1 network."""
    return {"W1": rng.normal(size=(1, width)), "b1": rng.normal(size=width),
            "W2": rng.normal(size=(width, width)) * np.sqrt(2.0 / width), "b2": np.zeros(width),
            "W3": rng.normal(size=(width, 1)) * np.sqrt(1.0 / width), "b3": np.zeros(1)}


def train_with_dropout(x: np.ndarray, y: np.ndarray, width: int, drop_probability: float, steps: int,
                       rng: np.random.Generator, learning_rate: float = 0.01, weight_decay: float = 1e-5) -> Params:
    """Adam on the dropout loss, drawing new masks at every step."""
    params = init_params(width, rng)
    first = {name: np.zeros_like(value) for name, value in params.items()}
    second = {name: np.zeros_like(value) for name, value in params.items()}
    for step in range(1, steps + 1):
        masks = dropout_masks(len(x), [width, width], drop_probability, rng)
        _, grads = loss_and_grads(params, x, y, masks, weight_decay)
        for name in params:
            first[name] = 0.9 * first[name] + 0.1 * grads[name]
            second[name] = 0.999 * second[name] + 0.001 * grads[name] ** 2
            step_size = learning_rate * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
            params[name] -= step_size * first[name] / (np.sqrt(second[name]) + 1e-8)
    return params


def mc_dropout_predict(params: Params, x: np.ndarray, drop_probability: float, n_samples: int,
                       rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Predictive mean and (epistemic) variance from `n_samples` forward passes with dropout left on."""
    width = params["b1"].size
    draws = np.stack([forward(params, x, dropout_masks(len(x), [width, width], drop_probability, rng))[0]
                      for _ in range(n_samples)])
    return draws.mean(axis=0), draws.var(axis=0)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x_train = rng.uniform(-1.0, 1.0, size=64)
    y_train = np.sin(3.0 * x_train) + 0.05 * rng.normal(size=64)
    p = 0.1

    # Backpropagation through a fixed dropout mask agrees with central finite differences.
    params = {name: value + 0.1 * rng.normal(size=value.shape) for name, value in init_params(8, rng).items()}
    masks = dropout_masks(10, [8, 8], p, rng)
    _, grads = loss_and_grads(params, x_train[:10], y_train[:10], masks, 1e-3)
    worst = max(relative_error(grads[name], numerical_gradient(
        lambda value, name=name: loss_and_grads({**params, name: value}, x_train[:10], y_train[:10], masks, 1e-3)[0],
        params[name])) for name in params)
    print(f"gradient vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    params = train_with_dropout(x_train, y_train, width=64, drop_probability=p, steps=1000, rng=rng)
    near, far = np.linspace(-1.0, 1.0, 21), np.concatenate([np.linspace(-6.0, -4.0, 11), np.linspace(4.0, 6.0, 11)])
    mean_near, var_near = mc_dropout_predict(params, near, p, n_samples=200, rng=rng)
    _, var_far = mc_dropout_predict(params, far, p, n_samples=200, rng=rng)
    print(f"MC-dropout fit on the data range: mean squared error {np.mean((mean_near - np.sin(3 * near))**2):.4f}")
    print(f"mean predictive variance on [-1, 1] (the data) {var_near.mean():.4f}; "
          f"on 4 <= |x| <= 6 (no data) {var_far.mean():.4f}")
    assert np.mean((mean_near - np.sin(3.0 * near)) ** 2) < 0.05
    assert var_far.mean() > 3.0 * var_near.mean()  # more uncertain where there was no data

    # Limiting case: without dropout every pass is the same network, so there is no spread at all.
    assert np.all(mc_dropout_predict(params, far, 0.0, n_samples=20, rng=rng)[1] < 1e-20)
    print("bayesian deep learning: all checks passed")

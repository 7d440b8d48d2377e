"""Stochastic gradient descent (SGD): step against the gradient of a small random batch, not of the whole data set.

For a loss that averages over N examples, L(w) = 1/N sum_i l_i(w), the gradient of a random mini-batch is an
unbiased estimate of grad L at a fraction of the cost, so SGD takes many cheap noisy steps w <- w - lr_t g_batch
where gradient descent takes one exact one. The noise does not vanish at the optimum: a constant rate leaves w
jittering around it, while rates with sum lr_t = inf and sum lr_t^2 < inf (Robbins and Monro) converge.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def sgd_step(params: np.ndarray, grad: np.ndarray, lr: float) -> np.ndarray:
    """One SGD update w <- w - lr * g (torch.optim.SGD without momentum or weight decay)."""
    return params - lr * grad


def least_squares_gradient(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the batch loss 1/(2B) ||x w - y||^2 with respect to w, for B rows of x."""
    return x.T @ (x @ w - y) / len(x)


def sgd(batch_gradient: Callable[[np.ndarray, np.ndarray], np.ndarray], w0: np.ndarray, n_examples: int,
        batch_size: int, epochs: int, learning_rate: Callable[[int], float], rng: np.random.Generator) -> np.ndarray:
    """Mini-batch SGD: every epoch shuffles the examples and takes one step per batch of indices.

    `batch_gradient(w, indices)` returns the gradient of the mean loss over those examples; `learning_rate(t)` gives
    the rate of step t = 0, 1, 2, ...; returns the final parameters.
    """
    w, step = np.array(w0, dtype=np.float64), 0
    for _ in range(epochs):
        order = rng.permutation(n_examples)
        for start in range(0, n_examples, batch_size):
            w = sgd_step(w, batch_gradient(w, order[start:start + batch_size]), learning_rate(step))
            step += 1
    return w


def sgd_loss_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Full training loss per epoch of SGD on a least-squares problem, for batches of 1, 20 and all 400 examples."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 5))
    y = x @ rng.normal(size=5) + 0.5 * rng.normal(size=400)
    curves = {}
    for batch_size in (1, 20, 400):
        w, epochs, losses = np.zeros(5), np.arange(21), []
        for _ in epochs:
            losses.append(float(np.mean((x @ w - y) ** 2) / 2))
            w = sgd(lambda v, rows: least_squares_gradient(v, x[rows], y[rows]), w, 400, batch_size, 1,
                    lambda step: 0.01, rng)
        curves[f"batch {batch_size}"] = (epochs.astype(float), np.array(losses))
    return curves


if __name__ == "__main__":
    # One step by hand: model y = w x, example (x=2, y=1), w=0, lr=0.1: gradient (0*2 - 1)*2 = -2, so w becomes 0.2.
    assert np.isclose(sgd_step(np.zeros(1), least_squares_gradient(np.zeros(1), np.array([[2.0]]), np.array([1.0])),
                               0.1)[0], 0.2)

    rng = np.random.default_rng(0)
    n, dim = 400, 5
    x = rng.normal(size=(n, dim))
    y = x @ rng.normal(size=dim) + 0.5 * rng.normal(size=n)
    best = np.linalg.lstsq(x, y, rcond=None)[0]          # the exact minimiser of the full loss
    w0 = np.zeros(dim)

    def batch_gradient(w: np.ndarray, indices: np.ndarray) -> np.ndarray:
        return least_squares_gradient(w, x[indices], y[indices])

    def distance(w: np.ndarray) -> float:
        return float(np.linalg.norm(w - best))

    # Mini-batch gradients are unbiased: over a partition into equal batches they average to the full gradient.
    w_probe = rng.normal(size=dim)
    batches = rng.permutation(n).reshape(20, -1)
    assert np.allclose(np.mean([batch_gradient(w_probe, b) for b in batches], axis=0),
                       least_squares_gradient(w_probe, x, y))

    # Same budget of N example-gradients: one epoch of single-example SGD versus one full-batch step.
    one_epoch = sgd(batch_gradient, w0, n, batch_size=1, epochs=1, learning_rate=lambda t: 0.02, rng=rng)
    one_full_step = sgd_step(w0, least_squares_gradient(w0, x, y), 0.02)
    print(f"after {n} example-gradients: SGD is {distance(one_epoch):.3f} from the optimum, full-batch GD "
          f"{distance(one_full_step):.3f}")
    assert distance(one_epoch) < 0.2 * distance(one_full_step)

    # A constant rate stalls at a noise floor; a Robbins-Monro rate lr_t = a / (b + t) keeps closing in.
    constant = sgd(batch_gradient, w0, n, 10, 60, lambda t: 0.2, np.random.default_rng(1))
    decaying = sgd(batch_gradient, w0, n, 10, 60, lambda t: 0.2 * 50 / (50 + t), np.random.default_rng(1))
    print(f"after 60 epochs: constant rate {distance(constant):.1e}, decaying rate {distance(decaying):.1e}")
    assert distance(decaying) < 0.01 and distance(decaying) < 0.3 * distance(constant)
    print("sgd: all checks passed")

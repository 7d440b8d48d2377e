"""Why networks need activation functions: without a nonlinearity between them, stacked layers stay affine.

A feed-forward network alternates affine maps with an elementwise activation. With the identity as activation
any depth collapses into one affine map, which cannot even compute XOR; one ReLU in between is enough.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Activation = Callable[[np.ndarray], np.ndarray]


def identity(z: np.ndarray) -> np.ndarray:
    """No activation at all."""
    return z


def relu(z: np.ndarray) -> np.ndarray:
    """The rectifier max(0, z)."""
    return np.maximum(z, 0.0)


def feedforward(
    x: np.ndarray, weights: list[np.ndarray], biases: list[np.ndarray], activation: Activation
) -> np.ndarray:
    """Apply affine layers h -> h W^T + b to the batch x, with `activation` after every layer but the last."""
    h = x
    for depth, (weight, bias) in enumerate(zip(weights, biases)):
        h = h @ weight.T + bias
        if depth < len(weights) - 1:
            h = activation(h)
    return h


def network_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """One random 1-16-16-1 network on [-3, 3] with no activation, tanh and ReLU: only the first stays a line."""
    rng = np.random.default_rng(1)
    sizes = [1, 16, 16, 1]
    weights = [rng.normal(size=(n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [rng.normal(size=n_out) for n_out in sizes[1:]]
    x = np.linspace(-3.0, 3.0, 241)
    return {name: (x, feedforward(x[:, None], weights, biases, activation)[:, 0])
            for name, activation in [("identity", identity), ("tanh", np.tanh), ("relu", relu)]}


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # Depth without nonlinearity buys nothing: a 4-layer identity network preserves affine combinations,
    # the defining property of a single affine map; with tanh or ReLU in between it does not.
    sizes = [3, 8, 8, 8, 2]
    weights = [rng.normal(size=(n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [rng.normal(size=n_out) for n_out in sizes[1:]]
    points = rng.normal(size=(6, 3))
    mix = rng.dirichlet(np.ones(6))  # non-negative weights summing to one
    for name, activation in [("identity", identity), ("tanh", np.tanh), ("relu", relu)]:
        outputs = feedforward(points, weights, biases, activation)
        of_mixture = feedforward((mix @ points)[None, :], weights, biases, activation)[0]
        gap = float(np.max(np.abs(of_mixture - mix @ outputs)))
        print(f"{name:8s}: |f(sum a_i x_i) - sum a_i f(x_i)| = {gap:.2e}")
        assert (gap < 1e-9) == (activation is identity)

    # XOR is not affine: the best least-squares affine fit predicts 1/2 everywhere (mean squared error 1/4).
    xor_inputs = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    xor_targets = np.array([0.0, 1.0, 1.0, 0.0])
    design = np.hstack([xor_inputs, np.ones((4, 1))])
    coefficients = np.linalg.lstsq(design, xor_targets, rcond=None)[0]
    best_affine_error = float(np.mean((design @ coefficients - xor_targets) ** 2))
    assert np.isclose(best_affine_error, 0.25)

    # Two hidden ReLU units solve it exactly: h = relu(x1 + x2 - [0, 1]), y = h1 - 2 h2.
    xor_weights = [np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([[1.0, -2.0]])]
    xor_biases = [np.array([0.0, -1.0]), np.array([0.0])]
    with_relu = feedforward(xor_inputs, xor_weights, xor_biases, relu)[:, 0]
    without = feedforward(xor_inputs, xor_weights, xor_biases, identity)[:, 0]
    print("XOR targets          :", xor_targets)
    print("same weights, ReLU   :", with_relu)
    print("same weights, no act.:", without)
    assert np.array_equal(with_relu, xor_targets)
    assert np.mean((without - xor_targets) ** 2) >= best_affine_error
    print("activation-function: all checks passed")

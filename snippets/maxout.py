"""Maxout from scratch: each unit outputs the maximum of k affine functions of its input.

h_i(x) = max_j (W[i, j] . x + b[i, j]). The unit learns its own piecewise-linear convex activation: ReLU,
absolute value and leaky ReLU are special cases, and with enough pieces any convex function is approximated.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def maxout(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Maxout layer: x (batch, in), weight (units, pieces, in), bias (units, pieces) -> (batch, units)."""
    pieces = np.einsum("ni,upi->nup", x, weight) + bias
    return pieces.max(axis=2)


def maxout_backward(
    x: np.ndarray, weight: np.ndarray, bias: np.ndarray, grad_output: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dweight, dbias) of sum(grad_output * maxout(x)): only each unit's winning piece learns."""
    pieces = np.einsum("ni,upi->nup", x, weight) + bias
    winner = pieces == pieces.max(axis=2, keepdims=True)  # one-hot over pieces (ties have probability zero)
    routed = grad_output[:, :, None] * winner  # (batch, units, pieces)
    grad_x = np.einsum("nup,upi->ni", routed, weight)
    grad_weight = np.einsum("nup,ni->upi", routed, x)
    return grad_x, grad_weight, routed.sum(axis=0)


def tangent_pieces(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights and biases of one 1-D maxout unit whose pieces are the tangents of x^2 at `points`."""
    return (2.0 * points)[None, :, None], (-(points**2))[None, :]


def tangent_maxout(x: np.ndarray, points: np.ndarray) -> np.ndarray:
    """A one-unit maxout layer whose pieces are the tangents of x^2 at `points`: x (batch, 1) -> (batch, 1)."""
    weight, bias = tangent_pieces(points)
    return maxout(x, weight, bias)


def tangent_maxout_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """x^2 on [-3, 3] and the maxout units built from 3 and 7 of its tangents, approaching it from below."""
    x = np.linspace(-3.0, 3.0, 301)
    curves = {"x^2": (x, x**2)}
    for k in (3, 7):
        curves[f"{k} pieces"] = (x, tangent_maxout(x[:, None], np.linspace(-3.0, 3.0, k))[:, 0])
    return curves


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    line = np.linspace(-3.0, 3.0, 601)[:, None]

    # Familiar activations are maxout units with two fixed pieces.
    relu_pieces = (np.array([[[1.0], [0.0]]]), np.zeros((1, 2)))  # max(x, 0)
    abs_pieces = (np.array([[[1.0], [-1.0]]]), np.zeros((1, 2)))  # max(x, -x)
    leaky_pieces = (np.array([[[1.0], [0.1]]]), np.zeros((1, 2)))  # max(x, 0.1 x)
    assert np.array_equal(maxout(line, *relu_pieces)[:, 0], np.maximum(line[:, 0], 0.0))
    assert np.array_equal(maxout(line, *abs_pieces)[:, 0], np.abs(line[:, 0]))
    assert np.allclose(maxout(line, *leaky_pieces)[:, 0], np.where(line[:, 0] > 0, line[:, 0], 0.1 * line[:, 0]))

    # Convex functions are approximated from below by tangents: with tangent points spaced h apart, the
    # worst error of x^2 on [-3, 3] is exactly (h/2)^2, midway between neighbouring tangent points.
    for k in (3, 7, 13):
        points = np.linspace(-3.0, 3.0, k)
        spacing = points[1] - points[0]
        error = line[:, 0] ** 2 - tangent_maxout(line, points)[:, 0]
        print(f"{k:2d} tangent pieces: max error on x^2 = {error.max():.4f}  (h^2/4 = {spacing**2 / 4:.4f})")
        assert np.all(error > -1e-12) and np.isclose(error.max(), spacing**2 / 4)

    # A maxout unit is always convex: the value at a midpoint never exceeds the average of the endpoints.
    weight, bias = rng.normal(size=(4, 3, 5)), rng.normal(size=(4, 3))
    a, b = rng.normal(size=(50, 5)), rng.normal(size=(50, 5))
    chord_midpoint = (maxout(a, weight, bias) + maxout(b, weight, bias)) / 2
    assert np.all(maxout((a + b) / 2, weight, bias) <= chord_midpoint + 1e-12)

    # Backpropagation through the max agrees with finite differences for input, weights and biases.
    x = rng.normal(size=(6, 5))
    grad_output = rng.normal(size=(6, 4))
    grad_x, grad_weight, grad_bias = maxout_backward(x, weight, bias, grad_output)

    def weighted_output(x_: np.ndarray, weight_: np.ndarray, bias_: np.ndarray) -> float:
        return float(np.sum(grad_output * maxout(x_, weight_, bias_)))

    errors = [
        relative_error(grad_x, numerical_gradient(lambda v: weighted_output(v, weight, bias), x)),
        relative_error(grad_weight, numerical_gradient(lambda w: weighted_output(x, w, bias), weight)),
        relative_error(grad_bias, numerical_gradient(lambda c: weighted_output(x, weight, c), bias)),
    ]
    print("gradient check (x, W, b): " + ", ".join(f"{e:.1e}" for e in errors))
    assert max(errors) < 1e-6
    print("maxout: all checks passed")

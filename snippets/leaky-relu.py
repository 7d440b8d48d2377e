"""Leaky ReLU and PReLU from scratch: f(x) = x for x > 0 and a * x otherwise.

Leaky ReLU fixes the negative slope `a` (typically 0.01); PReLU learns it, one slope per channel, by gradient
descent like any other weight. A non-zero slope keeps a gradient flowing through units whose input is negative.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def leaky_relu(x: np.ndarray, negative_slope: float | np.ndarray = 0.01) -> np.ndarray:
    """x where x > 0, else negative_slope * x; a slope array broadcast against x gives PReLU."""
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_derivative(x: np.ndarray, negative_slope: float | np.ndarray = 0.01) -> np.ndarray:
    """d f / dx elementwise: 1 where x > 0, else the negative slope."""
    return np.where(x > 0, 1.0, negative_slope * np.ones_like(x))


def prelu_slope_gradient(x: np.ndarray, grad_output: np.ndarray, channel_axis: int = 1) -> np.ndarray:
    """dL/da for PReLU with one learned slope per channel: sum of grad_output * min(x, 0) over the other axes."""
    other_axes = tuple(axis for axis in range(x.ndim) if axis != channel_axis % x.ndim)
    return np.sum(grad_output * np.minimum(x, 0.0), axis=other_axes)


def leaky_relu_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Leaky ReLU with slopes 0.01 and 0.2 on [-3, 3], and the derivative for 0.2."""
    x = np.linspace(-3.0, 3.0, 301)
    return {"a = 0.01": (x, leaky_relu(x)), "a = 0.2": (x, leaky_relu(x, 0.2)),
            "derivative, a = 0.2": (x, leaky_relu_derivative(x, 0.2))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 3))
    x[np.abs(x) < 1e-3] = 0.5  # keep finite differences away from the kink at 0
    print("x[0]              :", np.round(x[0], 3))
    print("leaky_relu(x[0])  :", np.round(leaky_relu(x[0], 0.1), 3))

    # Limiting cases: slope 0 is exactly ReLU, slope 1 is the identity.
    assert np.array_equal(leaky_relu(x, 0.0), np.maximum(x, 0.0))
    assert np.array_equal(leaky_relu(x, 1.0), x)

    # For 0 <= a <= 1 the unit is the maximum of two lines, max(x, a x): a two-piece maxout with fixed pieces.
    assert np.allclose(leaky_relu(x, 0.2), np.maximum(x, 0.2 * x))

    # The input derivative agrees with finite differences.
    error_x = relative_error(
        leaky_relu_derivative(x, 0.1), numerical_gradient(lambda v: float(np.sum(leaky_relu(v, 0.1))), x)
    )
    assert error_x < 1e-6

    # PReLU: the gradient of a loss with respect to the per-channel slopes agrees with finite differences.
    slopes = np.array([0.25, 0.1, 0.5])
    grad_output = rng.normal(size=x.shape)

    def loss_of_slopes(a: np.ndarray) -> float:
        return float(np.sum(grad_output * leaky_relu(x, a[None, :])))

    error_a = relative_error(prelu_slope_gradient(x, grad_output), numerical_gradient(loss_of_slopes, slopes))
    print(f"finite differences, relative error: input {error_x:.1e}, PReLU slopes {error_a:.1e}")
    assert error_a < 1e-6

    # Why the leak: a unit whose inputs are all negative passes no gradient under ReLU ("dying"), but does here.
    negative_inputs = -np.abs(rng.normal(size=100))
    assert not leaky_relu_derivative(negative_inputs, 0.0).any()
    assert np.all(leaky_relu_derivative(negative_inputs, 0.01) == 0.01)
    print("leaky-relu: all checks passed")

"""The logistic sigmoid from scratch: sigma(x) = 1 / (1 + exp(-x)), squashing any real number into (0, 1).

Evaluated in two branches so that exp() only ever sees non-positive arguments and never overflows.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Numerically stable logistic sigmoid, elementwise."""
    x = np.asarray(x, dtype=np.float64)
    exp_neg_abs = np.exp(-np.abs(x))  # in (0, 1]: no overflow for any input
    return np.where(x >= 0, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))


def sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    """d sigma / dx = sigma(x) (1 - sigma(x)), elementwise."""
    s = sigmoid(x)
    return s * (1.0 - s)


def sigmoid_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The sigmoid and its slope on [-8, 8]: saturation on both sides, the slope peaking at 1/4."""
    x = np.linspace(-8.0, 8.0, 321)
    return {"sigmoid": (x, sigmoid(x)), "derivative": (x, sigmoid_derivative(x))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(scale=3.0, size=200)
    print("x         :", np.round(x[:4], 3))
    print("sigmoid(x):", np.round(sigmoid(x[:4]), 3))

    # A probability-like output: strictly inside (0, 1) for moderate inputs.
    assert np.all((sigmoid(x) > 0) & (sigmoid(x) < 1))

    # The derivative agrees with central finite differences.
    error = relative_error(sigmoid_derivative(x), numerical_gradient(lambda v: float(np.sum(sigmoid(v))), x))
    print(f"derivative vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    # Point symmetry about (0, 1/2): sigma(-x) = 1 - sigma(x).
    assert np.allclose(sigmoid(-x), 1.0 - sigmoid(x))

    # The inverse is the log-odds (logit): log(s / (1 - s)) recovers x.
    s = sigmoid(x)
    assert np.allclose(np.log(s / (1.0 - s)), x)

    # Closed forms: sigma(0) = 1/2, sigma(ln 3) = 3/4, and the slope peaks at 1/4 at the origin.
    assert sigmoid(np.array(0.0)) == 0.5
    assert np.isclose(sigmoid(np.log(3.0)), 0.75)
    grid = np.linspace(-10, 10, 2001)
    assert np.isclose(sigmoid_derivative(grid).max(), 0.25) and grid[np.argmax(sigmoid_derivative(grid))] == 0.0

    # Saturation: far from the origin the gradient all but vanishes.
    print(f"slope at x = 10: {float(sigmoid_derivative(np.array(10.0))):.1e}")
    assert sigmoid_derivative(np.array(10.0)) < 1e-4

    # Stable at extreme inputs: no floating-point overflow is raised (the naive formula overflows exp(1000)).
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        extremes = sigmoid(np.array([-1000.0, 1000.0]))
    assert extremes[0] == 0.0 and extremes[1] == 1.0
    print("sigmoid: all checks passed")

"""Softplus from scratch: softplus_beta(x) = log(1 + exp(beta * x)) / beta, a smooth, everywhere-differentiable ReLU.

Its derivative is the logistic sigmoid sigma(beta * x); as beta grows the curve tightens onto max(0, x), and the
largest gap, log(2) / beta at x = 0, shrinks to zero.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def softplus(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """log(1 + exp(beta x)) / beta, elementwise, computed as logaddexp(0, beta x) so it never overflows."""
    return np.logaddexp(0.0, beta * np.asarray(x, dtype=np.float64)) / beta


def softplus_derivative(x: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """d softplus_beta / dx = 1 / (1 + exp(-beta x)), elementwise (evaluated without overflow)."""
    return np.exp(-np.logaddexp(0.0, -beta * np.asarray(x, dtype=np.float64)))


def softplus_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Softplus for beta = 1 and 4 on [-4, 4] (tightening onto ReLU), and its derivative, the sigmoid."""
    x = np.linspace(-4.0, 4.0, 321)
    return {"beta = 1": (x, softplus(x)), "beta = 4": (x, softplus(x, 4.0)),
            "derivative, beta = 1": (x, softplus_derivative(x))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(scale=3.0, size=200)
    print("x           :", np.round(x[:4], 3))
    print("softplus(x) :", np.round(softplus(x[:4]), 3))

    # The derivative agrees with finite differences, for the standard and a sharpened curve.
    for beta in (1.0, 4.0):
        numeric = numerical_gradient(lambda v: float(np.sum(softplus(v, beta))), x)
        assert relative_error(softplus_derivative(x, beta), numeric) < 1e-6

    # ... and that derivative is exactly the logistic sigmoid, computed independently here.
    assert np.allclose(softplus_derivative(x), 1.0 / (1.0 + np.exp(-x)))

    # Identities: softplus(x) - softplus(-x) = x, softplus(0) = log 2, and the inverse is log(exp(y) - 1).
    assert np.allclose(softplus(x) - softplus(-x), x)
    assert np.isclose(softplus(np.array(0.0)), np.log(2.0))
    assert np.allclose(np.log(np.expm1(softplus(x))), x)

    # A smooth upper bound of ReLU that converges to it: the worst gap is log(2)/beta, attained at x = 0.
    grid = np.linspace(-5.0, 5.0, 10_001)
    relu = np.maximum(grid, 0.0)
    for beta in (1.0, 10.0, 100.0, 1000.0):
        gap = softplus(grid, beta) - relu
        print(f"beta = {beta:6.0f}: max |softplus - relu| = {gap.max():.2e}  (log 2 / beta = {np.log(2) / beta:.2e})")
        assert np.all(gap > -1e-12)  # never below ReLU (up to rounding)
        assert np.isclose(gap.max(), np.log(2.0) / beta) and grid[np.argmax(gap)] == 0.0

    # Stable for huge inputs, where the naive log(1 + exp(x)) overflows to inf.
    with np.errstate(over="raise", invalid="raise"):
        assert np.array_equal(softplus(np.array([1e4, -1e4])), [1e4, 0.0])
    print("softplus: all checks passed")

"""The hyperbolic tangent from scratch: tanh(x) = (e^x - e^-x) / (e^x + e^-x), squashing reals into (-1, 1).

Written in terms of e^(-2|x|) so nothing overflows, with expm1 keeping full precision near zero.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def tanh(x: np.ndarray) -> np.ndarray:
    """Numerically stable hyperbolic tangent, elementwise."""
    x = np.asarray(x, dtype=np.float64)
    decay = np.exp(-2.0 * np.abs(x))  # in (0, 1]
    return np.sign(x) * -np.expm1(-2.0 * np.abs(x)) / (1.0 + decay)


def tanh_derivative(x: np.ndarray) -> np.ndarray:
    """d tanh / dx = 1 - tanh(x)^2, elementwise."""
    return 1.0 - tanh(x) ** 2


def tanh_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """tanh and its slope on [-4, 4]: zero-centred, saturating, the slope peaking at 1."""
    x = np.linspace(-4.0, 4.0, 321)
    return {"tanh": (x, tanh(x)), "derivative": (x, tanh_derivative(x))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(scale=2.0, size=200)
    print("x      :", np.round(x[:4], 3))
    print("tanh(x):", np.round(tanh(x[:4]), 3))

    # The derivative agrees with central finite differences.
    error = relative_error(tanh_derivative(x), numerical_gradient(lambda v: float(np.sum(tanh(v))), x))
    print(f"derivative vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    # A rescaled logistic sigmoid: tanh(x) = 2 sigma(2x) - 1, with sigma computed independently here.
    logistic_of_2x = 1.0 / (1.0 + np.exp(-2.0 * x))
    assert np.allclose(tanh(x), 2.0 * logistic_of_2x - 1.0)

    # Agrees with the definition through exponentials and with NumPy's own implementation.
    assert np.allclose(tanh(x), (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)))
    assert np.allclose(tanh(x), np.tanh(x), rtol=1e-15, atol=1e-15)

    # Zero-centred and odd, unlike the sigmoid: tanh(-x) = -tanh(x), tanh(0) = 0, slope 1 at the origin.
    assert np.allclose(tanh(-x), -tanh(x))
    assert tanh(np.array(0.0)) == 0.0 and tanh_derivative(np.array(0.0)) == 1.0
    mean_output = float(tanh(rng.normal(scale=2.0, size=100_000)).mean())
    print(f"mean output on N(0, 4) inputs: {mean_output:+.4f}")
    assert abs(mean_output) < 0.01

    # Saturation and limits: outputs approach +-1 and the slope vanishes; extreme inputs stay finite.
    assert tanh(np.array(20.0)) == 1.0 and tanh(np.array(-20.0)) == -1.0
    assert tanh_derivative(np.array(10.0)) < 1e-8
    with np.errstate(over="raise", invalid="raise"):
        assert np.array_equal(tanh(np.array([-1e4, 1e4])), [-1.0, 1.0])
    print("tanh: all checks passed")

"""Forward-mode automatic differentiation with dual numbers.

Run the program on dual numbers x + ε·v (ε² = 0): every operation carries a tangent along with its value,
so one pass returns f(x) and the Jacobian-vector product J v. Seeding v with each basis vector in turn gives
the Jacobian one column per pass, so the cost grows with the number of INPUTS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from _check import numerical_jacobian, relative_error
from _ecosystem_autodiff import Dual, tall_function, wide_function

VectorFunction = Callable[[Sequence], Sequence]


def jvp(f: VectorFunction, x: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One forward pass: (f(x), J(x) v), by evaluating f on the dual numbers x_i + ε·v_i."""
    outputs = f([Dual(xi, vi) for xi, vi in zip(x, v)])
    values = np.array([out.value if isinstance(out, Dual) else float(out) for out in outputs])
    tangents = np.array([out.tangent if isinstance(out, Dual) else 0.0 for out in outputs])
    return values, tangents


def forward_mode_jacobian(f: VectorFunction, x: np.ndarray) -> np.ndarray:
    """The Jacobian of f at x, built column by column: one forward pass per input coordinate."""
    columns = [jvp(f, x, seed)[1] for seed in np.eye(len(x))]
    return np.stack(columns, axis=1)


def product_of_two(z: Sequence) -> list:
    """f(x, y) = x * y, written as a one-output program so it runs on dual numbers as well as floats."""
    return [z[0] * z[1]]


class CountedFunction:
    """Wrap a function and count how many times the program is run."""

    def __init__(self, f: VectorFunction) -> None:
        self.f = f
        self.calls = 0

    def __call__(self, x: Sequence) -> Sequence:
        self.calls += 1
        return self.f(x)


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # Dual-number algebra: (a + ε)^3 = a^3 + 3a^2 ε exactly, because ε^2 = 0.
    cube = Dual(1.5, 1.0) ** 3
    assert cube.value == 1.5**3 and cube.tangent == 3 * 1.5**2

    for f, n_inputs in ((wide_function, 4), (tall_function, 2)):
        x = rng.normal(size=n_inputs)
        counted = CountedFunction(f)
        jacobian = forward_mode_jacobian(counted, x)
        error = relative_error(jacobian, numerical_jacobian(lambda z: np.array(f(z)), x))
        print(f"{f.__name__}: J is {jacobian.shape[0]}x{jacobian.shape[1]}, "
              f"{counted.calls} forward passes, error vs finite differences {error:.1e}")
        assert error < 1e-6
        # One pass per input, however many outputs there are.
        assert counted.calls == n_inputs

    # A single pass gives J v for any direction v without forming J.
    x, v = rng.normal(size=4), rng.normal(size=4)
    values, directional = jvp(wide_function, x, v)
    assert np.allclose(values, wide_function(x))
    assert relative_error(directional, numerical_jacobian(lambda z: np.array(wide_function(z)), x) @ v) < 1e-6
    print("forward-mode-ad: all checks passed")

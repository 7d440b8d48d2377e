"""Reverse-mode automatic differentiation with a tape.

Run the program once on tape variables: each operation records its value and its local partial derivatives.
A single backward sweep over the tape then gives the vector-Jacobian product u^T J for one output seed u,
i.e. the gradient of one output with respect to EVERY input. The Jacobian takes one sweep per OUTPUT, which
is why training (one scalar loss, millions of parameters) uses reverse mode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from _check import numerical_gradient, numerical_jacobian, relative_error
from _ecosystem_autodiff import Tape, Var, exp, log, tall_function, tanh, wide_function

VectorFunction = Callable[[Sequence], Sequence]


def record(f: Callable[[Sequence], object], x: np.ndarray) -> tuple[Tape, list[Var], object]:
    """Run f once on fresh tape variables; return the tape, the input variables and f's output(s)."""
    tape = Tape()
    inputs = [tape.variable(xi) for xi in x]
    return tape, inputs, f(inputs)


def jacobian_from_tape(tape: Tape, inputs: list[Var], outputs: Sequence[Var]) -> np.ndarray:
    """Row i of the Jacobian is the adjoint of the inputs after one reverse sweep seeded at output i."""
    rows = []
    for output in outputs:
        adjoint = tape.adjoints(output)
        rows.append([adjoint[var.index] for var in inputs])
    return np.array(rows)


def reverse_mode_jacobian(f: VectorFunction, x: np.ndarray) -> np.ndarray:
    """The Jacobian of f at x: one recorded forward pass, then one reverse sweep per output."""
    tape, inputs, outputs = record(f, x)
    return jacobian_from_tape(tape, inputs, outputs)


def gradient(f: Callable[[Sequence], Var], x: np.ndarray) -> np.ndarray:
    """The gradient of scalar f at x: one recorded forward pass plus a single reverse sweep."""
    return reverse_mode_jacobian(lambda v: [f(v)], x)[0]


def square_plus_self(v: Sequence) -> Var:
    """f(x) = x * x + x: the one input is used three times, so its adjoint collects three contributions."""
    return v[0] * v[0] + v[0]


def product_plus_second(v: Sequence) -> Var:
    """f(x, y) = x * y + y: the second input reaches the output along two paths."""
    return v[0] * v[1] + v[1]


def logistic_loss(x: Sequence) -> Var:
    """A scalar loss of many inputs: sum_i log(1 + exp(-t_i x_i)) + 0.1 tanh(x_i)^2, with t_i = +1, -1, ..."""
    total = 0.0
    for i, xi in enumerate(x):
        sign = 1.0 if i % 2 == 0 else -1.0
        total = total + log(1.0 + exp(-sign * xi)) + 0.1 * tanh(xi) ** 2
    return total


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # The Jacobian: one recording, then one reverse sweep per OUTPUT, however many inputs there are.
    for f, n_inputs in ((wide_function, 4), (tall_function, 2)):
        x = rng.normal(size=n_inputs)
        tape, inputs, outputs = record(f, x)
        jacobian = jacobian_from_tape(tape, inputs, outputs)
        error = relative_error(jacobian, numerical_jacobian(lambda z: np.array(f(z)), x))
        print(f"{f.__name__}: J is {jacobian.shape[0]}x{jacobian.shape[1]}, tape of {len(tape.values)} nodes, "
              f"{tape.sweeps} reverse sweeps, error vs finite differences {error:.1e}")
        assert error < 1e-6
        assert tape.sweeps == len(outputs)

    # The gradient of a scalar loss of 50 inputs comes from a single sweep.
    x = rng.normal(size=50)
    tape, inputs, loss = record(logistic_loss, x)
    grad = jacobian_from_tape(tape, inputs, [loss])[0]
    error = relative_error(grad, numerical_gradient(logistic_loss, x))
    print(f"logistic_loss: gradient w.r.t. 50 inputs from {tape.sweeps} sweep, error vs FD {error:.1e}")
    assert tape.sweeps == 1 and error < 1e-6
    assert np.isclose(loss.value, logistic_loss(x))

    # A variable used twice accumulates both contributions: d(x*x + x)/dx = 2x + 1 = 7 at x = 3.
    assert gradient(square_plus_self, np.array([3.0]))[0] == 7.0
    print("reverse-mode-ad: all checks passed")

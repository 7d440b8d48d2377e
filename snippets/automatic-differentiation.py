"""Automatic differentiation: exact derivatives of a program by applying the chain rule to every operation.

The program below computes sqrt(a) with a branch and a Newton loop; it is never written as a formula.
Running it on dual numbers (forward mode) or on a tape (reverse mode) still gives its derivative to
machine precision, which finite differences cannot reach at any step size: they trade truncation error
(large steps) against floating-point cancellation (small steps).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from _ecosystem_autodiff import Dual, Scalar, Tape, exp


def derivative(program: Callable[[Scalar], Scalar], x: float) -> float:
    """d program / dx at x, by forward-mode AD: run the program once on the dual number x + ε."""
    return program(Dual(x, 1.0)).tangent


def reverse_derivative(program: Callable[[Scalar], Scalar], x: float) -> float:
    """The same derivative by reverse-mode AD: record the program on a tape, then sweep it backwards."""
    tape = Tape()
    x_var = tape.variable(x)
    return tape.adjoints(program(x_var))[x_var.index]


def newton_sqrt(a: Scalar, iterations: int = 30) -> Scalar:
    """sqrt(a) by Newton's iteration x <- (x + a/x) / 2, with a branch for the starting point."""
    x = a if a > 1.0 else 1.0
    for _ in range(iterations):
        x = 0.5 * (x + a / x)
    return x


def exp_ratio(x: Scalar) -> Scalar:
    """e^x / (1 + x): a one-line program whose derivative x e^x / (1 + x)^2 is known in closed form."""
    return exp(x) / (1.0 + x)


def central_difference(program: Callable[[float], float], x: float, step: float) -> float:
    """(f(x + h) - f(x - h)) / 2h: the numerical derivative AD is compared with."""
    return (program(x + step) - program(x - step)) / (2.0 * step)


if __name__ == "__main__":
    a = 2.0
    exact = 1.0 / (2.0 * math.sqrt(a))
    forward, reverse = derivative(newton_sqrt, a), reverse_derivative(newton_sqrt, a)
    ad_error = max(abs(forward - exact), abs(reverse - exact)) / exact
    fd_errors = {h: abs(central_difference(newton_sqrt, a, h) - exact) / exact for h in 10.0 ** -np.arange(1, 13)}
    best_step = min(fd_errors, key=fd_errors.get)
    print(f"d sqrt(a)/da at a = 2 through the Newton loop: forward {forward:.17f}, reverse {reverse:.17f}")
    print(f"exact 1/(2 sqrt 2) = {exact:.17f}; AD relative error {ad_error:.1e}")
    print(f"best finite difference: step {best_step:.0e}, relative error {fd_errors[best_step]:.1e}")

    # AD is exact to machine precision; no finite-difference step comes close.
    assert ad_error < 4e-16
    assert min(fd_errors.values()) > 1e-12

    # Both modes agree with a closed form on a second program: d/dx e^x / (1 + x) = x e^x / (1 + x)^2.
    for x in (-0.5, 1.0, 3.0):
        closed_form = x * math.exp(x) / (1.0 + x) ** 2
        assert math.isclose(derivative(exp_ratio, x), closed_form, rel_tol=1e-14, abs_tol=1e-15)
        assert math.isclose(reverse_derivative(exp_ratio, x), closed_form, rel_tol=1e-14, abs_tol=1e-15)
    print("automatic-differentiation: all checks passed")

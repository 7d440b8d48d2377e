"""Theano's core idea: the program is a symbolic expression graph, and its gradient is another expression graph.

Operators on `Symbol`s build a tree instead of computing numbers. `derivative` applies the differentiation
rules to the tree, giving a new tree (so it can be differentiated again); `simplify` rewrites it the way a
graph optimiser does (constant folding, x*1 -> x, x + x -> 2*x, log(exp(x)) -> x) before it is evaluated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from _check import numerical_gradient


class Expr:
    """A node of a symbolic expression; Python operators build bigger expressions."""

    def __add__(self, other: Expr | float) -> Expr:
        return Add(self, _expr(other))

    def __radd__(self, other: float) -> Expr:
        return Add(_expr(other), self)

    def __sub__(self, other: Expr | float) -> Expr:
        return Add(self, Mul(Const(-1.0), _expr(other)))

    def __mul__(self, other: Expr | float) -> Expr:
        return Mul(self, _expr(other))

    def __rmul__(self, other: float) -> Expr:
        return Mul(_expr(other), self)

    def __truediv__(self, other: Expr | float) -> Expr:
        return Mul(self, Pow(_expr(other), -1.0))

    def __pow__(self, exponent: float) -> Expr:
        return Pow(self, float(exponent))


@dataclass(frozen=True)
class Const(Expr):
    """A number."""

    value: float

    def __str__(self) -> str:
        return f"{self.value:g}"


@dataclass(frozen=True)
class Symbol(Expr):
    """A named variable, bound to a number only at evaluation."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Add(Expr):
    """left + right."""

    left: Expr
    right: Expr

    def __str__(self) -> str:
        return f"({self.left} + {self.right})"


@dataclass(frozen=True)
class Mul(Expr):
    """left * right."""

    left: Expr
    right: Expr

    def __str__(self) -> str:
        return f"{self.left}*{self.right}"


@dataclass(frozen=True)
class Pow(Expr):
    """base ** exponent, for a constant exponent."""

    base: Expr
    exponent: float

    def __str__(self) -> str:
        base = f"({self.base})" if isinstance(self.base, (Mul, Pow)) else f"{self.base}"
        return f"{base}^{self.exponent:g}"


@dataclass(frozen=True)
class Apply(Expr):
    """An elementary function applied to an expression."""

    function: str  # one of FUNCTIONS
    argument: Expr

    def __str__(self) -> str:
        argument = f"{self.argument}" if isinstance(self.argument, Add) else f"({self.argument})"
        return f"{self.function}{argument}"


FUNCTIONS = {"exp": math.exp, "log": math.log, "sin": math.sin, "cos": math.cos}


def _expr(x: Expr | float) -> Expr:
    return x if isinstance(x, Expr) else Const(float(x))


def exp(x: Expr) -> Expr:
    """The symbolic exp(x)."""
    return Apply("exp", x)


def log(x: Expr) -> Expr:
    """The symbolic log(x)."""
    return Apply("log", x)


def sin(x: Expr) -> Expr:
    """The symbolic sin(x)."""
    return Apply("sin", x)


def cos(x: Expr) -> Expr:
    """The symbolic cos(x)."""
    return Apply("cos", x)


def evaluate(expr: Expr, env: dict[str, float]) -> float:
    """The numeric value of `expr` with symbols bound by `env`."""
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Symbol):
        return env[expr.name]
    if isinstance(expr, Add):
        return evaluate(expr.left, env) + evaluate(expr.right, env)
    if isinstance(expr, Mul):
        return evaluate(expr.left, env) * evaluate(expr.right, env)
    if isinstance(expr, Pow):
        return evaluate(expr.base, env) ** expr.exponent
    return FUNCTIONS[expr.function](evaluate(expr.argument, env))


def derivative(expr: Expr, wrt: Symbol) -> Expr:
    """d expr / d wrt as a new, unsimplified expression, by the rules of differentiation."""
    if isinstance(expr, Const):
        return Const(0.0)
    if isinstance(expr, Symbol):
        return Const(1.0 if expr == wrt else 0.0)
    if isinstance(expr, Add):
        return Add(derivative(expr.left, wrt), derivative(expr.right, wrt))
    if isinstance(expr, Mul):  # product rule
        return Add(Mul(derivative(expr.left, wrt), expr.right), Mul(expr.left, derivative(expr.right, wrt)))
    if isinstance(expr, Pow):  # power rule and chain rule
        return Mul(Mul(Const(expr.exponent), Pow(expr.base, expr.exponent - 1.0)), derivative(expr.base, wrt))
    inner = derivative(expr.argument, wrt)
    outer = {
        "exp": expr,
        "log": Pow(expr.argument, -1.0),
        "sin": cos(expr.argument),
        "cos": Mul(Const(-1.0), sin(expr.argument)),
    }[expr.function]
    return Mul(outer, inner)


def _power_form(expr: Expr) -> tuple[Expr, float]:
    """(base, exponent) with expr = base^exponent."""
    return (expr.base, expr.exponent) if isinstance(expr, Pow) else (expr, 1.0)


def _rewrite(expr: Expr) -> Expr:
    """One bottom-up pass of algebraic rewrites."""
    if isinstance(expr, Add):
        left, right = _rewrite(expr.left), _rewrite(expr.right)
        if isinstance(left, Const) and isinstance(right, Const):
            return Const(left.value + right.value)
        if left == Const(0.0):
            return right
        if right == Const(0.0):
            return left
        if left == right:
            return Mul(Const(2.0), left)
        return Add(left, right)
    if isinstance(expr, Mul):
        left, right = _rewrite(expr.left), _rewrite(expr.right)
        if isinstance(right, Const) and not isinstance(left, Const):
            left, right = right, left  # constants go first
        if isinstance(left, Const):
            if isinstance(right, Const):
                return Const(left.value * right.value)
            if left.value == 0.0:
                return Const(0.0)
            if left.value == 1.0:
                return right
            if isinstance(right, Mul) and isinstance(right.left, Const):
                return Mul(Const(left.value * right.left.value), right.right)
        (left_base, m), (right_base, n) = _power_form(left), _power_form(right)
        if left_base == right_base:
            return Pow(left_base, m + n)  # a^m * a^n = a^(m+n), so x*x -> x^2 and a^-1 * a -> 1
        return Mul(left, right)
    if isinstance(expr, Pow):
        base = _rewrite(expr.base)
        if expr.exponent == 0.0:
            return Const(1.0)
        if expr.exponent == 1.0:
            return base
        if isinstance(base, Const):
            return Const(base.value**expr.exponent)
        if isinstance(base, Pow) and float(expr.exponent).is_integer():
            return Pow(base.base, base.exponent * expr.exponent)  # (a^m)^k = a^(mk) for integer k
        return Pow(base, expr.exponent)
    if isinstance(expr, Apply):
        argument = _rewrite(expr.argument)
        if isinstance(argument, Const):
            return Const(FUNCTIONS[expr.function](argument.value))
        if expr.function == "log" and isinstance(argument, Apply) and argument.function == "exp":
            return argument.argument
        return Apply(expr.function, argument)
    return expr


def simplify(expr: Expr) -> Expr:
    """Rewrite until nothing changes."""
    while (rewritten := _rewrite(expr)) != expr:
        expr = rewritten
    return expr


def grad(expr: Expr, wrt: Symbol) -> Expr:
    """The symbolic derivative, simplified: what a symbolic framework compiles and runs."""
    return simplify(derivative(expr, wrt))


def count_nodes(expr: Expr) -> int:
    """The size of an expression tree."""
    if isinstance(expr, (Add, Mul)):
        return 1 + count_nodes(expr.left) + count_nodes(expr.right)
    if isinstance(expr, Pow):
        return 1 + count_nodes(expr.base)
    if isinstance(expr, Apply):
        return 1 + count_nodes(expr.argument)
    return 1


if __name__ == "__main__":
    x, y = Symbol("x"), Symbol("y")
    f = x**3 * sin(y) + exp(x * y) + log(x * x + 1.0)
    df_dx, df_dy = grad(f, x), grad(f, y)
    print(f"f      = {f}")
    print(f"df/dx  = {df_dx}")
    print(f"nodes in df/dx: {count_nodes(derivative(f, x))} as differentiated, {count_nodes(df_dx)} simplified")

    rng = np.random.default_rng(0)
    for point in rng.normal(size=(5, 2)):
        env = {"x": point[0], "y": point[1]}
        numeric = numerical_gradient(lambda p: evaluate(f, {"x": p[0], "y": p[1]}), point)
        assert np.allclose([evaluate(df_dx, env), evaluate(df_dy, env)], numeric, rtol=1e-6, atol=1e-9)
        # The derivative is itself a graph, so it can be differentiated again.
        second = numerical_gradient(lambda p: evaluate(df_dx, {"x": p[0], "y": point[1]}), point[:1])[0]
        assert np.isclose(evaluate(grad(df_dx, x), env), second, rtol=1e-6, atol=1e-9)
        # Simplification changes the graph, never its value.
        assert np.isclose(evaluate(derivative(f, x), env), evaluate(df_dx, env), rtol=1e-12)

    assert count_nodes(df_dx) < count_nodes(derivative(f, x))
    # Known rewrites: d(x*x)/dx = 1*x + x*1 becomes 2*x; log(exp(x)) becomes x, and its raw gradient
    # exp(x)^-1 * exp(x) * 1 becomes exactly 1.
    assert grad(x * x, x) == Mul(Const(2.0), x)
    assert simplify(log(exp(x))) == x and grad(log(exp(x)), x) == Const(1.0)
    print("theano: all checks passed")

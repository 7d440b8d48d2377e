"""Two minimal automatic-differentiation engines shared by the autodiff snippets.

* `Dual` — forward mode. A dual number a + b·ε with ε² = 0 carries a value and a tangent; arithmetic on
  it applies the chain rule as the program runs, so f(x + ε·v) = f(x) + ε·(J v).
* `Tape` and `Var` — reverse mode. Every operation on a `Var` appends a node (its value and the local
  partial derivatives towards its inputs) to a tape; `Tape.adjoints` sweeps the tape backwards once and
  returns d(output)/d(node) for every node.

The elementary functions `sin`, `cos`, `exp`, `log`, `tanh` and `sqrt` accept floats, `Dual`s and `Var`s,
so one program can be run plainly, in forward mode, or in reverse mode. `wide_function` and `tall_function`
are two such programs, with more inputs than outputs and the other way round.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence, Union

Number = Union[float, int]


class Dual:
    """A forward-mode dual number: `value` + `tangent`·ε with ε² = 0."""

    __slots__ = ("value", "tangent")

    def __init__(self, value: float, tangent: float = 0.0) -> None:
        self.value = float(value)
        self.tangent = float(tangent)

    def __add__(self, other: Dual | Number) -> Dual:
        other = _as_dual(other)
        return Dual(self.value + other.value, self.tangent + other.tangent)

    __radd__ = __add__

    def __sub__(self, other: Dual | Number) -> Dual:
        other = _as_dual(other)
        return Dual(self.value - other.value, self.tangent - other.tangent)

    def __rsub__(self, other: Number) -> Dual:
        return _as_dual(other) - self

    def __mul__(self, other: Dual | Number) -> Dual:
        other = _as_dual(other)
        return Dual(self.value * other.value, self.tangent * other.value + self.value * other.tangent)

    __rmul__ = __mul__

    def __truediv__(self, other: Dual | Number) -> Dual:
        other = _as_dual(other)
        quotient = self.value / other.value
        return Dual(quotient, (self.tangent - quotient * other.tangent) / other.value)

    def __rtruediv__(self, other: Number) -> Dual:
        return _as_dual(other) / self

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.tangent)

    def __pow__(self, exponent: Number) -> Dual:
        return Dual(self.value**exponent, exponent * self.value ** (exponent - 1) * self.tangent)

    # Comparisons look at the value only, so programs with branches run unchanged.
    def __lt__(self, other: Dual | Number) -> bool:
        return self.value < _as_dual(other).value

    def __gt__(self, other: Dual | Number) -> bool:
        return self.value > _as_dual(other).value

    def __repr__(self) -> str:
        return f"Dual({self.value!r}, {self.tangent!r})"


def _as_dual(x: Dual | Number) -> Dual:
    return x if isinstance(x, Dual) else Dual(x, 0.0)


class Tape:
    """A Wengert list: node i stores its value and (parent index, ∂node_i/∂parent) pairs."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.parents: list[tuple[tuple[int, float], ...]] = []
        self.sweeps = 0

    def variable(self, value: float) -> Var:
        """A new input (leaf) node."""
        return self.record(value, ())

    def record(self, value: float, parents: tuple[tuple[int, float], ...]) -> Var:
        """Append a node computed from `parents` (index, local partial) and return it."""
        self.values.append(float(value))
        self.parents.append(parents)
        return Var(self, len(self.values) - 1)

    def adjoints(self, output: Var) -> list[float]:
        """One reverse sweep: d(output)/d(node) for every node of the tape (zero after `output`)."""
        self.sweeps += 1
        adjoint = [0.0] * len(self.values)
        adjoint[output.index] = 1.0
        for node in range(output.index, -1, -1):
            if adjoint[node] == 0.0:
                continue
            for parent, partial in self.parents[node]:
                adjoint[parent] += adjoint[node] * partial
        return adjoint


class Var:
    """A reverse-mode scalar: a handle to one node of a `Tape`."""

    __slots__ = ("tape", "index")

    def __init__(self, tape: Tape, index: int) -> None:
        self.tape = tape
        self.index = index

    @property
    def value(self) -> float:
        return self.tape.values[self.index]

    def _binary(self, other: Var | Number, value: float, d_self: float, d_other: float) -> Var:
        if isinstance(other, Var):
            return self.tape.record(value, ((self.index, d_self), (other.index, d_other)))
        return self.tape.record(value, ((self.index, d_self),))

    def __add__(self, other: Var | Number) -> Var:
        return self._binary(other, self.value + _value(other), 1.0, 1.0)

    __radd__ = __add__

    def __sub__(self, other: Var | Number) -> Var:
        return self._binary(other, self.value - _value(other), 1.0, -1.0)

    def __rsub__(self, other: Number) -> Var:
        return self.tape.record(other - self.value, ((self.index, -1.0),))

    def __mul__(self, other: Var | Number) -> Var:
        b = _value(other)
        return self._binary(other, self.value * b, b, self.value)

    __rmul__ = __mul__

    def __truediv__(self, other: Var | Number) -> Var:
        b = _value(other)
        return self._binary(other, self.value / b, 1.0 / b, -self.value / b**2)

    def __rtruediv__(self, other: Number) -> Var:
        return self.tape.record(other / self.value, ((self.index, -other / self.value**2),))

    def __neg__(self) -> Var:
        return self.tape.record(-self.value, ((self.index, -1.0),))

    def __pow__(self, exponent: Number) -> Var:
        a = self.value
        return self.tape.record(a**exponent, ((self.index, exponent * a ** (exponent - 1)),))

    def __lt__(self, other: Var | Number) -> bool:
        return self.value < _value(other)

    def __gt__(self, other: Var | Number) -> bool:
        return self.value > _value(other)

    def __repr__(self) -> str:
        return f"Var(index={self.index}, value={self.value!r})"


def _value(x: Var | Number) -> float:
    return x.value if isinstance(x, Var) else float(x)


Scalar = Union[float, Dual, Var]


def _elementary(f: Callable[[float], float], df: Callable[[float], float]) -> Callable[[Scalar], Scalar]:
    """Lift a scalar function with known derivative `df` to floats, `Dual`s and `Var`s."""

    def lifted(x: Scalar) -> Scalar:
        if isinstance(x, Dual):
            return Dual(f(x.value), df(x.value) * x.tangent)
        if isinstance(x, Var):
            return x.tape.record(f(x.value), ((x.index, df(x.value)),))
        return f(x)

    lifted.__name__ = f.__name__
    return lifted


sin = _elementary(math.sin, math.cos)
cos = _elementary(math.cos, lambda a: -math.sin(a))
exp = _elementary(math.exp, math.exp)
log = _elementary(math.log, lambda a: 1.0 / a)
tanh = _elementary(math.tanh, lambda a: 1.0 - math.tanh(a) ** 2)
sqrt = _elementary(math.sqrt, lambda a: 0.5 / math.sqrt(a))


def wide_function(x: Sequence[Scalar]) -> list[Scalar]:
    """R^4 -> R^2: more inputs than outputs."""
    return [x[0] * x[1] + sin(x[2]) * x[3], exp(x[0] - x[3]) / (1.0 + x[1] ** 2)]


def tall_function(x: Sequence[Scalar]) -> list[Scalar]:
    """R^2 -> R^4: more outputs than inputs."""
    return [x[0] * x[1], tanh(x[0]), log(1.0 + x[1] ** 2), x[0] / (2.0 + sin(x[1]))]

"""A computational graph: a program as a DAG of elementary operations, run forwards and differentiated backwards.

Each node knows its operation and parents, so the value of every node follows from a forward pass in
topological order, and every edge carries a local partial derivative. The derivative of the output with
respect to an input is the sum over all paths between them of the product of the edge partials (Bauer's
formula); the backward pass computes that sum in one sweep over the edges instead of enumerating paths,
whose number can grow exponentially with depth.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from _check import numerical_gradient

# op name -> (value from parent values, local partials d node / d parent_k)
OPERATIONS: dict[str, tuple[Callable[..., float], Callable[..., tuple[float, ...]]]] = {
    "add": (lambda a, b: a + b, lambda a, b: (1.0, 1.0)),
    "mul": (lambda a, b: a * b, lambda a, b: (b, a)),
    "sin": (math.sin, lambda a: (math.cos(a),)),
    "exp": (math.exp, lambda a: (math.exp(a),)),
}


class Node:
    """A vertex of the graph: an input (op 'input'), a constant (op 'const') or an operation on parents."""

    def __init__(self, op: str, parents: tuple[Node, ...] = (), name: str = "", value: float = 0.0) -> None:
        self.op, self.parents, self.name, self.value = op, parents, name, value

    def __add__(self, other: Node | float) -> Node:
        return Node("add", (self, _node(other)))

    __radd__ = __add__

    def __mul__(self, other: Node | float) -> Node:
        return Node("mul", (self, _node(other)))

    __rmul__ = __mul__


def _node(x: Node | float) -> Node:
    return x if isinstance(x, Node) else Node("const", value=float(x))


def variable(name: str) -> Node:
    """A named input node."""
    return Node("input", name=name)


def sin(x: Node) -> Node:
    """A node computing sin of its parent."""
    return Node("sin", (x,))


def exp(x: Node) -> Node:
    """A node computing exp of its parent."""
    return Node("exp", (x,))


def topological_order(output: Node) -> list[Node]:
    """Every node reachable from `output`, each listed after all of its parents."""
    order: list[Node] = []
    seen: set[int] = set()

    def visit(node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        for parent in node.parents:
            visit(parent)
        order.append(node)

    visit(output)
    return order


def forward(output: Node, inputs: dict[str, float]) -> dict[Node, float]:
    """The value of every node, computed in topological order."""
    values: dict[Node, float] = {}
    for node in topological_order(output):
        if node.op == "input":
            values[node] = inputs[node.name]
        elif node.op == "const":
            values[node] = node.value
        else:
            values[node] = OPERATIONS[node.op][0](*(values[p] for p in node.parents))
    return values


def gradients(output: Node, inputs: dict[str, float]) -> dict[str, float]:
    """d output / d input for every named input: a forward pass, then one backward sweep over the edges."""
    values = forward(output, inputs)
    adjoint = {node: 0.0 for node in values}
    adjoint[output] = 1.0
    for node in reversed(topological_order(output)):
        if node.parents:
            partials = OPERATIONS[node.op][1](*(values[p] for p in node.parents))
            for parent, partial in zip(node.parents, partials):
                adjoint[parent] += adjoint[node] * partial  # a node used twice collects from both uses
    return {node.name: adjoint[node] for node in values if node.op == "input"}


def path_sum_derivative(output: Node, name: str, inputs: dict[str, float]) -> tuple[float, int]:
    """Bauer's formula by brute force: sum over every path input -> output of the product of edge partials.

    Returns (derivative, number of paths).
    """
    values = forward(output, inputs)

    def paths_from(node: Node) -> tuple[float, int]:
        if node.op == "input":
            return (1.0, 1) if node.name == name else (0.0, 0)
        if not node.parents:
            return 0.0, 0
        partials = OPERATIONS[node.op][1](*(values[p] for p in node.parents))
        total, count = 0.0, 0
        for parent, partial in zip(node.parents, partials):
            below, n_paths = paths_from(parent)
            total, count = total + partial * below, count + n_paths
        return total, count

    return paths_from(output)


def example_graph() -> Node:
    """f(x, y) = (x * y) * (x + y): x and y each feed two nodes."""
    x, y = variable("x"), variable("y")
    return (x * y) * (x + y)


def demo_graph() -> Node:
    """f(x, y) = (sin(x) + u) * exp(u) with the shared node u = x * y."""
    x, y = variable("x"), variable("y")
    u = x * y
    return (sin(x) + u) * exp(u)


if __name__ == "__main__":
    point = {"x": 0.7, "y": -1.3}
    f = demo_graph()
    value = forward(f, point)[f]
    x, y = point["x"], point["y"]
    assert math.isclose(value, (math.sin(x) + x * y) * math.exp(x * y), rel_tol=1e-15)

    grads = gradients(f, point)
    numeric = numerical_gradient(lambda p: forward(f, {"x": p[0], "y": p[1]})[f], [x, y])
    print(f"f(0.7, -1.3) = {value:.6f}; backward pass df/dx = {grads['x']:.6f}, df/dy = {grads['y']:.6f}; "
          f"finite differences {numeric.round(6).tolist()}")
    for name, fd in zip("xy", numeric):
        assert math.isclose(grads[name], fd, rel_tol=1e-6)
        assert math.isclose(grads[name], path_sum_derivative(f, name, point)[0], rel_tol=1e-12)

    # Paths multiply with depth, edges do not: t -> t * t repeated 10 times gives x^1024 and 2^10 paths,
    # yet the backward sweep touches 20 edges. d/dx x^1024 = 1024 x^1023.
    t = variable("x")
    for _ in range(10):
        t = t * t
    derivative, n_paths = path_sum_derivative(t, "x", {"x": 1.001})
    n_edges = sum(len(node.parents) for node in topological_order(t))
    exact = 1024 * 1.001**1023
    backward = gradients(t, {"x": 1.001})["x"]
    print(f"x^1024 by 10 squarings: {n_paths} paths but {n_edges} edges; d/dx at 1.001 = {backward:.6f}")
    assert n_paths == 1024 and n_edges == 20
    assert math.isclose(backward, exact, rel_tol=1e-12)
    assert math.isclose(derivative, exact, rel_tol=1e-12)
    print("computational-graph: all checks passed")

"""The Jacobian matrix: every partial derivative of a vector function, and the chain rule as a matrix product.

For f: R^n -> R^m, J[i, j] = d f_i / d x_j is the best linear approximation f(x + d) ~ f(x) + J d. Composing
functions multiplies their Jacobians, which is all backpropagation does; |det J| of a square map is the
factor by which it scales small areas (volumes).
"""

from __future__ import annotations

from functools import partial

import numpy as np
from _check import numerical_jacobian, relative_error

Layer = tuple[np.ndarray, np.ndarray]  # (weight of shape (out, in), bias of shape (out,))


def tanh_layer(x: np.ndarray, layer: Layer) -> np.ndarray:
    """y = tanh(W x + b)."""
    weight, bias = layer
    return np.tanh(weight @ x + bias)


def tanh_layer_jacobian(x: np.ndarray, layer: Layer) -> np.ndarray:
    """dy/dx = diag(1 - y^2) W: row i of W scaled by the slope of unit i."""
    weight, _ = layer
    return (1.0 - tanh_layer(x, layer) ** 2)[:, None] * weight


def network(x: np.ndarray, layers: list[Layer]) -> np.ndarray:
    """A stack of tanh layers applied in order."""
    for layer in layers:
        x = tanh_layer(x, layer)
    return x


def network_jacobian(x: np.ndarray, layers: list[Layer]) -> np.ndarray:
    """The chain rule: J = J_L ... J_2 J_1, each layer's Jacobian taken at that layer's own input."""
    jacobian = np.eye(len(x))
    for layer in layers:
        jacobian = tanh_layer_jacobian(x, layer) @ jacobian
        x = tanh_layer(x, layer)
    return jacobian


def polar_to_cartesian(p: np.ndarray) -> np.ndarray:
    """(r, theta) -> (r cos theta, r sin theta)."""
    r, theta = p
    return np.array([r * np.cos(theta), r * np.sin(theta)])


def polar_jacobian(r: float, theta: float) -> np.ndarray:
    """The Jacobian of the polar map; its determinant is r."""
    return np.array([[np.cos(theta), -r * np.sin(theta)], [np.sin(theta), r * np.cos(theta)]])


def polygon_area(corners: np.ndarray) -> float:
    """Shoelace formula for a simple polygon given as rows of (x, y)."""
    x, y = corners[:, 0], corners[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    sizes = [4, 6, 3]
    layers = [(rng.normal(size=(m, n)), rng.normal(size=m)) for n, m in zip(sizes[:-1], sizes[1:])]
    x = rng.normal(size=sizes[0])

    jacobian = network_jacobian(x, layers)
    error = relative_error(jacobian, numerical_jacobian(lambda z: network(z, layers), x))
    print(f"network R^4 -> R^3: J has shape {jacobian.shape}; error vs finite differences {error:.1e}")
    assert jacobian.shape == (3, 4) and error < 1e-6

    # The chain rule, checked with finite differences alone: J_(g o f)(x) = J_g(f(x)) J_f(x).
    first, second = partial(tanh_layer, layer=layers[0]), partial(tanh_layer, layer=layers[1])
    product = numerical_jacobian(second, first(x)) @ numerical_jacobian(first, x)
    composite = numerical_jacobian(lambda z: second(first(z)), x)
    assert relative_error(product, composite) < 1e-6

    # J is the best linear approximation: the remainder f(x + d) - f(x) - J d shrinks like |d|^2.
    direction = rng.normal(size=4)
    remainders = [np.linalg.norm(network(x + t * direction, layers) - network(x, layers) - t * jacobian @ direction)
                  for t in (1e-2, 5e-3)]
    print(f"halving the step divides the linearisation error by {remainders[0] / remainders[1]:.2f}")
    assert 3.5 < remainders[0] / remainders[1] < 4.5

    # |det J| is the local area scale: a tiny square at (r, theta) maps to a patch of area r * side^2.
    r, theta, side = 2.0, 0.3, 1e-4
    square = np.array([[r, theta], [r + side, theta], [r + side, theta + side], [r, theta + side]])
    mapped_area = polygon_area(np.array([polar_to_cartesian(corner) for corner in square]))
    assert relative_error(polar_jacobian(r, theta), numerical_jacobian(polar_to_cartesian, np.array([r, theta]))) < 1e-6
    assert np.isclose(mapped_area / side**2, np.linalg.det(polar_jacobian(r, theta)), rtol=1e-3)
    print(f"polar map at r = 2: det J = {np.linalg.det(polar_jacobian(r, theta)):.6f}, "
          f"area ratio of a mapped square {mapped_area / side**2:.6f}")
    print("jacobian: all checks passed")

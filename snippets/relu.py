"""ReLU from scratch: relu(x) = max(0, x), the default hidden-layer activation of modern networks.

Its derivative is 1 for positive inputs and 0 for negative ones, so gradients pass through active units
undiminished (unlike saturating sigmoids) and about half of the units of a zero-mean layer output exact zeros.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def relu(x: np.ndarray) -> np.ndarray:
    """Rectified linear unit, elementwise: max(0, x)."""
    return np.maximum(x, 0.0)


def relu_derivative(x: np.ndarray) -> np.ndarray:
    """d relu / dx elementwise: 1 where x > 0, else 0 (the subgradient 0 is used at x = 0)."""
    return (x > 0).astype(np.float64)


def relu_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """ReLU and its derivative on [-3, 3]: a kink at 0, a slope of exactly 0 or 1."""
    x = np.linspace(-3.0, 3.0, 301)
    return {"relu": (x, relu(x)), "derivative": (x, relu_derivative(x))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=1000)
    x = x[np.abs(x) > 1e-3]  # finite differences straddling the kink at 0 are meaningless
    print("x      :", np.round(x[:5], 3))
    print("relu(x):", np.round(relu(x[:5]), 3))

    # The derivative agrees with central finite differences away from the kink.
    error = relative_error(relu_derivative(x), numerical_gradient(lambda v: float(np.sum(relu(v))), x))
    print(f"derivative vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    # Identities of the rectifier: x = relu(x) - relu(-x) and |x| = relu(x) + relu(-x).
    assert np.allclose(relu(x) - relu(-x), x)
    assert np.allclose(relu(x) + relu(-x), np.abs(x))

    # Positive homogeneity: scaling the input by c > 0 scales the output by c (no saturation at any scale).
    assert np.allclose(relu(7.5 * x), 7.5 * relu(x))

    # Sparsity: on zero-mean symmetric inputs about half of the outputs are exactly zero.
    sparsity = float(np.mean(relu(rng.normal(size=100_000)) == 0.0))
    print(f"fraction of exact zeros on N(0, 1) inputs: {sparsity:.3f}")
    assert abs(sparsity - 0.5) < 0.01

    # No vanishing along an active path: each layer contributes a derivative of exactly 1, whereas the
    # logistic sigmoid's derivative never exceeds 1/4 and shrinks the product geometrically.
    active_preactivations = rng.uniform(0.1, 2.0, size=20)
    relu_chain = float(np.prod(relu_derivative(active_preactivations)))
    logistic = 1.0 / (1.0 + np.exp(-active_preactivations))
    sigmoid_chain = float(np.prod(logistic * (1.0 - logistic)))
    print(f"gradient through 20 active layers: relu {relu_chain:.1f}, sigmoid {sigmoid_chain:.1e}")
    assert relu_chain == 1.0
    print("relu: all checks passed")

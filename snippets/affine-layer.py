"""An affine (fully connected) layer from scratch: y = x W^T + b, every input wired to every output.

The weight is stored as (out_features, in_features), the layout PyTorch's `linear` uses. The backward pass gives
the gradients of a loss with respect to the input, the weights and the bias from the gradient at the output.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def affine(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Affine map of a batch: x (batch, in), weight (out, in), bias (out,) -> (batch, out)."""
    return x @ weight.T + bias


def affine_backward(
    x: np.ndarray, weight: np.ndarray, grad_output: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dL/dx, dL/dW, dL/db) given dL/dy = grad_output of shape (batch, out)."""
    return grad_output @ weight, grad_output.T @ x, grad_output.sum(axis=0)


def parameter_count(in_features: int, out_features: int) -> int:
    """Number of learned numbers in the layer: one weight per input-output pair plus one bias per output."""
    return out_features * (in_features + 1)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 4))
    weight, bias = rng.normal(size=(3, 4)), rng.normal(size=3)
    y = affine(x, weight, bias)
    print("input batch (5, 4) -> output batch", y.shape, f"with {parameter_count(4, 3)} parameters")

    # Affine, not linear: it maps 0 to b and preserves affine combinations (weights summing to one) ...
    assert np.allclose(affine(np.zeros((1, 4)), weight, bias)[0], bias)
    mix = rng.dirichlet(np.ones(5))  # non-negative, sums to one
    assert np.allclose(affine((mix @ x)[None, :], weight, bias)[0], mix @ y)
    # ... but not scaling, unless the bias is zero.
    assert not np.allclose(affine(2 * x, weight, bias), 2 * y)

    # Two stacked affine layers with nothing in between collapse into a single affine layer.
    weight2, bias2 = rng.normal(size=(2, 3)), rng.normal(size=2)
    stacked = affine(affine(x, weight, bias), weight2, bias2)
    assert np.allclose(stacked, affine(x, weight2 @ weight, weight2 @ bias + bias2))

    # Backpropagation agrees with finite differences for the input, the weights and the bias.
    grad_output = rng.normal(size=y.shape)

    def weighted_output(x_: np.ndarray, weight_: np.ndarray, bias_: np.ndarray) -> float:
        return float(np.sum(grad_output * affine(x_, weight_, bias_)))

    grad_x, grad_weight, grad_bias = affine_backward(x, weight, grad_output)
    errors = [
        relative_error(grad_x, numerical_gradient(lambda v: weighted_output(v, weight, bias), x)),
        relative_error(grad_weight, numerical_gradient(lambda w: weighted_output(x, w, bias), weight)),
        relative_error(grad_bias, numerical_gradient(lambda b: weighted_output(x, weight, b), bias)),
    ]
    print("gradient check (x, W, b): " + ", ".join(f"{e:.1e}" for e in errors))
    assert max(errors) < 1e-6
    print("affine-layer: all checks passed")

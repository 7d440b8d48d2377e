"""The vanishing gradient problem: going backwards through a deep stack, the gradient is multiplied by one Jacobian
per layer, and when those factors are smaller than one it shrinks geometrically with depth.

For h_l = f(W_l h_{l-1}) the backward step is dL/dh_{l-1} = W_l^T (f'(a_l) * dL/dh_l), so each layer scales the
gradient by at most ||W_l|| * max|f'(a_l)|. The sigmoid's slope never exceeds 1/4: with weights of norm one, every
sigmoid layer divides the gradient by at least four, and the first layers of a deep network barely learn.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from _check import numerical_gradient, relative_error


def sigmoid(a: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-a))."""
    return 1.0 / (1.0 + np.exp(-a))


ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "linear": (lambda a: a, np.ones_like),
    "sigmoid": (sigmoid, lambda a: sigmoid(a) * (1.0 - sigmoid(a))),
    "tanh": (np.tanh, lambda a: 1.0 - np.tanh(a) ** 2),
    "relu": (lambda a: np.maximum(a, 0.0), lambda a: (a > 0).astype(float)),
}


def layer_gradients(weights: list[np.ndarray], x: np.ndarray, activation: str,
                    output_grad: np.ndarray) -> list[np.ndarray]:
    """Run x through h_l = f(W_l h_{l-1}), then send `output_grad` = dL/dh_L back down.

    Returns [dL/dh_0, dL/dh_1, ..., dL/dh_L]: the gradient arriving at every level, input first.
    """
    function, slope = ACTIVATIONS[activation]
    pre_activations, h = [], x
    for weight in weights:
        pre_activations.append(weight @ h)
        h = function(pre_activations[-1])
    grads = [output_grad]
    for weight, pre_activation in zip(reversed(weights), reversed(pre_activations)):
        grads.append(weight.T @ (slope(pre_activation) * grads[-1]))
    return grads[::-1]


def gradient_norm_per_layer() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """|dL/dh_l| at every level of a 30-layer, 64-wide network with orthogonal weights: linear x0.8 and sigmoid."""
    rng = np.random.default_rng(0)
    rotations = [np.linalg.qr(rng.normal(size=(64, 64)))[0] for _ in range(30)]
    x, top = rng.normal(size=64), rng.normal(size=64)
    top /= np.linalg.norm(top)
    layers = np.arange(31, dtype=float)
    linear = layer_gradients([0.8 * q for q in rotations], x, "linear", top)
    squashed = layer_gradients(rotations, x, "sigmoid", top)
    return {"linear, W = 0.8 Q": (layers, np.linalg.norm(linear, axis=1)),
            "sigmoid, W = Q": (layers, np.linalg.norm(squashed, axis=1))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    width, depth = 64, 30
    rotations = [np.linalg.qr(rng.normal(size=(width, width)))[0] for _ in range(depth)]
    x = rng.normal(size=width)
    top = rng.normal(size=width)
    top /= np.linalg.norm(top)

    # Linear layers W_l = 0.8 Q_l (Q orthogonal): the norm shrinks by exactly 0.8 per layer.
    norms = np.linalg.norm(layer_gradients([0.8 * q for q in rotations], x, "linear", top), axis=1)
    assert np.allclose(norms, 0.8 ** np.arange(depth, -1, -1))

    # Sigmoid layers with orthogonal weights: the factor of layer l lies between the smallest and largest slope
    # sigma'(a_l) of its units, hence never above 1/4, so after 30 layers the gradient is below 4^-30.
    grads = layer_gradients(rotations, x, "sigmoid", top)
    norms = np.linalg.norm(grads, axis=1)
    pre_activation, slopes = x, []
    for q in rotations:
        pre_activation = q @ pre_activation
        slopes.append(sigmoid(pre_activation) * (1 - sigmoid(pre_activation)))
        pre_activation = sigmoid(pre_activation)
    ratios = norms[:-1] / norms[1:]
    for ratio, slope in zip(ratios, slopes):
        assert slope.min() - 1e-12 <= ratio <= slope.max() + 1e-12 <= 0.25
    assert norms[0] < 0.25**depth
    rate = np.exp(np.polyfit(np.arange(depth + 1), np.log(norms), 1)[0])
    print(f"sigmoid, {depth} layers: gradient at the input {norms[0]:.1e}, one layer multiplies it by "
          f"{1 / rate:.3f} on average (bound 0.25)")

    # The backward signals are true gradients: dL/dx for L = u . h_L matches finite differences (on three layers,
    # where the gradient is still large enough to difference accurately).
    def top_output(inputs: np.ndarray) -> float:
        h = inputs
        for q in rotations[:3]:
            h = sigmoid(q @ h)
        return float(top @ h)
    error = relative_error(layer_gradients(rotations[:3], x, "sigmoid", top)[0], numerical_gradient(top_output, x))
    assert error < 1e-6

    # A remedy: ReLU layers with He-scaled weights (variance 2 / width) keep the gradient the same order of size.
    he_weights = [rng.normal(size=(width, width)) * np.sqrt(2 / width) for _ in range(depth)]
    relu_norms = np.linalg.norm(layer_gradients(he_weights, x, "relu", top), axis=1)
    print(f"ReLU with He initialisation: gradient at the input {relu_norms[0]:.2f}")
    assert 0.2 < relu_norms.min() and relu_norms.max() < 5
    print("vanishing-gradient: all checks passed")

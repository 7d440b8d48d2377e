"""A highway layer (Srivastava, Greff & Schmidhuber, 2015): a learned gate mixes a transform with the input.

y = T(x) * H(x) + (1 - T(x)) * x, with H(x) = relu(W_H x + b_H) and the transform gate
T(x) = sigmoid(W_T x + b_T), all elementwise. A gate near 0 carries x through untouched, a gate near 1
gives an ordinary layer. Starting b_T negative (the paper suggests -1 to -3) makes a deep stack begin
close to the identity, so signals and gradients cross it on "information highways".
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, numerical_jacobian, relative_error

HighwayParams = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # w_h, b_h, w_t, b_t (weights: out x in)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^-z)."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def highway_layer(x: np.ndarray, w_h: np.ndarray, b_h: np.ndarray, w_t: np.ndarray, b_t: np.ndarray) -> np.ndarray:
    """y = T * H + (1 - T) * x for a batch x (N, D); weights are (D, D) matrices applied as x @ W.T."""
    transform = np.maximum(x @ w_h.T + b_h, 0.0)
    gate = sigmoid(x @ w_t.T + b_t)
    return gate * transform + (1.0 - gate) * x


def highway_layer_backward(
    x: np.ndarray, params: HighwayParams, grad_out: np.ndarray
) -> tuple[np.ndarray, HighwayParams]:
    """d loss / d x and d loss / d (w_h, b_h, w_t, b_t), given d loss / d highway_layer(x) = grad_out."""
    w_h, b_h, w_t, b_t = params
    pre_h = x @ w_h.T + b_h
    transform = np.maximum(pre_h, 0.0)
    gate = sigmoid(x @ w_t.T + b_t)
    grad_pre_h = grad_out * gate * (pre_h > 0)
    grad_pre_t = grad_out * (transform - x) * gate * (1.0 - gate)
    grad_x = grad_out * (1.0 - gate) + grad_pre_h @ w_h + grad_pre_t @ w_t
    grads = (grad_pre_h.T @ x, grad_pre_h.sum(axis=0), grad_pre_t.T @ x, grad_pre_t.sum(axis=0))
    return grad_x, grads


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    dim = 6
    x = rng.normal(size=(4, dim))
    w_h, b_h, w_t = rng.normal(size=(dim, dim)) / np.sqrt(dim), rng.normal(size=dim) * 0.1, rng.normal(size=(dim, dim))
    plain = np.maximum(x @ w_h.T + b_h, 0.0)

    # Limiting cases of the transform gate: T -> 0 carries x through, T -> 1 is the plain layer H(x).
    closed, open_ = np.full(dim, -50.0), np.full(dim, 50.0)
    assert np.allclose(highway_layer(x, w_h, b_h, w_t * 0, closed), x, atol=1e-15)
    assert np.allclose(highway_layer(x, w_h, b_h, w_t * 0, open_), plain, atol=1e-15)
    # With the gate closed the layer's Jacobian is the identity matrix: gradients pass unchanged.
    jacobian = numerical_jacobian(lambda v: highway_layer(v, w_h, b_h, w_t * 0, closed), x[0])
    assert np.allclose(jacobian, np.eye(dim), atol=1e-8)

    # In between, every output lies between the input and the transform (a convex mix, coordinate by coordinate).
    b_t = np.full(dim, -1.0)
    y = highway_layer(x, w_h, b_h, w_t, b_t)
    assert np.all(np.minimum(x, plain) - 1e-12 <= y) and np.all(y <= np.maximum(x, plain) + 1e-12)
    print("x[0]   :", np.round(x[0], 3))
    print("H(x)[0]:", np.round(plain[0], 3))
    print("y[0]   :", np.round(y[0], 3), f"(gate bias -1: T = {sigmoid(x[0] @ w_t.T - 1).round(2)})")

    # Gradient check for the input and all four parameter arrays.
    params = (w_h, b_h, w_t, b_t)
    upstream = rng.normal(size=y.shape)
    grad_x, grad_params = highway_layer_backward(x, params, upstream)

    def loss(inputs: np.ndarray, layer: HighwayParams) -> float:
        return float(np.sum(highway_layer(inputs, *layer) * upstream))

    errors = [relative_error(grad_x, numerical_gradient(lambda v: loss(v, params), x))]
    for i, analytic in enumerate(grad_params):
        numeric = numerical_gradient(lambda v, i=i: loss(x, params[:i] + (v,) + params[i + 1 :]), params[i])
        errors.append(relative_error(analytic, numeric))
    print(f"gradients vs finite differences: worst relative error {max(errors):.1e}")
    assert max(errors) < 1e-6

    # 30 layers deep, with the gate bias at -3: the gradient reaching the input keeps a sizeable fraction of
    # its size, while the same 30 transforms stacked plainly lose it geometrically.
    def input_gradient(inputs: np.ndarray, stack: list[HighwayParams], probe: np.ndarray, highway: bool) -> np.ndarray:
        """d sum(probe * output) / d inputs through a stack of highway layers, or of their plain transforms."""
        activations = [inputs]
        for w_h_, b_h_, w_t_, b_t_ in stack:
            last = activations[-1]
            activations.append(highway_layer(last, w_h_, b_h_, w_t_, b_t_) if highway
                               else np.maximum(last @ w_h_.T + b_h_, 0.0))
        grad = probe
        for layer, layer_input in zip(reversed(stack), reversed(activations[:-1])):
            if highway:
                grad, _ = highway_layer_backward(layer_input, layer, grad)
            else:
                grad = (grad * (layer_input @ layer[0].T + layer[1] > 0)) @ layer[0]
        return grad

    width = 16
    stack = [(rng.normal(size=(width, width)) / np.sqrt(width), np.zeros(width),
              rng.normal(size=(width, width)) / np.sqrt(width), np.full(width, -3.0)) for _ in range(30)]
    start, probe = np.abs(rng.normal(size=(1, width))), rng.normal(size=(1, width))
    ratio_highway = np.linalg.norm(input_gradient(start, stack, probe, True)) / np.linalg.norm(probe)
    ratio_plain = np.linalg.norm(input_gradient(start, stack, probe, False)) / np.linalg.norm(probe)
    print(f"30 layers: |dL/dx| / |dL/dy| = {ratio_highway:.2f} (highway) vs {ratio_plain:.1e} (plain)")
    assert ratio_highway > 0.1 and ratio_plain < 1e-3
    print("highway-layer: all checks passed")

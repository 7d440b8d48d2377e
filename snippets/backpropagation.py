"""Backpropagation: the gradient of a network's loss for every weight, in one backward sweep of the chain rule.

For a stack of L layers a_l = W_l h_{l-1} + b_l, h_l = tanh(a_l) (the last layer, l = L, linear) and the loss
J = 1/(2N) sum_n ||h_L - y||^2, define the error signal delta_l = dJ/da_l. Then
    delta_L = (h_L - y) / N,    delta_l = (W_{l+1}^T delta_{l+1}) * tanh'(a_l),    dJ/dW_l = delta_l h_{l-1}^T,
    dJ/db_l = sum_n delta_l.
Every weight's gradient costs about as much as the forward pass did, instead of one forward pass per weight.
Weights are shaped (out, in) and act on row vectors, x W^T + b, as in torch.nn.Linear.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def forward(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray) -> list[np.ndarray]:
    """All layer outputs [x, h_1, ..., h_L] for a batch x of shape (N, inputs); tanh on every layer but the last."""
    outputs = [x]
    for index, (weight, bias) in enumerate(zip(weights, biases)):
        pre_activation = outputs[-1] @ weight.T + bias
        outputs.append(np.tanh(pre_activation) if index < len(weights) - 1 else pre_activation)
    return outputs


def loss(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error 1/(2N) sum_n ||f(x_n) - y_n||^2."""
    return 0.5 * float(np.sum((forward(weights, biases, x)[-1] - y) ** 2)) / len(x)


def backprop(weights: list[np.ndarray], biases: list[np.ndarray], x: np.ndarray,
             y: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Gradients of `loss` with respect to every weight, every bias and the input, from one backward sweep."""
    outputs = forward(weights, biases, x)
    delta = (outputs[-1] - y) / len(x)                     # dJ/da for the linear output layer
    weight_grads, bias_grads = [], []
    for index in reversed(range(len(weights))):
        weight_grads.append(delta.T @ outputs[index])
        bias_grads.append(delta.sum(axis=0))
        upstream = delta @ weights[index]                  # dJ/dh for the layer below
        if index > 0:
            delta = upstream * (1.0 - outputs[index] ** 2)  # through tanh: tanh'(a) = 1 - tanh(a)^2
    return weight_grads[::-1], bias_grads[::-1], upstream


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    sizes = [3, 5, 4, 2]
    weights = [rng.normal(size=(fan_out, fan_in)) for fan_in, fan_out in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(size=fan_out) for fan_out in sizes[1:]]
    x, y = rng.normal(size=(6, sizes[0])), rng.normal(size=(6, sizes[-1]))
    weight_grads, bias_grads, input_grad = backprop(weights, biases, x, y)

    # Every gradient agrees with central finite differences of the loss.
    errors = []
    for layer in range(len(weights)):
        def loss_of_weight(w: np.ndarray, layer: int = layer) -> float:
            return loss(weights[:layer] + [w] + weights[layer + 1:], biases, x, y)

        def loss_of_bias(b: np.ndarray, layer: int = layer) -> float:
            return loss(weights, biases[:layer] + [b] + biases[layer + 1:], x, y)

        errors.append(relative_error(weight_grads[layer], numerical_gradient(loss_of_weight, weights[layer])))
        errors.append(relative_error(bias_grads[layer], numerical_gradient(loss_of_bias, biases[layer])))
    errors.append(relative_error(input_grad, numerical_gradient(lambda inputs: loss(weights, biases, inputs, y), x)))
    print(f"network {sizes}, loss {loss(weights, biases, x, y):.4f}")
    print(f"largest relative error against finite differences: {max(errors):.1e}")
    assert max(errors) < 1e-6

    # Hand-worked case: one tanh unit then one linear unit, x = 1, w1 = 0.5, w2 = 2, target 0.
    # output = 2 tanh(0.5); dJ/dw2 = output tanh(0.5); dJ/dw1 = output * 2 * (1 - tanh(0.5)^2).
    (grad_w1, grad_w2), _, _ = backprop([np.array([[0.5]]), np.array([[2.0]])], [np.zeros(1), np.zeros(1)],
                                        np.array([[1.0]]), np.array([[0.0]]))
    out = 2 * np.tanh(0.5)
    assert np.isclose(grad_w2[0, 0], out * np.tanh(0.5))
    assert np.isclose(grad_w1[0, 0], out * 2 * (1 - np.tanh(0.5) ** 2))
    print("backpropagation: all checks passed")

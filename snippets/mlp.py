"""A multilayer perceptron from scratch: affine layers with tanh between them, trained by backpropagation.

The demonstration trains a 2-4-1 network on XOR, which a single affine layer (however trained) cannot fit,
and checks the backpropagated gradients against finite differences.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error

Layer = tuple[np.ndarray, np.ndarray]  # (weight of shape (out, in), bias of shape (out,))


def init_mlp(layer_sizes: list[int], rng: np.random.Generator) -> list[Layer]:
    """Random layers for the given widths, e.g. [2, 4, 1]; weights scaled by 1/sqrt(fan-in), biases zero."""
    return [
        (rng.normal(size=(n_out, n_in)) / np.sqrt(n_in), np.zeros(n_out))
        for n_in, n_out in zip(layer_sizes, layer_sizes[1:])
    ]


def parameter_count(layer_sizes: list[int]) -> int:
    """Weights plus biases of an MLP with the given layer widths."""
    return sum(n_out * (n_in + 1) for n_in, n_out in zip(layer_sizes, layer_sizes[1:]))


def mlp_activations(x: np.ndarray, layers: list[Layer]) -> list[np.ndarray]:
    """Every layer's output for the batch x: tanh after each hidden layer, the last layer left linear."""
    outputs = [x]
    for depth, (weight, bias) in enumerate(layers):
        z = outputs[-1] @ weight.T + bias
        outputs.append(np.tanh(z) if depth < len(layers) - 1 else z)
    return outputs


def mlp_forward(x: np.ndarray, layers: list[Layer]) -> np.ndarray:
    """The network's output (logits) for the batch x."""
    return mlp_activations(x, layers)[-1]


def bce_loss_and_gradients(x: np.ndarray, targets: np.ndarray, layers: list[Layer]) -> tuple[float, list[Layer]]:
    """Mean binary cross-entropy of sigmoid(logit) against 0/1 targets, and its gradient for every layer."""
    outputs = mlp_activations(x, layers)
    logits = outputs[-1][:, 0]
    loss = float(np.mean(np.logaddexp(0.0, logits) - targets * logits))
    grad = ((1.0 / (1.0 + np.exp(-logits)) - targets) / len(x))[:, None]  # dL/dlogits
    grads: list[Layer] = []
    for depth in range(len(layers) - 1, -1, -1):
        weight, _ = layers[depth]
        grads.append((grad.T @ outputs[depth], grad.sum(axis=0)))
        if depth > 0:
            grad = (grad @ weight) * (1.0 - outputs[depth] ** 2)  # back through tanh
    return loss, grads[::-1]


def train_mlp(
    x: np.ndarray, targets: np.ndarray, layer_sizes: list[int], steps: int, learning_rate: float, seed: int
) -> list[Layer]:
    """Full-batch gradient descent on the binary cross-entropy from a seeded random start."""
    layers = init_mlp(layer_sizes, np.random.default_rng(seed))
    for _ in range(steps):
        _, grads = bce_loss_and_gradients(x, targets, layers)
        layers = [(w - learning_rate * gw, b - learning_rate * gb) for (w, b), (gw, gb) in zip(layers, grads)]
    return layers


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # Backpropagation agrees with finite differences, layer by layer, on a deeper random network.
    x = rng.normal(size=(7, 3))
    targets = rng.integers(0, 2, size=7).astype(float)
    layers = init_mlp([3, 5, 4, 1], rng)
    layers = [(w, rng.normal(size=b.shape)) for w, b in layers]  # non-zero biases, so their gradients are tested
    _, grads = bce_loss_and_gradients(x, targets, layers)
    worst = 0.0
    for depth in range(len(layers)):
        for slot in (0, 1):  # 0: weight, 1: bias

            def loss_at(value: np.ndarray, depth: int = depth, slot: int = slot) -> float:
                weight, bias = layers[depth]
                trial = list(layers)
                trial[depth] = (value, bias) if slot == 0 else (weight, value)
                return bce_loss_and_gradients(x, targets, trial)[0]

            numeric = numerical_gradient(loss_at, layers[depth][slot])
            worst = max(worst, relative_error(grads[depth][slot], numeric))
    print(f"backprop vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    # XOR: one hidden layer of 4 tanh units fits it; a single affine layer cannot (3 of 4 at best).
    xor_inputs = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    xor_targets = np.array([0.0, 1.0, 1.0, 0.0])
    for sizes in ([2, 4, 1], [2, 1]):
        trained = train_mlp(xor_inputs, xor_targets, sizes, steps=2000, learning_rate=1.0, seed=1)
        predictions = (mlp_forward(xor_inputs, trained)[:, 0] > 0).astype(float)
        accuracy = float(np.mean(predictions == xor_targets))
        loss = bce_loss_and_gradients(xor_inputs, xor_targets, trained)[0]
        print(f"layers {sizes}: XOR accuracy {accuracy:.2f}, loss {loss:.4f}")
        if len(sizes) > 2:
            assert accuracy == 1.0 and loss < 0.01
        else:
            assert accuracy <= 0.75 and loss > np.log(2.0) - 1e-9  # log 2 is the best any linear model does
    print("mlp: all checks passed")

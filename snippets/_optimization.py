"""Shared test problems for the optimisation entries: a quadratic bowl and a small tanh network.

The quadratic f(x) = 1/2 (x - x*)^T H (x - x*) is the standard laboratory for optimisers: its gradient is linear,
H (x - x*), so every update rule can be followed exactly and its speed read off the eigenvalues of H.

The network is a stack of affine layers, W shaped (out, in) as in `torch.nn.Linear`, with tanh between them and a
linear output, trained on the mean squared error L = 1/(2N) sum_n ||f(x_n) - y_n||^2 by full-batch gradient descent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Layer = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Quadratic:
    """The bowl f(x) = 1/2 (x - x*)^T H (x - x*) with symmetric positive-definite Hessian H."""

    hessian: np.ndarray
    minimiser: np.ndarray

    @classmethod
    def with_curvatures(cls, curvatures: np.ndarray, rng: np.random.Generator, rotate: bool = True) -> Quadratic:
        """A bowl whose curvatures (eigenvalues of H) are given; rotated to random axes unless `rotate` is False."""
        curvatures = np.asarray(curvatures, dtype=np.float64)
        size = curvatures.size
        axes = np.linalg.qr(rng.normal(size=(size, size)))[0] if rotate else np.eye(size)
        return cls(hessian=axes @ np.diag(curvatures) @ axes.T, minimiser=rng.normal(size=curvatures.size))

    def value(self, x: np.ndarray) -> float:
        """f(x)."""
        offset = x - self.minimiser
        return float(0.5 * offset @ self.hessian @ offset)

    def gradient(self, x: np.ndarray) -> np.ndarray:
        """grad f(x) = H (x - x*)."""
        return self.hessian @ (x - self.minimiser)


def init_network(sizes: list[int], rng: np.random.Generator) -> list[Layer]:
    """Random layers for widths sizes[0] -> ... -> sizes[-1], weights scaled by 1/sqrt(fan-in), zero biases."""
    return [(rng.normal(size=(fan_out, fan_in)) / np.sqrt(fan_in), np.zeros(fan_out))
            for fan_in, fan_out in zip(sizes[:-1], sizes[1:])]


def network_output(layers: list[Layer], x: np.ndarray) -> np.ndarray:
    """The network applied to a batch x of shape (N, sizes[0]): tanh after every layer but the last."""
    for index, (weight, bias) in enumerate(layers):
        x = x @ weight.T + bias
        if index < len(layers) - 1:
            x = np.tanh(x)
    return x


def mse_and_gradients(layers: list[Layer], x: np.ndarray, y: np.ndarray) -> tuple[float, list[Layer]]:
    """The loss 1/(2N) sum ||f(x_n) - y_n||^2 and its gradient for every (W, b), by a backward pass."""
    activations = [x]
    for index, (weight, bias) in enumerate(layers):
        pre_activation = activations[-1] @ weight.T + bias
        activations.append(np.tanh(pre_activation) if index < len(layers) - 1 else pre_activation)
    error = activations[-1] - y
    loss = 0.5 * float(np.sum(error**2)) / len(x)
    delta = error / len(x)
    gradients: list[Layer] = []
    for index in reversed(range(len(layers))):
        gradients.append((delta.T @ activations[index], delta.sum(axis=0)))
        if index > 0:
            delta = (delta @ layers[index][0]) * (1.0 - activations[index] ** 2)
    return loss, gradients[::-1]


def train(layers: list[Layer], x: np.ndarray, y: np.ndarray, lr: float | list[float],
          steps: int) -> tuple[list[Layer], list[float]]:
    """`steps` of full-batch gradient descent on the mean squared error; returns the new layers and the losses.

    `lr` is one rate for all layers or a list with one rate per layer.
    """
    rates = lr if isinstance(lr, list) else [lr] * len(layers)
    losses = []
    for _ in range(steps):
        loss, gradients = mse_and_gradients(layers, x, y)
        losses.append(loss)
        layers = [(w - rate * dw, b - rate * db) for (w, b), (dw, db), rate in zip(layers, gradients, rates)]
    return layers, losses

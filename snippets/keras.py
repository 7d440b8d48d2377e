"""Keras's user model: stack layers in a `Sequential`, then `fit` and `predict`.

Each `Dense` layer owns its weights and knows its forward and backward pass; the first call builds the
weights from the input width, so only the number of units is given. `fit` runs mini-batch gradient
descent by chaining the layers' backward passes (backpropagation) and returns the loss history.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error

# name -> (activation, its derivative written in terms of the activation's output)
ACTIVATIONS = {
    "linear": (lambda z: z, lambda a: np.ones_like(a)),
    "tanh": (np.tanh, lambda a: 1.0 - a**2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda a: (a > 0.0).astype(float)),
    "sigmoid": (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda a: a * (1.0 - a)),
}


class Dense:
    """A fully connected layer: activation(x @ kernel + bias)."""

    def __init__(self, units: int, activation: str = "linear") -> None:
        self.units, self.activation = units, activation
        self.kernel: np.ndarray | None = None
        self.bias: np.ndarray | None = None
        self.inputs = self.outputs = np.empty(0)  # cached by forward() for backward()
        self.grads: list[np.ndarray] = []

    def build(self, input_dim: int, rng: np.random.Generator) -> None:
        """Glorot-uniform kernel and zero bias, as Keras initialises a Dense layer."""
        limit = np.sqrt(6.0 / (input_dim + self.units))
        self.kernel = rng.uniform(-limit, limit, size=(input_dim, self.units))
        self.bias = np.zeros(self.units)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute the layer's output, caching what backward() needs."""
        self.inputs = x
        self.outputs = ACTIVATIONS[self.activation][0](x @ self.kernel + self.bias)
        return self.outputs

    def backward(self, grad_outputs: np.ndarray) -> np.ndarray:
        """Store dL/dkernel and dL/dbias; return dL/dinputs for the layer below."""
        grad_pre = grad_outputs * ACTIVATIONS[self.activation][1](self.outputs)
        self.grads = [self.inputs.T @ grad_pre, grad_pre.sum(axis=0)]
        return grad_pre @ self.kernel.T


class Sequential:
    """A linear stack of layers with Keras's build / compile / fit / predict workflow."""

    def __init__(self, layers: list[Dense], seed: int = 0) -> None:
        self.layers = layers
        self.rng = np.random.default_rng(seed)
        self.loss_name, self.learning_rate = "mse", 0.01

    def build(self, input_dim: int) -> Sequential:
        """Create every layer's weights, each layer's width fixing the next one's input width."""
        for layer in self.layers:
            layer.build(input_dim, self.rng)
            input_dim = layer.units
        return self

    def count_params(self) -> int:
        """The number of trainable weights."""
        return sum(w.size for w in self.get_weights())

    def get_weights(self) -> list[np.ndarray]:
        """Copies of [kernel, bias] for every layer, in order."""
        return [w.copy() for layer in self.layers for w in (layer.kernel, layer.bias)]

    def set_weights(self, weights: list[np.ndarray]) -> None:
        """Load weights in get_weights() order."""
        for layer, kernel, bias in zip(self.layers, weights[0::2], weights[1::2]):
            layer.kernel, layer.bias = kernel.copy(), bias.copy()

    def compile(self, loss: str = "binary_crossentropy", learning_rate: float = 0.1) -> None:
        """Choose the loss ('binary_crossentropy' or 'mse') and the SGD learning rate."""
        self.loss_name, self.learning_rate = loss, learning_rate

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The forward pass through every layer, building the weights on the first call."""
        if self.layers[0].kernel is None:
            self.build(x.shape[1])
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> float:
        """Mean loss over the examples."""
        p = self.predict(x)
        if self.loss_name == "binary_crossentropy":
            p = np.clip(p, 1e-12, 1.0 - 1e-12)
            return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
        return float(np.mean((p - y) ** 2))

    def gradients(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
        """dLoss/dweights, in get_weights() order, by backpropagating through the stack."""
        p = self.predict(x)
        if self.loss_name == "binary_crossentropy":
            p = np.clip(p, 1e-12, 1.0 - 1e-12)
            grad = (p - y) / (p * (1.0 - p)) / y.size
        else:
            grad = 2.0 * (p - y) / y.size
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return [g for layer in self.layers for g in layer.grads]

    def fit(self, x: np.ndarray, y: np.ndarray, epochs: int = 1, batch_size: int = 32) -> dict[str, list[float]]:
        """Mini-batch SGD over shuffled data; returns {'loss': loss after each epoch}."""
        history = []
        for _ in range(epochs):
            order = self.rng.permutation(len(x))
            for start in range(0, len(x), batch_size):
                batch = order[start : start + batch_size]
                grads = self.gradients(x[batch], y[batch])
                self.set_weights([w - self.learning_rate * g for w, g in zip(self.get_weights(), grads)])
            history.append(self.evaluate(x, y))
        return {"loss": history}


def xor_blobs(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points around the four corners (+-1, +-1); label 1 where the coordinates' signs differ."""
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    x = corners + 0.3 * rng.normal(size=(n, 2))
    return x, (corners[:, 0] != corners[:, 1]).astype(float)[:, None]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x_train, y_train = xor_blobs(200, rng)
    x_test, y_test = xor_blobs(200, rng)

    model = Sequential([Dense(8, "tanh"), Dense(1, "sigmoid")])
    model.compile(loss="binary_crossentropy", learning_rate=0.5)
    model.build(2)
    print(f"Sequential: Dense(8, tanh) -> Dense(1, sigmoid), {model.count_params()} parameters")

    # Backpropagation through the stack agrees with finite differences on every weight.
    weights = model.get_weights()
    shapes, sizes = [w.shape for w in weights], [w.size for w in weights]

    def loss_of(flat: np.ndarray) -> float:
        parts = np.split(flat, np.cumsum(sizes)[:-1])
        model.set_weights([part.reshape(shape) for part, shape in zip(parts, shapes)])
        return model.evaluate(x_train[:20], y_train[:20])

    flat = np.concatenate([w.ravel() for w in weights])
    numeric = numerical_gradient(loss_of, flat)
    model.set_weights(weights)
    backprop = np.concatenate([g.ravel() for g in model.gradients(x_train[:20], y_train[:20])])
    assert relative_error(backprop, numeric) < 1e-6

    history = model.fit(x_train, y_train, epochs=100, batch_size=32)
    accuracy = np.mean((model.predict(x_test) > 0.5) == y_test)
    print(f"loss {history['loss'][0]:.3f} after the first epoch -> {history['loss'][-1]:.3f} after 100; "
          f"test accuracy {accuracy:.3f}")
    assert history["loss"][-1] < 0.2 * history["loss"][0] and accuracy > 0.95

    # Without the hidden layer the stack is logistic regression, which cannot separate XOR.
    linear = Sequential([Dense(1, "sigmoid")])
    linear.compile(loss="binary_crossentropy", learning_rate=0.5)
    linear.fit(x_train, y_train, epochs=100)
    linear_accuracy = np.mean((linear.predict(x_test) > 0.5) == y_test)
    print(f"a single Dense(1, sigmoid) layer reaches only {linear_accuracy:.3f}")
    assert linear_accuracy < 0.8
    print("keras: all checks passed")

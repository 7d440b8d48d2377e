"""Deep Dream: gradient ascent on the input image to amplify whatever a chosen layer already detects.

The network's weights stay fixed; the image is the variable. The objective is half the squared L2 norm of
the chosen layer's activations (or of one channel), so its gradient with respect to those activations is
the activations themselves, and backpropagation carries it down to the pixels. Each step is normalised by
the mean absolute gradient, so the step size means "average change per pixel".
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _cnn_architectures import conv2d, conv2d_backward, relu

Network = list[tuple[np.ndarray, np.ndarray]]  # (weight, bias) of each 3x3 conv + ReLU layer


def l2_objective(activations: np.ndarray) -> float:
    """Half the squared L2 norm of the activations: the quantity Deep Dream maximises."""
    return 0.5 * float(np.sum(activations**2))


def layer_activations(image: np.ndarray, network: Network) -> list[np.ndarray]:
    """Inputs and outputs of every conv + ReLU layer: [image, a1, a2, ...] ('same' 3x3 convolutions)."""
    activations = [image]
    for weight, bias in network:
        activations.append(relu(conv2d(activations[-1], weight, bias, padding=1)))
    return activations


def dream_gradient(image: np.ndarray, network: Network, channel: int | None = None) -> tuple[float, np.ndarray]:
    """The objective of the last layer (all channels, or one) and its gradient with respect to the image."""
    activations = layer_activations(image, network)
    target = activations[-1] if channel is None else activations[-1][:, channel]
    grad = activations[-1].copy()  # d(0.5 ||a||^2) / d a = a
    if channel is not None:
        grad[:, np.arange(grad.shape[1]) != channel] = 0.0
    for (weight, _), layer_input, layer_output in zip(reversed(network), reversed(activations[:-1]),
                                                      reversed(activations[1:])):
        grad, _, _ = conv2d_backward(layer_input, weight, grad * (layer_output > 0), padding=1)
    return l2_objective(target), grad


def normalized_step(grad: np.ndarray, step_size: float) -> np.ndarray:
    """The update step_size * grad / mean|grad|: the mean absolute change per pixel equals step_size."""
    return step_size * grad / (np.abs(grad).mean() + 1e-12)


def dream(
    image: np.ndarray, network: Network, steps: int, step_size: float, channel: int | None = None
) -> tuple[np.ndarray, list[float]]:
    """Run normalised gradient ascent on the image; return the final image and the objective before each step."""
    history = []
    for _ in range(steps):
        value, grad = dream_gradient(image, network, channel)
        history.append(value)
        image = image + normalized_step(grad, step_size)
    return image, history


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    network = [(rng.normal(size=(6, 3, 3, 3)) / np.sqrt(27), rng.normal(size=6) * 0.1),
               (rng.normal(size=(8, 6, 3, 3)) / np.sqrt(54), rng.normal(size=8) * 0.1)]
    image = rng.normal(size=(1, 3, 8, 8)) * 0.5

    # The backpropagated gradient matches finite differences, for the whole layer and for one channel.
    for channel in (None, 5):
        value, grad = dream_gradient(image, network, channel)
        numeric = numerical_gradient(lambda img: dream_gradient(img, network, channel)[0], image)
        error = relative_error(grad, numeric)
        print(f"channel={channel}: gradient vs finite differences, relative error {error:.1e}")
        assert error < 1e-6

    # Small normalised ascent steps raise the objective at every step.
    dreamed, history = dream(image, network, steps=25, step_size=0.02)
    print("objective during the dream:", " ".join(f"{v:.2f}" for v in history[::4]))
    assert all(later > earlier for earlier, later in zip(history, history[1:])) and history[-1] > 2 * history[0]

    # Dreaming of one channel amplifies that channel more than the layer as a whole.
    def share(img: np.ndarray) -> float:
        """Channel 5's fraction of the last layer's squared activations."""
        top = layer_activations(img, network)[-1]
        return l2_objective(top[:, 5]) / l2_objective(top)

    dreamed_5, history_5 = dream(image, network, steps=25, step_size=0.02, channel=5)
    print(f"channel 5's share of the layer's energy: {share(image):.2f} -> {share(dreamed_5):.2f}")
    assert all(b > a for a, b in zip(history_5, history_5[1:])) and share(dreamed_5) > 2 * share(image)
    print("deep-dream: all checks passed")

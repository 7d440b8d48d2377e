"""Greedy layer-wise pre-training: build a deep network one layer at a time, training each new layer without labels
to model the output of the frozen layers beneath it, then use the stack to initialise supervised training.

Here every layer is the encoder of a small autoencoder, h = tanh(W x + b), trained together with a linear decoder
x_hat = W' h + c to reconstruct its own input; layer l's input is layer l-1's code. Hinton, Osindero and Teh did
the same with restricted Boltzmann machines; Bengio, Lamblin, Popovici and Larochelle showed autoencoders work too.
Unlabelled data is plentiful, so the layers can learn the structure of the inputs before a few labels are used.
"""

from __future__ import annotations

import numpy as np
from _optimization import Layer, init_network, network_output, train


def greedy_layerwise_pretrain(x: np.ndarray, sizes: list[int], lr: float, steps: int,
                              rng: np.random.Generator) -> tuple[list[Layer], list[list[float]]]:
    """Train encoders for widths x.shape[1] -> sizes[0] -> sizes[1] -> ..., one autoencoder at a time.

    Returns the encoder layers, bottom first, and the reconstruction-loss curve of each autoencoder.
    """
    encoders, curves, codes = [], [], x
    for width in sizes:
        autoencoder = init_network([codes.shape[1], width, codes.shape[1]], rng)
        (encoder, _), curve = train(autoencoder, codes, codes, lr, steps)
        encoders.append(encoder)
        curves.append(curve)
        codes = np.tanh(codes @ encoder[0].T + encoder[1])     # frozen: the next layer learns on these codes
    return encoders, curves


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_in, n_latent = 40, 3
    embedding = rng.normal(size=(n_in, n_latent))

    def sample(n: int) -> tuple[np.ndarray, np.ndarray]:
        """Inputs on a noisy 3-D manifold in 40-D; the label depends on the first latent coordinate."""
        latent = rng.normal(size=(n, n_latent))
        return np.tanh(latent @ embedding.T) + 0.6 * rng.normal(size=(n, n_in)), np.sin(latent[:, :1])

    unlabelled, _ = sample(500)
    labelled_x, labelled_y = sample(20)
    test_x, test_y = sample(1000)

    # Each layer, trained in turn on the codes of the layer below, lowers its own reconstruction error.
    encoders, curves = greedy_layerwise_pretrain(unlabelled, [12, 4], lr=0.05, steps=300, rng=rng)
    for layer, curve in enumerate(curves, start=1):
        print(f"layer {layer}: reconstruction loss {curve[0]:.3f} -> {curve[-1]:.3f}")
        assert curve[-1] < 0.3 * curve[0] and np.all(np.diff(curve) < 0)

    # Supervised training from the pretrained stack versus from a random start: same net, 20 labels, 200 steps.
    def test_error(layers: list[Layer]) -> float:
        return 0.5 * float(np.mean((network_output(layers, test_x) - test_y) ** 2))

    pretrained, _ = train(encoders + init_network([4, 1], rng), labelled_x, labelled_y, lr=0.05, steps=200)
    random_start, _ = train(init_network([n_in, 12, 4, 1], rng), labelled_x, labelled_y, lr=0.05, steps=200)
    print(f"test error: pretrained start {test_error(pretrained):.4f}, random start {test_error(random_start):.4f}")
    assert test_error(pretrained) < 0.7 * test_error(random_start)
    print("greedy-layerwise-pretraining: all checks passed")

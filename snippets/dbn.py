"""A deep belief network built greedily: train an RBM, feed its hidden samples to the next RBM, repeat.

Each layer is an RBM trained with CD-1 on the binary codes produced by the layer below. The layers are small
enough that every RBM's exact log-likelihood of its own training data can be enumerated, so each layer's
objective can be seen to improve. Generation runs Gibbs sampling in the top RBM and then one top-down pass
through the lower layers' directed connections p(v | h).
"""

from __future__ import annotations

import numpy as np
from _generative_embeddings import all_binary_vectors, noisy_patterns, sigmoid

RBM = tuple[np.ndarray, np.ndarray, np.ndarray]  # (W, visible bias b, hidden bias c)


def rbm_log_likelihood(data: np.ndarray, rbm: RBM) -> float:
    """Mean exact log p(v) of binary rows under an RBM, enumerating every visible state."""
    W, b, c = rbm

    def neg_free_energy(v: np.ndarray) -> np.ndarray:
        return v @ b + np.sum(np.logaddexp(0.0, v @ W + c), axis=1)

    every_state = neg_free_energy(all_binary_vectors(len(b)))
    log_partition = every_state.max() + np.log(np.sum(np.exp(every_state - every_state.max())))
    return float(np.mean(neg_free_energy(data)) - log_partition)


def train_rbm(data: np.ndarray, n_hidden: int, epochs: int, learning_rate: float, rng: np.random.Generator) -> RBM:
    """CD-1 with mini-batches of 20, from small random weights."""
    W, b, c = 0.01 * rng.normal(size=(data.shape[1], n_hidden)), np.zeros(data.shape[1]), np.zeros(n_hidden)
    for _ in range(epochs):
        for v0 in np.array_split(rng.permutation(data), len(data) // 20):
            h0 = sigmoid(v0 @ W + c)
            v1 = (rng.random(v0.shape) < sigmoid((rng.random(h0.shape) < h0) @ W.T + b)).astype(np.float64)
            h1 = sigmoid(v1 @ W + c)
            W += learning_rate * (v0.T @ h0 - v1.T @ h1) / len(v0)
            b += learning_rate * (v0 - v1).mean(axis=0)
            c += learning_rate * (h0 - h1).mean(axis=0)
    return W, b, c


def greedy_layerwise_pretrain(data: np.ndarray, hidden_sizes: list[int], epochs: int, learning_rate: float,
                              rng: np.random.Generator) -> tuple[list[RBM], list[np.ndarray]]:
    """One RBM per layer, each trained on binary samples of the hidden units below; returns RBMs and their inputs."""
    rbms, inputs = [], []
    layer_input = data
    for n_hidden in hidden_sizes:
        rbm = train_rbm(layer_input, n_hidden, epochs, learning_rate, rng)
        rbms.append(rbm)
        inputs.append(layer_input)
        W, _, c = rbm
        layer_input = (rng.random((len(layer_input), n_hidden)) < sigmoid(layer_input @ W + c)).astype(np.float64)
    return rbms, inputs


def generate(rbms: list[RBM], n_samples: int, gibbs_steps: int, rng: np.random.Generator) -> np.ndarray:
    """Sample the top RBM by block Gibbs sampling, then pass down through p(v | h) of each lower layer."""
    W, b, c = rbms[-1]
    v = (rng.random((n_samples, len(b))) < 0.5).astype(np.float64)
    for _ in range(gibbs_steps):
        h = (rng.random((n_samples, len(c))) < sigmoid(v @ W + c)).astype(np.float64)
        v = (rng.random(v.shape) < sigmoid(h @ W.T + b)).astype(np.float64)
    for W, b, _ in reversed(rbms[:-1]):
        v = (rng.random((n_samples, len(b))) < sigmoid(v @ W.T + b)).astype(np.float64)
    return v


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    prototypes = (rng.random((4, 12)) < 0.5).astype(np.float64)
    data = noisy_patterns(prototypes, 400, flip_probability=0.03, rng=rng)

    rbms, inputs = greedy_layerwise_pretrain(data, [8, 4], epochs=60, learning_rate=0.1, rng=rng)
    for layer, (rbm, layer_input) in enumerate(zip(rbms, inputs), start=1):
        n_visible = layer_input.shape[1]
        untrained = (np.zeros((n_visible, len(rbm[2]))), np.zeros(n_visible), np.zeros(len(rbm[2])))
        before, after = rbm_log_likelihood(layer_input, untrained), rbm_log_likelihood(layer_input, rbm)
        print(f"layer {layer}: {n_visible} -> {len(rbm[2])} units, exact log-likelihood of its input "
              f"{before:.2f} -> {after:.2f}")
        assert after > before + 1.0  # every layer's own objective improves

    # The stack is a generative model: top-down samples land near the planted prototypes.
    samples = generate(rbms, 500, gibbs_steps=100, rng=rng)
    distance = np.abs(samples[:, None, :] - prototypes[None]).sum(axis=2).min(axis=1)
    random_distance = np.abs(rng.integers(0, 2, (500, 1, 12)) - prototypes[None]).sum(axis=2).min(axis=1)
    print(f"samples within 2 bits of a prototype: DBN {np.mean(distance <= 2):.2f}, "
          f"random bits {np.mean(random_distance <= 2):.2f}")
    assert np.mean(distance <= 2) > 0.6
    print("dbn: all checks passed")

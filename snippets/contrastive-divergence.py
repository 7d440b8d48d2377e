"""Contrastive divergence (CD-k): train an RBM without ever computing its partition function.

The log-likelihood gradient is <v h^T>_data - <v h^T>_model. CD-k replaces the model expectation by the
statistics after k steps of block Gibbs sampling started AT the training data. With 8 visible units the
exact gradient and log-likelihood can still be enumerated (2^8 states), so the approximation is checkable.
"""

from __future__ import annotations

import numpy as np
from _generative_embeddings import all_binary_vectors, noisy_patterns, sigmoid


def contrastive_divergence(v_data: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray, k: int,
                           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CD-k estimate of the mean log-likelihood gradient for (W, b, c) from a batch of binary visible rows."""
    h_data = sigmoid(v_data @ W + c)
    v_model, h_model = v_data, h_data
    for _ in range(k):
        h_sample = (rng.random(h_model.shape) < h_model).astype(np.float64)
        v_model = (rng.random(v_data.shape) < sigmoid(h_sample @ W.T + b)).astype(np.float64)
        h_model = sigmoid(v_model @ W + c)
    n = len(v_data)
    grad_W = (v_data.T @ h_data - v_model.T @ h_model) / n
    return grad_W, (v_data - v_model).mean(axis=0), (h_data - h_model).mean(axis=0)


def exact_gradient_and_log_likelihood(data: np.ndarray, W: np.ndarray, b: np.ndarray,
                                      c: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], float]:
    """The true gradient and mean log p(v), by enumerating every visible state (tiny models only)."""
    states = all_binary_vectors(W.shape[0])
    neg_free_energy = states @ b + np.sum(np.logaddexp(0.0, states @ W + c), axis=1)
    shift = neg_free_energy.max()
    log_partition = shift + np.log(np.sum(np.exp(neg_free_energy - shift)))
    p_states = np.exp(neg_free_energy - log_partition)
    h_data, h_states = sigmoid(data @ W + c), sigmoid(states @ W + c)
    gradient = (data.T @ h_data / len(data) - (states * p_states[:, None]).T @ h_states,
                data.mean(axis=0) - p_states @ states,
                h_data.mean(axis=0) - p_states @ h_states)
    data_neg_free = data @ b + np.sum(np.logaddexp(0.0, data @ W + c), axis=1)
    return gradient, float(np.mean(data_neg_free) - log_partition)


def reconstruction_error(data: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Mean squared difference between v and its mean-field reconstruction p(v | h = p(h | v))."""
    return float(np.mean((data - sigmoid(sigmoid(data @ W + c) @ W.T + b)) ** 2))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    prototypes = np.array([[1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1], [1, 0, 1, 0, 1, 0, 1, 0]], float)
    data = noisy_patterns(prototypes, 300, flip_probability=0.05, rng=rng)
    W, b, c = 0.01 * rng.normal(size=(8, 4)), np.zeros(8), np.zeros(4)

    # CD-k with long chains approaches the exact gradient; CD-1 is biased but cheap.
    test_W = rng.normal(size=(8, 4))
    exact, _ = exact_gradient_and_log_likelihood(data, test_W, b, c)
    chains = np.repeat(data, 50, axis=0)  # many chains per data point, to average out the sampling noise
    errors = {}
    for k in (1, 50):
        estimate = contrastive_divergence(chains, test_W, b, c, k, rng)
        errors[k] = max(np.abs(e - x).max() for e, x in zip(estimate, exact)) / max(np.abs(x).max() for x in exact)
        print(f"CD-{k:<2} estimate vs exact gradient: relative error {errors[k]:.3f}")
    assert errors[50] < 0.05 and errors[50] < errors[1]

    # Training with CD-1 on planted patterns: reconstruction error falls and the exact likelihood rises.
    before_recon = reconstruction_error(data, W, b, c)
    before_ll = exact_gradient_and_log_likelihood(data, W, b, c)[1]
    for _ in range(100):
        for batch in np.array_split(rng.permutation(data), 10):
            grad_W, grad_b, grad_c = contrastive_divergence(batch, W, b, c, 1, rng)
            W, b, c = W + 0.1 * grad_W, b + 0.1 * grad_b, c + 0.1 * grad_c
    after_recon = reconstruction_error(data, W, b, c)
    after_ll = exact_gradient_and_log_likelihood(data, W, b, c)[1]
    print(f"reconstruction error {before_recon:.3f} -> {after_recon:.3f}; "
          f"exact log-likelihood per sample {before_ll:.2f} -> {after_ll:.2f} (uniform: {8 * np.log(0.5):.2f})")
    assert after_recon < 0.3 * before_recon
    assert after_ll > before_ll + 1.5
    print("contrastive divergence: all checks passed")

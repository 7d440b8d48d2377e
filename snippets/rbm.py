"""A binary restricted Boltzmann machine, checked against brute-force enumeration of a tiny model.

Energy E(v, h) = -b.v - c.h - v^T W h over binary visible v and hidden h; p(v, h) = exp(-E) / Z.
With no visible-visible or hidden-hidden connections the hidden units can be summed out in closed form,
giving the free energy F(v) = -b.v - sum_j softplus(c_j + (v^T W)_j), and both conditionals factorise
into independent sigmoid units.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import all_binary_vectors, sigmoid


def rbm_energy(v: np.ndarray, h: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """E(v, h) for matching rows of v (n, n_visible) and h (n, n_hidden)."""
    return -(v @ b) - (h @ c) - np.sum((v @ W) * h, axis=1)


def rbm_free_energy(v: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """F(v) = -log sum_h exp(-E(v, h)) for each row of v, in closed form."""
    return -(v @ b) - np.sum(np.logaddexp(0.0, v @ W + c), axis=1)


def hidden_probabilities(v: np.ndarray, W: np.ndarray, c: np.ndarray) -> np.ndarray:
    """p(h_j = 1 | v) = sigmoid(c_j + (v^T W)_j)."""
    return sigmoid(v @ W + c)


def visible_probabilities(h: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """p(v_i = 1 | h) = sigmoid(b_i + (W h)_i)."""
    return sigmoid(h @ W.T + b)


def mean_log_likelihood(data: np.ndarray, W: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Average log p(v) over the rows of `data`, with log Z summed over every visible state (tiny models only)."""
    neg_free = -rbm_free_energy(all_binary_vectors(W.shape[0]), W, b, c)
    log_partition = np.max(neg_free) + np.log(np.sum(np.exp(neg_free - np.max(neg_free))))
    return float(np.mean(-rbm_free_energy(data, W, b, c)) - log_partition)


def log_likelihood_gradient(data: np.ndarray, W: np.ndarray, b: np.ndarray,
                            c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact d mean log p(v) / d(W, b, c): data statistics minus model statistics (model side by enumeration)."""
    states = all_binary_vectors(W.shape[0])
    neg_free = -rbm_free_energy(states, W, b, c)
    p_states = np.exp(neg_free - neg_free.max())
    p_states /= p_states.sum()
    h_data, h_model = hidden_probabilities(data, W, c), hidden_probabilities(states, W, c)
    grad_W = data.T @ h_data / len(data) - (states * p_states[:, None]).T @ h_model
    grad_b = data.mean(axis=0) - p_states @ states
    grad_c = h_data.mean(axis=0) - p_states @ h_model
    return grad_W, grad_b, grad_c


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_visible, n_hidden = 4, 3
    W, b, c = rng.normal(size=(n_visible, n_hidden)), rng.normal(size=n_visible), rng.normal(size=n_hidden)

    # Brute force: every (v, h) pair of the 2^4 * 2^3 = 128 joint states and its Boltzmann probability.
    vs, hs = all_binary_vectors(n_visible), all_binary_vectors(n_hidden)
    v_all, h_all = np.repeat(vs, len(hs), axis=0), np.tile(hs, (len(vs), 1))
    unnormalised = np.exp(-rbm_energy(v_all, h_all, W, b, c)).reshape(len(vs), len(hs))
    joint = unnormalised / unnormalised.sum()

    # Free energy: exp(-F(v)) equals the sum of exp(-E(v, h)) over all hidden states.
    assert np.allclose(np.exp(-rbm_free_energy(vs, W, b, c)), unnormalised.sum(axis=1))

    # Conditionals: p(h | v) from the joint table factorises into the sigmoid units, and likewise p(v | h).
    p_h_given_v = joint / joint.sum(axis=1, keepdims=True)
    assert np.allclose(p_h_given_v @ hs, hidden_probabilities(vs, W, c))
    q = hidden_probabilities(vs, W, c)
    factorised = np.prod(np.where(hs[None] == 1, q[:, None], 1 - q[:, None]), axis=2)
    assert np.allclose(p_h_given_v, factorised)
    p_v_given_h = joint / joint.sum(axis=0, keepdims=True)
    assert np.allclose(p_v_given_h.T @ vs, visible_probabilities(hs, W, b))
    print("free energy and both conditionals match enumeration of all 128 joint states")

    # The maximum-likelihood gradient (data minus model statistics) agrees with finite differences.
    data = rng.integers(0, 2, size=(10, n_visible)).astype(np.float64)
    grad_W, grad_b, grad_c = log_likelihood_gradient(data, W, b, c)
    errors = [relative_error(grad_W, numerical_gradient(lambda w: mean_log_likelihood(data, w, b, c), W)),
              relative_error(grad_b, numerical_gradient(lambda v: mean_log_likelihood(data, W, v, c), b)),
              relative_error(grad_c, numerical_gradient(lambda h: mean_log_likelihood(data, W, b, h), c))]
    print(f"log-likelihood gradient vs finite differences: worst relative error {max(errors):.1e}")
    assert max(errors) < 1e-6
    print("rbm: all checks passed")

"""A deep Boltzmann machine (visible v, hidden layers h1 and h2), checked by exhaustive enumeration.

E(v, h1, h2) = -v^T W1 h1 - h1^T W2 h2 - b.v - c1.h1 - c2.h2 and p = exp(-E) / Z. Unlike a deep belief net,
every connection is undirected, so the middle layer listens to BOTH neighbours:
p(h1_j = 1 | v, h2) = sigmoid(c1_j + (v^T W1)_j + (W2 h2)_j). With 4 + 3 + 2 units all 512 states can be listed.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import all_binary_vectors, noisy_patterns, sigmoid

Params = dict[str, np.ndarray]


def dbm_energy(v: np.ndarray, h1: np.ndarray, h2: np.ndarray, params: Params) -> np.ndarray:
    """Energy of each row-wise configuration (v, h1, h2) of a two-hidden-layer DBM."""
    return -(np.sum((v @ params["W1"]) * h1, axis=1) + np.sum((h1 @ params["W2"]) * h2, axis=1)
             + v @ params["b"] + h1 @ params["c1"] + h2 @ params["c2"])


def middle_layer_probabilities(v: np.ndarray, h2: np.ndarray, params: Params) -> np.ndarray:
    """p(h1 = 1 | v, h2): bottom-up input from v plus top-down input from h2."""
    return sigmoid(v @ params["W1"] + h2 @ params["W2"].T + params["c1"])


def all_states(params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every joint configuration, as matching rows of v, h1 and h2."""
    sizes = [len(params["b"]), len(params["c1"]), len(params["c2"])]
    states = all_binary_vectors(sum(sizes))
    return states[:, :sizes[0]], states[:, sizes[0]:sizes[0] + sizes[1]], states[:, sizes[0] + sizes[1]:]


def state_index(v: np.ndarray) -> np.ndarray:
    """The integer whose binary digits are the row v (first unit = most significant bit)."""
    return (v @ (2 ** np.arange(v.shape[1] - 1, -1, -1))).astype(int)


def log_likelihood_gradient(data: np.ndarray, params: Params) -> tuple[float, Params]:
    """Exact mean log p(v) and its gradient: <stats>_data with h ~ p(h | v), minus <stats>_model, all enumerated."""
    v, h1, h2 = all_states(params)
    neg_energy = -dbm_energy(v, h1, h2, params)
    joint = np.exp(neg_energy - neg_energy.max())
    joint /= joint.sum()
    v_index, data_index = state_index(v), state_index(data)
    p_v = np.bincount(v_index, weights=joint)
    data_weight = np.bincount(data_index, minlength=len(p_v)) / len(data)
    posterior_weight = joint * (data_weight / p_v)[v_index]  # p_data(v) p(h | v) for each joint row
    log_likelihood = float(np.mean(np.log(p_v[data_index])))
    grads = {}
    for name, weights in (("data", posterior_weight), ("model", joint)):
        grads[name] = {"W1": (v * weights[:, None]).T @ h1, "W2": (h1 * weights[:, None]).T @ h2,
                       "b": weights @ v, "c1": weights @ h1, "c2": weights @ h2}
    return log_likelihood, {key: grads["data"][key] - grads["model"][key] for key in params}


def gibbs_sample_visible(params: Params, n_chains: int, steps: int, rng: np.random.Generator) -> np.ndarray:
    """Block Gibbs sampling: h1 given (v, h2), then v and h2 given h1 (each block is conditionally independent)."""
    v = (rng.random((n_chains, len(params["b"]))) < 0.5).astype(np.float64)
    h2 = (rng.random((n_chains, len(params["c2"]))) < 0.5).astype(np.float64)
    for _ in range(steps):
        h1 = (rng.random((n_chains, len(params["c1"]))) < middle_layer_probabilities(v, h2, params)).astype(np.float64)
        v = (rng.random(v.shape) < sigmoid(h1 @ params["W1"].T + params["b"])).astype(np.float64)
        h2 = (rng.random(h2.shape) < sigmoid(h1 @ params["W2"] + params["c2"])).astype(np.float64)
    return v


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(size=(4, 3)), "W2": rng.normal(size=(3, 2)),
              "b": rng.normal(size=4), "c1": rng.normal(size=3), "c2": rng.normal(size=2)}
    v, h1, h2 = all_states(params)
    joint = np.exp(-dbm_energy(v, h1, h2, params))
    joint /= joint.sum()

    # The middle layer's conditional, read off the enumerated joint, matches the two-sided sigmoid.
    for v_state in all_binary_vectors(4)[::5]:
        for h2_state in all_binary_vectors(2):
            rows = np.all(v == v_state, axis=1) & np.all(h2 == h2_state, axis=1)
            from_table = joint[rows] @ h1[rows] / joint[rows].sum()
            assert np.allclose(from_table, middle_layer_probabilities(v_state[None], h2_state[None], params))
    print("p(h1 | v, h2) from the 512-state table matches sigmoid(bottom-up + top-down input)")

    # Layer-wise block Gibbs sampling reproduces the Boltzmann marginal p(v) from enumeration.
    exact_p_v = np.bincount(state_index(v), weights=joint)
    samples = gibbs_sample_visible(params, n_chains=20_000, steps=50, rng=rng)
    sampled_p_v = np.bincount(state_index(samples), minlength=16) / len(samples)
    total_variation = 0.5 * np.abs(sampled_p_v - exact_p_v).sum()
    print(f"Gibbs samples vs enumerated p(v): total variation distance {total_variation:.4f}")
    assert total_variation < 0.03

    # The likelihood gradient (data minus model statistics) agrees with finite differences of log p(v).
    data = noisy_patterns(np.array([[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]]), 200, 0.05, rng)
    _, grads = log_likelihood_gradient(data, params)
    worst = max(relative_error(grads[name], numerical_gradient(
        lambda value, name=name: log_likelihood_gradient(data, {**params, name: value})[0], params[name]))
        for name in params)
    print(f"log-likelihood gradient vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    # Maximum likelihood on two planted patterns gives them the lowest free energy of all 16 visible states.
    params = {name: 0.01 * rng.normal(size=value.shape) for name, value in params.items()}
    start = log_likelihood_gradient(data, params)[0]
    for _ in range(300):
        log_likelihood, grads = log_likelihood_gradient(data, params)
        params = {name: params[name] + 0.2 * grads[name] for name in params}
    v, h1, h2 = all_states(params)
    free_energy = -np.log(np.bincount(state_index(v), weights=np.exp(-dbm_energy(v, h1, h2, params))))
    lowest = np.argsort(free_energy)[:2]
    print(f"log-likelihood {start:.3f} -> {log_likelihood:.3f}; lowest free-energy visible states: "
          f"{[format(i, '04b') for i in lowest]}")
    assert log_likelihood > start + 1.0
    assert set(lowest) == {0b1100, 0b0011}
    print("dbm: all checks passed")

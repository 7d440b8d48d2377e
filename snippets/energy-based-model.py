"""An energy-based model over 5 binary variables: probability from energy, and learning by shaping the energy.

p(x) = exp(-E(x) / T) / Z. Here E(x) = -theta . phi(x) with features phi(x) = (x_i, x_i x_j for i < j), a
fully visible Boltzmann machine. The negative log-likelihood gradient is E_data[dE/dtheta] - E_model[dE/dtheta]:
push the energy of the data down and the energy of the model's own favourites up. With 32 states the
partition function Z can be summed exactly.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import all_binary_vectors, noisy_patterns


def pairwise_features(x: np.ndarray) -> np.ndarray:
    """phi(x) for each row of binary x: the units, then every product x_i x_j with i < j."""
    i, j = np.triu_indices(x.shape[1], k=1)
    return np.concatenate([x, x[:, i] * x[:, j]], axis=1)


def energy(x: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """E(x) = -theta . phi(x) for each row of x."""
    return -pairwise_features(x) @ theta


def boltzmann_probabilities(energies: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """exp(-E / T) / Z over a list of states that covers the whole space."""
    logits = -energies / temperature
    weights = np.exp(logits - logits.max())
    return weights / weights.sum()


def nll_and_gradient(data: np.ndarray, theta: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood of the rows of `data` and its gradient <dE/dtheta>_data - <dE/dtheta>_model."""
    states = all_binary_vectors(data.shape[1])
    state_energies = energy(states, theta)
    log_partition = -state_energies.min() + np.log(np.sum(np.exp(-(state_energies - state_energies.min()))))
    nll = float(np.mean(energy(data, theta)) + log_partition)
    model_features = boltzmann_probabilities(state_energies) @ pairwise_features(states)
    return nll, -pairwise_features(data).mean(axis=0) + model_features


def metropolis_samples(theta: np.ndarray, n_units: int, n_chains: int, sweeps: int,
                       rng: np.random.Generator) -> np.ndarray:
    """Single-site Metropolis sampling: it only ever compares energies, never computes Z."""
    x = (rng.random((n_chains, n_units)) < 0.5).astype(np.float64)
    current = energy(x, theta)
    for _ in range(sweeps):
        for unit in range(n_units):
            proposal = x.copy()
            proposal[:, unit] = 1.0 - proposal[:, unit]
            proposed = energy(proposal, theta)
            accept = rng.random(n_chains) < np.exp(current - proposed)
            x[accept], current[accept] = proposal[accept], proposed[accept]
    return x


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_units = 5
    states = all_binary_vectors(n_units)
    theta = rng.normal(size=n_units + n_units * (n_units - 1) // 2)

    # Boltzmann probabilities from enumeration match the long-run frequencies of a sampler that never sees Z.
    exact = boltzmann_probabilities(energy(states, theta))
    samples = metropolis_samples(theta, n_units, n_chains=15_000, sweeps=10, rng=rng)
    frequencies = np.bincount((samples @ 2 ** np.arange(n_units - 1, -1, -1)).astype(int), minlength=32) / 15_000
    total_variation = 0.5 * np.abs(frequencies - exact).sum()
    print(f"Metropolis frequencies vs exp(-E)/Z: total variation distance {total_variation:.4f}")
    assert total_variation < 0.03

    # Temperature limits: T -> 0 picks the lowest-energy state, T -> infinity is uniform.
    assert np.isclose(boltzmann_probabilities(energy(states, theta), 1e-3)[np.argmin(energy(states, theta))], 1.0)
    assert np.allclose(boltzmann_probabilities(energy(states, theta), 1e6), 1.0 / 32, atol=1e-6)

    # The learning gradient agrees with finite differences of the exact negative log-likelihood.
    data = noisy_patterns(np.array([[1.0, 1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0, 1.0]]), 500, 0.15, rng)
    _, gradient = nll_and_gradient(data, theta)
    error = relative_error(gradient, numerical_gradient(lambda t: nll_and_gradient(data, t)[0], theta))
    print(f"NLL gradient vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    # Gradient descent shapes the energy: at the optimum the model's feature averages equal the data's ...
    theta = np.zeros_like(theta)
    for _ in range(1000):
        _, gradient = nll_and_gradient(data, theta)
        theta -= 1.0 * gradient
    assert np.abs(gradient).max() < 1e-4
    # ... and the planted patterns sit at the bottom of the energy landscape.
    state_energies = energy(states, theta)
    planted = [28, 7]  # 11100 and 00111 as integers
    print(f"energy of the planted patterns {state_energies[planted].round(2)}; "
          f"median energy of all 32 states {np.median(state_energies):.2f}")
    assert set(np.argsort(state_energies)[:2]) == set(planted)
    print("energy-based model: all checks passed")

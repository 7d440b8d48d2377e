"""Markov chain Monte Carlo with the Metropolis-Hastings rule: a chain whose stationary law is the target pi.

From state x, propose y ~ q(y | x) and accept it with probability
    a(x -> y) = min(1, pi(y) q(x | y) / (pi(x) q(y | x))),    otherwise stay at x.
Only ratios of pi appear, so pi may be unnormalised. The rule makes the kernel satisfy detailed balance,
pi(x) P(x -> y) = pi(y) P(y -> x), hence pi is stationary; the q-ratio (Hastings' term) corrects asymmetric proposals.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def acceptance_probability(log_target_x: np.ndarray | float, log_target_y: np.ndarray | float,
                           log_q_x_given_y: np.ndarray | float = 0.0,
                           log_q_y_given_x: np.ndarray | float = 0.0) -> np.ndarray | float:
    """Metropolis-Hastings acceptance min(1, pi(y) q(x|y) / (pi(x) q(y|x))), from logarithms."""
    return np.exp(np.minimum(0.0, log_target_y + log_q_x_given_y - log_target_x - log_q_y_given_x))


def metropolis_hastings(log_target: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, n_steps: int,
                        step_size: float, rng: np.random.Generator) -> np.ndarray:
    """Random-walk Metropolis-Hastings run on many independent chains at once (one per entry of x0).

    Returns the states, shaped (n_steps, chains). The Gaussian proposal is symmetric, so its q-ratio is 1.
    """
    x, path = np.array(x0, dtype=float), []
    for _ in range(n_steps):
        y = x + step_size * rng.normal(size=x.shape)
        accept = rng.uniform(size=x.shape) < acceptance_probability(log_target(x), log_target(y))
        x = np.where(accept, y, x)
        path.append(x)
    return np.array(path)


def mh_transition_matrix(target: np.ndarray, proposal: np.ndarray) -> np.ndarray:
    """The Metropolis-Hastings kernel on a finite grid: proposal[i, j] = q(j | i), target[i] = pi(i) up to a constant."""
    log_t, log_q = np.log(target), np.log(proposal)
    kernel = proposal * acceptance_probability(log_t[:, None], log_t[None, :], log_q.T, log_q)
    np.fill_diagonal(kernel, 0.0)
    np.fill_diagonal(kernel, 1.0 - kernel.sum(axis=1))
    return kernel


def two_bump_log_density(x: np.ndarray) -> np.ndarray:
    """Unnormalised log density of 0.3 N(-2, 0.6^2) + 0.7 N(1.5, 1)."""
    return np.log(0.3 / 0.6 * np.exp(-0.5 * ((x + 2) / 0.6) ** 2) + 0.7 * np.exp(-0.5 * (x - 1.5) ** 2))


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # 1. Sample the two-bump target with 2000 chains of 300 steps and keep the last 200 steps.
    samples = metropolis_hastings(two_bump_log_density, rng.normal(size=2000), 300, 2.0, rng)[100:].ravel()
    edges = np.linspace(-5, 5, 41)
    counts, _ = np.histogram(samples, bins=edges)
    centres, width = (edges[:-1] + edges[1:]) / 2, edges[1] - edges[0]
    fine = np.linspace(-8, 8, 16001)                      # normalise the density numerically
    norm = np.sum(np.exp(two_bump_log_density(fine))) * (fine[1] - fine[0])
    density = np.exp(two_bump_log_density(centres)) / norm
    empirical = counts / (len(samples) * width)
    total_variation = 0.5 * np.sum(np.abs(empirical - density)) * width
    print(f"histogram vs true density: total variation {total_variation:.4f}, sample mean {samples.mean():.3f} "
          f"(true {0.3 * -2 + 0.7 * 1.5:.3f})")
    assert total_variation < 0.03 and abs(samples.mean() - 0.45) < 0.05

    # 2. On a grid, with a lopsided (asymmetric) proposal, the kernel obeys detailed balance and keeps pi fixed.
    states = np.arange(12)
    target = np.exp(-0.5 * ((states - 4.0) / 2.0) ** 2) + 0.5 * np.exp(-0.5 * (states - 9.0) ** 2)
    proposal = np.exp(-0.5 * (states[None, :] - states[:, None] - 0.8) ** 2)    # drifts to the right
    proposal /= proposal.sum(axis=1, keepdims=True)
    kernel = mh_transition_matrix(target, proposal)
    pi = target / target.sum()
    flow = pi[:, None] * kernel
    assert np.all(kernel >= 0) and np.allclose(kernel.sum(axis=1), 1)
    assert np.allclose(flow, flow.T, atol=1e-14)              # pi_i P_ij = pi_j P_ji for every pair
    assert np.allclose(pi @ kernel, pi)                       # so pi is stationary
    assert np.allclose(np.linalg.matrix_power(kernel, 10000)[0], pi, atol=1e-8)   # and the chain converges to it
    # Without Hastings' correction the drifting proposal would pull the stationary law to the right.
    naive = proposal * np.minimum(1.0, target[None, :] / target[:, None])
    np.fill_diagonal(naive, 0.0)
    np.fill_diagonal(naive, 1.0 - naive.sum(axis=1))
    naive_stationary = np.linalg.matrix_power(naive, 10000)[0]
    assert np.abs(naive_stationary - pi).sum() > 0.1
    print(f"grid: max detailed-balance violation {np.abs(flow - flow.T).max():.1e}; without the q-ratio the mean "
          f"shifts from {pi @ states:.2f} to {naive_stationary @ states:.2f}")
    print("mcmc: all checks passed")

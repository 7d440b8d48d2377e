"""Gibbs sampling: update one variable at a time by drawing it from its conditional given all the others.

For a standard bivariate Gaussian with correlation rho the conditionals are one-dimensional Gaussians,
    x | y ~ N(rho y, 1 - rho^2),    y | x ~ N(rho x, 1 - rho^2),
so a sweep alternates two exact draws. Each draw is a Metropolis-Hastings move whose acceptance is always 1,
and the chain's stationary law is the joint distribution: the samples recover rho.
"""

from __future__ import annotations

import numpy as np


def gaussian_conditional(rho: float, other: np.ndarray | float) -> tuple[np.ndarray | float, float]:
    """Mean and standard deviation of one coordinate of a standard bivariate normal given the other."""
    return rho * other, float(np.sqrt(1 - rho**2))


def gibbs_bivariate_gaussian(rho: float, n_sweeps: int, n_chains: int, rng: np.random.Generator,
                             start: float = 5.0) -> np.ndarray:
    """Systematic-scan Gibbs sampling of N(0, [[1, rho], [rho, 1]]); returns states shaped (n_sweeps, n_chains, 2)."""
    x, y = np.full(n_chains, start), np.full(n_chains, -start)
    path = []
    for _ in range(n_sweeps):
        mean, sd = gaussian_conditional(rho, y)
        x = mean + sd * rng.normal(size=n_chains)
        mean, sd = gaussian_conditional(rho, x)
        y = mean + sd * rng.normal(size=n_chains)
        path.append(np.stack([x, y], axis=-1))
    return np.array(path)


def log_joint(point: np.ndarray, rho: float) -> np.ndarray:
    """Unnormalised log density of the standard bivariate normal with correlation rho."""
    x, y = point[..., 0], point[..., 1]
    return -(x**2 - 2 * rho * x * y + y**2) / (2 * (1 - rho**2))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    for rho in (0.8, -0.5, 0.0):
        states = gibbs_bivariate_gaussian(rho, 60, 2000, rng)[20:].reshape(-1, 2)   # drop 20 burn-in sweeps
        correlation = np.corrcoef(states.T)[0, 1]
        print(f"rho = {rho:+.1f}: sample correlation {correlation:+.4f}, means {states.mean(axis=0).round(3)}, "
              f"variances {states.var(axis=0).round(3)}")
        assert abs(correlation - rho) < 0.02
        assert np.allclose(states.mean(axis=0), 0, atol=0.03) and np.allclose(states.var(axis=0), 1, atol=0.04)

    # Independent check of the conditional: p(x | y) is proportional to the joint along the line of fixed y, so
    # normalising the joint on a fine x-grid must give the N(rho y, 1 - rho^2) density.
    rho, y = 0.8, 1.3
    grid = np.linspace(-6, 6, 24001)
    along = np.exp(log_joint(np.stack([grid, np.full_like(grid, y)], axis=-1), rho))
    along /= along.sum() * (grid[1] - grid[0])
    mean, sd = gaussian_conditional(rho, y)
    normal = np.exp(-0.5 * ((grid - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi))
    assert np.allclose(along, normal, atol=1e-8)
    print("gibbs-sampling: all checks passed")

"""Probabilistic matrix factorization (Salakhutdinov and Mnih 2007): MF as a Gaussian model.

Observed ratings are noisy dot products, R_ij ~ N(U_i . V_j, sigma^2), with zero-mean spherical Gaussian
priors U_i ~ N(0, sigma_U^2 I), V_j ~ N(0, sigma_V^2 I). The log-posterior is
    ln p(U, V | R) = -1/(2 sigma^2) sum_ij I_ij (R_ij - U_i . V_j)^2 - 1/(2 sigma_U^2) sum_i |U_i|^2
                     - 1/(2 sigma_V^2) sum_j |V_j|^2 + const,
so maximising it (MAP) is minimising the L2-regularised squared error
    E = 1/2 sum_ij I_ij (R_ij - U_i . V_j)^2 + lam_U/2 sum |U_i|^2 + lam_V/2 sum |V_j|^2,
    lam_U = sigma^2 / sigma_U^2,  lam_V = sigma^2 / sigma_V^2.
"""

from __future__ import annotations

import numpy as np


def gaussian_log_pdf(x: np.ndarray, mean: np.ndarray | float, std: float) -> np.ndarray:
    """Elementwise log N(x; mean, std^2), normalising constant included."""
    return -0.5 * np.log(2 * np.pi * std**2) - (x - mean) ** 2 / (2 * std**2)


def log_joint(U: np.ndarray, V: np.ndarray, R: np.ndarray, mask: np.ndarray, sigma: float, sigma_u: float,
              sigma_v: float) -> float:
    """ln p(R_observed | U, V) + ln p(U) + ln p(V): the log-posterior up to the constant ln p(R)."""
    likelihood = gaussian_log_pdf(R, U @ V.T, sigma)[mask].sum()
    return float(likelihood + gaussian_log_pdf(U, 0.0, sigma_u).sum() + gaussian_log_pdf(V, 0.0, sigma_v).sum())


def pmf_objective(U: np.ndarray, V: np.ndarray, R: np.ndarray, mask: np.ndarray, lam_u: float,
                  lam_v: float) -> tuple[float, np.ndarray, np.ndarray]:
    """E(U, V) = 1/2 sum_obs (R - U V^T)^2 + lam_u/2 |U|^2 + lam_v/2 |V|^2, with its gradients dE/dU, dE/dV."""
    residual = np.where(mask, R - U @ V.T, 0.0)
    loss = 0.5 * (residual**2).sum() + 0.5 * lam_u * (U**2).sum() + 0.5 * lam_v * (V**2).sum()
    return float(loss), -residual @ V + lam_u * U, -residual.T @ U + lam_v * V


def fit_map(R: np.ndarray, mask: np.ndarray, rank: int, lam_u: float, lam_v: float, steps: int = 3000,
            lr: float = 0.02, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The MAP estimate by full-batch gradient descent on E."""
    rng = np.random.default_rng(seed)
    U, V = rng.normal(scale=0.1, size=(R.shape[0], rank)), rng.normal(scale=0.1, size=(R.shape[1], rank))
    for _ in range(steps):
        _, gU, gV = pmf_objective(U, V, R, mask, lam_u, lam_v)
        U, V = U - lr * gU, V - lr * gV
    return U, V


if __name__ == "__main__":
    from _check import numerical_gradient

    rng = np.random.default_rng(0)
    n, m, rank, sigma, sigma_u, sigma_v = 12, 10, 2, 0.5, 1.0, 2.0
    R = rng.normal(size=(n, rank)) @ rng.normal(size=(rank, m)) + rng.normal(scale=sigma, size=(n, m))
    mask = rng.random((n, m)) < 0.6
    lam_u, lam_v = sigma**2 / sigma_u**2, sigma**2 / sigma_v**2

    # The equivalence: -sigma^2 ln p(U, V, R) = E(U, V) + a constant that does not depend on U and V.
    # The log joint is built from normalised Gaussian densities (prior and likelihood written separately).
    gaps = []
    for seed in range(4):
        g = np.random.default_rng(100 + seed)
        U, V = g.normal(size=(n, rank)), g.normal(size=(m, rank))
        gaps.append(-sigma**2 * log_joint(U, V, R, mask, sigma, sigma_u, sigma_v) - pmf_objective(U, V, R, mask, lam_u, lam_v)[0])
    assert np.allclose(gaps, gaps[0])
    # With the wrong ratio (lam_U = sigma_U^2 / sigma^2) the gap would vary.
    wrong = [(-sigma**2 * log_joint(U, V, R, mask, sigma, sigma_u, sigma_v)
              - pmf_objective(U, V, R, mask, sigma_u**2 / sigma**2, lam_v)[0]) for U, V in
             [(np.ones((n, rank)), np.ones((m, rank))), (2 * np.ones((n, rank)), np.ones((m, rank)))]]
    assert not np.isclose(wrong[0], wrong[1])

    # Hand-derived gradients of E against finite differences.
    U, V = rng.normal(size=(n, rank)), rng.normal(size=(m, rank))
    _, gU, gV = pmf_objective(U, V, R, mask, lam_u, lam_v)
    assert np.allclose(gU, numerical_gradient(lambda X: pmf_objective(X, V, R, mask, lam_u, lam_v)[0], U), atol=1e-5)
    assert np.allclose(gV, numerical_gradient(lambda X: pmf_objective(U, X, R, mask, lam_u, lam_v)[0], V), atol=1e-5)

    # Minimising E finds a stationary point of the log-posterior itself (its numerical gradient vanishes).
    U_map, V_map = fit_map(R, mask, rank, lam_u, lam_v)
    grad_posterior = numerical_gradient(lambda X: log_joint(X, V_map, R, mask, sigma, sigma_u, sigma_v), U_map)
    print(f"lam_U = {lam_u}, lam_V = {lam_v}; |d ln p / dU| at the MAP of E: {np.abs(grad_posterior).max():.2e}")
    assert np.abs(grad_posterior).max() < 1e-4
    print("probabilistic-matrix-factorization: all checks passed")

"""Neural scaling laws (Kaplan et al., 2020): test loss falls as a power law in model size, data and compute.

    L(N) = (N_c / N)^alpha_N,   alpha_N ~ 0.076, N_c ~ 8.8e13 non-embedding parameters
    L(D) = (D_c / D)^alpha_D,   alpha_D ~ 0.095, D_c ~ 5.4e13 tokens
    L(N, D) = [(N_c / N)^(alpha_N / alpha_D) + D_c / D]^alpha_D
A power law is a straight line in log-log space, log L = alpha log N_c - alpha log N, so ordinary least
squares on the logs recovers the exponent.
"""

from __future__ import annotations

import numpy as np

ALPHA_N, N_C = 0.076, 8.8e13
ALPHA_D, D_C = 0.095, 5.4e13


def power_law_loss(n: np.ndarray | float, n_c: float = N_C, alpha: float = ALPHA_N) -> np.ndarray | float:
    """L(N) = (N_c / N)^alpha."""
    return (n_c / n) ** alpha


def joint_loss(n: np.ndarray | float, d: np.ndarray | float) -> np.ndarray | float:
    """Kaplan et al.'s L(N, D) with the paper's constants."""
    return ((N_C / n) ** (ALPHA_N / ALPHA_D) + D_C / d) ** ALPHA_D


def fit_power_law(sizes: np.ndarray, losses: np.ndarray) -> tuple[float, float]:
    """Least-squares fit of log L = alpha log N_c - alpha log N; returns (alpha, N_c)."""
    design = np.column_stack([np.ones_like(sizes, dtype=float), np.log(sizes)])
    (intercept, slope), *_ = np.linalg.lstsq(design, np.log(losses), rcond=None)
    alpha = -slope
    return float(alpha), float(np.exp(intercept / alpha))


def power_law_fit() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Loss against model size: noisy points from L(N) = (N_c / N)^0.076 and the power law fitted to them."""
    rng = np.random.default_rng(0)
    sizes = np.logspace(6, 10, 15)
    noisy = np.asarray(power_law_loss(sizes)) * np.exp(rng.normal(scale=0.02, size=len(sizes)))
    alpha, n_c = fit_power_law(sizes, noisy)
    grid = np.logspace(6, 10, 100)
    fitted = np.asarray(power_law_loss(grid, n_c, alpha))
    return {"measured (2% noise)": (sizes, noisy), f"fit, alpha = {alpha:.3f}": (grid, fitted)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    sizes = np.logspace(6, 10, 15)
    clean = np.asarray(power_law_loss(sizes))
    print("L(N) for N = 1e6 ... 1e10:", np.round(clean[::7], 3))

    # Noise-free data: the fit is exact.
    alpha, n_c = fit_power_law(sizes, clean)
    assert np.isclose(alpha, ALPHA_N, rtol=1e-10) and np.isclose(n_c, N_C, rtol=1e-6)

    # Noisy data (2% multiplicative noise): the exponent is still recovered closely.
    noisy = clean * np.exp(rng.normal(scale=0.02, size=len(sizes)))
    alpha, n_c = fit_power_law(sizes, noisy)
    print(f"fit on noisy data: alpha = {alpha:.4f} (true {ALPHA_N}), N_c = {n_c:.2e}")
    assert abs(alpha - ALPHA_N) < 0.01

    # An independent estimate: brute-force search over alpha, with the best log N_c in closed form for each.
    log_n, log_l = np.log(sizes), np.log(noisy)
    grid = np.linspace(0.0, 0.2, 20001)
    residuals = [np.sum((log_l + a * log_n - np.mean(log_l + a * log_n)) ** 2) for a in grid]
    assert abs(grid[int(np.argmin(residuals))] - alpha) < 2e-5

    # Each tenfold increase of N multiplies the loss by 10^-alpha, whatever N is.
    assert np.allclose(power_law_loss(10 * sizes) / power_law_loss(sizes), 10 ** -ALPHA_N)
    # The joint law reduces to L(N) with unlimited data and to L(D) with an unlimited model.
    assert np.isclose(joint_loss(1e9, 1e30), power_law_loss(1e9), rtol=1e-6)
    assert np.isclose(joint_loss(1e40, 1e10), power_law_loss(1e10, D_C, ALPHA_D), rtol=1e-6)
    print("scaling-laws: all checks passed")

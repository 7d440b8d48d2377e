"""The variational autoencoder's objective, checked on a linear-Gaussian model where everything is exact.

Model: p(z) = N(0, I), p(x | z) = N(W z + b, s^2 I). Encoder output: q(z | x) = N(mu, diag(exp(log_var))).
The ELBO  E_q[log p(x | z)] - KL(q || p(z))  is estimated with the reparameterisation z = mu + sigma * eps,
which makes the Monte Carlo estimate a differentiable function of (mu, log_var). Here the exact log-likelihood
and the exact posterior are known in closed form, so the bound and its tightness can be checked directly.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def kl_to_standard_normal(mu: np.ndarray, log_var: np.ndarray) -> float:
    """KL( N(mu, diag(exp(log_var))) || N(0, I) ) in closed form."""
    return float(0.5 * np.sum(np.exp(log_var) + mu**2 - 1.0 - log_var))


def reparameterized_elbo(x: np.ndarray, mu: np.ndarray, log_var: np.ndarray, eps: np.ndarray, W: np.ndarray,
                         b: np.ndarray, noise_var: float) -> tuple[float, np.ndarray, np.ndarray]:
    """Monte Carlo ELBO using z = mu + exp(log_var / 2) * eps for each row of eps (S, k), and its gradients.

    Returns (elbo, d elbo / d mu, d elbo / d log_var); the KL term to the prior is exact.
    """
    std = np.exp(0.5 * log_var)
    z = mu + std * eps
    residual = x - z @ W.T - b
    log_likelihood = -0.5 * (x.size * np.log(2 * np.pi * noise_var) + np.sum(residual**2, axis=1) / noise_var)
    elbo = float(np.mean(log_likelihood) - kl_to_standard_normal(mu, log_var))
    grad_z = residual @ W / noise_var  # d log p(x | z) / d z, one row per sample
    grad_mu = grad_z.mean(axis=0) - mu
    grad_log_var = (grad_z * eps).mean(axis=0) * 0.5 * std - 0.5 * (np.exp(log_var) - 1.0)
    return elbo, grad_mu, grad_log_var


def expected_elbo(x: np.ndarray, mu: np.ndarray, log_var: np.ndarray, W: np.ndarray, b: np.ndarray,
                  noise_var: float) -> float:
    """The ELBO with the expectation over q done analytically (possible because the decoder is linear)."""
    expected_sq_error = np.sum((x - W @ mu - b) ** 2) + np.sum(np.exp(log_var) * np.sum(W**2, axis=0))
    expected_log_lik = -0.5 * (x.size * np.log(2 * np.pi * noise_var) + expected_sq_error / noise_var)
    return float(expected_log_lik - kl_to_standard_normal(mu, log_var))


def log_marginal_likelihood(x: np.ndarray, W: np.ndarray, b: np.ndarray, noise_var: float) -> float:
    """Exact log p(x): integrating z out gives x ~ N(b, W W^T + s^2 I)."""
    covariance = W @ W.T + noise_var * np.eye(x.size)
    diff = x - b
    _, log_det = np.linalg.slogdet(covariance)
    return float(-0.5 * (x.size * np.log(2 * np.pi) + log_det + diff @ np.linalg.solve(covariance, diff)))


def gaussian_kl(mean_q: np.ndarray, cov_q: np.ndarray, mean_p: np.ndarray, cov_p: np.ndarray) -> float:
    """KL( N(mean_q, cov_q) || N(mean_p, cov_p) ) for full covariance matrices."""
    cov_p_inv = np.linalg.inv(cov_p)
    diff = mean_p - mean_q
    return float(0.5 * (np.trace(cov_p_inv @ cov_q) + diff @ cov_p_inv @ diff - mean_q.size
                        + np.linalg.slogdet(cov_p)[1] - np.linalg.slogdet(cov_q)[1]))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d, k, noise_var = 5, 2, 0.5
    W = np.linalg.qr(rng.normal(size=(d, k)))[0] * np.array([2.0, 1.0])  # orthogonal columns: diagonal posterior
    b = rng.normal(size=d)
    x = W @ rng.normal(size=k) + b + np.sqrt(noise_var) * rng.normal(size=d)
    log_px = log_marginal_likelihood(x, W, b, noise_var)

    # The exact posterior p(z | x) is Gaussian: covariance (I + W^T W / s^2)^-1.
    post_cov = np.linalg.inv(np.eye(k) + W.T @ W / noise_var)
    post_mean = post_cov @ W.T @ (x - b) / noise_var
    assert np.allclose(post_cov, np.diag(np.diag(post_cov)))

    # Bound: log p(x) - ELBO(q) = KL(q || p(z | x)) >= 0, and the bound is tight at the true posterior.
    for _ in range(5):
        mu, log_var = rng.normal(size=k), rng.normal(size=k)
        gap = log_px - expected_elbo(x, mu, log_var, W, b, noise_var)
        assert gap > 0
        assert np.isclose(gap, gaussian_kl(mu, np.diag(np.exp(log_var)), post_mean, post_cov), atol=1e-10)
    tight = expected_elbo(x, post_mean, np.log(np.diag(post_cov)), W, b, noise_var)
    print(f"log p(x) = {log_px:.6f}; ELBO at the true posterior = {tight:.6f}; at a random q = {log_px - gap:.6f}")
    assert abs(tight - log_px) < 1e-10

    # The reparameterised gradient of a fixed-eps estimate agrees with finite differences of that estimate.
    mu, log_var = rng.normal(size=k), rng.normal(size=k)
    eps = rng.normal(size=(3, k))
    _, grad_mu, grad_log_var = reparameterized_elbo(x, mu, log_var, eps, W, b, noise_var)
    assert relative_error(grad_mu, numerical_gradient(
        lambda m: reparameterized_elbo(x, m, log_var, eps, W, b, noise_var)[0], mu)) < 1e-6
    assert relative_error(grad_log_var, numerical_gradient(
        lambda v: reparameterized_elbo(x, mu, v, eps, W, b, noise_var)[0], log_var)) < 1e-6

    # Averaged over many eps, estimate and gradient are unbiased for the analytic ELBO and its gradient.
    eps = rng.normal(size=(200_000, k))
    estimate, grad_mu, grad_log_var = reparameterized_elbo(x, mu, log_var, eps, W, b, noise_var)
    exact_grad = np.concatenate([
        numerical_gradient(lambda m: expected_elbo(x, m, log_var, W, b, noise_var), mu),
        numerical_gradient(lambda v: expected_elbo(x, mu, v, W, b, noise_var), log_var)])
    mc_error = relative_error(np.concatenate([grad_mu, grad_log_var]), exact_grad)
    print(f"Monte Carlo ELBO {estimate:.4f} vs analytic {expected_elbo(x, mu, log_var, W, b, noise_var):.4f}; "
          f"gradient relative error {mc_error:.1e}")
    assert np.isclose(estimate, expected_elbo(x, mu, log_var, W, b, noise_var), rtol=1e-2)
    assert mc_error < 1e-2
    print("vae: all checks passed")

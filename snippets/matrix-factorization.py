"""Matrix factorization for rating prediction (the "Funk SVD" of the Netflix Prize; Koren, Bell and Volinsky 2009).

Each user u and item i get a k-dimensional factor vector p_u, q_i, plus biases; the predicted rating is
    r_hat(u, i) = mu + b_u + b_i + q_i . p_u.
The model is fitted to the OBSERVED ratings only (a missing entry is unknown, not zero), with L2 penalties:
    min  sum_{(u,i) observed} (r_ui - r_hat(u, i))^2 + lam (b_u^2 + b_i^2 + |p_u|^2 + |q_i|^2).
Stochastic gradient descent visits one observed rating at a time: with e = r_ui - r_hat,
    b_u += lr (e - lam b_u), b_i += lr (e - lam b_i), p_u += lr (e q_i - lam p_u), q_i += lr (e p_u - lam q_i).
(The constant factor 2 of the gradient is absorbed into the learning rate.)
"""

from __future__ import annotations

import numpy as np


def predict(mu: float, b_user: np.ndarray, b_item: np.ndarray, P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """The full matrix of predicted ratings mu + b_u + b_i + p_u . q_i."""
    return mu + b_user[:, None] + b_item[None, :] + P @ Q.T


def sgd_step(r: float, mu: float, bu: float, bi: float, pu: np.ndarray, qi: np.ndarray, lr: float,
             lam: float) -> tuple[float, float, np.ndarray, np.ndarray]:
    """One SGD update on a single observed rating r; returns the new (b_u, b_i, p_u, q_i)."""
    e = r - (mu + bu + bi + pu @ qi)
    return bu + lr * (e - lam * bu), bi + lr * (e - lam * bi), pu + lr * (e * qi - lam * pu), qi + lr * (e * pu - lam * qi)


def train_mf(observed: list[tuple[int, int, float]], n_users: int, n_items: int, k: int, epochs: int = 60,
             lr: float = 0.02, lam: float = 0.02, seed: int = 0) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fit biased MF by SGD over shuffled observed (user, item, rating) triples; returns (mu, b_u, b_i, P, Q)."""
    rng = np.random.default_rng(seed)
    mu = float(np.mean([r for _, _, r in observed]))
    b_user, b_item = np.zeros(n_users), np.zeros(n_items)
    P, Q = rng.normal(scale=0.1, size=(n_users, k)), rng.normal(scale=0.1, size=(n_items, k))
    for _ in range(epochs):
        for index in rng.permutation(len(observed)):
            u, i, r = observed[index]
            b_user[u], b_item[i], P[u], Q[i] = sgd_step(r, mu, b_user[u], b_item[i], P[u], Q[i], lr, lam)
    return mu, b_user, b_item, P, Q


if __name__ == "__main__":
    from _check import numerical_gradient

    # The SGD step is minus lr/2 times the gradient of that rating's term (e^2 + lam * squared norms),
    # checked by finite differences on the packed parameters (b_u, b_i, p_u, q_i).
    rng = np.random.default_rng(1)
    k, r, mu, lr, lam = 3, 4.0, 3.5, 0.01, 0.1
    theta = rng.normal(size=2 + 2 * k)

    def term(t: np.ndarray) -> float:
        e = r - (mu + t[0] + t[1] + t[2:2 + k] @ t[2 + k:])
        return float(e**2 + lam * (t @ t))

    bu, bi, pu, qi = sgd_step(r, mu, theta[0], theta[1], theta[2:2 + k], theta[2 + k:], lr, lam)
    step = np.concatenate([[bu, bi], pu, qi]) - theta
    assert np.allclose(step, -lr / 2 * numerical_gradient(term, theta), atol=1e-8)

    # Recovery of a planted low-rank matrix: rank-2 factors plus biases plus small noise, half of the entries seen.
    n_users, n_items, rank, noise = 40, 30, 2, 0.1
    truth = (3.0 + rng.normal(scale=0.5, size=(n_users, 1)) + rng.normal(scale=0.5, size=(1, n_items))
             + rng.normal(size=(n_users, rank)) @ rng.normal(size=(rank, n_items)))
    seen = rng.random((n_users, n_items)) < 0.5
    noisy = truth + rng.normal(scale=noise, size=truth.shape)
    observed = [(u, i, noisy[u, i]) for u, i in zip(*np.nonzero(seen))]
    mu, b_user, b_item, P, Q = train_mf(observed, n_users, n_items, k=rank)
    test_rmse = float(np.sqrt(np.mean((predict(mu, b_user, b_item, P, Q) - truth)[~seen] ** 2)))
    # Baseline: the best any bias-only model can do is about the std of the planted low-rank part (~1.4).
    baseline = float(np.sqrt(np.mean((truth - truth.mean(axis=1, keepdims=True) - truth.mean(axis=0) + truth.mean())[~seen] ** 2)))
    print(f"RMSE on the {np.sum(~seen)} unseen entries: {test_rmse:.3f} (biases only: {baseline:.3f}, noise {noise})")
    assert test_rmse < 0.3 and test_rmse < baseline / 4
    print("matrix-factorization: all checks passed")

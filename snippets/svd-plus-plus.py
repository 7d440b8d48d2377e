"""SVD++ (Koren 2008): biased matrix factorization whose user vector is augmented by implicit feedback.

Besides the explicit ratings we often know WHICH items a user interacted with (rated, rented, viewed), N(u).
Each item j carries a second factor vector y_j, and the user is represented by p_u plus the normalised sum
of the y_j of her items:
    r_hat(u, i) = mu + b_u + b_i + q_i . (p_u + |N(u)|^(-1/2) sum_{j in N(u)} y_j).
A user with few ratings but many clicks still gets a personal vector. With every y_j = 0 it is biased MF.
SGD on one rating (e = r - r_hat, implicit sum z = |N(u)|^(-1/2) sum y_j):
    b_u += lr (e - lam b_u),  b_i += lr (e - lam b_i),  p_u += lr (e q_i - lam p_u),
    q_i += lr (e (p_u + z) - lam q_i),  y_j += lr (e |N(u)|^(-1/2) q_i - lam y_j) for j in N(u).
"""

from __future__ import annotations

import numpy as np


def implicit_sum(Y: np.ndarray, items: np.ndarray) -> np.ndarray:
    """|N(u)|^(-1/2) sum_{j in N(u)} y_j for the item ids in `items` (zero vector when N(u) is empty)."""
    return Y[items].sum(axis=0) / np.sqrt(len(items)) if len(items) else np.zeros(Y.shape[1])


def svdpp_predict(mu: float, bu: float, bi: float, pu: np.ndarray, qi: np.ndarray, Y: np.ndarray,
                  items: np.ndarray) -> float:
    """SVD++ prediction mu + b_u + b_i + q_i . (p_u + |N(u)|^(-1/2) sum_{j in N(u)} y_j)."""
    return float(mu + bu + bi + qi @ (pu + implicit_sum(Y, items)))


def svdpp_sgd_step(r: float, mu: float, bu: float, bi: float, pu: np.ndarray, qi: np.ndarray, Y: np.ndarray,
                   items: np.ndarray, lr: float, lam: float) -> tuple[float, float, np.ndarray, np.ndarray, np.ndarray]:
    """One SGD update on the rating r; returns new (b_u, b_i, p_u, q_i, Y)."""
    z = implicit_sum(Y, items)
    e = r - (mu + bu + bi + qi @ (pu + z))
    Y = Y.copy()
    Y[items] += lr * (e * qi / np.sqrt(len(items)) - lam * Y[items])
    return bu + lr * (e - lam * bu), bi + lr * (e - lam * bi), pu + lr * (e * qi - lam * pu), qi + lr * (e * (pu + z) - lam * qi), Y


if __name__ == "__main__":
    from _check import numerical_gradient
    from _entry import load

    mf = load("matrix-factorization")
    rng = np.random.default_rng(0)
    k, n_items = 3, 6
    mu, bu, bi = 3.6, 0.3, -0.2
    pu, qi = rng.normal(size=k), rng.normal(size=k)
    Y = rng.normal(size=(n_items, k))
    items = np.array([0, 2, 5])

    # The implicit term against an explicit loop.
    loop = np.zeros(k)
    for j in items:
        loop += Y[j]
    assert np.allclose(implicit_sum(Y, items), loop / np.sqrt(3))

    # With every y_j = 0, SVD++ is biased MF, whose prediction the matrix-factorization snippet computes.
    zero = np.zeros_like(Y)
    mf_value = mf.predict(mu, np.array([bu]), np.array([bi]), pu[None], qi[None])[0, 0]
    assert np.isclose(svdpp_predict(mu, bu, bi, pu, qi, zero, items), mf_value)
    # ... and so are its SGD updates of the shared parameters (b_u, b_i, p_u, q_i).
    ours = svdpp_sgd_step(4.0, mu, bu, bi, pu, qi, zero, items, 0.05, 0.02)
    theirs = mf.sgd_step(4.0, mu, bu, bi, pu, qi, 0.05, 0.02)
    assert all(np.allclose(a, b) for a, b in zip(ours[:4], theirs))
    print(f"prediction with y = 0: {mf_value:.4f} (biased MF); with the implicit term: "
          f"{svdpp_predict(mu, bu, bi, pu, qi, Y, items):.4f}")

    # The SGD step is -lr/2 times the gradient of e^2 + lam |params|^2 (all of b_u, b_i, p_u, q_i, y_N(u)).
    r, lr, lam = 4.5, 0.01, 0.1

    def unpack(t: np.ndarray) -> tuple[float, float, np.ndarray, np.ndarray, np.ndarray]:
        Yt = Y.copy()
        Yt[items] = t[2 + 2 * k:].reshape(len(items), k)
        return t[0], t[1], t[2:2 + k], t[2 + k:2 + 2 * k], Yt

    def term(t: np.ndarray) -> float:
        b_u, b_i, p, q, Yt = unpack(t)
        e = r - svdpp_predict(mu, b_u, b_i, p, q, Yt, items)
        return float(e**2 + lam * (t @ t))

    theta = np.concatenate([[bu, bi], pu, qi, Y[items].ravel()])
    new = svdpp_sgd_step(r, mu, bu, bi, pu, qi, Y, items, lr, lam)
    step = np.concatenate([[new[0], new[1]], new[2], new[3], new[4][items].ravel()]) - theta
    assert np.allclose(step, -lr / 2 * numerical_gradient(term, theta), atol=1e-8)
    assert np.allclose(np.delete(new[4], items, axis=0), np.delete(Y, items, axis=0))   # other y_j untouched
    print("svd-plus-plus: all checks passed")

"""ChebNet: spectral graph filters that are Chebyshev polynomials of the rescaled Laplacian, with no eigenvectors.

A filter g(Lambda) = sum_{k<K} theta_k T_k(Lambda_tilde), with Lambda_tilde = 2 Lambda / lam_max - I in [-1, 1],
satisfies U g(Lambda) U^T = sum_k theta_k T_k(L_tilde), and the terms x_k = T_k(L_tilde) x follow the recursion
    x_0 = x,    x_1 = L_tilde x,    x_k = 2 L_tilde x_{k-1} - x_{k-2},
so filtering costs K sparse matrix-vector products (O(K |E|)). A polynomial of degree K - 1 in L only mixes nodes
at most K - 1 hops apart: the filter is localised. The recursion runs here on an edge list and on a dense matrix.
"""

from __future__ import annotations

import numpy as np
from _entry import load

spectral = load("spectral-graph-convolution")
adjacency_from_edges, laplacian = spectral.adjacency_from_edges, spectral.laplacian


def rescaled_laplacian(L: np.ndarray, lam_max: float | None = None) -> np.ndarray:
    """L_tilde = 2 L / lam_max - I, whose eigenvalues lie in [-1, 1] (lam_max from the spectrum if not given)."""
    lam_max = np.linalg.eigvalsh(L).max() if lam_max is None else lam_max
    return 2.0 * L / lam_max - np.eye(len(L))


def chebyshev_filter(L_tilde: np.ndarray, x: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """y = sum_k theta_k T_k(L_tilde) x by the three-term recursion (len(theta) = K terms; x: (n,) or (n, c))."""
    previous, current = x, L_tilde @ x
    y = theta[0] * previous + (theta[1] * current if len(theta) > 1 else 0.0)
    for k in range(2, len(theta)):
        previous, current = current, 2.0 * (L_tilde @ current) - previous
        y = y + theta[k] * current
    return y


def chebyshev_filter_edges(edges: np.ndarray, n: int, x: np.ndarray, theta: np.ndarray,
                           lam_max: float = 2.0) -> np.ndarray:
    """The same recursion with the normalised Laplacian applied through an edge list (both directions listed)."""
    degree = np.bincount(edges[:, 0], minlength=n).astype(np.float64)
    scale = 1.0 / np.sqrt(degree[edges[:, 0]] * degree[edges[:, 1]])

    def apply(v: np.ndarray) -> np.ndarray:   # L_tilde v = (2 / lam_max) (v - D^-1/2 A D^-1/2 v) - v
        propagated = np.zeros_like(v)
        np.add.at(propagated, edges[:, 0], scale * v[edges[:, 1]])
        return 2.0 / lam_max * (v - propagated) - v

    previous, current = x, apply(x)
    y = theta[0] * previous + (theta[1] * current if len(theta) > 1 else 0.0)
    for k in range(2, len(theta)):
        previous, current = current, 2.0 * apply(current) - previous
        y = y + theta[k] * current
    return y


def chebnet_layer(L_tilde: np.ndarray, X: np.ndarray, Theta: np.ndarray) -> np.ndarray:
    """Output channel j = sum_i sum_k Theta[k, i, j] T_k(L_tilde) X[:, i]; Theta has K * F_in * F_out parameters."""
    terms = [X, L_tilde @ X]
    for _ in range(2, len(Theta)):
        terms.append(2.0 * L_tilde @ terms[-1] - terms[-2])
    return sum(T @ Theta[k] for k, T in enumerate(terms[: len(Theta)]))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    und = [(0, 1), (1, 2), (2, 3), (3, 0), (1, 3), (3, 4), (4, 5), (5, 6), (6, 4), (6, 7)]
    A = adjacency_from_edges(8, und)
    L = laplacian(A, normalized=True)
    L_tilde = rescaled_laplacian(L)
    x, theta = rng.normal(size=8), rng.normal(size=5)

    # The recursion equals U g(Lambda_tilde) U^T x with T_k(t) = cos(k arccos t), the closed form on [-1, 1].
    lam, U = np.linalg.eigh(L)
    t = np.clip(2 * lam / lam.max() - 1, -1.0, 1.0)
    response = sum(theta[k] * np.cos(k * np.arccos(t)) for k in range(5))
    assert np.allclose(chebyshev_filter(L_tilde, x, theta), U @ (response * (U.T @ x)))
    assert np.allclose(chebyshev_filter(L_tilde, x, theta), spectral.spectral_convolution(L, x, response))

    # Edge-list recursion (sparse, lam_max = 2 as in GCN) equals the dense one.
    edges = np.array(und + [(j, i) for i, j in und])
    dense = chebyshev_filter(rescaled_laplacian(L, 2.0), x, theta)
    assert np.allclose(chebyshev_filter_edges(edges, 8, x, theta), dense)

    # K terms reach exactly K - 1 hops: an impulse at one end of a path spreads K - 1 nodes and no further.
    path = laplacian(adjacency_from_edges(12, [(i, i + 1) for i in range(11)]), normalized=True)
    impulse = np.eye(12)[0]
    for K in (1, 2, 4, 6):
        out = chebyshev_filter(rescaled_laplacian(path), impulse, rng.uniform(0.5, 1.5, size=K))
        support = np.flatnonzero(np.abs(out) > 1e-12)
        print(f"K = {K}: non-zero output on nodes {support.tolist()}")
        assert support.max() == K - 1 and np.all(np.abs(out[K:]) < 1e-12)

    # The multi-channel layer equals a loop over channels of the single-channel filter.
    X, Theta = rng.normal(size=(8, 3)), rng.normal(size=(4, 3, 2))
    loop = np.stack([sum(chebyshev_filter(L_tilde, X[:, i], Theta[:, i, j]) for i in range(3)) for j in range(2)], 1)
    assert np.allclose(chebnet_layer(L_tilde, X, Theta), loop)
    print("chebnet: all checks passed")

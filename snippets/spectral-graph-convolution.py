"""Spectral graph convolution: filter a signal on a graph by scaling its components in the Laplacian's eigenbasis.

The Laplacian L = D - A (or I - D^-1/2 A D^-1/2) is symmetric, L = U diag(lam) U^T. Its eigenvectors play the
role of Fourier modes: the graph Fourier transform of a node signal x is x_hat = U^T x, its inverse is U x_hat,
and eigenvalue lam measures how much the mode varies across edges (its "frequency"). A spectral filter scales
every mode, y = U g(Lambda) U^T x; Bruna et al. learned the diagonal g freely per eigenvalue and channel. On a
ring graph the modes are sines and cosines and the filter is ordinary circular convolution.
"""

from __future__ import annotations

import numpy as np
from _entry import load

adjacency_from_edges = load("graph-embedding").adjacency_from_edges


def laplacian(A: np.ndarray, normalized: bool = False) -> np.ndarray:
    """The combinatorial Laplacian D - A, or the normalised I - D^-1/2 A D^-1/2."""
    degree = A.sum(axis=1)
    if not normalized:
        return np.diag(degree) - A
    d = 1.0 / np.sqrt(degree)
    return np.eye(len(A)) - d[:, None] * A * d[None, :]


def fourier_basis(L: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending "frequencies") and orthonormal eigenvectors (Fourier modes) of a symmetric Laplacian."""
    return np.linalg.eigh(L)


def spectral_convolution(L: np.ndarray, x: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """y = U diag(theta) U^T x: transform, scale the k-th mode by theta[k], transform back (x: (n,) or (n, c))."""
    _, U = fourier_basis(L)
    theta = theta.reshape((-1,) + (1,) * (x.ndim - 1))
    return U @ (theta * (U.T @ x))


def spectral_conv_layer(L: np.ndarray, X: np.ndarray, Theta: np.ndarray, modes: int) -> np.ndarray:
    """Bruna et al.'s layer: output channel j = sum_i U_d diag(Theta[:, i, j]) U_d^T X[:, i], first d modes only."""
    _, U = fourier_basis(L)
    U_d = U[:, :modes]
    return np.einsum("nk,kij,mk,mi->nj", U_d, Theta, U_d, X)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    edges = [(0, 1), (1, 2), (2, 3), (3, 0), (1, 3), (3, 4), (4, 5), (5, 6), (6, 4)]
    A = adjacency_from_edges(7, edges)
    L = laplacian(A, normalized=True)
    lam, U = fourier_basis(L)
    x = rng.normal(size=7)
    # The Laplacian acts locally: (L x)_i = x_i - sum over edges (i, j) of x_j / sqrt(d_i d_j), from the edge list.
    deg = np.bincount(np.ravel(edges), minlength=7)
    lx = x.copy()
    for i, j in edges:
        lx[i] -= x[j] / np.sqrt(deg[i] * deg[j])
        lx[j] -= x[i] / np.sqrt(deg[i] * deg[j])
    assert np.allclose(L @ x, lx)

    # The graph Fourier transform is invertible and preserves energy (Parseval); frequencies lie in [0, 2].
    x_hat = U.T @ x
    assert np.allclose(U @ x_hat, x) and np.isclose(np.linalg.norm(x_hat), np.linalg.norm(x))
    assert np.isclose(lam[0], 0.0) and lam[-1] <= 2.0 + 1e-12

    # A polynomial response g(lam) = 1 - 0.5 lam + 0.25 lam^2 is the same polynomial of the matrix L.
    y = spectral_convolution(L, x, 1 - 0.5 * lam + 0.25 * lam**2)
    assert np.allclose(y, x - 0.5 * L @ x + 0.25 * L @ L @ x)
    # The heat kernel exp(-t lam) equals exp(-t L) summed as a Taylor series.
    taylor, term = np.zeros((7, 7)), np.eye(7)
    for k in range(1, 40):
        taylor, term = taylor + term, term @ (-0.7 * L) / k
    assert np.allclose(spectral_convolution(L, x, np.exp(-0.7 * lam)), taylor @ x)

    # On a ring of 8 nodes the combinatorial Laplacian has eigenvalues 2 - 2 cos(2 pi k / 8), and filtering with the
    # response k0 + 2 k1 cos(w) + 2 k2 cos(2w), where cos(w) = 1 - lam/2, is circular convolution with the symmetric
    # kernel (k2, k1, k0, k1, k2).
    ring = adjacency_from_edges(8, [(i, (i + 1) % 8) for i in range(8)])
    L_ring = laplacian(ring)
    lam_ring, _ = fourier_basis(L_ring)
    assert np.allclose(lam_ring, np.sort(2 - 2 * np.cos(2 * np.pi * np.arange(8) / 8)))
    k0, k1, k2 = 0.5, 0.2, -0.1
    c = 1 - lam_ring / 2
    signal = rng.normal(size=8)
    spectral = spectral_convolution(L_ring, signal, k0 + 2 * k1 * c + 2 * k2 * (2 * c**2 - 1))
    direct = k0 * signal + sum(k * (np.roll(signal, s) + np.roll(signal, -s)) for s, k in ((1, k1), (2, k2)))
    print("ring: spectral filter", spectral[:4].round(4), "\n      convolution    ", direct[:4].round(4))
    assert np.allclose(spectral, direct)

    # The multi-channel layer agrees with an explicit loop over input and output channels.
    X, Theta = rng.normal(size=(7, 3)), rng.normal(size=(4, 3, 2))
    out = spectral_conv_layer(L, X, Theta, modes=4)
    loop = np.stack([sum(U[:, :4] @ (Theta[:, i, j] * (U[:, :4].T @ X[:, i])) for i in range(3)) for j in range(2)], 1)
    assert np.allclose(out, loop)
    print("spectral-graph-convolution: all checks passed")

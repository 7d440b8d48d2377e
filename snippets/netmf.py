"""NetMF: DeepWalk implicitly factorises a matrix that can be written down and factorised directly.

Skip-gram with b negatives factorises the shifted PMI of its (node, context) pairs (Levy and Goldberg). For
walks on an undirected graph with window T, that co-occurrence ratio converges (Qiu et al. 2018) to
    M = vol(G) / (b T) * sum_{r=1}^{T} (D^-1 A)^r D^-1,          vol(G) = sum_ij A_ij,
so DeepWalk approximates a factorisation of log M. NetMF computes M in closed form, truncates the logarithm,
log max(M, 1), and takes a truncated SVD: embedding = U_d sqrt(Sigma_d). The closed form is checked against
co-occurrence counts of simulated walks and against the eigendecomposition of D^-1/2 A D^-1/2.
"""

from __future__ import annotations

import numpy as np
from _entry import load

adjacency_from_edges = load("graph-embedding").adjacency_from_edges


def netmf_matrix(A: np.ndarray, window: int, negatives: float = 1.0) -> np.ndarray:
    """The matrix vol(G)/(bT) sum_{r=1..T} (D^-1 A)^r D^-1 whose logarithm DeepWalk implicitly factorises."""
    degree = A.sum(axis=1)
    P = A / degree[:, None]
    total, power = np.zeros_like(P), np.eye(len(A))
    for _ in range(window):
        power = power @ P
        total += power
    return A.sum() / (negatives * window) * total / degree[None, :]


def netmf_embedding(A: np.ndarray, dim: int, window: int, negatives: float = 1.0) -> np.ndarray:
    """NetMF (small-window version): U_d sqrt(Sigma_d) from the SVD of the truncated log max(M, 1)."""
    U, sigma, _ = np.linalg.svd(np.log(np.maximum(netmf_matrix(A, window, negatives), 1.0)))
    return U[:, :dim] * np.sqrt(sigma[:dim])


def walk_cooccurrence_ratio(A: np.ndarray, window: int, chains: int, length: int,
                            rng: np.random.Generator) -> np.ndarray:
    """#(w, c) |D| / (#(w) #(c)) counted on simulated walks started from the stationary distribution d / vol(G)."""
    degree = A.sum(axis=1)
    cdf = np.cumsum(A / degree[:, None], axis=1)
    walks = np.zeros((chains, length), dtype=int)
    walks[:, 0] = rng.choice(len(A), size=chains, p=degree / degree.sum())
    for t in range(1, length):
        walks[:, t] = np.minimum((cdf[walks[:, t - 1]] < rng.random((chains, 1))).sum(axis=1), len(A) - 1)
    counts = np.zeros_like(A)
    for r in range(1, window + 1):  # the same positions for every r, so each distance r gets equal weight
        left, right = walks[:, : length - window].ravel(), walks[:, r : r + length - window].ravel()
        np.add.at(counts, (left, right), 1.0)
        np.add.at(counts, (right, left), 1.0)
    marginal = counts.sum(axis=1)
    return counts * counts.sum() / np.outer(marginal, marginal)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # A small connected, non-bipartite graph with uneven degrees.
    edges = [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (3, 5), (4, 5), (5, 6), (0, 6)]
    A = adjacency_from_edges(7, edges)
    T, b = 3, 1.0
    M = netmf_matrix(A, T, b)
    assert np.allclose(M, M.T)
    # Degrees and vol(G) read off the edge list agree with the dense matrix: vol(G) = 2|E| for an unweighted graph.
    assert np.array_equal(np.bincount(np.ravel(edges), minlength=7), A.sum(axis=1)) and A.sum() == 2 * len(edges)
    # One step of the walk from the edge list: P[u, v] = 1/deg(u) for each edge, in both directions.
    P = np.zeros((7, 7))
    for u, v in edges:
        P[u, v], P[v, u] = 1.0 / A[u].sum(), 1.0 / A[v].sum()
    assert np.allclose(netmf_matrix(A, 1, b), A.sum() / b * P / A.sum(axis=1)[None, :])

    # The same matrix from the spectrum of the symmetric normalised adjacency D^-1/2 A D^-1/2 = U diag(lam) U^T.
    d_half = 1.0 / np.sqrt(A.sum(axis=1))
    lam, U = np.linalg.eigh(d_half[:, None] * A * d_half[None, :])
    filtered = sum(lam**r for r in range(1, T + 1))
    spectral = A.sum() / (b * T) * (d_half[:, None] * (U * filtered) @ U.T * d_half[None, :])
    assert np.allclose(M, spectral)

    # The closed form is what random walks actually produce: the co-occurrence ratio of simulated DeepWalk walks.
    ratio = walk_cooccurrence_ratio(A, T, chains=4000, length=100, rng=rng)
    error = np.abs(ratio - b * M)[M > 0.3].max() / M[M > 0.3].min()
    print("closed form M (row 0):", M[0].round(3), "\nfrom walks     (row 0):", ratio[0].round(3))
    assert error < 0.05, error

    # NetMF's embedding: the rank-d SVD of log max(M, 1), optimal in Frobenius norm (Eckart-Young).
    log_M = np.log(np.maximum(M, 1.0))
    Z = netmf_embedding(A, 2, T, b)
    _, sigma, Vt = np.linalg.svd(log_M)
    reconstruction = Z @ (np.sqrt(sigma[:2])[:, None] * Vt[:2])
    assert np.isclose(np.linalg.norm(log_M - reconstruction), np.sqrt(np.sum(sigma[2:] ** 2)))
    print(f"rank-2 factorisation of log max(M, 1): residual {np.linalg.norm(log_M - reconstruction):.3f}")
    print("netmf: all checks passed")

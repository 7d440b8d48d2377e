"""Graph embedding: give every node a vector so that nodes that are "close" in the graph are close in space.

Two notions of closeness (as named by LINE) drive most methods. First-order proximity is the edge weight itself,
s1(i, j) = w_ij. Second-order proximity compares neighbourhoods: s2(i, j) = cos(w_i, w_j), the cosine of the two
rows of the adjacency matrix, so two unlinked nodes with the same friends count as similar. The dense formulas
(S1 = A, S2 = A A^T scaled by the row norms) are checked against a loop over an edge list, and a truncated SVD of
A shows that nodes with identical neighbourhoods receive identical embeddings.
"""

from __future__ import annotations

import numpy as np


def adjacency_from_edges(n: int, edges: list | np.ndarray, weights: list | np.ndarray | None = None) -> np.ndarray:
    """The symmetric n x n weighted adjacency matrix of an undirected edge list (weight 1 when none is given)."""
    edges = np.asarray(edges, dtype=int).reshape(-1, 2)
    weights = np.ones(len(edges)) if weights is None else np.asarray(weights, dtype=np.float64)
    A = np.zeros((n, n))
    np.add.at(A, (edges[:, 0], edges[:, 1]), weights)
    np.add.at(A, (edges[:, 1], edges[:, 0]), weights)
    return A


def proximity_matrices(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First-order proximity S1 = A and second-order proximity S2[i, j] = cosine of adjacency rows i and j."""
    norms = np.linalg.norm(A, axis=1)
    norms[norms == 0] = 1.0  # an isolated node has zero similarity to everything
    return A.copy(), (A @ A.T) / np.outer(norms, norms)


def proximity_from_edge_list(n: int, edges: list, weights: list) -> tuple[np.ndarray, np.ndarray]:
    """The same two matrices from neighbour dictionaries, without forming the adjacency matrix."""
    neighbours: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), w in zip(edges, weights):
        neighbours[i][j] = neighbours[i].get(j, 0.0) + w
        neighbours[j][i] = neighbours[j].get(i, 0.0) + w
    first, second = np.zeros((n, n)), np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            first[i, j] = neighbours[i].get(j, 0.0)
            shared = sum(w * neighbours[j][k] for k, w in neighbours[i].items() if k in neighbours[j])
            size_i = sum(w * w for w in neighbours[i].values()) ** 0.5
            size_j = sum(w * w for w in neighbours[j].values()) ** 0.5
            second[i, j] = shared / (size_i * size_j) if size_i and size_j else 0.0
    return first, second


def svd_embedding(A: np.ndarray, dim: int) -> np.ndarray:
    """A simple baseline embedding: the rows of U_d sqrt(Sigma_d) from the truncated SVD of the adjacency matrix."""
    U, sigma, _ = np.linalg.svd(A)
    return U[:, :dim] * np.sqrt(sigma[:dim])


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # A weighted graph on 7 nodes; nodes 0 and 1 are not linked but have exactly the same weighted neighbours.
    edges = [(0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (3, 4), (4, 5), (5, 6), (4, 6)]
    weights = [2.0, 1.0, 2.0, 1.0, 0.5, 1.5, 1.0, 3.0, 1.0]
    A = adjacency_from_edges(7, edges, weights)
    assert np.allclose(A, A.T)

    S1, S2 = proximity_matrices(A)
    loop_S1, loop_S2 = proximity_from_edge_list(7, edges, weights)
    print("second-order proximity of nodes 0..3:\n", S2[:4, :4].round(3))
    assert np.allclose(S1, loop_S1) and np.allclose(S2, loop_S2)

    # Nodes 0 and 1: no edge (first order 0) but identical neighbourhoods (second order 1).
    assert S1[0, 1] == 0.0 and np.isclose(S2[0, 1], 1.0)
    # Linked nodes can share no neighbours at all: 3 and 4 are linked, their neighbourhoods are disjoint.
    assert S1[3, 4] > 0 and np.isclose(S2[3, 4], 0.0)
    # Proximities do not depend on how the nodes are numbered.
    perm = rng.permutation(7)
    _, S2_perm = proximity_matrices(A[np.ix_(perm, perm)])
    assert np.allclose(S2_perm, S2[np.ix_(perm, perm)])

    # Equal adjacency rows give equal SVD embeddings, whatever the dimension.
    Z = svd_embedding(A, 3)
    print(f"embedding distance 0-1: {np.linalg.norm(Z[0] - Z[1]):.2e}, 0-4: {np.linalg.norm(Z[0] - Z[4]):.3f}")
    assert np.allclose(Z[0], Z[1]) and not np.allclose(Z[0], Z[4])
    print("graph-embedding: all checks passed")

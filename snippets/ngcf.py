"""Neural Graph Collaborative Filtering (Wang et al. 2019): propagate embeddings over the user-item graph.

Users and items are the nodes of a bipartite graph with adjacency A = [[0, R], [R^T, 0]] (R the interaction
matrix). With the symmetric normalisation L = D^(-1/2) A D^(-1/2), one propagation layer is
    E' = LeakyReLU( (L + I) E W1 + ((L E) * E) W2 ),
i.e. node u receives from each neighbour i the message (W1 e_i + W2 (e_i * e_u)) / sqrt(|N_u| |N_i|) plus its
own W1 e_u; the element-wise term lets messages depend on how much e_i and e_u agree. The final vector
concatenates the outputs of all layers, and a user-item score is their inner product (trained with BPR).
"""

from __future__ import annotations

import numpy as np


def normalized_laplacian(R: np.ndarray) -> np.ndarray:
    """L = D^(-1/2) A D^(-1/2) for the bipartite adjacency of the (users x items) interaction matrix R."""
    n_users, n_items = R.shape
    A = np.zeros((n_users + n_items, n_users + n_items))
    A[:n_users, n_users:], A[n_users:, :n_users] = R, R.T
    degree = A.sum(axis=1)
    inv_sqrt = np.divide(1.0, np.sqrt(degree), out=np.zeros_like(degree), where=degree > 0)
    return inv_sqrt[:, None] * A * inv_sqrt[None, :]


def leaky_relu(x: np.ndarray, slope: float = 0.2) -> np.ndarray:
    """max(x, slope * x)."""
    return np.where(x > 0, x, slope * x)


def ngcf_layer(E: np.ndarray, L: np.ndarray, W1: np.ndarray, W2: np.ndarray, slope: float = 0.2) -> np.ndarray:
    """One NGCF propagation layer in matrix form: LeakyReLU((L + I) E W1 + ((L E) * E) W2)."""
    return leaky_relu((L + np.eye(len(L))) @ E @ W1 + ((L @ E) * E) @ W2, slope)


def ngcf_embeddings(E0: np.ndarray, L: np.ndarray, weights: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The final representation: the concatenation [E0, E1, ..., E_L] of all layers' outputs."""
    layers = [E0]
    for W1, W2 in weights:
        layers.append(ngcf_layer(layers[-1], L, W1, W2))
    return np.concatenate(layers, axis=1)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_users, n_items, d = 4, 5, 3
    R = np.array([[1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [1, 0, 0, 1, 1], [0, 0, 0, 0, 1]], dtype=float)
    L = normalized_laplacian(R)
    E = rng.normal(size=(n_users + n_items, d))
    W1, W2 = rng.normal(size=(d, d)), rng.normal(size=(d, d))
    layer = ngcf_layer(E, L, W1, W2)

    # Message passing node by node, from the graph's edge list, against the matrix form.
    neighbours = {n: [] for n in range(n_users + n_items)}
    for u, i in zip(*np.nonzero(R)):
        neighbours[u].append(n_users + i)
        neighbours[n_users + i].append(u)
    for node in range(n_users + n_items):
        message = E[node] @ W1                                                  # self-connection m_{u<-u}
        for other in neighbours[node]:
            p = 1.0 / np.sqrt(len(neighbours[node]) * len(neighbours[other]))
            message = message + p * (E[other] @ W1 + (E[other] * E[node]) @ W2)
        assert np.allclose(layer[node], leaky_relu(message))
    # User 0 interacted with items 0 and 1, of degrees 2 and 2, and has degree 2 itself: L weights 1/2 each.
    assert np.isclose(L[0, n_users + 0], 0.5) and np.isclose(L[0, n_users + 1], 0.5)

    # Limiting case: without the interaction term and with a linear activation the layer is (L + I) E W1.
    assert np.allclose(ngcf_layer(E, L, W1, np.zeros((d, d)), slope=1.0), (L + np.eye(len(L))) @ E @ W1)

    # Three layers, concatenated: scores of user 0 for every item.
    final = ngcf_embeddings(E, L, [(rng.normal(size=(d, d)) / np.sqrt(d), rng.normal(size=(d, d)) / np.sqrt(d))
                                   for _ in range(3)])
    assert final.shape == (n_users + n_items, 4 * d)
    print(f"user 0 scores for items 0-4: {np.round(final[n_users:] @ final[0], 3).tolist()}")
    print("ngcf: all checks passed")

"""Graph Convolutional Network (Kipf and Welling): one layer is H' = sigma(D~^(-1/2) A~ D~^(-1/2) H W), A~ = A + I.

It comes from a Chebyshev spectral filter cut to first order with lambda_max ~ 2:
    g * x ~ theta0 x + theta1 (L - I) x = theta0 x - theta1 D^(-1/2) A D^(-1/2) x,
and with one shared parameter theta = theta0 = -theta1 this is theta (I + D^(-1/2) A D^(-1/2)) x.
That operator has eigenvalues in [0, 2], so stacking it can blow up; the renormalisation trick adds the self-loops
inside the normalisation instead, giving D~^(-1/2) A~ D~^(-1/2), whose eigenvalues lie in (-1, 1].
"""

from __future__ import annotations

import numpy as np
from _entry import load


def renormalized_adjacency(adjacency: np.ndarray) -> np.ndarray:
    """D~^(-1/2) (A + I) D~^(-1/2), with D~ the degree matrix of A + I."""
    a_tilde = adjacency + np.eye(len(adjacency))
    inv_sqrt = 1.0 / np.sqrt(a_tilde.sum(axis=1))
    return inv_sqrt[:, None] * a_tilde * inv_sqrt[None, :]


def first_order_propagation(adjacency: np.ndarray) -> np.ndarray:
    """I + D^(-1/2) A D^(-1/2): the first-order filter before the renormalisation trick (needs degrees > 0)."""
    inv_sqrt = 1.0 / np.sqrt(adjacency.sum(axis=1))
    return np.eye(len(adjacency)) + inv_sqrt[:, None] * adjacency * inv_sqrt[None, :]


def gcn_layer(adjacency: np.ndarray, features: np.ndarray, weight: np.ndarray, activation: bool = True,
              renormalize: bool = True) -> np.ndarray:
    """One GCN layer on a dense adjacency matrix: ReLU(A_hat H W) (or without the ReLU)."""
    a_hat = renormalized_adjacency(adjacency) if renormalize else first_order_propagation(adjacency)
    out = a_hat @ features @ weight
    return np.maximum(out, 0.0) if activation else out


def gcn_layer_edges(edges: list[tuple[int, int]], num_nodes: int, features: np.ndarray, weight: np.ndarray,
                    activation: bool = True) -> np.ndarray:
    """The same layer from an undirected edge list: each node sums (H W)_j / sqrt(d~_i d~_j) over j in N(i) + {i}."""
    pairs = [(i, i) for i in range(num_nodes)] + [(i, j) for i, j in edges] + [(j, i) for i, j in edges]
    degree = np.zeros(num_nodes)
    for i, _ in pairs:
        degree[i] += 1.0
    projected = features @ weight
    out = np.zeros((num_nodes, weight.shape[1]))
    for i, j in pairs:
        out[i] += projected[j] / np.sqrt(degree[i] * degree[j])
    return np.maximum(out, 0.0) if activation else out


def chebyshev_first_order(adjacency: np.ndarray, x: np.ndarray, theta0: np.ndarray, theta1: np.ndarray) -> np.ndarray:
    """ChebNet with K = 1 and lambda_max = 2: T0(L_s) x theta0 + T1(L_s) x theta1, L_s = L - I (x has feature columns)."""
    inv_sqrt = 1.0 / np.sqrt(adjacency.sum(axis=1))
    scaled_laplacian = -inv_sqrt[:, None] * adjacency * inv_sqrt[None, :]  # L - I = -D^(-1/2) A D^(-1/2)
    return x @ theta0 + scaled_laplacian @ x @ theta1


def random_graph(num_nodes: int, p: float, rng: np.random.Generator) -> np.ndarray:
    """A symmetric 0/1 adjacency matrix without self-loops, with a ring added so that every degree is positive."""
    upper = np.triu(rng.random((num_nodes, num_nodes)) < p, k=1).astype(float)
    ring = np.roll(np.eye(num_nodes), 1, axis=1)
    adjacency = np.maximum(upper + upper.T, np.maximum(ring, ring.T))
    np.fill_diagonal(adjacency, 0.0)
    return adjacency


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n = 8
    adjacency = random_graph(n, 0.3, rng)
    x, weight = rng.normal(size=(n, 3)), rng.normal(size=(3, 2))

    # Spectrum of the renormalised operator: inside (-1, 1], the top eigenvalue exactly 1 with eigenvector D~^(1/2) 1.
    a_hat = renormalized_adjacency(adjacency)
    eig = np.linalg.eigvalsh(a_hat)
    top = np.sqrt(adjacency.sum(axis=1) + 1.0)
    assert np.allclose(a_hat @ top, top) and eig.max() < 1 + 1e-12 and eig.min() > -1
    # Also on a bipartite graph (an even cycle), where the operator without self-loops reaches -1 exactly.
    cycle = np.maximum(np.roll(np.eye(6), 1, axis=1), np.roll(np.eye(6), -1, axis=1))
    plain = np.linalg.eigvalsh(first_order_propagation(cycle) - np.eye(6))
    renorm = np.linalg.eigvalsh(renormalized_adjacency(cycle))
    assert np.isclose(plain.min(), -1.0) and renorm.min() > -1 + 0.1
    # Before the trick the operator I + D^(-1/2) A D^(-1/2) has eigenvalues in [0, 2]: repeated use amplifies.
    print(f"eigenvalues of A_hat in [{eig.min():.3f}, {eig.max():.3f}]; 6-cycle: {renorm.min():.3f} with self-loops, "
          f"{plain.min():.3f} without")

    # First-order ChebNet with theta = theta0 = -theta1 equals the un-renormalised GCN layer ...
    theta = rng.normal(size=(3, 2))
    cheb = chebyshev_first_order(adjacency, x, theta, -theta)
    assert np.allclose(cheb, gcn_layer(adjacency, x, theta, activation=False, renormalize=False))
    # ... and both equal the spectral filter g(lambda) = theta0 + theta1 (lambda - 1) = theta (2 - lambda) applied in
    # the eigenbasis of the normalised Laplacian L = I - D^(-1/2) A D^(-1/2), computed here by eigendecomposition.
    deg = adjacency.sum(axis=1)
    laplacian = np.eye(n) - adjacency / np.sqrt(np.outer(deg, deg))
    lam, u = np.linalg.eigh(laplacian)
    spectral = u @ np.diag(2.0 - lam) @ u.T @ x @ theta
    assert np.allclose(cheb, spectral)
    # The same through the ChebNet entry's own layer: K = 2 terms, Theta = (theta, -theta), lambda_max = 2.
    chebnet = load("chebnet")
    l_tilde = chebnet.rescaled_laplacian(laplacian, lam_max=2.0)
    assert np.allclose(chebnet.chebnet_layer(l_tilde, x, np.stack([theta, -theta])), cheb)

    # The edge-list form (message passing) equals the dense form.
    edges = [(i, j) for i in range(n) for j in range(i + 1, n) if adjacency[i, j]]
    assert np.allclose(gcn_layer_edges(edges, n, x, weight), gcn_layer(adjacency, x, weight))
    # Path 0-1-2: A_hat[0, 1] = 1 / sqrt(2 * 3).
    path = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
    assert np.isclose(renormalized_adjacency(path)[0, 1], 1 / np.sqrt(6))
    print("two-layer GCN output of node 0:", gcn_layer(adjacency, gcn_layer(adjacency, x, weight), np.eye(2))[0])
    print("gcn: all checks passed")

"""APPNP (Klicpera, Bojchevski and Guennemann): predict with an MLP, then propagate by personalised PageRank.

H = f(X) are per-node predictions; with A_hat the GCN-normalised adjacency (self-loops included) and teleport alpha:
    Z_0 = H,   Z_{k+1} = (1 - alpha) A_hat Z_k + alpha H,   output softmax(Z_K)
The iteration is a contraction (the eigenvalues of A_hat lie in (-1, 1]), and its fixed point is PPNP's closed form
    Z* = alpha (I - (1 - alpha) A_hat)^(-1) H,
so K steps approximate an infinitely wide receptive field while the teleport term keeps each node anchored to its
own prediction; plain repeated averaging A_hat^K H instead washes every node out towards the same vector.
"""

from __future__ import annotations

import numpy as np
from _entry import load

gcn = load("gcn")
renormalized_adjacency = gcn.renormalized_adjacency


def appnp_propagate(adjacency: np.ndarray, predictions: np.ndarray, alpha: float = 0.1,
                    num_iterations: int = 10) -> np.ndarray:
    """K power-iteration steps Z <- (1 - alpha) A_hat Z + alpha H, starting from Z = H (logits, no softmax)."""
    a_hat = renormalized_adjacency(adjacency)
    z = predictions
    for _ in range(num_iterations):
        z = (1.0 - alpha) * a_hat @ z + alpha * predictions
    return z


def ppnp_closed_form(adjacency: np.ndarray, predictions: np.ndarray, alpha: float = 0.1) -> np.ndarray:
    """The exact personalised-PageRank propagation alpha (I - (1 - alpha) A_hat)^(-1) H."""
    a_hat = renormalized_adjacency(adjacency)
    return alpha * np.linalg.solve(np.eye(len(a_hat)) - (1.0 - alpha) * a_hat, predictions)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, classes, alpha = 12, 3, 0.1
    upper = np.triu(rng.random((n, n)) < 0.25, k=1).astype(float)
    ring = np.roll(np.eye(n), 1, axis=1)
    adjacency = np.minimum(upper + upper.T + ring + ring.T, 1.0)
    np.fill_diagonal(adjacency, 0.0)
    x, w1, w2 = rng.normal(size=(n, 5)), rng.normal(size=(5, 8)), rng.normal(size=(8, classes))
    h = np.maximum(x @ w1, 0.0) @ w2                     # "predict": a two-layer MLP per node, no graph

    # "Then propagate": power iteration converges to the closed form, with error shrinking at least by (1 - alpha)
    # per step because the spectral radius of A_hat is at most 1.
    exact = ppnp_closed_form(adjacency, h, alpha)
    # One step on the edge list (GCN's message-passing form of A_hat Z) equals the dense step.
    edges = [(i, j) for i in range(n) for j in range(i + 1, n) if adjacency[i, j]]
    sparse_step = (1 - alpha) * gcn.gcn_layer_edges(edges, n, h, np.eye(classes), activation=False) + alpha * h
    assert np.allclose(appnp_propagate(adjacency, h, alpha, 1), sparse_step)
    start = np.linalg.norm(h - exact)
    for k in (1, 5, 10, 50, 200):
        error = np.linalg.norm(appnp_propagate(adjacency, h, alpha, k) - exact)
        assert error <= (1 - alpha) ** k * start + 1e-12
    assert np.allclose(appnp_propagate(adjacency, h, alpha, 300), exact, atol=1e-10)
    print(f"after K = 10 steps the error is {np.linalg.norm(appnp_propagate(adjacency, h, alpha, 10) - exact) / start:.3f}"
          f" of the initial one (bound (1 - alpha)^10 = {(1 - alpha) ** 10:.3f})")

    # Independent check that this IS personalised PageRank: for the random-walk matrix P = D~^-1 A~, the stationary
    # distribution of "follow P with prob. 1 - alpha, jump back to node i with prob. alpha" (leading eigenvector of
    # the Markov chain) is row i of D~^(-1/2) Pi D~^(1/2), where Pi = alpha (I - (1 - alpha) A_hat)^(-1).
    a_tilde = adjacency + np.eye(n)
    d = a_tilde.sum(axis=1)
    walk = a_tilde / d[:, None]
    pi = ppnp_closed_form(adjacency, np.eye(n), alpha)
    ppr_rw = pi * np.sqrt(d)[None, :] / np.sqrt(d)[:, None]
    for i in (0, 5):
        chain = (1 - alpha) * walk + alpha * np.outer(np.ones(n), np.eye(n)[i])
        values, vectors = np.linalg.eig(chain.T)
        stationary = np.real(vectors[:, np.argmax(np.real(values))])
        assert np.allclose(stationary / stationary.sum(), ppr_rw[i])

    # Limits: alpha = 1 means no propagation; without teleport, A_hat^K H collapses towards rank one (over-smoothing)
    # whereas the PPR fixed point keeps the full rank of H.
    assert np.allclose(appnp_propagate(adjacency, h, 1.0, 10), h)
    smoothed = np.linalg.matrix_power(renormalized_adjacency(adjacency), 200) @ h
    s_smooth, s_ppr = np.linalg.svd(smoothed, compute_uv=False), np.linalg.svd(exact, compute_uv=False)
    assert s_smooth[1] / s_smooth[0] < 1e-3 and s_ppr[1] / s_ppr[0] > 0.05
    print(f"second/first singular value: A_hat^200 H {s_smooth[1] / s_smooth[0]:.1e}, PPR {s_ppr[1] / s_ppr[0]:.2f}")
    print("appnp: all checks passed")

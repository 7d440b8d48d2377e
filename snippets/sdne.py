"""SDNE: a deep autoencoder on the rows of the adjacency matrix, with a Laplacian term that pulls linked nodes together.

Each node's input is its adjacency row x_i = s_i. The autoencoder's reconstruction error keeps second-order
proximity (similar rows -> similar codes); because rows are sparse, errors on the non-zero entries are weighted by
beta > 1 through B (b_ij = beta if s_ij > 0 else 1). First-order proximity enters as the Laplacian-eigenmaps
penalty sum_ij s_ij ||y_i - y_j||^2 = 2 tr(Y^T L Y), with L = D - S. Total loss (Wang, Cui, Zhu 2016):
    L = ||(X_hat - X) * B||_F^2 + alpha * 2 tr(Y^T L Y) + nu/2 * sum ||W||_F^2
Here the encoder and decoder have one sigmoid layer each; the gradients are derived by hand.
"""

from __future__ import annotations

import numpy as np
from _entry import load

adjacency_from_edges = load("graph-embedding").adjacency_from_edges


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, written via tanh so it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def init_sdne(n: int, dim: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Small random encoder (n -> dim) and decoder (dim -> n) weights, zero biases."""
    return {"W1": 0.3 * rng.normal(size=(n, dim)), "b1": np.zeros(dim),
            "W2": 0.3 * rng.normal(size=(dim, n)), "b2": np.zeros(n)}


def laplacian_penalty(Y: np.ndarray, S: np.ndarray) -> float:
    """The first-order term 2 tr(Y^T L Y) with L = D - S (equal to sum_ij s_ij ||y_i - y_j||^2 for symmetric S)."""
    L = np.diag(S.sum(axis=1)) - S
    return float(2.0 * np.trace(Y.T @ L @ Y))


def sdne_loss_and_grads(params: dict[str, np.ndarray], S: np.ndarray, beta: float, alpha: float,
                        nu: float) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
    """SDNE's loss on the whole graph, its gradients for every parameter, and the embeddings Y."""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Y = sigmoid(S @ W1 + b1)
    X_hat = sigmoid(Y @ W2 + b2)
    B = np.where(S > 0, beta, 1.0)
    residual = (X_hat - S) * B
    L = np.diag(S.sum(axis=1)) - S
    loss = float(np.sum(residual**2) + alpha * laplacian_penalty(Y, S)
                 + 0.5 * nu * (np.sum(W1**2) + np.sum(W2**2)))
    d_out = 2.0 * residual * B * X_hat * (1.0 - X_hat)          # d loss / d decoder pre-activation
    d_Y = d_out @ W2.T + alpha * 4.0 * L @ Y                    # d tr(Y^T L Y) / dY = 2 L Y
    d_hidden = d_Y * Y * (1.0 - Y)
    grads = {"W1": S.T @ d_hidden + nu * W1, "b1": d_hidden.sum(axis=0),
             "W2": Y.T @ d_out + nu * W2, "b2": d_out.sum(axis=0)}
    return loss, grads, Y


if __name__ == "__main__":
    from _check import numerical_gradient, relative_error

    rng = np.random.default_rng(0)
    # Two 5-node communities with a bridge; weights in (0, 1].
    edges = [(i, j) for b in (range(5), range(5, 10)) for i in b for j in b if i < j] + [(4, 5)]
    S = adjacency_from_edges(10, edges, rng.uniform(0.5, 1.0, size=len(edges)))

    # The Laplacian identity, against an explicit double loop over node pairs.
    Y = rng.normal(size=(10, 3))
    pairwise = sum(S[i, j] * np.sum((Y[i] - Y[j]) ** 2) for i in range(10) for j in range(10))
    assert np.isclose(laplacian_penalty(Y, S), pairwise)
    # ... and against the edge list: each undirected edge contributes 2 s_ij ||y_i - y_j||^2.
    on_edges = sum(2 * S[i, j] * np.sum((Y[i] - Y[j]) ** 2) for i, j in edges)
    assert np.isclose(laplacian_penalty(Y, S), on_edges)

    # Hand-derived gradients against central finite differences, parameter by parameter.
    params, beta, alpha, nu = init_sdne(10, 2, rng), 5.0, 0.2, 1e-3
    _, grads, _ = sdne_loss_and_grads(params, S, beta, alpha, nu)
    for name in params:
        def loss_of(value: np.ndarray, name: str = name) -> float:
            return sdne_loss_and_grads({**params, name: value}, S, beta, alpha, nu)[0]
        error = relative_error(grads[name], numerical_gradient(loss_of, params[name]))
        assert error < 1e-6, (name, error)
    print("gradients match finite differences")

    # The beta weighting: errors on the non-zero entries (the observed links) cost beta^2 times more.
    X_hat = sigmoid(sigmoid(S @ params["W1"]) @ params["W2"])
    reconstruction = sdne_loss_and_grads(params, S, beta, 0.0, 0.0)[0]
    by_hand = beta**2 * np.sum(((X_hat - S) ** 2)[S > 0]) + np.sum(((X_hat - S) ** 2)[S == 0])
    assert np.isclose(reconstruction, by_hand)

    # Gradient descent lowers the loss, and the embeddings separate the two communities.
    first = sdne_loss_and_grads(params, S, beta, alpha, nu)[0]
    for _ in range(1500):
        loss, grads, Y = sdne_loss_and_grads(params, S, beta, alpha, nu)
        params = {k: v - 0.05 * grads[k] for k, v in params.items()}
    within = np.mean([np.linalg.norm(Y[i] - Y[j]) for i, j in edges if (i < 5) == (j < 5)])
    across = np.mean([np.linalg.norm(Y[i] - Y[j]) for i in range(5) for j in range(5, 10)])
    print(f"loss {first:.2f} -> {loss:.2f}; mean distance within a community {within:.3f}, across {across:.3f}")
    nearest = [int(np.argsort(np.linalg.norm(Y - Y[i], axis=1))[1]) for i in range(10)]
    print("nearest code of each node:", nearest)
    assert loss < 0.5 * first and across > 2 * within
    assert all((i < 5) == (j < 5) for i, j in enumerate(nearest))
    print("sdne: all checks passed")

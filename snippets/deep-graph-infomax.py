"""Deep Graph Infomax (Velickovic et al.): unsupervised node embeddings by telling true patches from corrupted ones.

    encoder    H = PReLU(A_hat X W)                  (a one-layer GCN)
    summary    s = sigmoid(mean_i h_i)
    corruption X~ = X with its rows shuffled, A unchanged;  H~ = PReLU(A_hat X~ W)
    critic     D(h, s) = sigmoid(h^T M s)            (bilinear)
    loss       -1/(2N) [ sum_i log D(h_i, s) + sum_j log(1 - D(h~_j, s)) ]
Minimising this binary cross-entropy maximises a Jensen-Shannon lower bound on the mutual information between each
node's local patch and the graph summary, so the embeddings must encode what is specific to the actual graph.
"""

from __future__ import annotations

import numpy as np
from _entry import load

gcn = load("gcn")
renormalized_adjacency = gcn.renormalized_adjacency


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def corrupt(features: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """DGI's corruption: shuffle the rows of X (node features move to other nodes); returns (X~, the permutation)."""
    perm = rng.permutation(len(features))
    return features[perm], perm


def encode(a_hat: np.ndarray, features: np.ndarray, weight: np.ndarray, slope: float = 0.25) -> np.ndarray:
    """One-layer GCN encoder with PReLU (fixed slope here)."""
    pre = a_hat @ features @ weight
    return np.where(pre > 0, pre, slope * pre)


def dgi_loss(adjacency: np.ndarray, features: np.ndarray, corrupted: np.ndarray, weight: np.ndarray,
             bilinear: np.ndarray, slope: float = 0.25) -> float:
    """DGI's binary cross-entropy: real (h_i, s) pairs labelled 1, corrupted (h~_j, s) pairs labelled 0."""
    a_hat = renormalized_adjacency(adjacency)
    h, h_tilde = encode(a_hat, features, weight, slope), encode(a_hat, corrupted, weight, slope)
    summary = sigmoid(h.mean(axis=0))
    real, fake = h @ bilinear @ summary, h_tilde @ bilinear @ summary
    # -log sigmoid(l) = log(1 + e^-l) and -log(1 - sigmoid(l)) = log(1 + e^l), written stably
    return float((np.logaddexp(0.0, -real).sum() + np.logaddexp(0.0, fake).sum()) / (len(real) + len(fake)))


def dgi_gradients(adjacency: np.ndarray, features: np.ndarray, corrupted: np.ndarray, weight: np.ndarray,
                  bilinear: np.ndarray, slope: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Hand-derived gradients of dgi_loss with respect to the encoder weight W and the critic matrix M."""
    a_hat = renormalized_adjacency(adjacency)
    ax, ax_tilde = a_hat @ features, a_hat @ corrupted
    pre, pre_tilde = ax @ weight, ax_tilde @ weight
    h, h_tilde = np.where(pre > 0, pre, slope * pre), np.where(pre_tilde > 0, pre_tilde, slope * pre_tilde)
    summary = sigmoid(h.mean(axis=0))
    ms = bilinear @ summary
    total = 2 * len(h)
    g_real, g_fake = (sigmoid(h @ ms) - 1.0) / total, sigmoid(h_tilde @ ms) / total   # d loss / d logits
    pooled = h.T @ g_real + h_tilde.T @ g_fake
    grad_bilinear = np.outer(pooled, summary)
    grad_mean = (bilinear.T @ pooled) * summary * (1.0 - summary)                      # through the readout
    grad_h = np.outer(g_real, ms) + grad_mean[None, :] / len(h)
    grad_h_tilde = np.outer(g_fake, ms)
    grad_weight = ax.T @ (grad_h * np.where(pre > 0, 1.0, slope)) + \
        ax_tilde.T @ (grad_h_tilde * np.where(pre_tilde > 0, 1.0, slope))
    return grad_weight, grad_bilinear


if __name__ == "__main__":
    from _check import numerical_gradient

    rng = np.random.default_rng(0)
    n, d, k = 16, 6, 4
    upper = np.triu(rng.random((n, n)) < 0.25, k=1).astype(float)
    adjacency = upper + upper.T
    x = rng.normal(size=(n, d)) + np.repeat(rng.normal(size=(2, d)), n // 2, axis=0)  # two feature communities
    adjacency[: n // 2, n // 2:] *= rng.random((n // 2, n // 2)) < 0.2                  # ... that are mostly
    adjacency[n // 2:, : n // 2] = adjacency[: n // 2, n // 2:].T                       # linked internally
    weight, bilinear = rng.normal(size=(d, k)) / np.sqrt(d), rng.normal(size=(k, k)) / k

    # Corruption keeps the graph and the multiset of feature rows; it only breaks which node holds which row.
    x_tilde, perm = corrupt(x, rng)
    assert np.allclose(np.sort(x_tilde, axis=0), np.sort(x, axis=0)) and not np.allclose(x_tilde, x)
    # Permuting A together with X would be undetectable: the critic's scores are merely permuted.
    a_hat = renormalized_adjacency(adjacency)
    h = encode(a_hat, x, weight)
    s = sigmoid(h.mean(axis=0))
    # The dense encoder equals GCN's edge-list (message-passing) layer followed by the same PReLU.
    pre = gcn.gcn_layer_edges([(i, j) for i, j in zip(*np.nonzero(np.triu(adjacency)))], n, x, weight, activation=False)
    assert np.allclose(h, np.where(pre > 0, pre, 0.25 * pre))
    h_perm = encode(renormalized_adjacency(adjacency[np.ix_(perm, perm)]), x[perm], weight)
    assert np.allclose(h_perm @ bilinear @ sigmoid(h_perm.mean(axis=0)), (h @ bilinear @ s)[perm])

    # The loss is the BCE of the bilinear critic, written out with explicit logs; M = 0 gives log 2 exactly.
    real, fake = sigmoid(h @ bilinear @ s), sigmoid(encode(a_hat, x_tilde, weight) @ bilinear @ s)
    explicit = -(np.log(real).sum() + np.log(1.0 - fake).sum()) / (2 * n)
    assert np.isclose(dgi_loss(adjacency, x, x_tilde, weight, bilinear), explicit)
    assert np.isclose(dgi_loss(adjacency, x, x_tilde, weight, np.zeros((k, k))), np.log(2.0))

    # Hand gradients against finite differences.
    g_w, g_m = dgi_gradients(adjacency, x, x_tilde, weight, bilinear)
    assert np.allclose(g_w, numerical_gradient(lambda w: dgi_loss(adjacency, x, x_tilde, w, bilinear), weight),
                       atol=1e-7)
    assert np.allclose(g_m, numerical_gradient(lambda m: dgi_loss(adjacency, x, x_tilde, weight, m), bilinear),
                       atol=1e-7)

    # A working run: gradient descent with a fresh corruption each step drives the loss below log 2 (chance).
    train_rng = np.random.default_rng(1)
    start = dgi_loss(adjacency, x, corrupt(x, train_rng)[0], weight, bilinear)
    for _ in range(400):
        x_tilde, _ = corrupt(x, train_rng)
        g_w, g_m = dgi_gradients(adjacency, x, x_tilde, weight, bilinear)
        weight, bilinear = weight - 1.0 * g_w, bilinear - 1.0 * g_m
    final = np.mean([dgi_loss(adjacency, x, corrupt(x, train_rng)[0], weight, bilinear) for _ in range(20)])
    assert final < 0.9 * np.log(2.0) and final < start
    print(f"DGI loss: {start:.3f} at the start, {final:.3f} after training (log 2 = {np.log(2):.3f})")
    print("deep-graph-infomax: all checks passed")

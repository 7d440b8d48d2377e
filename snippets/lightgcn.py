"""LightGCN (He et al. 2020): graph convolution for collaborative filtering with everything but neighbourhood
aggregation removed.

With A_tilde = D^(-1/2) A D^(-1/2) the normalised user-item adjacency, each layer is only
    E^(k+1) = A_tilde E^(k)          (per node: e_u^(k+1) = sum_{i in N_u} e_i^(k) / sqrt(|N_u| |N_i|)),
no weight matrices, no non-linearity, no self-loop. The final embedding averages the layers,
    E = sum_{k=0}^{K} alpha_k E^(k) = (sum_k alpha_k A_tilde^k) E^(0),    alpha_k = 1 / (K + 1),
so the whole model is a fixed linear smoothing of the free embeddings E^(0), trained with BPR.
Evaluation: recall@k and NDCG@k over all items a user has not interacted with in training.
"""

from __future__ import annotations

import numpy as np
from _entry import load

normalized_adjacency = load("ngcf").normalized_laplacian            # D^(-1/2) A D^(-1/2) of the bipartite graph


def lightgcn_embeddings(E0: np.ndarray, A_tilde: np.ndarray, n_layers: int,
                        alphas: np.ndarray | None = None) -> np.ndarray:
    """sum_k alpha_k E^(k) with E^(k+1) = A_tilde E^(k); alpha_k = 1/(K+1) unless given."""
    alphas = np.full(n_layers + 1, 1.0 / (n_layers + 1)) if alphas is None else alphas
    layer, total = E0, alphas[0] * E0
    for k in range(1, n_layers + 1):
        layer = A_tilde @ layer
        total = total + alphas[k] * layer
    return total


if __name__ == "__main__":
    bpr, ncf = load("bpr"), load("ncf")
    rng = np.random.default_rng(0)

    # The layer-averaged embedding equals the closed form (sum_k alpha_k A^k) E0, with the powers taken through
    # the eigendecomposition of the symmetric A_tilde (A^k = Q diag(lambda^k) Q^T).
    R = (rng.random((6, 8)) < 0.35).astype(float)
    R[np.arange(6), rng.integers(8, size=6)] = 1.0
    A = normalized_adjacency(R)
    E0 = rng.normal(size=(14, 4))
    alphas = np.array([0.4, 0.3, 0.2, 0.1])
    lam, Q = np.linalg.eigh(A)
    closed = Q @ np.diag(sum(a * lam**k for k, a in enumerate(alphas))) @ Q.T @ E0
    assert np.allclose(lightgcn_embeddings(E0, A, 3, alphas), closed)
    # Eigenvalues of the normalised adjacency lie in [-1, 1], so repeated propagation cannot blow up.
    assert np.all(np.abs(lam) <= 1 + 1e-12)
    # One layer, node by node: a user's new embedding is the normalised sum of her items' embeddings.
    degree_u, degree_i = R.sum(axis=1), R.sum(axis=0)
    one = lightgcn_embeddings(E0, A, 1, np.array([0.0, 1.0]))
    for u in range(6):
        expected = sum(E0[6 + i] / np.sqrt(degree_u[u] * degree_i[i]) for i in np.flatnonzero(R[u]))
        assert np.allclose(one[u], expected)

    # The model is E = M E0 with M = sum_k alpha_k A^k symmetric, so the BPR gradient is dL/dE0 = M dL/dE:
    # checked by finite differences through the propagation itself.
    from _check import numerical_gradient

    def small_loss(X: np.ndarray) -> float:
        E = lightgcn_embeddings(X, A, 3)
        return bpr.bpr_loss_and_grads(E[:6], E[6:], triples, 0.0)[0]

    triples = np.array([[0, 1, 2], [3, 5, 0], [4, 7, 6]])
    E = lightgcn_embeddings(E0, A, 3)
    _, gU, gI = bpr.bpr_loss_and_grads(E[:6], E[6:], triples, 0.0)
    M_small = lightgcn_embeddings(np.eye(14), A, 3)
    assert np.allclose(M_small @ np.vstack([gU, gI]), numerical_gradient(small_loss, E0), atol=1e-6)

    # Training with BPR, then recall@10 and NDCG@10 on held-out interactions.
    n_users, n_items, K = 40, 50, 3
    truth = rng.normal(size=(n_users, 3)) @ rng.normal(size=(3, n_items))
    interacted = truth >= np.sort(truth, axis=1)[:, [-10]]
    test = interacted & (rng.random(interacted.shape) < 0.3)
    train = interacted & ~test
    A = normalized_adjacency(train.astype(float))
    M = lightgcn_embeddings(np.eye(n_users + n_items), A, K)
    E0 = rng.normal(scale=0.1, size=(n_users + n_items, 16))

    def mean_recall_ndcg(E: np.ndarray, k: int = 10) -> tuple[float, float]:
        scores = np.where(train, -np.inf, E[:n_users] @ E[n_users:].T)     # rank only items unseen in training
        users = [u for u in range(n_users) if test[u].any()]
        return (float(np.mean([ncf.recall_at_k(scores[u], np.flatnonzero(test[u]), k) for u in users])),
                float(np.mean([ncf.ndcg_at_k(scores[u], np.flatnonzero(test[u]), k) for u in users])))

    before = mean_recall_ndcg(M @ E0)
    for _ in range(150):
        triples = bpr.sample_triples(train, 256, rng)
        E = M @ E0
        _, gU, gI = bpr.bpr_loss_and_grads(E[:n_users], E[n_users:], triples, 0.0)
        E0 -= 0.05 * (M @ np.vstack([gU, gI]) + 2e-4 * E0)
    after = mean_recall_ndcg(M @ E0)
    print(f"recall@10 / NDCG@10 before training {before[0]:.3f} / {before[1]:.3f}, after {after[0]:.3f} / {after[1]:.3f}")
    assert after[0] > before[0] + 0.2 and after[1] > before[1] + 0.2
    print("lightgcn: all checks passed")

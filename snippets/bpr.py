"""Bayesian Personalized Ranking (Rendle et al. 2009): learn from implicit feedback by ranking pairs.

For a user u, an item i she interacted with should score above an item j she did not. With matrix
factorization scores x_ui = w_u . h_i and x_uij = x_ui - x_uj, BPR minimises over sampled triples (u, i, j)
    L = -sum ln sigma(x_uij) + lam (|W|^2 + |H|^2),
the negative log-posterior of "u prefers i to j" under a Gaussian prior. Since d(-ln sigma(x))/dx = -sigma(-x):
    dL/dw_u = -sigma(-x_uij) (h_i - h_j),  dL/dh_i = -sigma(-x_uij) w_u,  dL/dh_j = +sigma(-x_uij) w_u  (+ 2 lam theta).
The criterion is a smooth stand-in for the AUC: the fraction of (positive, negative) pairs ranked correctly.
"""

from __future__ import annotations

import numpy as np


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """ln sigma(x), computed stably for large |x|."""
    return -np.logaddexp(0.0, -x)


def bpr_loss_and_grads(W: np.ndarray, H: np.ndarray, triples: np.ndarray, lam: float) -> tuple[float, np.ndarray, np.ndarray]:
    """BPR loss over (u, i, j) triples with MF scores, and its gradients with respect to W and H."""
    u, i, j = triples.T
    x = np.sum(W[u] * (H[i] - H[j]), axis=1)
    loss = -log_sigmoid(x).sum() + lam * ((W**2).sum() + (H**2).sum())
    g = -np.exp(log_sigmoid(-x))[:, None]                      # d(-ln sigma(x)) / dx = -sigma(-x)
    gW, gH = 2 * lam * W, 2 * lam * H
    np.add.at(gW, u, g * (H[i] - H[j]))
    np.add.at(gH, i, g * W[u])
    np.add.at(gH, j, -g * W[u])
    return float(loss), gW, gH


def auc_pairs(positive_scores: np.ndarray, negative_scores: np.ndarray) -> float:
    """AUC by counting: the fraction of (positive, negative) pairs ordered correctly, ties counting one half."""
    difference = positive_scores[:, None] - negative_scores[None, :]
    return float(np.mean((difference > 0) + 0.5 * (difference == 0)))


def auc_ranks(scores: np.ndarray, labels: np.ndarray) -> float:
    """AUC by the Mann-Whitney rank statistic: (sum of positive ranks - n+(n+ + 1)/2) / (n+ n-), tied ranks averaged."""
    values, inverse, tie_counts = np.unique(scores, return_inverse=True, return_counts=True)
    ends = np.cumsum(tie_counts)
    average_rank = ends - (tie_counts - 1) / 2.0                  # ranks start at 1
    ranks = average_rank[inverse]
    n_pos, n_neg = labels.sum(), (1 - labels).sum()
    return float((ranks[labels == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def sample_triples(positives: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n uniform (u, i, j) triples: (u, i) a uniformly drawn interaction, j an item u has not interacted with."""
    users, items = np.nonzero(positives)
    pick = rng.integers(len(users), size=n)
    u, i = users[pick], items[pick]
    j = rng.integers(positives.shape[1], size=n)
    while (bad := positives[u, j]).any():                      # redraw the negatives that are positives
        j[bad] = rng.integers(positives.shape[1], size=bad.sum())
    return np.stack([u, i, j], axis=1)


def mean_user_auc(W: np.ndarray, H: np.ndarray, held_out: np.ndarray, excluded: np.ndarray) -> float:
    """Average over users of the AUC of held-out positives against items never interacted with."""
    scores = W @ H.T
    aucs = [auc_pairs(scores[u, held_out[u]], scores[u, ~(held_out[u] | excluded[u])])
            for u in range(len(W)) if held_out[u].any()]
    return float(np.mean(aucs))


if __name__ == "__main__":
    from _check import numerical_gradient

    rng = np.random.default_rng(0)
    n_users, n_items, k, lam = 30, 40, 4, 0.01

    # The analytic gradient against finite differences (a triple may repeat a user or an item).
    W, H = rng.normal(size=(n_users, k)), rng.normal(size=(n_items, k))
    triples = np.array([[0, 1, 2], [0, 3, 1], [5, 1, 7], [5, 1, 7]])
    _, gW, gH = bpr_loss_and_grads(W, H, triples, lam)
    assert np.allclose(gW, numerical_gradient(lambda X: bpr_loss_and_grads(X, H, triples, lam)[0], W), atol=1e-6)
    assert np.allclose(gH, numerical_gradient(lambda X: bpr_loss_and_grads(W, X, triples, lam)[0], H), atol=1e-6)

    # AUC two ways, with ties: pair counting and the rank statistic agree.
    scores = np.round(rng.normal(size=50), 1)
    labels = (rng.random(50) < 0.3).astype(int)
    assert np.isclose(auc_pairs(scores[labels == 1], scores[labels == 0]), auc_ranks(scores, labels))

    # Training: planted user/item factors decide which items each user interacts with (her top 8);
    # 2 of them per user are held out, and BPR trained on the rest must rank them above unseen items.
    true_scores = rng.normal(size=(n_users, 3)) @ rng.normal(size=(3, n_items))
    interacted = true_scores >= np.sort(true_scores, axis=1)[:, [-8]]
    held_out = np.zeros_like(interacted)
    for u in range(n_users):
        held_out[u, rng.choice(np.flatnonzero(interacted[u]), size=2, replace=False)] = True
    train = interacted & ~held_out
    W, H = rng.normal(scale=0.1, size=(n_users, k)), rng.normal(scale=0.1, size=(n_items, k))
    before = mean_user_auc(W, H, held_out, train)
    for _ in range(300):
        _, gW, gH = bpr_loss_and_grads(W, H, sample_triples(train, 64, rng), lam)
        W, H = W - 0.05 * gW, H - 0.05 * gH
    after = mean_user_auc(W, H, held_out, train)
    print(f"held-out AUC before training {before:.3f}, after 300 BPR steps {after:.3f}")
    assert after > 0.8 and after > before + 0.2
    print("bpr: all checks passed")

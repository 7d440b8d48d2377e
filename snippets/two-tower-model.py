"""Two-tower retrieval with in-batch softmax and logQ sampling-bias correction (Yi et al. 2019).

A query tower maps user/context features x to u(x), an item tower maps item features y to v(y), both
L2-normalised; the score is s(x, y) = <u, v> / tau. In a batch of B (query, clicked item) pairs, every other
item of the batch serves as a negative. Popular items appear in batches more often, so they would be
over-penalised as negatives; each logit is corrected by the log of the item's sampling probability p_j:
    s_c(x_i, y_j) = s(x_i, y_j) - log p_j,
    L = -1/B sum_i log( exp(s_c(x_i, y_i)) / sum_j exp(s_c(x_i, y_j)) ).
p_j is estimated on the fly from the stream: the average number of steps between two occurrences of j is 1/p_j.
"""

from __future__ import annotations

import numpy as np


def tower(features: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """An MLP tower (ReLU between layers, linear last layer) followed by L2 normalisation of each row."""
    x = features
    for n, (W, b) in enumerate(layers):
        x = x @ W + b
        x = np.maximum(0.0, x) if n < len(layers) - 1 else x
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def in_batch_softmax_loss(scores: np.ndarray, log_q: np.ndarray) -> tuple[float, np.ndarray]:
    """Loss of the logQ-corrected in-batch softmax for a (B, B) score matrix (row i's positive is column i),
    and its gradient with respect to the scores."""
    corrected = scores - log_q[None, :]
    corrected = corrected - corrected.max(axis=1, keepdims=True)
    log_probs = corrected - np.log(np.exp(corrected).sum(axis=1, keepdims=True))
    B = len(scores)
    grad = (np.exp(log_probs) - np.eye(B)) / B
    return float(-np.trace(log_probs) / B), grad


def streaming_frequency(stream: np.ndarray, n_items: int, alpha: float = 0.01) -> np.ndarray:
    """Estimate each item's sampling probability from a stream: B_j tracks the average gap between occurrences."""
    last_seen, gap = np.zeros(n_items), np.full(n_items, float(n_items))
    for t, item in enumerate(stream, start=1):
        gap[item] = (1 - alpha) * gap[item] + alpha * (t - last_seen[item])
        last_seen[item] = t
    return 1.0 / gap


if __name__ == "__main__":
    from _check import numerical_gradient

    rng = np.random.default_rng(0)
    B, d_query, d_item, d, tau = 8, 6, 5, 4, 0.1
    query_layers = [(rng.normal(size=(d_query, 16)), np.zeros(16)), (rng.normal(size=(16, d)), np.zeros(d))]
    item_layers = [(rng.normal(size=(d_item, 16)), np.zeros(16)), (rng.normal(size=(16, d)), np.zeros(d))]
    u = tower(rng.normal(size=(B, d_query)), query_layers)
    v = tower(rng.normal(size=(B, d_item)), item_layers)
    scores = u @ v.T / tau
    p = rng.dirichlet(np.ones(B))
    loss, grad = in_batch_softmax_loss(scores, np.log(p))
    print(f"in-batch loss without correction {in_batch_softmax_loss(scores, np.zeros(B))[0]:.4f}, with logQ {loss:.4f}")

    # Gradient against finite differences; uniform p changes nothing (a constant shift of every logit of a row).
    assert np.allclose(grad, numerical_gradient(lambda S: in_batch_softmax_loss(S, np.log(p))[0], scores), atol=1e-7)
    assert np.isclose(in_batch_softmax_loss(scores, np.full(B, np.log(1 / B)))[0], in_batch_softmax_loss(scores, np.zeros(B))[0])
    # Subtracting log p_j from column j is dividing item j's term exp(s_ij) by p_j, in every row.
    weighted_terms = np.exp(scores) / p[None, :]
    assert np.isclose(loss, -np.mean(np.log(np.diag(weighted_terms) / weighted_terms.sum(axis=1))))

    # Why the correction is right: negatives that arrive with probability p_j, weighted by 1/p_j, estimate the full
    # normaliser sum_j exp(s_j) without bias; unweighted they over-count popular items.
    n_items = 200
    popularity = rng.zipf(1.5, size=n_items).astype(float)
    q = popularity / popularity.sum()
    s = rng.normal(size=n_items) + 0.5 * np.log(popularity)         # popular items also score higher
    draws = rng.choice(n_items, size=(4000, 32), p=q)
    weighted = np.mean(np.exp(s[draws] - np.log(q[draws])))
    unweighted = np.mean(np.exp(s[draws])) * n_items
    full = np.exp(s).sum()
    print(f"normaliser {full:.1f}: importance-weighted estimate {weighted:.1f}, uncorrected {unweighted:.1f}")
    assert abs(weighted / full - 1) < 0.05 and unweighted / full > 1.5

    # Streaming estimation of p from the stream alone approaches the true probabilities of frequent items.
    true_p = np.array([0.4, 0.3, 0.2, 0.1])
    estimate = streaming_frequency(rng.choice(4, size=20000, p=true_p), 4, alpha=0.002)
    print(f"streamed frequencies {np.round(estimate, 3).tolist()} vs true {true_p.tolist()}")
    assert np.allclose(estimate, true_p, rtol=0.1)
    print("two-tower-model: all checks passed")

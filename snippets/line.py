"""LINE: node embeddings that preserve first-order proximity (edges) and second-order proximity (shared neighbours).

First order models an edge as a logistic event between the two vertex vectors, p1(i, j) = sigmoid(u_i . u_j),
and minimises O1 = -sum_ij w_ij log p1(i, j). Second order gives every vertex a separate context vector c_j and
models p2(j | i) = softmax_j(c_j . u_i), minimising O2 = -sum_ij w_ij log p2(j | i); vertices with similar
neighbours then get similar u_i. Both are trained with negative sampling (noise proportional to degree^0.75)
on edges drawn with probability proportional to their weight (an alias table makes each draw O(1)), so every
sampled edge is a plain binary example and large weights do not blow up the gradient.
"""

from __future__ import annotations

import numpy as np
from _entry import load

negative_sampling = load("negative-sampling")
adjacency_from_edges = load("graph-embedding").adjacency_from_edges


def alias_table(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Walker's alias method: (keep probability, alias) per slot, so drawing a slot and a coin samples by weight."""
    n = len(weights)
    scaled = np.asarray(weights, dtype=np.float64) * n / np.sum(weights)
    keep, alias = np.ones(n), np.arange(n)
    small, large = [i for i in range(n) if scaled[i] < 1.0], [i for i in range(n) if scaled[i] >= 1.0]
    while small and large:
        s, g = small.pop(), large.pop()
        keep[s], alias[s] = scaled[s], g
        scaled[g] -= 1.0 - scaled[s]
        (small if scaled[g] < 1.0 else large).append(g)
    return keep, alias


def alias_draw(keep: np.ndarray, alias: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """`size` samples from an alias table: a uniform slot, kept with its probability, else its alias."""
    slots = rng.integers(len(keep), size=size)
    return np.where(rng.random(size) < keep[slots], slots, alias[slots])


def line_loss_and_grads(U: np.ndarray, C: np.ndarray, edges: np.ndarray, negatives: np.ndarray,
                        order: int) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean negative-sampling loss of sampled edges (i, j) and its gradients with respect to U and C.

    order 1: -log s(u_j . u_i) - sum_k log s(-u_k . u_i); order 2: the same with context vectors c_j, c_k.
    """
    context = U if order == 1 else C
    i, j = edges[:, 0], edges[:, 1]
    loss, g_centre, g_context, g_negative = negative_sampling.negative_sampling_loss_and_grads(
        U[i], context[j], context[negatives])
    grad_U, grad_C = np.zeros_like(U), np.zeros_like(C)
    grad_context = grad_U if order == 1 else grad_C
    np.add.at(grad_U, i, g_centre)
    np.add.at(grad_context, j, g_context)
    np.add.at(grad_context, negatives, g_negative)
    return loss, grad_U, grad_C


def line_objectives(U: np.ndarray, C: np.ndarray, A: np.ndarray) -> tuple[float, float]:
    """The exact objectives O1 = -sum w_ij log sigmoid(u_i . u_j) and O2 = -sum w_ij log softmax_j(c_j . u_i)."""
    scores1, scores2 = U @ U.T, U @ C.T
    log_p1 = -np.logaddexp(0.0, -scores1)
    log_p2 = scores2 - np.log(np.exp(scores2 - scores2.max(1, keepdims=True)).sum(1, keepdims=True)) \
        - scores2.max(1, keepdims=True)
    return float(-(A * log_p1).sum()), float(-(A * log_p2).sum())


def train_line(A: np.ndarray, dim: int, order: int, steps: int, rng: np.random.Generator, batch: int = 64,
               k: int = 5, learning_rate: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """SGD on weight-sampled edges (both directions) with k degree^0.75 negatives per edge."""
    rows, cols = np.nonzero(A)
    keep, alias = alias_table(A[rows, cols])
    noise = negative_sampling.noise_distribution(A.sum(axis=1))
    U, C = 0.1 * rng.normal(size=(len(A), dim)), np.zeros((len(A), dim))
    for _ in range(steps):
        picked = alias_draw(keep, alias, batch, rng)
        edges = np.stack([rows[picked], cols[picked]], axis=1)
        negatives = rng.choice(len(A), size=(batch, k), p=noise)
        _, grad_U, grad_C = line_loss_and_grads(U, C, edges, negatives, order)
        U -= learning_rate * grad_U
        C -= learning_rate * grad_C
    return U, C


if __name__ == "__main__":
    from _check import numerical_gradient, relative_error

    rng = np.random.default_rng(0)
    # Hand-written gradients agree with finite differences, for both orders (order 1 reuses U as context).
    U, C = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    edges, negatives = np.array([[0, 1], [2, 1], [3, 4]]), rng.integers(0, 6, size=(3, 4))
    for order in (1, 2):
        _, grad_U, grad_C = line_loss_and_grads(U, C, edges, negatives, order)
        numeric_U = numerical_gradient(lambda x, o=order: line_loss_and_grads(x, C, edges, negatives, o)[0], U)
        numeric_C = numerical_gradient(lambda x, o=order: line_loss_and_grads(U, x, edges, negatives, o)[0], C)
        error = max(relative_error(grad_U, numeric_U), relative_error(grad_C, numeric_C) if order == 2 else 0.0)
        assert order == 2 or np.all(grad_C == 0.0) and np.allclose(numeric_C, 0.0)   # order 1 never touches C
        print(f"order {order}: gradient vs finite differences, relative error {error:.1e}")
        assert error < 1e-6

    # Edge sampling: the alias table reproduces the edge weights exactly, and its draws follow them.
    weights = np.array([5.0, 1.0, 0.5, 3.0, 0.5])
    keep, alias = alias_table(weights)
    implied = keep.copy() / len(weights)
    np.add.at(implied, alias, (1.0 - keep) / len(weights))
    assert np.allclose(implied, weights / weights.sum())
    draws = np.bincount(alias_draw(keep, alias, 200_000, rng), minlength=5) / 200_000
    assert np.abs(draws - weights / weights.sum()).max() < 5e-3

    # Two 4-cliques and a bridge; nodes 8 and 9 are unlinked but share neighbours 0 and 1.
    edges = [(i, j) for b in (range(4), range(4, 8)) for i in b for j in b if i < j] + [(3, 4), (8, 0), (8, 1),
                                                                                      (9, 0), (9, 1)]
    A = adjacency_from_edges(10, edges)
    U1, _ = train_line(A, 4, order=1, steps=600, rng=rng)
    U2, C2 = train_line(A, 4, order=2, steps=600, rng=rng)
    start = line_objectives(0.1 * rng.normal(size=(10, 4)), np.zeros((10, 4)), A)
    print(f"O1 {start[0]:.1f} -> {line_objectives(U1, C2, A)[0]:.1f}; O2 {start[1]:.1f} -> "
          f"{line_objectives(U2, C2, A)[1]:.1f}")
    assert line_objectives(U1, C2, A)[0] < 0.9 * start[0] and line_objectives(U2, C2, A)[1] < 0.8 * start[1]
    # First order: linked pairs score above unlinked pairs (the fraction of such orderings is the AUC).
    scores, linked, unlinked = U1 @ U1.T, A > 0, (A == 0) & ~np.eye(10, dtype=bool)
    auc = (scores[linked][:, None] > scores[unlinked][None, :]).mean()
    print(f"first order: AUC of edges against non-edges {auc:.2f}")
    assert auc > 0.9
    # Second order: the unlinked twins 8 and 9 get nearly parallel vertex vectors.
    unit = U2 / np.linalg.norm(U2, axis=1, keepdims=True)
    other_clique = (unit[4:8] @ unit[8]).max()
    print(f"second order: cosine(8, 9) = {unit[8] @ unit[9]:.2f}, at most {other_clique:.2f} to nodes 4-7")
    assert unit[8] @ unit[9] > 0.95 and unit[8] @ unit[9] > other_clique + 0.3
    # The dense objectives equal explicit sums over the edge list (an undirected edge counts in both directions).
    U0, C0 = rng.normal(size=(10, 4)), rng.normal(size=(10, 4))
    o1 = sum(2 * np.logaddexp(0.0, -U0[i] @ U0[j]) for i, j in edges)
    o2 = sum(np.log(np.exp(C0 @ U0[a]).sum()) - C0[c] @ U0[a] for i, j in edges for a, c in ((i, j), (j, i)))
    assert np.allclose(line_objectives(U0, C0, A), (o1, o2))
    print("line: all checks passed")

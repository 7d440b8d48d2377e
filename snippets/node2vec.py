"""node2vec: DeepWalk with a second-order biased walk that interpolates between BFS-like and DFS-like exploration.

A walk that just moved t -> v picks its next node x with unnormalised probability alpha_pq(t, x) * w_vx, where
alpha = 1/p if x = t (return), 1 if x is also a neighbour of t (stay close), and 1/q if x is two hops from t
(move outward). Small q favours moving away (DFS-like, homophily); small p, or large q, keeps the walk local
(BFS-like, structural roles). With p = q = 1 every alpha is 1 and the walk is DeepWalk's uniform walk.
"""

from __future__ import annotations

import numpy as np
from _entry import load

deepwalk = load("deepwalk")
adjacency_from_edges = deepwalk.adjacency_from_edges


def node2vec_transition(A: np.ndarray, p: float, q: float) -> np.ndarray:
    """T[t, v, x] = P(next = x | previous = t, current = v) for every pair (t, v), normalised over x."""
    n = len(A)
    linked = A > 0
    alpha = np.where(linked, 1.0, 1.0 / q)          # alpha[t, x]: 1 for neighbours of t, 1/q for the rest
    alpha[np.arange(n), np.arange(n)] = 1.0 / p     # x = t: going back
    weights = alpha[:, None, :] * A[None, :, :]     # weights[t, v, x] = alpha(t, x) * w_vx
    totals = weights.sum(axis=2, keepdims=True)
    return np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)


def node2vec_walks(A: np.ndarray, starts: np.ndarray, walk_length: int, p: float, q: float,
                   rng: np.random.Generator) -> np.ndarray:
    """Walks from the given start nodes (first step by edge weight, later steps biased), advanced together."""
    first = np.cumsum(A / A.sum(axis=1, keepdims=True), axis=1)
    table = np.cumsum(node2vec_transition(A, p, q), axis=2)
    walks = np.zeros((len(starts), walk_length), dtype=int)
    walks[:, 0] = starts
    walks[:, 1] = (first[starts] < rng.random((len(starts), 1))).sum(axis=1)
    for step in range(2, walk_length):
        cdf = table[walks[:, step - 2], walks[:, step - 1]]
        walks[:, step] = np.minimum((cdf < rng.random((len(starts), 1))).sum(axis=1), len(A) - 1)
    return walks


def next_step_frequencies(walks: np.ndarray, previous: int, current: int, n: int) -> np.ndarray:
    """Empirical distribution of the node that follows every occurrence of the move previous -> current."""
    hits = (walks[:, :-2] == previous) & (walks[:, 1:-1] == current)
    counts = np.bincount(walks[:, 2:][hits], minlength=n).astype(np.float64)
    return counts / counts.sum()


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # Node 1's neighbours: 0, 2 (also a neighbour of 0), 3 and 4 (two hops from 0); plus a tail 4-5.
    edges = [(0, 1), (0, 2), (1, 2), (1, 3), (1, 4), (3, 4), (4, 5), (0, 5)]
    A = adjacency_from_edges(6, edges)
    p, q = 0.5, 2.0

    # After the move 0 -> 1 the weights of the candidates 0, 2, 3, 4 are 1/p, 1, 1/q, 1/q, written out by hand.
    by_hand = np.zeros(6)
    by_hand[[0, 2, 3, 4]] = [1 / p, 1.0, 1 / q, 1 / q]
    by_hand /= by_hand.sum()
    T = node2vec_transition(A, p, q)
    assert np.allclose(T[0, 1], by_hand)

    walks = node2vec_walks(A, np.repeat(np.arange(6), 2000), 12, p, q, rng)
    assert np.all(A[walks[:, :-1], walks[:, 1:]] > 0)       # every step follows an edge
    empirical = next_step_frequencies(walks, 0, 1, 6)
    print("after 0 -> 1, p = 0.5, q = 2: empirical", empirical.round(3), "\n                          exact    ",
          by_hand.round(3))
    assert np.abs(empirical - by_hand).max() < 0.02

    # p = q = 1: every transition is DeepWalk's 1/deg, whatever the previous node.
    uniform = node2vec_transition(A, 1.0, 1.0)
    P = deepwalk.transition_matrix(A)
    assert all(np.allclose(uniform[t, v], P[v]) for t, v in zip(*np.nonzero(A)))
    walks = node2vec_walks(A, np.repeat(np.arange(6), 2000), 12, 1.0, 1.0, rng)
    assert np.abs(deepwalk.transition_frequencies(walks, 6) - P).max() < 0.02

    # Limits: a huge p almost never returns; a huge q almost never leaves the previous node's neighbourhood.
    assert node2vec_transition(A, 1e6, 1.0)[0, 1, 0] < 1e-5
    assert node2vec_transition(A, 1.0, 1e6)[0, 1, [3, 4]].max() < 1e-5
    print("node2vec: all checks passed")

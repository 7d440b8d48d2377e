"""metapath2vec: random walks on a heterogeneous graph that follow a meta-path, then (heterogeneous) skip-gram.

A meta-path scheme such as A-P-V-P-A (author, paper, venue, paper, author) fixes the sequence of node types.
A walk at a node of type scheme[k] moves to a neighbour chosen uniformly among those of type scheme[k + 1];
the scheme starts and ends with the same type, so the walk repeats it. metapath2vec++ also restricts the
skip-gram softmax (and its negative samples) to nodes of the context's type.
"""

from __future__ import annotations

import numpy as np
from _entry import load

adjacency_from_edges = load("graph-embedding").adjacency_from_edges


def metapath_transition(A: np.ndarray, node_types: np.ndarray, current: int, next_type: int) -> np.ndarray:
    """P(next node | current node) under the meta-path: uniform over current's neighbours of type next_type."""
    allowed = (A[current] > 0) & (node_types == next_type)
    return allowed / allowed.sum()


def metapath_walks(A: np.ndarray, node_types: np.ndarray, scheme: list[int], starts: np.ndarray, walk_length: int,
                   rng: np.random.Generator) -> np.ndarray:
    """Walks from nodes of type scheme[0]; step k goes to a uniformly chosen neighbour of type scheme[k mod (l-1)]."""
    assert scheme[0] == scheme[-1] and np.all(node_types[starts] == scheme[0])
    period = len(scheme) - 1
    walks = np.zeros((len(starts), walk_length), dtype=int)
    walks[:, 0] = starts
    for step in range(1, walk_length):
        allowed = (A[walks[:, step - 1]] > 0) & (node_types == scheme[step % period])   # (walks, n) candidates
        counts = np.cumsum(allowed, axis=1)
        pick = rng.random(len(starts)) * counts[:, -1]          # uniform over each walk's candidates
        walks[:, step] = np.argmax(counts > pick[:, None], axis=1)
    return walks


def typed_softmax(scores: np.ndarray, node_types: np.ndarray, context_type: int) -> np.ndarray:
    """metapath2vec++'s output distribution: a softmax over the nodes of the context's type only (0 elsewhere)."""
    masked = np.where(node_types == context_type, scores, -np.inf)
    e = np.exp(masked - masked.max())
    return e / e.sum()


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    AUTHOR, PAPER, VENUE = 0, 1, 2
    # Authors 0-3, papers 4-8, venues 9-10. Author-paper (writes) and paper-venue (published at) edges.
    node_types = np.array([AUTHOR] * 4 + [PAPER] * 5 + [VENUE] * 2)
    writes = [(0, 4), (0, 5), (1, 5), (1, 6), (2, 6), (2, 7), (3, 7), (3, 8), (0, 8)]
    published = [(4, 9), (5, 9), (6, 9), (7, 10), (8, 10)]
    A = adjacency_from_edges(11, writes + published)
    # The edge list and the dense matrix agree on every neighbourhood.
    for v in range(11):
        listed = {j for i, j in writes + published if i == v} | {i for i, j in writes + published if j == v}
        assert listed == set(np.flatnonzero(A[v]))

    scheme = [AUTHOR, PAPER, VENUE, PAPER, AUTHOR]
    walks = metapath_walks(A, node_types, scheme, np.repeat(np.arange(4), 500), 13, rng)
    assert np.all(A[walks[:, :-1], walks[:, 1:]] > 0)                  # every step follows an edge
    types = node_types[walks]
    expected = np.array([scheme[k % 4] for k in range(13)])          # A P V P A P V P A ...
    print("node types along a walk:", "".join("APV"[t] for t in types[0]))
    assert np.all(types == expected)

    # Within the allowed type the choice is uniform: from paper 8 (authors 0 and 3, venue 10) back to an author.
    arrived = walks[:, 3] == 8
    freq = np.bincount(walks[arrived, 4], minlength=11) / arrived.sum()
    print(f"from paper 8 towards an author: frequencies {freq[[0, 3]].round(3)}, exact 0.5 each")
    assert np.allclose(metapath_transition(A, node_types, 8, AUTHOR)[[0, 3]], 0.5)
    assert np.abs(freq[[0, 3]] - 0.5).max() < 0.05 and freq[[0, 3]].sum() == 1.0
    # A type-blind walk from a paper would go to the venue a third of the time; the meta-path forbids it here.
    uniform = A[8] / A[8].sum()
    assert np.isclose(uniform[10], 1 / 3) and metapath_transition(A, node_types, 8, AUTHOR)[10] == 0.0

    # metapath2vec++: the typed softmax is a distribution over the context's type alone.
    probabilities = typed_softmax(rng.normal(size=11), node_types, VENUE)
    assert np.isclose(probabilities.sum(), 1.0) and np.all(probabilities[node_types != VENUE] == 0.0)
    print("metapath2vec: all checks passed")

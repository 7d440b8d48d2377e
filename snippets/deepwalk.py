"""DeepWalk: treat truncated random walks on a graph as sentences and learn node vectors with skip-gram.

From every node start gamma walks of length t; each step moves to a neighbour chosen uniformly, so the walk is a
Markov chain with P(v -> u) = 1 / deg(v) for every neighbour u. Nodes that co-occur within a window of the walks
become (centre, context) pairs for skip-gram (here with the full softmax of the skip-gram entry; the paper used
hierarchical softmax). On two dense communities joined by a bridge, members of a community end up close.
"""

from __future__ import annotations

import numpy as np
from _entry import load

skip_gram = load("skip-gram")
graphs = load("graph-embedding")
adjacency_from_edges = graphs.adjacency_from_edges


def random_walks(A: np.ndarray, walks_per_node: int, walk_length: int, rng: np.random.Generator) -> np.ndarray:
    """Truncated uniform random walks, `walks_per_node` from every node, as rows of node ids (walk_length long)."""
    neighbours = [np.flatnonzero(row) for row in A]
    walks = np.zeros((walks_per_node * len(A), walk_length), dtype=int)
    walks[:, 0] = np.tile(np.arange(len(A)), walks_per_node)
    for step in range(1, walk_length):
        for w, current in enumerate(walks[:, step - 1]):
            walks[w, step] = neighbours[current][rng.integers(len(neighbours[current]))]
    return walks


def transition_matrix(A: np.ndarray) -> np.ndarray:
    """The walk's exact transition matrix P = D^-1 A (row v: probability 1/deg(v) for each neighbour)."""
    return A / A.sum(axis=1, keepdims=True)


def transition_frequencies(walks: np.ndarray, n: int) -> np.ndarray:
    """Empirical P(next = u | current = v) counted over all consecutive pairs of the walks."""
    counts = np.zeros((n, n))
    np.add.at(counts, (walks[:, :-1].ravel(), walks[:, 1:].ravel()), 1.0)
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)


def deepwalk(A: np.ndarray, dim: int, rng: np.random.Generator, walks_per_node: int = 10, walk_length: int = 10,
             window: int = 2, epochs: int = 10) -> np.ndarray:
    """Node embeddings: skip-gram trained on the (centre, context) pairs of random walks."""
    walks = random_walks(A, walks_per_node, walk_length, rng)
    pairs = skip_gram.context_pairs(walks.tolist(), window=window)
    vectors, _ = skip_gram.train_skipgram(pairs, len(A), dim, epochs, learning_rate=1.0, rng=rng)
    return vectors


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # Two 5-cliques (nodes 0-4 and 5-9) joined by the single bridge 4-5.
    edges = [(i, j) for block in (range(5), range(5, 10)) for i in block for j in block if i < j] + [(4, 5)]
    A = adjacency_from_edges(10, edges)
    degree = A.sum(axis=1)

    # The walk is the Markov chain D^-1 A: each neighbour is chosen with probability 1/deg.
    walks = random_walks(A, walks_per_node=200, walk_length=20, rng=rng)
    assert np.all(A[walks[:, :-1], walks[:, 1:]] > 0)          # every step follows an edge
    freq = transition_frequencies(walks, 10)
    expected = transition_matrix(A)
    assert np.allclose(expected[A > 0], np.repeat(1.0 / degree, degree.astype(int)))
    print(f"node 4 (degree {degree[4]:.0f}) moves to 5 with frequency {freq[4, 5]:.3f}, expected {expected[4, 5]:.3f}")
    assert np.abs(freq - expected).max() < 0.02

    vectors = deepwalk(A, dim=4, rng=rng)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosine = unit @ unit.T
    community = np.arange(10) < 5
    same = community[:, None] == community[None, :]
    within = cosine[same & ~np.eye(10, dtype=bool)].mean()
    across = cosine[~same].mean()
    print(f"mean cosine within a community {within:.2f}, across the bridge {across:.2f}")
    assert within > across + 0.5
    print("deepwalk: all checks passed")

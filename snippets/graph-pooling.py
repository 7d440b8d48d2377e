"""Graph pooling: shrink a graph to fewer nodes; DiffPool (Ying et al.) learns a soft cluster assignment to do it.

Two GNNs read the same graph (here one GCN layer each):
    Z = GNN_embed(A, X)                   node embeddings, (n, d)
    S = softmax(GNN_pool(A, X))           row i = how node i is split among k clusters, (n, k), rows sum to 1
    X' = S^T Z,   A' = S^T A S            the coarsened graph with k nodes, again symmetric
Repeating this builds a hierarchy that ends in one node, a graph vector for classification. Auxiliary losses push S
towards the graph's structure (||A - S S^T||_F) and towards near one-hot rows (mean row entropy).
The simplest pooling, a global sum / mean / max over all nodes ("readout"), is the one-cluster case.
"""

from __future__ import annotations

import numpy as np
from _entry import load

gcn_layer = load("gcn").gcn_layer
softmax = load("softmax").softmax


def coarsen(adjacency: np.ndarray, embeddings: np.ndarray, assignment: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pool with a given assignment matrix S: returns (A' = S^T A S, X' = S^T Z)."""
    return assignment.T @ adjacency @ assignment, assignment.T @ embeddings


def diffpool(adjacency: np.ndarray, features: np.ndarray, embed_weight: np.ndarray,
             pool_weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One DiffPool layer: returns (A', X', S) with S = softmax(GCN_pool(A, X)) over k = pool_weight.shape[1] clusters."""
    z = gcn_layer(adjacency, features, embed_weight)
    s = softmax(gcn_layer(adjacency, features, pool_weight, activation=False), axis=1)
    pooled_adjacency, pooled_features = coarsen(adjacency, z, s)
    return pooled_adjacency, pooled_features, s


def auxiliary_losses(adjacency: np.ndarray, assignment: np.ndarray) -> tuple[float, float]:
    """DiffPool's link-prediction loss ||A - S S^T||_F and the mean entropy of the rows of S."""
    link = float(np.linalg.norm(adjacency - assignment @ assignment.T))
    entropy = float(np.mean(-np.sum(assignment * np.log(np.clip(assignment, 1e-300, None)), axis=1)))
    return link, entropy


def global_pool(embeddings: np.ndarray, how: str = "sum") -> np.ndarray:
    """Readout over all nodes: sum, mean or element-wise max."""
    return {"sum": np.sum, "mean": np.mean, "max": np.max}[how](embeddings, axis=0)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d, hidden, k = 12, 4, 5, 3
    upper = np.triu(rng.random((n, n)) < 0.3, k=1).astype(float)
    adjacency = upper + upper.T
    x = rng.normal(size=(n, d))
    embed_weight, pool_weight = rng.normal(size=(d, hidden)), rng.normal(size=(d, k))

    pooled_adj, pooled_x, s = diffpool(adjacency, x, embed_weight, pool_weight)
    # Soft assignment: rows of S sum to 1; the coarsened graph has k nodes and stays symmetric.
    assert np.allclose(s.sum(axis=1), 1.0) and np.all(s > 0)
    assert pooled_adj.shape == (k, k) and pooled_x.shape == (k, hidden) and np.allclose(pooled_adj, pooled_adj.T)
    # Because every node's mass is split, not lost, the total edge weight is preserved: 1^T A' 1 = 1^T A 1.
    assert np.isclose(pooled_adj.sum(), adjacency.sum())

    # Hard assignment (one-hot S): A'[a, b] counts the edges between clusters a and b (twice inside a cluster, as A
    # is symmetric), X' sums each cluster's embeddings -- checked with explicit loops over the edges.
    labels = rng.integers(k, size=n)
    hard = np.eye(k)[labels]
    z = gcn_layer(adjacency, x, embed_weight)
    hard_adj, hard_x = coarsen(adjacency, z, hard)
    counts = np.zeros((k, k))
    for i, j in zip(*np.nonzero(np.triu(adjacency))):       # the edge list, each undirected edge once
        counts[labels[i], labels[j]] += 1.0
        counts[labels[j], labels[i]] += 1.0
    assert np.allclose(hard_adj, counts)
    assert np.allclose(hard_x, [z[labels == c].sum(axis=0) for c in range(k)])
    assert auxiliary_losses(adjacency, hard)[1] == 0.0         # one-hot rows have zero entropy

    # Relabelling the input nodes changes nothing after pooling (S is permuted along with A and X).
    perm = rng.permutation(n)
    perm_adj, perm_x, _ = diffpool(adjacency[np.ix_(perm, perm)], x[perm], embed_weight, pool_weight)
    assert np.allclose(perm_adj, pooled_adj) and np.allclose(perm_x, pooled_x)
    # One cluster is global sum pooling.
    _, one_x = coarsen(adjacency, z, np.ones((n, 1)))
    assert np.allclose(one_x[0], global_pool(z, "sum"))

    link, entropy = auxiliary_losses(adjacency, s)
    print(f"{n} nodes -> {k} clusters; edge weight {pooled_adj.sum():.1f} kept; link loss {link:.2f}, "
          f"entropy {entropy:.2f} (max {np.log(k):.2f})")
    print("graph-pooling: all checks passed")

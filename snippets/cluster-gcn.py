"""Cluster-GCN (Chiang et al.): train a GCN on one cluster of nodes at a time, keeping only within-cluster edges.

Partition the nodes into clusters V_1..V_c (the paper uses METIS; here a planted partition). Dropping the edges
between clusters makes A block-diagonal, and then an L-layer GCN factorises exactly over the blocks:
    Z = A_hat_block ... W  =  [Z_1; ...; Z_c],   Z_t computed from the t-th cluster's subgraph alone,
so the full loss is the sum of cluster losses and its gradient the sum of cluster gradients. A batch needs only its
own nodes' features and activations, in memory O(b L F) instead of the whole graph's. To restore some between-
cluster edges and reduce the bias, each batch joins q random clusters and keeps the edges among them.
"""

from __future__ import annotations

import numpy as np
from _entry import load

renormalized_adjacency = load("gcn").renormalized_adjacency
softmax = load("softmax").softmax


def gcn_loss_and_grads(adjacency: np.ndarray, x: np.ndarray, targets: np.ndarray, labelled: np.ndarray,
                       w1: np.ndarray, w2: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Summed cross-entropy of a two-layer GCN, softmax(A_hat ReLU(A_hat X W1) W2), and its hand-derived gradients."""
    a_hat = renormalized_adjacency(adjacency)
    ax = a_hat @ x
    pre = ax @ w1
    hidden = np.maximum(pre, 0.0)
    ah = a_hat @ hidden
    probs = softmax(ah @ w2, axis=1)
    loss = float(-np.sum(labelled[:, None] * targets * np.log(probs)))
    grad_logits = labelled[:, None] * (probs - targets)      # softmax + cross-entropy
    grad_w2 = ah.T @ grad_logits
    grad_pre = (a_hat.T @ grad_logits @ w2.T) * (pre > 0)
    grad_w1 = ax.T @ grad_pre
    return loss, grad_w1, grad_w2


def cluster_batches(clusters: list[np.ndarray], q: int, rng: np.random.Generator) -> list[np.ndarray]:
    """One epoch of batches: the clusters in random order, q at a time, each batch the union of its clusters' nodes."""
    order = rng.permutation(len(clusters))
    return [np.sort(np.concatenate([clusters[c] for c in order[i:i + q]])) for i in range(0, len(order), q)]


def batches_per_epoch(num_clusters: int, q: int) -> int:
    """How many batches of q clusters one epoch takes: ceil(c / q) (the last batch may hold fewer clusters)."""
    return -(-num_clusters // q)


def cluster_gcn_gradient(adjacency: np.ndarray, x: np.ndarray, targets: np.ndarray, labelled: np.ndarray,
                         w1: np.ndarray, w2: np.ndarray, batch: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Loss and gradients of one Cluster-GCN batch: the GCN run on the subgraph induced by the batch's nodes."""
    sub = np.ix_(batch, batch)
    return gcn_loss_and_grads(adjacency[sub], x[batch], targets[batch], labelled[batch], w1, w2)


def train_cluster_gcn(adjacency: np.ndarray, x: np.ndarray, targets: np.ndarray, labelled: np.ndarray,
                      clusters: list[np.ndarray], hidden: int, epochs: int, lr: float, q: int = 1,
                      seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Plain SGD, one step per batch of q clusters; returns the weights and the full-graph loss after each epoch."""
    rng = np.random.default_rng(seed)
    w1 = rng.normal(size=(x.shape[1], hidden)) / np.sqrt(x.shape[1])
    w2 = rng.normal(size=(hidden, targets.shape[1])) / np.sqrt(hidden)
    history = []
    for _ in range(epochs):
        for batch in cluster_batches(clusters, q, rng):
            _, g1, g2 = cluster_gcn_gradient(adjacency, x, targets, labelled, w1, w2, batch)
            w1, w2 = w1 - lr * g1, w2 - lr * g2
        history.append(gcn_loss_and_grads(adjacency, x, targets, labelled, w1, w2)[0])
    return w1, w2, history


def within_cluster_edges(adjacency: np.ndarray, clusters: list[np.ndarray]) -> float:
    """How many undirected edges the block-diagonal approximation keeps (those with both ends in one cluster)."""
    return float(sum(adjacency[np.ix_(c, c)].sum() for c in clusters) / 2)


def planted_partition(sizes: list[int], p_in: float, p_out: float, rng: np.random.Generator) -> np.ndarray:
    """A symmetric stochastic-block-model graph (no self-loops)."""
    block = np.repeat(np.arange(len(sizes)), sizes)
    prob = np.where(block[:, None] == block[None, :], p_in, p_out)
    upper = np.triu(rng.random(prob.shape) < prob, k=1).astype(float)
    return upper + upper.T


if __name__ == "__main__":
    from _check import numerical_gradient

    rng = np.random.default_rng(0)
    sizes = [6, 5, 7, 6]
    n, features, classes = sum(sizes), 5, 3
    clusters = np.split(np.arange(n), np.cumsum(sizes)[:-1])
    labels = np.repeat(np.arange(len(sizes)) % classes, sizes)   # classes follow the communities
    x = rng.normal(size=(n, features)) + np.pad(np.eye(classes)[labels], ((0, 0), (0, features - classes)))
    targets, labelled = np.eye(classes)[labels], (rng.random(n) < 0.7).astype(float)
    w1, w2 = rng.normal(size=(features, 8)), rng.normal(size=(8, classes))

    # The hand gradients of the GCN loss agree with finite differences.
    isolated = planted_partition(sizes, 0.6, 0.0, rng)          # no edges between clusters at all
    loss, g1, g2 = gcn_loss_and_grads(isolated, x, targets, labelled, w1, w2)
    assert np.allclose(g1, numerical_gradient(lambda w: gcn_loss_and_grads(isolated, x, targets, labelled, w, w2)[0],
                                              w1), atol=1e-5)
    assert np.allclose(g2, numerical_gradient(lambda w: gcn_loss_and_grads(isolated, x, targets, labelled, w1, w)[0],
                                              w2), atol=1e-5)

    # No inter-cluster edges: per-cluster batches reproduce the full-graph loss and gradient exactly.
    parts = [cluster_gcn_gradient(isolated, x, targets, labelled, w1, w2, c) for c in clusters]
    assert np.isclose(sum(p[0] for p in parts), loss)
    assert np.allclose(sum(p[1] for p in parts), g1) and np.allclose(sum(p[2] for p in parts), g2)

    # With edges between clusters, single-cluster batches drop them and the gradient becomes an approximation;
    # batches of q = 2 clusters keep the links among their pair.
    linked = planted_partition(sizes, 0.6, 0.08, rng)
    full = gcn_loss_and_grads(linked, x, targets, labelled, w1, w2)
    approx = [cluster_gcn_gradient(linked, x, targets, labelled, w1, w2, c) for c in clusters]
    between = linked.sum() / 2 - within_cluster_edges(linked, clusters)
    assert between > 0 and not np.allclose(sum(p[1] for p in approx), full[1])
    epoch = cluster_batches(clusters, 2, rng)
    batch = epoch[0]
    assert len(batch) == len(set(batch)) and linked[np.ix_(batch, batch)].sum() > 0
    # One epoch visits every node exactly once, in ceil(c / q) batches.
    assert np.array_equal(np.sort(np.concatenate(epoch)), np.arange(n)) and len(epoch) == batches_per_epoch(4, 2)
    assert len(cluster_batches([np.arange(1)] * 7, 3, rng)) == 3 == batches_per_epoch(7, 3)
    print(f"{int(between)} between-cluster edges dropped by single-cluster batches; gradient error "
          f"{np.linalg.norm(sum(p[1] for p in approx) - full[1]) / np.linalg.norm(full[1]):.2f} (relative)")

    # A working run (the features carry a noisy hint of the class): Cluster-GCN SGD on the linked graph lowers the full-graph training loss.
    _, _, history = train_cluster_gcn(linked, x, targets, labelled, clusters, hidden=8, epochs=60, lr=0.05, q=2)
    assert history[-1] < 0.5 * history[0]
    print(f"full-graph loss after epoch 1: {history[0]:.2f}, after epoch 60: {history[-1]:.2f}")
    print("cluster-gcn: all checks passed")

"""Graph Isomorphism Network (Xu, Hu, Leskovec and Jegelka): sum aggregation followed by an MLP.

    h_v' = MLP((1 + eps) h_v + sum_{u in N(v)} h_u)
A GNN can tell two neighbourhoods apart only if its aggregator maps different multisets of neighbour vectors to
different values. Sum does that (on countable features), mean only sees proportions, max only sees the set of
distinct values. With an injective update, GIN separates exactly what the 1-dimensional Weisfeiler-Lehman test
separates, which is the ceiling for message passing. Graph readout: concatenate, over layers, the sum of node vectors.
"""

from __future__ import annotations

import numpy as np


def aggregate(neighbor_features: np.ndarray, how: str) -> np.ndarray:
    """Sum, mean or element-wise max over the rows of a multiset of neighbour vectors."""
    return {"sum": np.sum, "mean": np.mean, "max": np.max}[how](neighbor_features, axis=0)


def mlp(x: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]] | None) -> np.ndarray:
    """A small MLP with ReLU between layers (None is the identity)."""
    for k, (w, b) in enumerate(layers or []):
        x = x @ w + b
        if k < len(layers) - 1:
            x = np.maximum(x, 0.0)
    return x


def gin_layer(adjacency: np.ndarray, features: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]] | None = None,
              eps: float = 0.0) -> np.ndarray:
    """One GIN layer on a dense adjacency matrix: MLP((1 + eps) h_v + sum of neighbours)."""
    return mlp((1.0 + eps) * features + adjacency @ features, layers)


def gin_layer_edges(edges: list[tuple[int, int]], features: np.ndarray,
                    layers: list[tuple[np.ndarray, np.ndarray]] | None = None, eps: float = 0.0) -> np.ndarray:
    """The same layer from an undirected edge list."""
    total = (1.0 + eps) * features
    for i, j in edges:
        total[i] += features[j]
        total[j] += features[i]
    return mlp(total, layers)


def gin_readout(adjacency: np.ndarray, features: np.ndarray, stack: list[list[tuple[np.ndarray, np.ndarray]] | None],
                eps: float = 0.0) -> np.ndarray:
    """Graph vector: the sum of node vectors after every layer (input included), concatenated."""
    h, parts = features, [features.sum(axis=0)]
    for layers in stack:
        h = gin_layer(adjacency, h, layers, eps)
        parts.append(h.sum(axis=0))
    return np.concatenate(parts)


def cycle(n: int) -> np.ndarray:
    """Adjacency matrix of the n-cycle."""
    ring = np.roll(np.eye(n), 1, axis=1)
    return ring + ring.T


if __name__ == "__main__":
    a, b = np.array([1.0, 0.0]), np.array([0.0, 1.0])  # two node "colours" as one-hot features
    # The paper's kinds of failure, on multisets of neighbour features:
    confusing_both = (np.array([a, a]), np.array([a, a, a]))     # same proportions and same set of values
    confusing_both_2 = (np.array([a, b]), np.array([a, a, b, b]))
    confusing_max = (np.array([a, b]), np.array([a, a, b]))       # same set of values, different proportions
    for first, second in (confusing_both, confusing_both_2):
        assert np.allclose(aggregate(first, "mean"), aggregate(second, "mean"))
        assert np.allclose(aggregate(first, "max"), aggregate(second, "max"))
        assert not np.allclose(aggregate(first, "sum"), aggregate(second, "sum"))
    assert np.allclose(aggregate(confusing_max[0], "max"), aggregate(confusing_max[1], "max"))
    assert not np.allclose(aggregate(confusing_max[0], "mean"), aggregate(confusing_max[1], "mean"))
    assert not np.allclose(aggregate(confusing_max[0], "sum"), aggregate(confusing_max[1], "sum"))
    print("sum of {a,b} vs {a,a,b,b}:", aggregate(confusing_both_2[0], "sum"), aggregate(confusing_both_2[1], "sum"))

    rng = np.random.default_rng(0)
    stack = [[(rng.normal(size=(d_in, 8)), rng.normal(size=8)), (rng.normal(size=(8, 8)), rng.normal(size=8))]
             for d_in in (2, 8)]  # two GIN layers, each with a two-layer MLP
    # Whole graphs with identical node features: the 6-cycle and the complete bipartite K_{3,3} differ only in
    # degree. A mean-aggregating network sees every node alike in both; GIN's sums count the neighbours.
    k33 = np.kron(np.array([[0.0, 1.0], [1.0, 0.0]]), np.ones((3, 3)))
    c6, constant = cycle(6), np.tile(a, (6, 1))
    mean_c6 = mlp(constant + (c6 / 2.0) @ constant, stack[0])      # self plus the mean of the neighbours
    mean_k33 = mlp(constant + (k33 / 3.0) @ constant, stack[0])
    assert np.allclose(mean_c6, mean_k33)
    assert not np.allclose(gin_readout(c6, constant, stack), gin_readout(k33, constant, stack))
    # GIN is no stronger than the WL test: the 6-cycle and two disjoint triangles (both 2-regular, which WL cannot
    # separate) get the same graph vector whatever the weights.
    triangles = np.kron(np.eye(2), cycle(3))
    assert np.allclose(gin_readout(c6, constant, stack), gin_readout(triangles, constant, stack))

    # The readout does not depend on the node order, and the edge-list layer equals the dense one.
    x = rng.normal(size=(6, 2))
    perm = rng.permutation(6)
    assert np.allclose(gin_readout(k33, x, stack, eps=0.1), gin_readout(k33[np.ix_(perm, perm)], x[perm], stack, eps=0.1))
    edges = [(i, j) for i in range(6) for j in range(i + 1, 6) if k33[i, j]]
    assert np.allclose(gin_layer_edges(edges, x, stack[0], eps=0.3), gin_layer(k33, x, stack[0], eps=0.3))
    print("gin: all checks passed")

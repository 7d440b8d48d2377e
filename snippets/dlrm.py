"""DLRM (Naumov et al. 2019): dense features through a bottom MLP, sparse features through embedding bags,
then explicit second-order interactions as dot products of every pair of the resulting vectors.

With the bottom-MLP output x_0 and the pooled embeddings e_1 ... e_{n-1} (all of width d), the interaction
layer stacks Z = [x_0; e_1; ...; e_{n-1}] (n x d) and keeps the strictly lower triangle of Z Z^T: n(n-1)/2
numbers, one per unordered pair (like a factorization machine's pairwise terms, without the self-pairs).
The top MLP sees [x_0 ; those dot products] and outputs the click probability.
"""

from __future__ import annotations

import numpy as np


def embedding_bag_sum(table: np.ndarray, indices: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Sum-pooled lookups for a batch of multi-hot bags: bag b holds indices[offsets[b]:offsets[b+1]]."""
    bounds = np.append(offsets, len(indices))
    return np.stack([table[indices[a:b]].sum(axis=0) for a, b in zip(bounds[:-1], bounds[1:])])


def dot_interaction(vectors: np.ndarray) -> np.ndarray:
    """The strictly lower triangle of Z Z^T for each example of a (batch, n, d) stack, pairs (1,0), (2,0), (2,1), ..."""
    gram = vectors @ np.swapaxes(vectors, 1, 2)
    rows, cols = np.tril_indices(vectors.shape[1], k=-1)
    return gram[:, rows, cols]


def mlp(x: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]], last_activation: str = "relu") -> np.ndarray:
    """Affine layers with ReLU, the last one followed by ReLU or a sigmoid."""
    for n, (W, b) in enumerate(layers):
        x = x @ W + b
        if n < len(layers) - 1 or last_activation == "relu":
            x = np.maximum(0.0, x)
    return 1.0 / (1.0 + np.exp(-x)) if last_activation == "sigmoid" else x


def dlrm_forward(dense: np.ndarray, bags: list[tuple[np.ndarray, np.ndarray]], params: dict) -> np.ndarray:
    """Click probability: top MLP over [bottom MLP(dense) ; pairwise dot products of it and the pooled embeddings]."""
    x0 = mlp(dense, params["bottom"])
    pooled = [embedding_bag_sum(table, idx, off) for table, (idx, off) in zip(params["tables"], bags)]
    Z = np.stack([x0] + pooled, axis=1)
    return mlp(np.concatenate([x0, dot_interaction(Z)], axis=1), params["top"], last_activation="sigmoid")[:, 0]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    batch, n_dense, d, table_sizes = 4, 13, 8, [50, 20, 100]

    def layer(a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        return rng.normal(scale=1 / np.sqrt(a), size=(a, b)), np.zeros(b)

    n = 1 + len(table_sizes)
    params = {"bottom": [layer(n_dense, 16), layer(16, d)],
              "tables": [rng.normal(scale=0.3, size=(size, d)) for size in table_sizes],
              "top": [layer(d + n * (n - 1) // 2, 16), layer(16, 1)]}
    dense = rng.normal(size=(batch, n_dense))
    bags = []
    for size in table_sizes:                       # multi-hot: each example looks up 1-3 rows of each table
        lengths = rng.integers(1, 4, size=batch)
        bags.append((rng.integers(size, size=lengths.sum()), np.concatenate([[0], np.cumsum(lengths)[:-1]])))
    p = dlrm_forward(dense, bags, params)
    print(f"click probabilities: {np.round(p, 4).tolist()}")
    assert p.shape == (batch,) and np.all((0 < p) & (p < 1))

    # The interaction has n(n-1)/2 entries and each is the dot product of an explicit pair (i > j).
    Z = rng.normal(size=(batch, 6, d))
    inter = dot_interaction(Z)
    assert inter.shape == (batch, 6 * 5 // 2)
    explicit = np.array([[Z[b, i] @ Z[b, j] for i in range(6) for j in range(i)] for b in range(batch)])
    assert np.allclose(inter, explicit)
    # Reordering the features only reorders the interaction entries.
    perm = rng.permutation(6)
    assert np.allclose(np.sort(dot_interaction(Z[:, perm]), axis=1), np.sort(inter, axis=1))

    # Embedding bags: sum pooling equals multiplying the table by the multi-hot count vector.
    table, (indices, offsets) = params["tables"][0], bags[0]
    counts = np.zeros((batch, table_sizes[0]))
    for b, (a, e) in enumerate(zip(offsets, np.append(offsets[1:], len(indices)))):
        np.add.at(counts[b], indices[a:e], 1.0)
    assert np.allclose(embedding_bag_sum(table, indices, offsets), counts @ table)
    print("dlrm: all checks passed")

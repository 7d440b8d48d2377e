"""GraphSAGE (Hamilton, Ying and Leskovec): sample a fixed number of neighbours, aggregate them, concatenate with self.

One layer with the mean aggregator, for every node v:
    h_N(v) = mean{ h_u : u in a uniform sample of N(v) }
    h_v'   = ReLU(W [h_v ; h_N(v)]),   then h_v' <- h_v' / ||h_v'||_2
The weights act on features, never on node identities, so the trained function embeds nodes (or whole graphs)
that were not there in training: the model is inductive, unlike a lookup table of node embeddings.
"""

from __future__ import annotations

import itertools

import numpy as np


def sample_neighbors(neighbors: list[int], size: int, rng: np.random.Generator | None) -> list[int]:
    """A uniform fixed-size sample of a neighbour list (all of it when rng is None or size >= degree)."""
    if rng is None or size >= len(neighbors):
        return list(neighbors)
    return [int(u) for u in rng.choice(neighbors, size=size, replace=False)]


def sage_mean_layer(features: np.ndarray, neighbor_lists: list[list[int]], weight: np.ndarray,
                    sample_size: int | None = None, rng: np.random.Generator | None = None,
                    normalize: bool = True) -> np.ndarray:
    """One GraphSAGE layer with the mean aggregator: ReLU([h_v ; mean of sampled h_u] W), row-normalised."""
    rows = []
    for v, neighbors in enumerate(neighbor_lists):
        sampled = sample_neighbors(neighbors, sample_size or len(neighbors), rng)
        aggregated = features[sampled].mean(axis=0) if sampled else np.zeros(features.shape[1])
        rows.append(np.concatenate([features[v], aggregated]))
    out = np.maximum(np.array(rows) @ weight, 0.0)
    if normalize:
        out = out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


def graphsage_embed(features: np.ndarray, neighbor_lists: list[list[int]], weights: list[np.ndarray],
                    sample_sizes: list[int] | None = None, seed: int | None = None) -> np.ndarray:
    """K stacked mean-aggregator layers (K = len(weights)), sampling afresh at each layer when sample_sizes is given."""
    rng = None if seed is None else np.random.default_rng(seed)
    h = features
    for k, weight in enumerate(weights):
        h = sage_mean_layer(h, neighbor_lists, weight, None if sample_sizes is None else sample_sizes[k], rng)
    return h


def neighbor_lists_from_adjacency(adjacency: np.ndarray) -> list[list[int]]:
    """Adjacency lists of a 0/1 matrix."""
    return [list(np.flatnonzero(row)) for row in adjacency]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d, hidden = 9, 4, 8
    upper = np.triu(rng.random((n, n)) < 0.35, k=1).astype(float)
    adjacency = upper + upper.T
    adjacency[0, 1] = adjacency[1, 0] = 1.0
    lists = neighbor_lists_from_adjacency(adjacency)
    x = rng.normal(size=(n, d))
    weights = [rng.normal(size=(2 * d, hidden)), rng.normal(size=(2 * hidden, hidden))]

    # With the whole neighbourhood, the mean aggregator is the dense form [X ; D^-1 A X] W (isolated nodes get 0).
    degree = np.maximum(adjacency.sum(axis=1, keepdims=True), 1.0)
    dense = np.maximum(np.hstack([x, adjacency @ x / degree]) @ weights[0], 0.0)
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    assert np.allclose(sage_mean_layer(x, lists, weights[0]), dense)

    # A sample of s neighbours holds only true neighbours, and averaged over ALL size-s subsets (enumerated, not
    # sampled) the sampled mean equals the full mean: the aggregator is unbiased for the neighbourhood mean.
    v = int(np.argmax(adjacency.sum(axis=1)))
    s = 2
    sample = sample_neighbors(lists[v], s, rng)
    assert len(sample) == s and set(sample) <= set(lists[v])
    subsets = list(itertools.combinations(lists[v], s))
    assert np.allclose(np.mean([x[list(c)].mean(axis=0) for c in subsets], axis=0), x[lists[v]].mean(axis=0))

    # Inductive use: a node unseen in training (id 9, linked to nodes 0 and 3) is embedded by the same weights.
    before = graphsage_embed(x, lists, weights)
    new_lists = [list(nb) for nb in lists] + [[0, 3]]
    new_lists[0].append(n)
    new_lists[3].append(n)
    x_new = np.vstack([x, rng.normal(size=(1, d))])
    after = graphsage_embed(x_new, new_lists, weights)
    # Its first-layer vector, by hand: ReLU([x_9 ; (x_0 + x_3) / 2] W1), normalised.
    hand = np.maximum(np.concatenate([x_new[n], (x_new[0] + x_new[3]) / 2]) @ weights[0], 0.0)
    assert np.allclose(sage_mean_layer(x_new, new_lists, weights[0])[n], hand / np.linalg.norm(hand))
    # Nodes more than two hops from the newcomer keep exactly the embeddings they had before it arrived.
    grown = np.pad(adjacency, ((0, 1), (0, 1)))
    grown[n, [0, 3]] = grown[[0, 3], n] = 1.0
    reach = np.linalg.matrix_power(np.eye(n + 1) + grown, 2)[n]  # nonzero within two hops of the newcomer
    far = [u for u in range(n) if reach[u] == 0]
    assert far and np.allclose(after[far], before[far])
    assert not np.allclose(after[[0, 3]], before[[0, 3]])
    print(f"embedding of the unseen node: {np.round(after[n], 2)}; {len(far)} far nodes unchanged")

    # Sampled two-layer embedding (S1 = 2, S2 = 2): rows of unit norm (or all zero after the ReLU), reproducible.
    sampled = graphsage_embed(x, lists, weights, sample_sizes=[2, 2], seed=1)
    norms = np.linalg.norm(sampled, axis=1)
    assert np.all(np.isclose(norms, 1.0) | np.isclose(norms, 0.0))
    assert np.allclose(sampled, graphsage_embed(x, lists, weights, sample_sizes=[2, 2], seed=1))
    print("graphsage: all checks passed")

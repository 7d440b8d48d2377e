"""Graph Attention Network (Velickovic et al.): each node attends over its neighbourhood (itself included).

For one head with weight W and attention vector a = [a_1 ; a_2]:
    e_ij     = LeakyReLU(a_1 . W h_i + a_2 . W h_j)          (negative slope 0.2), only for j in N(i) + {i}
    alpha_ij = exp(e_ij) / sum_{k in N(i) + {i}} exp(e_ik)   (zero for every other j)
    h_i'     = sigma(sum_j alpha_ij W h_j)
K heads run in parallel; hidden layers concatenate their outputs, the output layer averages them.
"""

from __future__ import annotations

import numpy as np
from _entry import load

leaky_relu = load("leaky-relu").leaky_relu


def gat_attention(adjacency: np.ndarray, features: np.ndarray, weight: np.ndarray, attention: np.ndarray,
                  negative_slope: float = 0.2) -> np.ndarray:
    """The N x N attention matrix of one head: a softmax over N(i) + {i} in each row, exact zeros elsewhere."""
    projected = features @ weight
    half = weight.shape[1]
    scores = leaky_relu((projected @ attention[:half])[:, None] + (projected @ attention[half:])[None, :],
                        negative_slope)
    mask = (adjacency + np.eye(len(adjacency))) > 0
    shifted = np.where(mask, scores, -np.inf)
    shifted = shifted - shifted.max(axis=1, keepdims=True)
    weights = np.where(mask, np.exp(shifted), 0.0)
    return weights / weights.sum(axis=1, keepdims=True)


def gat_layer(adjacency: np.ndarray, features: np.ndarray, weights: list[np.ndarray], attentions: list[np.ndarray],
              concat: bool = True) -> np.ndarray:
    """A multi-head GAT layer: ELU of each head's attended sum, concatenated (or the plain average of the heads)."""
    heads = [gat_attention(adjacency, features, w, a) @ (features @ w) for w, a in zip(weights, attentions)]
    if concat:
        stacked = np.concatenate(heads, axis=1)
        return np.where(stacked > 0, stacked, np.expm1(np.minimum(stacked, 0.0)))
    return np.mean(heads, axis=0)


def gat_attention_edges(edges: list[tuple[int, int]], num_nodes: int, features: np.ndarray, weight: np.ndarray,
                        attention: np.ndarray, negative_slope: float = 0.2) -> dict[tuple[int, int], float]:
    """The same coefficients from an undirected edge list, one softmax per node over its incident edges."""
    projected = features @ weight
    half = weight.shape[1]
    neighborhoods = {i: [i] for i in range(num_nodes)}
    for i, j in edges:
        neighborhoods[i].append(j)
        neighborhoods[j].append(i)
    alpha = {}
    for i, nbrs in neighborhoods.items():
        e = np.array([float(leaky_relu(np.array(projected[i] @ attention[:half] + projected[j] @ attention[half:]),
                                       negative_slope)) for j in nbrs])
        p = np.exp(e - e.max())
        for j, value in zip(nbrs, p / p.sum()):
            alpha[(i, j)] = float(value)
    return alpha


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d, f = 7, 4, 3
    upper = np.triu(rng.random((n, n)) < 0.4, k=1).astype(float)
    adjacency = upper + upper.T
    x = rng.normal(size=(n, d))
    w, a = rng.normal(size=(d, f)), rng.normal(size=2 * f)

    alpha = gat_attention(adjacency, x, w, a)
    allowed = (adjacency + np.eye(n)) > 0
    # Every neighbourhood's coefficients sum to 1; non-neighbours get exactly 0, not just something small.
    assert np.allclose(alpha.sum(axis=1), 1.0)
    assert np.all(alpha[~allowed] == 0.0) and np.all(alpha[allowed] > 0.0)
    # The edge-list computation, one softmax per node, gives the same coefficients.
    edges = [(i, j) for i in range(n) for j in range(i + 1, n) if adjacency[i, j]]
    for (i, j), value in gat_attention_edges(edges, n, x, w, a).items():
        assert np.isclose(alpha[i, j], value)
    # Limiting case: a = 0 gives uniform weights 1 / (deg + 1), so the head averages the neighbourhood.
    uniform = gat_attention(adjacency, x, w, np.zeros(2 * f))
    assert np.allclose(uniform, allowed / allowed.sum(axis=1, keepdims=True))
    # Unlike GCN's fixed weights, the coefficients are not symmetric: alpha_ij depends on whose softmax it is.
    assert not np.allclose(alpha, alpha.T)

    # Two heads, concatenated, and relabelling the nodes relabels the output rows (equivariance).
    ws, attns = [w, rng.normal(size=(d, f))], [a, rng.normal(size=2 * f)]
    out = gat_layer(adjacency, x, ws, attns)
    perm = rng.permutation(n)
    assert out.shape == (n, 2 * f)
    assert np.allclose(gat_layer(adjacency[np.ix_(perm, perm)], x[perm], ws, attns), out[perm])
    print("attention row of node 0:", np.round(alpha[0], 3))
    print("gat: all checks passed")

"""Jumping Knowledge Networks (Xu et al.): the final node vector combines the outputs of ALL layers.

Given layer outputs h_v^(1), ..., h_v^(L) of any GNN (here GCN layers), the node's final representation is
    concatenation:   [h_v^(1) ; ... ; h_v^(L)]                 (then a linear layer)
    max-pooling:     element-wise max over l of h_v^(l)         (each feature picks its own best layer)
    LSTM-attention:  a bi-directional LSTM reads h_v^(1..L); score s_v^(l) = w . [f_v^(l) ; b_v^(l)],
                     softmax over l, output sum_l s_v^(l) h_v^(l)
so each node can choose its own neighbourhood range instead of one depth fixed for the whole graph.
"""

from __future__ import annotations

import numpy as np
from _entry import load

lstm_cell = load("lstm").lstm_cell
gcn = load("gcn")
gcn_layer = gcn.gcn_layer
softmax = load("softmax").softmax


def jk_concat(layers: list[np.ndarray]) -> np.ndarray:
    """Concatenation aggregation: (N, L * d)."""
    return np.concatenate(layers, axis=1)


def jk_max(layers: list[np.ndarray]) -> np.ndarray:
    """Max-pooling aggregation: the element-wise maximum over the layers, (N, d)."""
    return np.max(np.stack(layers), axis=0)


def init_lstm_attention(dim: int, hidden: int, seed: int = 0, zero_scores: bool = False) -> dict[str, np.ndarray]:
    """Weights of the bi-LSTM (PyTorch gate layout i, f, g, o) and of the scoring vector."""
    rng = np.random.default_rng(seed)
    params = {}
    for direction in ("forward", "backward"):
        params[f"{direction}_ih"] = rng.normal(scale=0.5, size=(4 * hidden, dim))
        params[f"{direction}_hh"] = rng.normal(scale=0.5, size=(4 * hidden, hidden))
        params[f"{direction}_b"] = rng.normal(scale=0.1, size=4 * hidden)
    params["score"] = np.zeros(2 * hidden) if zero_scores else rng.normal(size=2 * hidden)
    return params


def bilstm_over_layers(layers: list[np.ndarray], params: dict[str, np.ndarray]) -> np.ndarray:
    """Run a bi-directional LSTM along the layer axis of every node: (N, L, 2 * hidden), forward then backward."""
    seq = np.stack(layers, axis=1)                       # (N, L, d): layer l is "time step" l
    n, steps, _ = seq.shape
    hidden = params["forward_hh"].shape[1]
    outputs = {}
    for direction, order in (("forward", range(steps)), ("backward", reversed(range(steps)))):
        h, c, states = np.zeros((n, hidden)), np.zeros((n, hidden)), [None] * steps
        for t in order:
            h, c = lstm_cell(seq[:, t], h, c, params[f"{direction}_ih"], params[f"{direction}_hh"],
                             params[f"{direction}_b"])
            states[t] = h
        outputs[direction] = np.stack(states, axis=1)
    return np.concatenate([outputs["forward"], outputs["backward"]], axis=2)


def jk_lstm_attention(layers: list[np.ndarray], params: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """LSTM-attention aggregation: returns (the attended node vectors (N, d), the layer weights (N, L))."""
    scores = bilstm_over_layers(layers, params) @ params["score"]    # (N, L)
    weights = softmax(scores, axis=1)
    return np.einsum("nl,lnd->nd", weights, np.stack(layers)), weights


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d, num_layers = 10, 4, 4
    upper = np.triu(rng.random((n, n)) < 0.3, k=1).astype(float)
    adjacency = upper + upper.T
    h, layers = rng.normal(size=(n, d)), []
    edges = [(i, j) for i in range(n) for j in range(i + 1, n) if adjacency[i, j]]
    for _ in range(num_layers):                           # a 4-layer GCN; keep every layer's output
        w = rng.normal(size=(d, d)) / np.sqrt(d)
        assert np.allclose(gcn.gcn_layer_edges(edges, n, h, w), gcn_layer(adjacency, h, w))   # edge list = dense
        h = gcn_layer(adjacency, h, w)
        layers.append(h)

    # Shapes: concatenation grows with depth, max and attention do not.
    assert jk_concat(layers).shape == (n, num_layers * d) and jk_max(layers).shape == (n, d)
    # Max-pooling equals an explicit loop over nodes, features and layers, and every entry comes from some layer.
    pooled = jk_max(layers)
    for v in range(n):
        for k in range(d):
            assert pooled[v, k] == max(layer[v, k] for layer in layers)
    # LSTM-attention: per-node weights over the layers sum to 1, so the output lies between the layers' min and max.
    params = init_lstm_attention(d, 3)
    attended, weights = jk_lstm_attention(layers, params)
    assert attended.shape == (n, d) and np.allclose(weights.sum(axis=1), 1.0) and np.all(weights > 0)
    stacked = np.stack(layers)
    assert np.all(attended <= stacked.max(axis=0) + 1e-12) and np.all(attended >= stacked.min(axis=0) - 1e-12)
    # Different nodes pick different mixtures: the range is chosen per node.
    assert np.ptp(weights[:, 0]) > 1e-3
    # The backward LSTM really reads layer L first: its state at layer L depends only on h^(L).
    states = bilstm_over_layers(layers, params)
    alone = bilstm_over_layers([layers[-1]], params)
    assert np.allclose(states[:, -1, 3:], alone[:, 0, 3:]) and not np.allclose(states[:, -1, :3], alone[:, 0, :3])
    # Limiting case: with a zero scoring vector every layer gets weight 1 / L, i.e. the mean of the layers.
    uniform, _ = jk_lstm_attention(layers, init_lstm_attention(d, 3, zero_scores=True))
    assert np.allclose(uniform, stacked.mean(axis=0))
    print("layer weights of nodes 0 and 1:", np.round(weights[:2], 3))
    print("jk-net: all checks passed")

"""SR-GNN (Wu et al. 2019): session-based recommendation with a gated graph neural network on the session graph.

A session's clicks v_1 -> v_2 -> ... become a directed graph over its distinct items, one edge per
consecutive pair. The paper weights each edge by its number of occurrences divided by the out-degree of its
start node (outgoing matrix) or by the in-degree of its end node (incoming matrix); the authors' released
code marks each distinct transition once (count_repeats=False), which matters only when a transition repeats.
A gated GNN step:
    a_i = [A_in[i] V W_in + b_in ; A_out[i] V W_out + b_out],
    z = sigma(a W_z + v U_z),  r = sigma(a W_r + v U_r),  v_new = tanh(a W_h + (r * v) U_h),
    v <- (1 - z) * v + z * v_new.
Readout: s_l = last click's vector; alpha_i = q . sigma(W_1 v_last + W_2 v_i + c); s_g = sum alpha_i v_i;
s_h = W_3 [s_l ; s_g]; the score of candidate item j is s_h . v_j over all item embeddings, then softmax.
"""

from __future__ import annotations

import numpy as np


def session_graph(clicks: list[int], count_repeats: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct items (in order of first click) and the normalised incoming and outgoing adjacency matrices.

    count_repeats=True weights an edge by how often the transition occurs (the paper's description);
    False gives every distinct transition weight 1 before normalising (the released code).
    """
    nodes = list(dict.fromkeys(clicks))
    index = {item: n for n, item in enumerate(nodes)}
    counts = np.zeros((len(nodes), len(nodes)))
    for a, b in zip(clicks[:-1], clicks[1:]):
        counts[index[a], index[b]] = counts[index[a], index[b]] + 1.0 if count_repeats else 1.0
    out_degree, in_degree = counts.sum(axis=1, keepdims=True), counts.sum(axis=0)[:, None]
    A_out = np.divide(counts, out_degree, out=np.zeros_like(counts), where=out_degree > 0)
    A_in = np.divide(counts.T, in_degree, out=np.zeros_like(counts), where=in_degree > 0)
    return np.array(nodes), A_in, A_out


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def ggnn_step(V: np.ndarray, A_in: np.ndarray, A_out: np.ndarray, p: dict) -> np.ndarray:
    """One gated graph-neural-network update of the node vectors V (n, d) of a session graph."""
    a = np.concatenate([A_in @ V @ p["W_in"] + p["b_in"], A_out @ V @ p["W_out"] + p["b_out"]], axis=1)
    z = sigmoid(a @ p["W_z"] + V @ p["U_z"])
    r = sigmoid(a @ p["W_r"] + V @ p["U_r"])
    candidate = np.tanh(a @ p["W_h"] + (r * V) @ p["U_h"])
    return (1.0 - z) * V + z * candidate


def sr_gnn_scores(clicks: list[int], item_emb: np.ndarray, p: dict, steps: int = 1) -> np.ndarray:
    """Softmax over all items of s_h . v_j, where s_h combines the last click and an attention readout."""
    nodes, A_in, A_out = session_graph(clicks)
    V = item_emb[nodes]
    for _ in range(steps):
        V = ggnn_step(V, A_in, A_out, p)
    sequence = V[[list(nodes).index(c) for c in clicks]]            # node vectors in click order
    last = sequence[-1]
    alpha = sigmoid(last @ p["W_1"] + sequence @ p["W_2"] + p["c"]) @ p["q"]
    s_h = np.concatenate([last, alpha @ sequence]) @ p["W_3"]
    logits = item_emb @ s_h
    e = np.exp(logits - logits.max())
    return e / e.sum()


def init_sr_gnn(d: int, rng: np.random.Generator) -> dict:
    """Random SR-GNN parameters for embedding width d."""
    def w(*shape: int) -> np.ndarray:
        return rng.normal(scale=1 / np.sqrt(shape[0]), size=shape)

    return {"W_in": w(d, d), "b_in": np.zeros(d), "W_out": w(d, d), "b_out": np.zeros(d),
            "W_z": w(2 * d, d), "U_z": w(d, d), "W_r": w(2 * d, d), "U_r": w(d, d), "W_h": w(2 * d, d),
            "U_h": w(d, d), "W_1": w(d, d), "W_2": w(d, d), "c": np.zeros(d), "q": w(d), "W_3": w(2 * d, d)}


if __name__ == "__main__":
    # A click sequence with repeats: 4 -> 7 -> 4 -> 7 -> 4 -> 9. Distinct nodes (4, 7, 9).
    # Edges: 4->7 twice, 7->4 twice, 4->9 once. Out-degrees: 4 has 3, 7 has 2. In-degrees: 4: 2, 7: 2, 9: 1.
    nodes, A_in, A_out = session_graph([4, 7, 4, 7, 4, 9])
    hand_out = np.array([[0, 2 / 3, 1 / 3], [1, 0, 0], [0, 0, 0]])
    hand_in = np.array([[0, 1, 0], [1, 0, 0], [1, 0, 0]])
    assert list(nodes) == [4, 7, 9] and np.allclose(A_out, hand_out) and np.allclose(A_in, hand_in)
    # Counting each distinct transition once (the released code): 4 has two distinct successors, 1/2 each.
    _, A_in_once, A_out_once = session_graph([4, 7, 4, 7, 4, 9], count_repeats=False)
    assert np.allclose(A_out_once, [[0, 1 / 2, 1 / 2], [1, 0, 0], [0, 0, 0]]) and np.allclose(A_in_once, hand_in)
    # Without repeated transitions the two conventions agree: 1 -> 2 -> 3 -> 2 -> 4, built by hand.
    out_1234 = [[0, 1, 0, 0], [0, 0, 1 / 2, 1 / 2], [0, 1, 0, 0], [0, 0, 0, 0]]
    in_1234 = [[0, 0, 0, 0], [1 / 2, 0, 1 / 2, 0], [0, 1, 0, 0], [0, 1, 0, 0]]
    for repeats in (True, False):
        _, A_in_1234, A_out_1234 = session_graph([1, 2, 3, 2, 4], repeats)
        assert np.allclose(A_out_1234, out_1234) and np.allclose(A_in_1234, in_1234)
    print(f"outgoing matrix rows (4, 7, 9): {np.round(A_out, 3).tolist()}")

    rng = np.random.default_rng(0)
    d, n_items = 6, 20
    p = init_sr_gnn(d, rng)
    item_emb = rng.normal(size=(n_items, d))

    # Locality: after one step, a node's vector depends only on itself and its graph neighbours.
    # In 1 -> 2 -> 3 -> 5 node 1 and node 5 are not adjacent.
    nodes, A_in, A_out = session_graph([1, 2, 3, 5])
    V = item_emb[nodes]
    moved = V.copy()
    moved[3] += 1.0
    assert np.allclose(ggnn_step(moved, A_in, A_out, p)[0], ggnn_step(V, A_in, A_out, p)[0])
    assert not np.allclose(ggnn_step(moved, A_in, A_out, p)[2], ggnn_step(V, A_in, A_out, p)[2])
    # The gated update against its definition in a limit: with zero update-gate weights z = sigma(0) = 1/2, so
    # the new vector is the plain average of the old one and the candidate.
    z_zero = dict(p, W_z=np.zeros((2 * d, d)), U_z=np.zeros((d, d)))
    half = ggnn_step(V, A_in, A_out, z_zero)                          # z = sigma(0) = 1/2 everywhere
    a = np.concatenate([A_in @ V @ p["W_in"] + p["b_in"], A_out @ V @ p["W_out"] + p["b_out"]], axis=1)
    r = sigmoid(a @ p["W_r"] + V @ p["U_r"])
    assert np.allclose(half, 0.5 * V + 0.5 * np.tanh(a @ p["W_h"] + (r * V) @ p["U_h"]))

    scores = sr_gnn_scores([3, 8, 3, 11, 2], item_emb, p)
    assert np.isclose(scores.sum(), 1.0) and scores.shape == (n_items,)
    print(f"top-3 next clicks: {np.argsort(-scores)[:3].tolist()}")
    print("sr-gnn: all checks passed")

"""Message passing neural network (Gilmer et al. 2017): message, aggregate, update, then a readout.

For T rounds, every edge (v, w) carries a message M(h_v, h_w, e_vw), each node sums the messages it receives and
updates its state with a function U shared by all nodes:
    m_v = sum_{w in N(v)} M(h_v, h_w, e_vw),        h_v <- U(h_v, m_v),        y = R({h_v}).
Here M is the paper's "edge network" A(e_vw) h_w (a matrix computed from the edge's features), U is a GRU cell
(reused from the GRU entry) and R sums a small MLP over nodes. Computed on an edge list with a scatter-add,
the step equals the dense formulation over all node pairs masked by the adjacency matrix.
"""

from __future__ import annotations

import numpy as np
from _entry import load

gru = load("gru")


def init_mpnn(hidden: int, edge_dim: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Edge-network weights (edge features -> hidden x hidden matrix), GRU weights and a readout layer."""
    scale = 1.0 / np.sqrt(hidden)
    return {"W_edge": scale * rng.normal(size=(edge_dim, hidden * hidden)), "b_edge": np.zeros(hidden * hidden),
            "W_ih": scale * rng.normal(size=(3 * hidden, hidden)),
            "W_hh": scale * rng.normal(size=(3 * hidden, hidden)),
            "b_ih": np.zeros(3 * hidden), "b_hh": np.zeros(3 * hidden), "W_read": rng.normal(size=(hidden, 1))}


def edge_matrices(edge_features: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
    """The edge network: one hidden x hidden matrix A(e) per edge (leading axes of edge_features are kept)."""
    hidden = params["W_ih"].shape[1]
    flat = edge_features @ params["W_edge"] + params["b_edge"]
    return flat.reshape(edge_features.shape[:-1] + (hidden, hidden))


def aggregate_messages(h: np.ndarray, edges: np.ndarray, edge_features: np.ndarray,
                       params: dict[str, np.ndarray]) -> np.ndarray:
    """m_v = sum over edges (v, w) of A(e_vw) h_w, by a scatter-add over the edge list (rows: target v, source w)."""
    messages = np.einsum("eij,ej->ei", edge_matrices(edge_features, params), h[edges[:, 1]])
    m = np.zeros_like(h)
    np.add.at(m, edges[:, 0], messages)
    return m


def weighted_sum_messages(h: np.ndarray, edges: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The simplest message function, M = e_vw h_w with a scalar edge weight, summed at each target node."""
    m = np.zeros_like(h, dtype=np.float64)
    np.add.at(m, np.asarray(edges)[:, 0], np.asarray(weights, dtype=np.float64)[:, None] * h[np.asarray(edges)[:, 1]])
    return m


def mpnn_step(h: np.ndarray, edges: np.ndarray, edge_features: np.ndarray,
              params: dict[str, np.ndarray]) -> np.ndarray:
    """One round of message passing: aggregate the messages, then update every node with the shared GRU cell."""
    m = aggregate_messages(h, edges, edge_features, params)
    return gru.gru_cell(m, h, params["W_ih"], params["W_hh"], params["b_ih"], params["b_hh"])


def readout(h: np.ndarray, params: dict[str, np.ndarray]) -> float:
    """A graph-level prediction: the sum over nodes of tanh(h_v) W_read (invariant to the order of the nodes)."""
    return float(np.sum(np.tanh(h) @ params["W_read"]))


def mpnn_forward(x: np.ndarray, edges: np.ndarray, edge_features: np.ndarray, params: dict[str, np.ndarray],
                 rounds: int) -> float:
    """T rounds of message passing from the input node features, then the readout."""
    h = x
    for _ in range(rounds):
        h = mpnn_step(h, edges, edge_features, params)
    return readout(h, params)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, hidden, edge_dim = 6, 4, 3
    pairs = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)]
    # Each undirected bond gets one feature vector, used in both directions (as for a molecule's bond type).
    bond = rng.normal(size=(len(pairs), edge_dim))
    edges = np.array(pairs + [(w, v) for v, w in pairs])
    edge_features = np.concatenate([bond, bond])
    params = init_mpnn(hidden, edge_dim, rng)
    h = rng.normal(size=(n, hidden))

    # Dense formulation: adjacency mask and an (n, n, edge_dim) tensor of edge features, all pairs at once.
    adjacency, E = np.zeros((n, n)), np.zeros((n, n, edge_dim))
    adjacency[edges[:, 0], edges[:, 1]] = 1.0
    E[edges[:, 0], edges[:, 1]] = edge_features
    dense_m = np.einsum("vw,vwij,wj->vi", adjacency, edge_matrices(E, params), h)
    assert np.allclose(aggregate_messages(h, edges, edge_features, params), dense_m)
    dense_step = gru.gru_cell(dense_m, h, params["W_ih"], params["W_hh"], params["b_ih"], params["b_hh"])
    assert np.allclose(mpnn_step(h, edges, edge_features, params), dense_step)

    # With edge-independent messages A(e) = W the aggregation is the matrix product adjacency @ h @ W^T.
    constant = {**params, "W_edge": np.zeros_like(params["W_edge"]), "b_edge": rng.normal(size=hidden * hidden)}
    W = constant["b_edge"].reshape(hidden, hidden)
    assert np.allclose(aggregate_messages(h, edges, edge_features, constant), adjacency @ h @ W.T)

    # Scalar edge weights: the scatter-add equals the weighted adjacency matrix times the states.
    weights = rng.uniform(0.5, 2.0, size=len(edges))
    weighted = np.zeros((n, n))
    weighted[edges[:, 0], edges[:, 1]] = weights
    assert np.allclose(weighted_sum_messages(h, edges, weights), weighted @ h)

    # Renumbering the nodes permutes the new states and leaves the graph-level prediction unchanged.
    pi = rng.permutation(n)
    new_id = np.argsort(pi)
    stepped = mpnn_step(h, edges, edge_features, params)
    assert np.allclose(mpnn_step(h[pi], new_id[edges], edge_features, params), stepped[pi])
    y = mpnn_forward(h, edges, edge_features, params, rounds=3)
    assert np.isclose(mpnn_forward(h[pi], new_id[edges], edge_features, params, rounds=3), y)
    print(f"3 rounds of message passing, graph-level prediction {y:.4f}")
    print("message-passing-neural-network: all checks passed")

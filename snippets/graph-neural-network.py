"""The graph neural network of Scarselli et al.: node states defined as the fixed point of a shared local map.

Every node v has a label l_v and a state x_v. One transition function h, shared by all edges, says how a
neighbour u contributes to v's state; the states solve
    x_v = sum_{u in ne(v)} h(l_v, l_u, x_u),        o_v = g(x_v, l_v),
and are found by iterating the map from any start, which converges because the map is kept a contraction
(Banach's fixed-point theorem). Nothing depends on how the nodes are numbered, so permuting the nodes permutes
the states and outputs: the model is permutation-equivariant, and a sum over nodes is invariant.
"""

from __future__ import annotations

import numpy as np
from _entry import load

adjacency_from_edges = load("graph-embedding").adjacency_from_edges


def init_gnn(label_dim: int, state_dim: int, out_dim: int, max_degree: int, rng: np.random.Generator,
             contraction: float = 0.5) -> dict[str, np.ndarray]:
    """Random parameters, with W_state scaled so that max_degree * ||W_state||_2 = contraction < 1."""
    W_state = rng.normal(size=(state_dim, state_dim))
    W_state *= contraction / (max_degree * np.linalg.norm(W_state, 2))
    return {"W_state": W_state, "W_label": rng.normal(size=(2 * label_dim, state_dim)), "b": rng.normal(size=state_dim),
            "W_out": rng.normal(size=(state_dim, out_dim)), "V_out": rng.normal(size=(label_dim, out_dim))}


def transition(edges: np.ndarray, labels: np.ndarray, states: np.ndarray, params: dict[str, np.ndarray],
               activation: str = "tanh") -> np.ndarray:
    """One application of the global map: x_v <- sum over edges (v, u) of h(l_v, l_u, x_u), on a directed edge list."""
    v, u = edges[:, 0], edges[:, 1]
    pre = states[u] @ params["W_state"] + np.concatenate([labels[v], labels[u]], axis=1) @ params["W_label"] \
        + params["b"]
    messages = np.tanh(pre) if activation == "tanh" else pre
    new = np.zeros_like(states)
    np.add.at(new, v, messages)
    return new


def gnn_fixed_point(edges: np.ndarray, labels: np.ndarray, params: dict[str, np.ndarray], x0: np.ndarray,
                    activation: str = "tanh", tol: float = 1e-12,
                    max_iter: int = 500) -> tuple[np.ndarray, np.ndarray, int]:
    """Iterate the transition from x0 to its fixed point; returns (states, outputs o_v = g(x_v, l_v), iterations)."""
    states, iterations = x0, 0
    while iterations < max_iter:
        new = transition(edges, labels, states, params, activation)
        change, states, iterations = np.abs(new - states).max(), new, iterations + 1
        if change < tol:
            break
    return states, states @ params["W_out"] + labels @ params["V_out"], iterations


def linear_state_fixed_point(A: np.ndarray, labels: np.ndarray, weight: float) -> np.ndarray:
    """Scalar states with h = weight * x_u + l_v: the fixed point solves x = weight A x + deg * l in closed form."""
    return np.linalg.solve(np.eye(len(A)) - weight * A, A.sum(axis=1) * labels)


def directed(edges: list[tuple[int, int]]) -> np.ndarray:
    """Both directions of an undirected edge list, as rows (v, u) meaning "u is a neighbour of v"."""
    e = np.asarray(edges)
    return np.concatenate([e, e[:, ::-1]])


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, label_dim, state_dim = 8, 3, 4
    und = [(0, 1), (1, 2), (2, 3), (3, 0), (3, 4), (4, 5), (5, 6), (6, 4), (6, 7)]
    edges, A = directed(und), adjacency_from_edges(n, und)
    labels = rng.normal(size=(n, label_dim))
    params = init_gnn(label_dim, state_dim, 2, int(A.sum(axis=1).max()), rng)

    # The edge-list transition equals the dense form: all (v, u) pairs computed by broadcasting, masked by A.
    states = rng.normal(size=(n, state_dim))
    pair_labels = np.concatenate([np.repeat(labels[:, None], n, 1), np.repeat(labels[None], n, 0)], axis=2)
    dense = np.tanh((states @ params["W_state"])[None] + pair_labels @ params["W_label"] + params["b"])
    assert np.allclose(transition(edges, labels, states, params), (A[:, :, None] * dense).sum(axis=1))

    # A contraction: one fixed point, reached from any start, at a geometric rate.
    x_a, out_a, iters = gnn_fixed_point(edges, labels, params, np.zeros((n, state_dim)))
    x_b, _, _ = gnn_fixed_point(edges, labels, params, 10 * rng.normal(size=(n, state_dim)))
    print(f"fixed point after {iters} iterations; two starts differ by {np.abs(x_a - x_b).max():.1e}")
    assert np.allclose(x_a, x_b, atol=1e-10)
    assert np.allclose(transition(edges, labels, x_a, params), x_a, atol=1e-10)
    # In the linear case the iteration reaches the solution of a linear system.
    w = 0.5 / A.sum(axis=1).max()
    scalar = {"W_state": np.array([[w]]), "W_label": np.vstack([np.ones((1, 1)), np.zeros((1, 1))]),
              "b": np.zeros(1), "W_out": np.eye(1), "V_out": np.zeros((1, 1))}
    l_scalar = rng.normal(size=(n, 1))
    x_lin, _, _ = gnn_fixed_point(edges, l_scalar, scalar, np.zeros((n, 1)), activation="linear")
    assert np.allclose(x_lin[:, 0], linear_state_fixed_point(A, l_scalar[:, 0], w))

    # Permutation equivariance: relabel the nodes by pi and the outputs are permuted the same way.
    pi = rng.permutation(n)                 # new node i is old node pi[i]
    new_id = np.argsort(pi)
    _, out_perm, _ = gnn_fixed_point(new_id[edges], labels[pi], params, np.zeros((n, state_dim)))
    assert np.allclose(out_perm, out_a[pi], atol=1e-9)
    assert np.allclose(out_perm.sum(axis=0), out_a.sum(axis=0), atol=1e-9)   # a sum readout is invariant
    print("outputs of nodes 0-2:", out_a[:3].round(3).tolist())
    print("graph-neural-network: all checks passed")

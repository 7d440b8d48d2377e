"""Caser (Tang and Wang 2018): the last L items as an L x d "image", read by horizontal and vertical filters.

E stacks the embeddings of the user's L most recent items, one row each.
Horizontal filter F (h x d, h = 1..L) slides down the rows: c_i = relu(sum(E[i:i+h] * F)), i = 1..L-h+1,
    and max-pooling keeps the strongest match, one number per filter: union-level patterns of h items.
Vertical filter f (L x 1) takes a weighted sum of the rows, f^T E, a d-vector per filter: point-level,
    position-weighted aggregation of the recent items.
z = relu(W [o ; o'] + b) is concatenated with the user's embedding P_u and projected to scores of all items.
"""

from __future__ import annotations

import numpy as np


def horizontal_conv(E: np.ndarray, filters: list[np.ndarray]) -> np.ndarray:
    """One max-pooled ReLU activation per horizontal filter (each h x d, any h <= L)."""
    out = []
    for F in filters:
        h = len(F)
        activations = [max(0.0, float(np.sum(E[i:i + h] * F))) for i in range(len(E) - h + 1)]
        out.append(max(activations))
    return np.array(out)


def vertical_conv(E: np.ndarray, filters: np.ndarray) -> np.ndarray:
    """Vertical filters (n_v x L): each gives the weighted row sum f^T E; outputs concatenated to n_v * d."""
    return (filters @ E).reshape(-1)


def caser_scores(E: np.ndarray, P_u: np.ndarray, params: dict) -> np.ndarray:
    """Scores of all items: W' [relu(W [o ; o'] + b) ; P_u] + b'."""
    o = horizontal_conv(E, params["horizontal"])
    o_v = vertical_conv(E, params["vertical"])
    z = np.maximum(0.0, params["W"] @ np.concatenate([o, o_v]) + params["b"])
    return params["W_out"] @ np.concatenate([z, P_u]) + params["b_out"]


def init_caser(n_items: int, L: int, d: int, n_h_per_height: int, n_v: int, rng: np.random.Generator) -> dict:
    """Random Caser parameters: n_h_per_height horizontal filters for each height 1..L, n_v vertical filters."""
    horizontal = [rng.normal(size=(h, d)) / np.sqrt(h * d) for h in range(1, L + 1) for _ in range(n_h_per_height)]
    width = len(horizontal) + n_v * d
    return {"horizontal": horizontal, "vertical": rng.normal(size=(n_v, L)),
            "W": rng.normal(size=(d, width)) / np.sqrt(width), "b": np.zeros(d),
            "W_out": rng.normal(size=(n_items, 2 * d)) / np.sqrt(2 * d), "b_out": np.zeros(n_items)}


if __name__ == "__main__":
    # A hand-checked cell. L = 3 items, d = 2: E = [[1, 0], [2, 1], [0, 3]]; one height-2 filter F = [[1, 1], [0, -1]].
    # Window rows 1-2: 1*1 + 0*1 + 2*0 + 1*(-1) = 0;  rows 2-3: 2*1 + 1*1 + 0*0 + 3*(-1) = 0  -> max(relu) = 0.
    # Filter G = [[0, 1], [1, 0]]: rows 1-2: 0 + 0 + 2 + 0 = 2; rows 2-3: 0 + 1 + 0 + 0 = 1 -> 2.
    E = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 3.0]])
    assert np.allclose(horizontal_conv(E, [np.array([[1.0, 1.0], [0.0, -1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]])]), [0.0, 2.0])
    # Vertical filter (1, 2, -1): 1*(1, 0) + 2*(2, 1) - (0, 3) = (5, -1).
    assert np.allclose(vertical_conv(E, np.array([[1.0, 2.0, -1.0]])), [5.0, -1.0])

    rng = np.random.default_rng(0)
    n_items, L, d, n_h, n_v = 40, 5, 8, 2, 4
    params = init_caser(n_items, L, d, n_h, n_v, rng)
    item_emb, P_u = rng.normal(size=(n_items, d)), rng.normal(size=d)
    E = item_emb[rng.integers(n_items, size=L)]

    # Shapes: one number per horizontal filter (L heights x n_h), d numbers per vertical filter.
    o, o_v = horizontal_conv(E, params["horizontal"]), vertical_conv(E, params["vertical"])
    assert o.shape == (L * n_h,) and o_v.shape == (n_v * d,)
    # The vertical convolution against an explicit loop over its L x 1 kernel positions.
    loop = np.concatenate([sum(params["vertical"][k, l] * E[l] for l in range(L)) for k in range(n_v)])
    assert np.allclose(o_v, loop)
    # A height-L horizontal filter has a single window: it is relu of the full inner product with E.
    assert np.isclose(o[-1], max(0.0, float(np.sum(E * params["horizontal"][-1]))))
    # Max-pooling makes height-1 horizontal features blind to where an item sits (reversing the sequence keeps
    # them), while vertical filters weight positions, so their output changes.
    reversed_E = E[::-1]
    assert np.allclose(horizontal_conv(reversed_E, params["horizontal"])[:n_h], o[:n_h])
    assert not np.allclose(vertical_conv(reversed_E, params["vertical"]), o_v)
    scores = caser_scores(E, P_u, params)
    assert scores.shape == (n_items,)
    print(f"top-5 next items: {np.argsort(-scores)[:5].tolist()}")
    print("caser: all checks passed")

"""Product-based Neural Network (Qu et al. 2016): a product layer between the field embeddings and the MLP.

With field embeddings f_1..f_N (dimension M) the product layer emits linear signals z = (f_1, ..., f_N) and
product signals p: in IPNN the inner products <f_i, f_j> of all field pairs, in OPNN the outer products
f_i f_j^T. OPNN would need N^2 M x M matrices, so it sum-pools them first:
    sum_i sum_j f_i f_j^T = f_S f_S^T,    f_S = sum_i f_i      (one outer product instead of N^2).
Then l_1 = relu(W_z z + W_p vec(p) + b_1), a ReLU hidden layer and a sigmoid output.
"""

from __future__ import annotations

import numpy as np


def inner_products(e: np.ndarray) -> np.ndarray:
    """IPNN's product signals: <f_i, f_j> for every field pair i < j, from embeddings e (batch, N, M)."""
    rows, cols = np.triu_indices(e.shape[1], 1)
    return np.einsum("bim,bjm->bij", e, e)[:, rows, cols]


def outer_product_pooled(e: np.ndarray) -> np.ndarray:
    """OPNN's sum-pooled product signal: f_S f_S^T with f_S the sum of the field embeddings, (batch, M, M)."""
    f_sum = e.sum(axis=1)
    return f_sum[:, :, None] * f_sum[:, None, :]


def pnn_forward(e: np.ndarray, params: dict[str, np.ndarray], kind: str = "inner") -> np.ndarray:
    """Click probability of a PNN: product layer (linear + product signals), a ReLU layer, a sigmoid output."""
    z = e.reshape(len(e), -1)
    p = inner_products(e) if kind == "inner" else outer_product_pooled(e).reshape(len(e), -1)
    l1 = np.maximum(0.0, z @ params["W_z"].T + p @ params[f"W_p_{kind}"].T + params["b1"])
    l2 = np.maximum(0.0, l1 @ params["W2"].T + params["b2"])
    return 1.0 / (1.0 + np.exp(-(l2 @ params["w3"] + params["b3"])))


def init_pnn(num_fields: int, dim: int, hidden: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random weights for both product variants and the layers above them."""
    pairs = num_fields * (num_fields - 1) // 2
    return {
        "W_z": rng.normal(scale=0.3, size=(hidden, num_fields * dim)),
        "W_p_inner": rng.normal(scale=0.3, size=(hidden, pairs)),
        "W_p_outer": rng.normal(scale=0.3, size=(hidden, dim * dim)),
        "b1": np.zeros(hidden), "W2": rng.normal(scale=0.3, size=(hidden, hidden)), "b2": np.zeros(hidden),
        "w3": rng.normal(scale=0.3, size=hidden), "b3": np.zeros(()),
    }


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    batch, fields, dim = 4, 5, 3
    table = rng.normal(size=(30, dim))                               # one shared table, one id per field
    e = table[rng.integers(0, 30, size=(batch, fields))]             # (batch, N, M)

    # IPNN: the product layer holds exactly the pairwise dot products, checked by explicit loops.
    explicit = np.array([[e[b, i] @ e[b, j] for i in range(fields) for j in range(i + 1, fields)]
                         for b in range(batch)])
    assert np.allclose(inner_products(e), explicit) and explicit.shape[1] == fields * (fields - 1) // 2

    # OPNN: the sum of all N^2 outer products equals the single outer product of the summed embedding.
    brute = np.array([sum(np.outer(e[b, i], e[b, j]) for i in range(fields) for j in range(fields))
                      for b in range(batch)])
    assert np.allclose(outer_product_pooled(e), brute)
    # The IPNN paper's low-rank trick: weights theta_i theta_j on <f_i, f_j> sum to ||sum_i theta_i f_i||^2.
    theta = rng.normal(size=fields)
    weighted = sum(theta[i] * theta[j] * (e[0, i] @ e[0, j]) for i in range(fields) for j in range(fields))
    assert np.isclose(weighted, np.sum((theta[:, None] * e[0]).sum(axis=0) ** 2))

    params = init_pnn(fields, dim, hidden=6, rng=rng)
    p_inner, p_outer = pnn_forward(e, params, "inner"), pnn_forward(e, params, "outer")
    assert p_inner.shape == p_outer.shape == (batch,) and np.all((0 < p_inner) & (p_inner < 1))
    print(f"IPNN p = {np.round(p_inner, 3)}, OPNN p = {np.round(p_outer, 3)}")
    print("pnn: all checks passed")

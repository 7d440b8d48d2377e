"""Neural Factorization Machine (He and Chua 2017): FM's pairwise interactions kept as a k-dimensional vector
(Bi-Interaction pooling) and fed to an MLP instead of being summed to a scalar.

    f_BI(x) = sum_{i<j} (x_i v_i) * (x_j v_j)  =  1/2 [ (sum_i x_i v_i)^2 - sum_i (x_i v_i)^2 ]    (element-wise)
    y(x) = w0 + sum_i w_i x_i + h . MLP(f_BI(x))
The right-hand form costs O(k n) instead of O(k n^2). With no hidden layer and h = 1 the model is exactly FM.
"""

from __future__ import annotations

import numpy as np
from _entry import load

fm = load("factorization-machine")


def bi_interaction(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Bi-Interaction pooling in O(kn): 1/2 [(x @ v)^2 - (x^2) @ (v^2)], one k-vector per row of x (N, n)."""
    return 0.5 * ((x @ v) ** 2 - (x**2) @ (v**2))


def nfm_predict(x: np.ndarray, w0: float, w: np.ndarray, v: np.ndarray,
                layers: list[tuple[np.ndarray, np.ndarray]], h: np.ndarray) -> np.ndarray:
    """NFM output (a logit): linear part plus h . (ReLU layers on the Bi-Interaction vector)."""
    z = bi_interaction(x, v)
    for weight, bias in layers:
        z = np.maximum(0.0, z @ weight.T + bias)
    return w0 + x @ w + z @ h


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, k = 10, 4
    x = rng.normal(size=(5, n)) * (rng.random((5, n)) < 0.5)
    v, w, w0 = rng.normal(size=(n, k)), rng.normal(size=n), 0.2

    # Bi-Interaction pooling equals the explicit sum of pairwise element-wise products.
    explicit = np.zeros((5, k))
    for i in range(n):
        for j in range(i + 1, n):
            explicit += (x[:, i, None] * v[i]) * (x[:, j, None] * v[j])
    assert np.allclose(bi_interaction(x, v), explicit)

    # NFM-0 (no hidden layer, h = 1) is FM; summing the pooled vector gives FM's pairwise term.
    assert np.allclose(nfm_predict(x, w0, w, v, [], np.ones(k)), fm.fm_predict(x, w0, w, v))
    # Pooling is invariant to the order of the features (a set operation).
    order = rng.permutation(n)
    assert np.allclose(bi_interaction(x[:, order], v[order]), bi_interaction(x, v))

    layers = [(rng.normal(scale=0.5, size=(8, k)), np.zeros(8)), (rng.normal(scale=0.5, size=(8, 8)), np.zeros(8))]
    out = nfm_predict(x, w0, w, v, layers, rng.normal(size=8))
    assert out.shape == (5,)
    print(f"Bi-Interaction vector of sample 0: {np.round(bi_interaction(x, v)[0], 3)}; NFM logits {np.round(out, 3)}")
    print("nfm: all checks passed")

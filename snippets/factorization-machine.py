"""Factorization machine (Rendle 2010): a linear model plus every pairwise interaction, each weighted by a dot
product of two learned k-dimensional factor vectors.

    y(x) = w0 + sum_i w_i x_i + sum_{i<j} <v_i, v_j> x_i x_j
The pairwise sum costs O(k n^2) written out, but it equals
    1/2 sum_f [ (sum_i v_if x_i)^2 - sum_i v_if^2 x_i^2 ],
which costs O(k n) (O(k m) with only m non-zero features). The gradient follows from the same form:
    d y / d v_if = x_i sum_j v_jf x_j - v_if x_i^2.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def fm_pairwise(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The second-order term of an FM in O(kn): 1/2 sum_f [(x @ v)_f^2 - (x^2 @ v^2)_f], for a batch x (N, n)."""
    return 0.5 * np.sum((x @ v) ** 2 - (x**2) @ (v**2), axis=-1)


def fm_predict(x: np.ndarray, w0: float, w: np.ndarray, v: np.ndarray) -> np.ndarray:
    """FM output (a logit for CTR) w0 + x . w + sum_{i<j} <v_i, v_j> x_i x_j for every row of x."""
    return w0 + x @ w + fm_pairwise(x, v)


def fm_pairwise_explicit(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Reference: the double loop over feature pairs i < j, O(k n^2)."""
    total = np.zeros(len(x))
    for i in range(v.shape[0]):
        for j in range(i + 1, v.shape[0]):
            total += (v[i] @ v[j]) * x[:, i] * x[:, j]
    return total


def fm_gradient_v(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """d y / d V for one input vector x (n,): x_i (x @ V)_f - V_if x_i^2, shaped like V (n, k)."""
    return np.outer(x, x @ v) - v * (x**2)[:, None]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, k = 9, 3
    x = rng.normal(size=(6, n)) * (rng.random((6, n)) < 0.5)      # sparse-ish real-valued inputs
    v, w, w0 = rng.normal(size=(n, k)), rng.normal(size=n), 0.3

    # The O(kn) reformulation equals the explicit sum over all pairs.
    fast, slow = fm_pairwise(x, v), fm_pairwise_explicit(x, v)
    assert relative_error(fast, slow) < 1e-12
    # ... which is Poly2 with the pair-weight matrix W = V V^T (only its strict upper triangle counts).
    pair_weights = np.triu(v @ v.T, 1)
    assert relative_error(fast, np.einsum("bi,ij,bj->b", x, pair_weights, x)) < 1e-12

    # The hand-derived gradient with respect to the factors matches finite differences.
    grad = fm_gradient_v(x[0], v)
    numeric = numerical_gradient(lambda vv: float(fm_predict(x[:1], w0, w, vv)[0]), v)
    assert relative_error(grad, numeric) < 1e-7

    # With one-hot fields only the active features matter: the prediction equals w0 + their weights + the dot
    # products of their factor vectors, so a pair never seen together still gets a score.
    active = [1, 4, 7]
    one_hot = np.zeros((1, n))
    one_hot[0, active] = 1.0
    by_hand = w0 + w[active].sum() + v[1] @ v[4] + v[1] @ v[7] + v[4] @ v[7]
    assert abs(fm_predict(one_hot, w0, w, v)[0] - by_hand) < 1e-12
    print(f"pairwise term O(kn) {fast[0]:.6f} = explicit {slow[0]:.6f}; gradient error "
          f"{relative_error(grad, numeric):.1e}")
    print("factorization-machine: all checks passed")

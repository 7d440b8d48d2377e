"""Field-weighted factorization machine (FwFM): FM's pairwise terms, each scaled by a learned weight for the
pair of fields involved.

    y(x) = w0 + sum_i w_i x_i + sum_{i<j} x_i x_j <v_i, v_j> r_{F(i), F(j)}
One vector per feature (as in FM) plus f(f-1)/2 field-pair weights, instead of FFM's f vectors per feature.
With every r equal to 1 it is exactly an FM.
"""

from __future__ import annotations

import numpy as np
from _entry import load

fm = load("factorization-machine")


def fwfm_pairwise(x: np.ndarray, field_of: np.ndarray, v: np.ndarray, r: np.ndarray) -> np.ndarray:
    """FwFM's pairwise term for a batch x (N, n): the strict upper triangle of (x_i v_i . x_j v_j) * r[F(i), F(j)]."""
    scaled = x[:, :, None] * v[None]                                # (N, n, k): x_i v_i
    gram = scaled @ scaled.transpose(0, 2, 1)                       # (N, n, n): x_i x_j <v_i, v_j>
    pair_weights = np.triu(r[np.ix_(field_of, field_of)], 1)        # r_{F(i),F(j)} for i < j, else 0
    return np.sum(gram * pair_weights, axis=(1, 2))


def fwfm_predict(x: np.ndarray, field_of: np.ndarray, w0: float, w: np.ndarray, v: np.ndarray,
                 r: np.ndarray) -> np.ndarray:
    """FwFM output w0 + x . w + the field-weighted pairwise term."""
    return w0 + x @ w + fwfm_pairwise(x, field_of, v, r)


def fwfm_interaction_parameters(num_features: int, num_fields: int, k: int) -> int:
    """Factor vectors and field-pair weights of FwFM: n k + f (f - 1) / 2."""
    return num_features * k + num_fields * (num_fields - 1) // 2


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    field_of = np.array([0, 0, 1, 1, 1, 2, 2, 3])
    n, f, k = len(field_of), 4, 3
    x = rng.normal(size=(6, n)) * (rng.random((6, n)) < 0.6)
    v, w, w0 = rng.normal(size=(n, k)), rng.normal(size=n), 0.1
    r = rng.normal(size=(f, f))
    r = (r + r.T) / 2                                               # one weight per unordered field pair

    # All field-pair weights equal to 1: FwFM is FM (FM's own O(kn) formula as the reference).
    assert np.allclose(fwfm_predict(x, field_of, w0, w, v, np.ones((f, f))), fm.fm_predict(x, w0, w, v))
    # A constant weight c scales FM's pairwise term by c.
    assert np.allclose(fwfm_pairwise(x, field_of, v, 2.5 * np.ones((f, f))), 2.5 * fm.fm_pairwise(x, v))

    # The vectorised term equals the double loop of the definition.
    loop = np.zeros(len(x))
    for i in range(n):
        for j in range(i + 1, n):
            loop += x[:, i] * x[:, j] * (v[i] @ v[j]) * r[field_of[i], field_of[j]]
    assert np.allclose(fwfm_pairwise(x, field_of, v, r), loop)

    # Zeroing the weight of one field pair removes exactly the interactions between those two fields.
    cut = r.copy()
    cut[1, 2] = cut[2, 1] = 0.0
    removed = sum(x[:, i] * x[:, j] * (v[i] @ v[j]) * r[1, 2] for i in range(n) for j in range(n)
                  if field_of[i] == 1 and field_of[j] == 2)
    assert np.allclose(fwfm_pairwise(x, field_of, v, r) - fwfm_pairwise(x, field_of, v, cut), removed)
    print(f"interaction parameters for n = 1000, f = 10, k = 8: FwFM {fwfm_interaction_parameters(1000, 10, 8)}, "
          f"FFM {1000 * 10 * 8}")
    print("fwfm: all checks passed")

"""Field-aware factorization machine (FFM): each feature keeps one latent vector per field, and uses, when it
interacts with feature j, the vector reserved for j's field.

    y(x) = w0 + sum_i w_i x_i + sum_{i<j} <v_{i, F(j)}, v_{j, F(i)}> x_i x_j
With n features, f fields and dimension k that is n f k factor parameters (FM: n k). If every feature used the
same vector for all fields, v_{i, g} = v_i, the model would be exactly an FM.
"""

from __future__ import annotations

import numpy as np
from _entry import load

fm = load("factorization-machine")


def ffm_pairwise(x: np.ndarray, field_of: np.ndarray, v: np.ndarray) -> np.ndarray:
    """FFM's pairwise term for a batch x (N, n); field_of[i] is feature i's field, v is (n, fields, k)."""
    n = x.shape[1]
    total = np.zeros(len(x))
    for i in range(n):
        for j in range(i + 1, n):
            total += (v[i, field_of[j]] @ v[j, field_of[i]]) * x[:, i] * x[:, j]
    return total


def ffm_predict(x: np.ndarray, field_of: np.ndarray, w0: float, w: np.ndarray, v: np.ndarray) -> np.ndarray:
    """FFM output w0 + x . w + the field-aware pairwise term, for every row of x."""
    return w0 + x @ w + ffm_pairwise(x, field_of, v)


def ffm_parameter_count(num_features: int, num_fields: int, k: int) -> int:
    """Bias, linear weights and field-aware factors: 1 + n + n f k."""
    return 1 + num_features + num_features * num_fields * k


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    field_sizes, k = [3, 4, 2], 4                      # e.g. publisher, advertiser, gender
    field_of = np.repeat(np.arange(len(field_sizes)), field_sizes)
    n, f = len(field_of), len(field_sizes)
    ids = np.stack([rng.integers(0, s, 5) for s in field_sizes], axis=1)
    x = np.zeros((5, n))
    for col, offset in enumerate(np.concatenate([[0], np.cumsum(field_sizes)[:-1]])):
        x[np.arange(5), offset + ids[:, col]] = 1.0
    w, w0 = rng.normal(size=n), -0.2

    # Sharing one vector set across all fields turns FFM into FM (compared with FM's own O(kn) formula).
    shared = rng.normal(size=(n, k))
    tied = np.repeat(shared[:, None, :], f, axis=1)
    assert np.allclose(ffm_predict(x, field_of, w0, w, tied), fm.fm_predict(x, w0, w, shared))

    # With distinct per-field vectors it differs, and a hand computation for one impression agrees:
    # active features a (field 0), b (field 1), c (field 2) give <v_a,1 , v_b,0> + <v_a,2 , v_c,0> + <v_b,2 , v_c,1>.
    v = rng.normal(size=(n, f, k))
    a, b, c = np.flatnonzero(x[0])
    by_hand = w0 + w[a] + w[b] + w[c] + v[a, 1] @ v[b, 0] + v[a, 2] @ v[c, 0] + v[b, 2] @ v[c, 1]
    assert abs(ffm_predict(x[:1], field_of, w0, w, v)[0] - by_hand) < 1e-12
    assert not np.allclose(ffm_predict(x, field_of, w0, w, v), fm.fm_predict(x, w0, w, v[:, 0]))

    # A feature's vector for its own field is never used when each field has one active feature.
    changed = v.copy()
    changed[np.arange(n), field_of] += 10.0
    assert np.allclose(ffm_predict(x, field_of, w0, w, changed), ffm_predict(x, field_of, w0, w, v))
    print(f"FFM reduces to FM with tied vectors; {ffm_parameter_count(n, f, k)} parameters vs FM's {1 + n + n * k}")
    print("field-aware-factorization-machine: all checks passed")

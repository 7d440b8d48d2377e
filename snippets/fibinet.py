"""FiBiNET (Huang, Zhang and Zhang 2019): SENET field re-weighting plus bilinear feature interactions.

SENET on the field embeddings E = [e_1..e_f] (each of size k):
    squeeze    z_i = mean_t e_i[t]                      -> one number per field, Z in R^f
    excitation A = s2(W2 s1(W1 Z))                      -> one weight per field (W1: f/r x f, W2: f x f/r)
    re-weight  v_i = a_i e_i
Bilinear interaction of a pair (i < j):  p_ij = (v_i W) * v_j, with one shared W ("Field-All"), one W_i per
field ("Field-Each") or one W_ij per pair ("Field-Interaction"). It is computed on both E and the re-weighted
V, the two sets of vectors are concatenated and an MLP produces the logit.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np


def senet(e: np.ndarray, w1: np.ndarray, w2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """SENET layer on field embeddings e (f, k): returns the per-field weights a (f,) and the re-weighted e."""
    z = e.mean(axis=1)                                        # squeeze: one summary per field
    a = np.maximum(0.0, w2 @ np.maximum(0.0, w1 @ z))         # excitation through a bottleneck of f / r
    return a, a[:, None] * e


def bilinear_interaction(v: np.ndarray, w: np.ndarray, kind: str = "field-all") -> np.ndarray:
    """Bilinear interaction vectors (v_i W) * v_j for all pairs i < j, shape (pairs, k).

    w is (k, k) for 'field-all', (f, k, k) for 'field-each' (W_i of the first field of the pair), and
    (pairs, k, k) for 'field-interaction'.
    """
    rows, cols = np.triu_indices(len(v), 1)
    if kind == "field-all":
        left = v[rows] @ w
    elif kind == "field-each":
        left = np.einsum("pk,pkl->pl", v[rows], w[rows])
    else:
        left = np.einsum("pk,pkl->pl", v[rows], w)
    return left * v[cols]


def fibinet_features(e: np.ndarray, w1: np.ndarray, w2: np.ndarray, w_bilinear: np.ndarray,
                     kind: str = "field-all") -> np.ndarray:
    """The combination layer's input: bilinear vectors of E and of the SENET-re-weighted V, flattened."""
    _, v = senet(e, w1, w2)
    return np.concatenate([bilinear_interaction(e, w_bilinear, kind).ravel(),
                           bilinear_interaction(v, w_bilinear, kind).ravel()])


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    f, k, r = 6, 4, 3
    e = rng.normal(size=(f, k))
    w1, w2 = rng.normal(size=(f // r, f)), rng.normal(size=(f, f // r))

    # Squeeze-excitation gives exactly one weight per field, and re-weighting scales each embedding by it.
    a, v = senet(e, w1, w2)
    assert a.shape == (f,) and np.all(a >= 0)
    assert np.allclose(v, np.diag(a) @ e)
    # The weights depend on each field only through its mean (the squeeze): zero-mean noise added to every
    # embedding changes the embeddings but not the weights.
    noise = rng.normal(size=(f, k))
    a_noisy, _ = senet(e + noise - noise.mean(axis=1, keepdims=True), w1, w2)
    assert np.allclose(a_noisy, a)

    # Bilinear interaction: each pair's vector against an explicit loop, for all three weight-sharing types.
    pairs = f * (f - 1) // 2
    shared, per_field, per_pair = rng.normal(size=(k, k)), rng.normal(size=(f, k, k)), rng.normal(size=(pairs, k, k))
    loop: dict[str, list[np.ndarray]] = {"field-all": [], "field-each": [], "field-interaction": []}
    for p, (i, j) in enumerate(combinations(range(f), 2)):
        loop["field-all"].append((v[i] @ shared) * v[j])
        loop["field-each"].append((v[i] @ per_field[i]) * v[j])
        loop["field-interaction"].append((v[i] @ per_pair[p]) * v[j])
    for kind, w in (("field-all", shared), ("field-each", per_field), ("field-interaction", per_pair)):
        assert np.allclose(bilinear_interaction(v, w, kind), np.array(loop[kind])), kind
    # With W = I the bilinear form is the Hadamard product, and its coordinate sum the FM dot product.
    hadamard = bilinear_interaction(e, np.eye(k))
    assert np.allclose(hadamard.sum(axis=1), (e @ e.T)[np.triu_indices(f, 1)])

    features = fibinet_features(e, w1, w2, shared)
    assert features.shape == (2 * pairs * k,)
    print(f"SENET weights {np.round(a, 3)}; combination input of {features.size} numbers")
    print("fibinet: all checks passed")

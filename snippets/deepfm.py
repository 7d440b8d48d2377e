"""DeepFM (Guo et al. 2017): an FM component and a deep component that read the same embedding table.

For one-hot fields with active features j_1..j_m, feature j has a first-order weight w_j and a latent vector
V_j. The FM component is  y_FM = w0 + sum_f w_{j_f} + sum_{f<g} <V_{j_f}, V_{j_g}>,  the deep component is an
MLP on the concatenation (V_{j_1}, ..., V_{j_m}), and  y = sigmoid(y_FM + y_DNN).  Because V is shared, there is
no pre-training (unlike FNN) and no hand-made cross features (unlike Wide & Deep), and both components'
gradients update the same vectors.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from _check import numerical_gradient, relative_error
from _entry import load

fm = load("factorization-machine")


def fm_component(ids: np.ndarray, w0: float, w: np.ndarray, table: np.ndarray) -> np.ndarray:
    """FM part from the shared table: bias + first-order weights + pairwise dots of the looked-up vectors."""
    e = table[ids]                                                    # (N, m, k)
    pairwise = 0.5 * np.sum(e.sum(axis=1) ** 2 - (e**2).sum(axis=1), axis=1)
    return w0 + w[ids].sum(axis=1) + pairwise


def deep_component(ids: np.ndarray, table: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Deep part: a ReLU MLP on the same looked-up vectors, concatenated."""
    h = table[ids].reshape(len(ids), -1)
    for weight, bias in layers[:-1]:
        h = np.maximum(0.0, h @ weight.T + bias)
    weight, bias = layers[-1]
    return (h @ weight.T + bias)[:, 0]


def deepfm_predict(ids: np.ndarray, w0: float, w: np.ndarray, table: np.ndarray,
                   layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """DeepFM click probability sigmoid(y_FM + y_DNN) for rows of global feature ids (N, fields)."""
    return 1.0 / (1.0 + np.exp(-(fm_component(ids, w0, w, table) + deep_component(ids, table, layers))))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    field_sizes, k = [4, 6, 3], 4
    offsets = np.concatenate([[0], np.cumsum(field_sizes)[:-1]])
    n, m = sum(field_sizes), len(field_sizes)
    ids = np.stack([rng.integers(0, s, 10) for s in field_sizes], axis=1) + offsets
    widths = [m * k, 8, 8, 1]
    w0, w, table = 0.1, rng.normal(size=n), rng.normal(scale=0.5, size=(n, k))
    layers = [(rng.normal(scale=0.4, size=(o, i)), np.zeros(o)) for i, o in pairwise(widths)]

    # The FM component is a standalone FM on the one-hot input with the same vectors.
    one_hot = np.zeros((10, n))
    one_hot[np.arange(10)[:, None], ids] = 1.0
    assert np.allclose(fm_component(ids, w0, w, table), fm.fm_predict(one_hot, w0, w, table))

    # One table, two readers: both parts' outputs have a non-zero gradient on the shared table V
    # (finite differences), so one loss on their sum trains V through both.
    g_fm = numerical_gradient(lambda t: float(np.sum(fm_component(ids, w0, w, t))), table)
    g_deep = numerical_gradient(lambda t: float(np.sum(deep_component(ids, t, layers))), table)
    assert np.abs(g_fm).sum() > 0 and np.abs(g_deep).sum() > 0
    # The FM part's gradient on the table equals FM's hand-derived factor gradient summed over the samples.
    assert relative_error(g_fm, sum(fm.fm_gradient_v(row, table) for row in one_hot)) < 1e-6
    # Rows of V for features that never occur in the batch get no gradient from either part.
    unused = np.setdiff1d(np.arange(n), ids)
    assert np.all(g_fm[unused] == 0) and np.all(g_deep[unused] == 0)

    p = deepfm_predict(ids, w0, w, table, layers)
    assert p.shape == (10,) and np.all((0 < p) & (p < 1))
    print(f"FM part = standalone FM; p = {np.round(p[:4], 3)}; unused rows {unused.tolist()} get no gradient")
    print("deepfm: all checks passed")

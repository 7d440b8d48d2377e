"""FNN (Zhang, Du and Wang 2016): a feed-forward network over field embeddings initialised from a trained FM.

For one-hot fields, field i's active feature has FM parameters w_i (linear weight) and v_i (k factors). FNN's
embedding layer maps the field to z_i = (w_i, v_i) and the input to the network is z = (w0, z_1, ..., z_m);
two tanh layers and a sigmoid output follow. Starting from FM's values, z already carries everything FM uses:
    FM(x) = w0 + sum_i z_i[0] + sum_{i<j} <z_i[1:], z_j[1:]>,
so training the network starts from FM's knowledge instead of from random embeddings.
"""

from __future__ import annotations

import numpy as np
from _entry import load

fm = load("factorization-machine")
mlp = load("mlp")


def fnn_embed(feature_ids: np.ndarray, w0: float, w: np.ndarray, v: np.ndarray) -> np.ndarray:
    """FNN's dense input z = (w0, (w_i, v_i) for each field's active feature), for ids (N, fields) into w and v."""
    per_field = np.concatenate([w[feature_ids][:, :, None], v[feature_ids]], axis=2)   # (N, m, 1 + k)
    return np.hstack([np.full((len(feature_ids), 1), w0), per_field.reshape(len(feature_ids), -1)])


def fnn_forward(z: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Click probability: tanh hidden layers on z, then a sigmoid on the final linear unit."""
    return 1.0 / (1.0 + np.exp(-mlp.mlp_forward(z, layers)[:, 0]))


def fm_terms_from_embedding(z: np.ndarray, num_fields: int) -> np.ndarray:
    """Read FM's prediction back out of z: w0 + sum of the linear slots + pairwise dots of the factor slots."""
    per_field = z[:, 1:].reshape(len(z), num_fields, -1)
    linear, factors = per_field[:, :, 0], per_field[:, :, 1:]
    gram = factors @ factors.transpose(0, 2, 1)
    return z[:, 0] + linear.sum(axis=1) + np.triu(gram, 1).sum(axis=(1, 2))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    field_sizes, k = [5, 3, 4], 3
    offsets = np.concatenate([[0], np.cumsum(field_sizes)[:-1]])
    n, m = sum(field_sizes), len(field_sizes)
    ids = np.stack([rng.integers(0, s, 8) for s in field_sizes], axis=1) + offsets   # global feature ids
    one_hot = np.zeros((8, n))
    one_hot[np.arange(8)[:, None], ids] = 1.0

    # Parameters of a (pretend) trained FM initialise the embedding layer.
    w0, w, v = 0.3, rng.normal(size=n), rng.normal(scale=0.5, size=(n, k))
    z = fnn_embed(ids, w0, w, v)
    assert z.shape == (8, 1 + m * (1 + k))

    # Before any training the embedded input reproduces FM exactly: first-order and second-order terms.
    assert np.allclose(fm_terms_from_embedding(z, m), fm.fm_predict(one_hot, w0, w, v))
    # The first-order part is even a linear read-out, so a first layer could pass it through unchanged.
    readout = np.zeros(z.shape[1])
    readout[0] = 1.0
    readout[1::1 + k] = 1.0
    assert np.allclose(z @ readout, w0 + one_hot @ w)

    # The network itself: 1 + m (1 + k) -> 8 -> 4 -> 1 with tanh, on the FM-initialised input.
    layers = mlp.init_mlp([z.shape[1], 8, 4, 1], rng)
    p = fnn_forward(z, layers)
    assert p.shape == (8,) and np.all((0 < p) & (p < 1))
    print(f"z has {z.shape[1]} dims; FM from z {fm_terms_from_embedding(z, m)[0]:.4f} = FM "
          f"{fm.fm_predict(one_hot, w0, w, v)[0]:.4f}; FNN p = {p[0]:.4f}")
    print("fnn: all checks passed")

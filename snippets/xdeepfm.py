"""xDeepFM's Compressed Interaction Network (CIN, Lian et al. 2018): explicit, vector-wise feature interactions.

X^0 (m x D) holds the m field embeddings. Layer k builds H_k feature maps, each a weighted sum of the Hadamard
products of every row of X^{k-1} with every row of X^0:
    X^k_{h,*} = sum_{i=1}^{H_{k-1}} sum_{j=1}^{m} W^{k,h}_{ij} (X^{k-1}_{i,*} o X^0_{j,*})
Interactions happen between whole embedding vectors (never inside one), and layer k has degree k + 1 in X^0.
Each map is sum-pooled over D; the pooled vectors of all layers feed the output unit, next to a linear part
and an MLP: y = sigmoid(w_lin . a + w_dnn . x_dnn + w_cin . p^+ + b).
"""

from __future__ import annotations

import numpy as np


def cin_layer(x_prev: np.ndarray, x0: np.ndarray, w: np.ndarray) -> np.ndarray:
    """One CIN layer for a batch: x_prev (N, H_prev, D), x0 (N, m, D), w (H, H_prev, m) -> (N, H, D)."""
    z = x_prev[:, :, None, :] * x0[:, None, :, :]                  # (N, H_prev, m, D): all Hadamard products
    return np.einsum("hij,nijd->nhd", w, z)


def cin(x0: np.ndarray, weights: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """All CIN layers and the concatenated sum-pooled output p^+ (N, sum_k H_k)."""
    layers, x = [], x0
    for w in weights:
        x = cin_layer(x, x0, w)
        layers.append(x)
    return layers, np.hstack([layer.sum(axis=2) for layer in layers])


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    batch, m, dim, sizes = 3, 4, 5, [6, 3, 2]                      # H_1, H_2, H_3 feature maps
    x0 = rng.normal(size=(batch, m, dim))
    weights, h_prev = [], m
    for h in sizes:
        weights.append(rng.normal(scale=0.5, size=(h, h_prev, m)))
        h_prev = h

    layers, pooled = cin(x0, weights)
    # Shapes: layer k is (N, H_k, D); the pooled output has sum_k H_k entries.
    assert [layer.shape for layer in layers] == [(batch, h, dim) for h in sizes]
    assert pooled.shape == (batch, sum(sizes))

    # Equality with an explicit triple loop over output map, previous map and field.
    w1 = weights[1]
    explicit = np.zeros((batch, sizes[1], dim))
    for n in range(batch):
        for h in range(sizes[1]):
            for i in range(sizes[0]):
                for j in range(m):
                    explicit[n, h] += w1[h, i, j] * layers[0][n, i] * x0[n, j]
    assert np.allclose(layers[1], explicit)

    # Vector-wise interactions: coordinate d of every map depends only on coordinate d of the embeddings ...
    changed = x0.copy()
    changed[:, :, 0] += 1.0
    assert np.allclose(cin(changed, weights)[0][-1][:, :, 1:], layers[-1][:, :, 1:])
    # ... and layer k is a homogeneous polynomial of degree k + 1 in X^0.
    scaled_layers, _ = cin(2.0 * x0, weights)
    for k, (a, b) in enumerate(zip(scaled_layers, layers), start=1):
        assert np.allclose(a, 2.0 ** (k + 1) * b)
    print(f"CIN layer shapes {[layer.shape[1:] for layer in layers]}, pooled p+ of length {pooled.shape[1]}")
    print("xdeepfm: all checks passed")

"""A tiny convolutional network from scratch, and the symmetry that defines it.

Convolution slides one small set of weights over every position, so moving the input moves the feature
maps by the same amount (translation equivariance); each output sees only a small neighbourhood (local
connectivity); pooling then trades exact position for robustness, and a global pooling head makes the
prediction independent of where the object is. Circular padding makes the equivariance exact at the borders.
"""

from __future__ import annotations

import numpy as np
from _cnn_architectures import conv2d, conv_params, max_pool, relu

Params = list[tuple[np.ndarray, np.ndarray]]


def cnn_features(images: np.ndarray, conv_layers: Params) -> np.ndarray:
    """Stacked 'same'-size conv + ReLU layers with circular padding: (N, C, H, W) -> (N, C_last, H, W)."""
    x = images
    for weight, bias in conv_layers:
        pad = weight.shape[-1] // 2
        wrapped = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="wrap")
        x = relu(conv2d(wrapped, weight, bias))
    return x


def cnn_classify(images: np.ndarray, conv_layers: Params, head: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Class scores: conv features -> global average pooling over positions -> linear layer."""
    pooled = cnn_features(images, conv_layers).mean(axis=(2, 3))
    return pooled @ head[0].T + head[1]


def dense_layer_params(inputs: int, outputs: int) -> int:
    """Weights and biases of a fully connected layer, for comparison with a convolution's."""
    return inputs * outputs + outputs


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    layers = [(rng.normal(size=(6, 1, 3, 3)), rng.normal(size=6) * 0.1),
              (rng.normal(size=(4, 6, 3, 3)) / 4, rng.normal(size=4) * 0.1)]
    head = (rng.normal(size=(3, 4)), rng.normal(size=3))
    image = rng.normal(size=(1, 1, 12, 12))
    features = cnn_features(image, layers)
    print("image", image.shape, "-> feature maps", features.shape)

    # Translation equivariance: shift the input, and the feature maps shift by the same amount.
    for dy, dx in [(1, 0), (0, 3), (5, 7)]:
        moved = np.roll(image, (dy, dx), axis=(2, 3))
        assert np.allclose(cnn_features(moved, layers), np.roll(features, (dy, dx), axis=(2, 3)))
    # A fully connected layer has no such symmetry.
    dense = rng.normal(size=(144, 144))
    dense_out = (dense @ image.ravel()).reshape(12, 12)
    dense_out_moved = (dense @ np.roll(image, 1, axis=3).ravel()).reshape(12, 12)
    assert not np.allclose(dense_out_moved, np.roll(dense_out, 1, axis=1))
    print("shifted input -> identically shifted feature maps (a dense layer breaks this)")

    # After 2x2 max-pooling, equivariance survives only for shifts that are multiples of the stride.
    pooled = max_pool(features, 2, 2)
    assert np.allclose(max_pool(cnn_features(np.roll(image, 2, axis=3), layers), 2, 2), np.roll(pooled, 1, axis=3))
    assert not np.allclose(max_pool(cnn_features(np.roll(image, 1, axis=3), layers), 2, 2), pooled)

    # Global average pooling makes the class scores invariant to any shift.
    scores = cnn_classify(image, layers, head)
    assert np.allclose(cnn_classify(np.roll(image, (4, 9), axis=(2, 3)), layers, head), scores)
    print("class scores unchanged by a (4, 9) shift:", np.round(scores[0], 4))

    # Local connectivity: one input pixel only reaches outputs within the 5x5 span of two stacked 3x3 kernels.
    poked = image.copy()
    poked[0, 0, 6, 6] += 1.0
    changed = np.argwhere(np.any(cnn_features(poked, layers) != features, axis=(0, 1)))
    assert changed.min(axis=0).tolist() >= [4, 4] and changed.max(axis=0).tolist() <= [8, 8]

    # Weight sharing: the first layer's 60 parameters versus a dense layer with the same input and output sizes.
    shared, dense_count = conv_params(1, 6, 3), dense_layer_params(12 * 12, 6 * 12 * 12)
    assert shared == sum(p.size for p in layers[0])
    print(f"first layer: {shared} shared parameters vs {dense_count} for a dense layer of the same shape")
    print("cnn: all checks passed")

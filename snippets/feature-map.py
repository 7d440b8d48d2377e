"""Feature maps: the output grid of a convolutional layer, one map per filter, recording where that filter fires.

Each filter is slid over the (padded) input; at every position it takes a dot product with the window across all
input channels and adds its bias. Output side = floor((n + 2p - d(k - 1) - 1) / s) + 1.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def feature_maps(
    images: np.ndarray,
    filters: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> np.ndarray:
    """Convolutional layer: images (batch, in_channels, H, W), filters (out_channels, in_channels, kH, kW).

    Returns the feature maps, shaped (batch, out_channels, H_out, W_out).
    """
    k_h, k_w = filters.shape[-2:]
    padded = np.pad(images, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    span = (dilation * (k_h - 1) + 1, dilation * (k_w - 1) + 1)
    windows = sliding_window_view(padded, span, axis=(2, 3))[:, :, ::stride, ::stride, ::dilation, ::dilation]
    maps = np.einsum("ncijab,fcab->nfij", windows, filters)
    return maps if bias is None else maps + bias[:, None, None]


def output_side(n: int, kernel_size: int, stride: int, padding: int, dilation: int) -> int:
    """The textbook size formula, floor((n + 2p - d(k - 1) - 1) / s) + 1."""
    return (n + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # The shape follows the size formula for any stride, padding and dilation, non-square inputs included.
    for stride, padding, dilation in [(1, 0, 1), (2, 1, 1), (3, 2, 2), (2, 0, 3)]:
        images, filters = rng.normal(size=(2, 3, 17, 12)), rng.normal(size=(5, 3, 3, 2))
        maps = feature_maps(images, filters, None, stride, padding, dilation)
        height, width = output_side(17, 3, stride, padding, dilation), output_side(12, 2, stride, padding, dilation)
        expected = (2, 5, height, width)
        assert maps.shape == expected, (maps.shape, expected)
    lenet_like = feature_maps(np.zeros((1, 3, 32, 32)), np.zeros((16, 3, 5, 5)))
    print("input 3x32x32, 16 filters 5x5 -> feature maps", lenet_like.shape)

    # A map records where its pattern occurs. Hide a 3-channel 3x3 pattern at two places in faint noise; the
    # filter equal to the pattern peaks exactly there, while a map of another filter ignores them.
    pattern = rng.normal(size=(3, 3, 3))
    image = 0.1 * rng.normal(size=(1, 3, 20, 20))
    places = [(4, 6), (12, 14)]
    for row, col in places:
        image[0, :, row : row + 3, col : col + 3] = pattern
    bank = np.stack([pattern, rng.normal(size=(3, 3, 3))])

    def strongest(fmap: np.ndarray, count: int) -> set[tuple[int, int]]:
        top = np.argsort(fmap, axis=None)[-count:]
        return {tuple(int(v) for v in np.unravel_index(i, fmap.shape)) for i in top}

    detector = feature_maps(image, bank)[0, 0]
    print(f"pattern detector peaks at {sorted(strongest(detector, 2))}; planted at {places}")
    assert strongest(detector, 2) == set(places)
    # Padding shifts every map position by p; stride s divides it (both planted corners are even).
    assert strongest(feature_maps(image, bank, padding=2)[0, 0], 2) == {(r + 2, c + 2) for r, c in places}
    assert strongest(feature_maps(image, bank, stride=2)[0, 0], 2) == {(r // 2, c // 2) for r, c in places}
    # A dilated filter finds the same pattern spread out with gaps of d - 1 pixels.
    spread = 0.1 * rng.normal(size=(1, 3, 20, 20))
    for row, col in places:
        spread[0, :, row : row + 5 : 2, col : col + 5 : 2] = pattern
    assert strongest(feature_maps(spread, bank, dilation=2)[0, 0], 2) == set(places)
    # The bias shifts a whole map uniformly and leaves the other map untouched.
    shifted = feature_maps(image, bank, bias=np.array([0.0, 3.0]))
    assert np.allclose(shifted[0, 1] - feature_maps(image, bank)[0, 1], 3.0)
    assert np.allclose(shifted[0, 0], detector)
    print("feature-map: all checks passed")

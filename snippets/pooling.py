"""Pooling from scratch: summarise every k x k window of each channel by one number.

A pooling layer has no weights. It slides a window over each feature map separately (channels never mix)
and replaces the window by a summary: the maximum, the mean, or more generally a power mean
(mean |v|^q)^(1/q), which is the mean (of magnitudes) at q = 1 and tends to the maximum as q grows. The
output side is floor((n + 2*padding - k) / stride) + 1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from _cnn_architectures import output_size
from numpy.lib.stride_tricks import sliding_window_view

Reducer = Callable[..., np.ndarray]


def pool2d(
    x: np.ndarray,
    kernel_size: int,
    stride: int | None = None,
    padding: int = 0,
    reduce: Reducer = np.max,
    pad_value: float = 0.0,
) -> np.ndarray:
    """Pool x (N, C, H, W) with square windows; `reduce(windows, axis=(-2, -1))` summarises each window.

    The stride defaults to the window size (non-overlapping windows), as in most CNNs. Padding cells hold
    `pad_value` (use -inf for max-pooling, so that padding never wins).
    """
    stride = kernel_size if stride is None else stride
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)), constant_values=pad_value)
    windows = sliding_window_view(padded, (kernel_size, kernel_size), axis=(2, 3))[:, :, ::stride, ::stride]
    return reduce(windows, axis=(-2, -1))


def power_mean(q: float) -> Reducer:
    """The reducer (mean |v|^q)^(1/q): q = 1 averages |v|, q = 2 is L2 pooling, q -> inf approaches the max."""

    def reduce(windows: np.ndarray, axis: tuple[int, ...]) -> np.ndarray:
        magnitude = np.abs(windows)
        largest = np.max(magnitude, axis=axis, keepdims=True)  # factored out so large q cannot underflow
        scaled = magnitude / np.where(largest > 0, largest, 1.0)
        return np.squeeze(largest, axis) * np.mean(scaled**q, axis=axis) ** (1.0 / q)

    return reduce


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = np.maximum(rng.normal(size=(2, 3, 8, 8)), 0.0)  # pooling usually follows a ReLU
    pooled_max = pool2d(x, 2)
    pooled_mean = pool2d(x, 2, reduce=np.mean)
    print("input", x.shape, "-> 2x2 pooling, stride 2 ->", pooled_max.shape)
    print("channel 0, top-left window:", np.round(x[0, 0, :2, :2].ravel(), 3),
          "max", round(pooled_max[0, 0, 0, 0], 3), "mean", round(pooled_mean[0, 0, 0, 0], 3))

    # Output size: the count of window positions, enumerated directly, obeys the floor formula.
    for n, k, s, p in [(8, 2, 2, 0), (9, 3, 2, 1), (10, 3, 3, 1), (7, 4, 1, 2), (55, 3, 2, 0)]:
        image = rng.normal(size=(1, 1, n, n))
        positions = len(range(-p, n + p - k + 1, s))
        assert pool2d(image, k, s, p).shape[2:] == (positions, positions) == (output_size(n, k, s, p),) * 2

    # Channel-wise and parameter-free: permuting the channels permutes the pooled maps the same way.
    order = rng.permutation(3)
    assert np.array_equal(pool2d(x[:, order], 2), pooled_max[:, order])

    # Non-overlapping pooling undoes nearest-neighbour upsampling, whatever the summary.
    small = rng.normal(size=(1, 2, 4, 4))
    blocky = np.kron(small, np.ones((1, 1, 3, 3)))
    for reduce in (np.max, np.mean, np.median):
        assert np.allclose(pool2d(blocky, 3, reduce=reduce), small)

    # The power-mean family spans the two classic poolings: q = 1 is the mean, large q nears the max.
    assert np.allclose(pool2d(x, 2, reduce=power_mean(1.0)), pooled_mean)
    near_max = pool2d(x, 2, reduce=power_mean(300.0))
    assert np.all(near_max <= pooled_max + 1e-12) and np.allclose(near_max, pooled_max, rtol=0.01)
    l2 = pool2d(x, 2, reduce=power_mean(2.0))
    assert np.all(pooled_mean <= l2 + 1e-12) and np.all(l2 <= pooled_max + 1e-12)  # power-mean inequality
    print("mean <= L2 <= max on every window; the q = 300 power mean is within 1% of the max")
    print("pooling: all checks passed")

"""Max-pooling from scratch: keep the largest value of every window, and send the gradient back to it.

Forward: y = max over the window. Backward: the maximum is locally the identity in its winning input and
constant in all the others, so each output's gradient flows to the argmax of its window and nowhere else.
Padding is filled with -inf, so a padded cell can never be the maximum.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _cnn_architectures import output_size
from numpy.lib.stride_tricks import sliding_window_view


def _flat_windows(x: np.ndarray, kernel_size: int, stride: int, padding: int) -> np.ndarray:
    """Windows of the -inf-padded input, shaped (N, C, out_h, out_w, kernel_size**2)."""
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)), constant_values=-np.inf)
    windows = sliding_window_view(padded, (kernel_size, kernel_size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.reshape(*windows.shape[:4], kernel_size * kernel_size)


def max_pool2d(x: np.ndarray, kernel_size: int, stride: int | None = None, padding: int = 0) -> np.ndarray:
    """Max-pool x (N, C, H, W) over square windows; the stride defaults to the window size."""
    stride = kernel_size if stride is None else stride
    return _flat_windows(x, kernel_size, stride, padding).max(axis=-1)


def max_pool2d_backward(
    x: np.ndarray, grad_out: np.ndarray, kernel_size: int, stride: int | None = None, padding: int = 0
) -> np.ndarray:
    """d loss / d x given d loss / d max_pool2d(x) = grad_out: each window's gradient goes to its argmax."""
    stride = kernel_size if stride is None else stride
    winner = _flat_windows(x, kernel_size, stride, padding).argmax(axis=-1)
    n, c, out_h, out_w = np.indices(winner.shape)
    rows = out_h * stride + winner // kernel_size - padding
    cols = out_w * stride + winner % kernel_size - padding
    grad_x = np.zeros_like(x)
    np.add.at(grad_x, (n, c, rows, cols), grad_out)  # overlapping windows may share a winner
    return grad_x


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    feature_map = np.array([[1, 3, 2, 0], [4, 6, 5, 1], [0, 2, 9, 8], [7, 1, 3, 4]], dtype=np.float64)
    print("4x4 map:\n", feature_map)
    print("2x2 max-pool, stride 2:\n", max_pool2d(feature_map[None, None], 2)[0, 0])
    assert np.array_equal(max_pool2d(feature_map[None, None], 2)[0, 0], [[6, 5], [7, 9]])

    # Gradient check on overlapping, padded windows (AlexNet-style 3x3, stride 2).
    x = rng.normal(size=(2, 3, 9, 9))
    upstream = rng.normal(size=(2, 3, output_size(9, 3, 2, 1), output_size(9, 3, 2, 1)))
    analytic = max_pool2d_backward(x, upstream, 3, 2, 1)
    numeric = numerical_gradient(lambda v: float(np.sum(max_pool2d(v, 3, 2, 1) * upstream)), x)
    error = relative_error(analytic, numeric)
    print(f"gradient vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    # Routing: with non-overlapping windows, one input per window gets the whole gradient, and it holds the max.
    x = rng.normal(size=(1, 2, 6, 6))
    pooled = max_pool2d(x, 2)
    mask = max_pool2d_backward(x, np.ones_like(pooled), 2)
    assert set(np.unique(mask)) == {0.0, 1.0} and mask.sum() == pooled.size
    assert np.array_equal(np.sort(x[mask == 1]), np.sort(pooled.ravel()))

    # Invariance: shuffling the values inside every window changes nothing.
    blocks = x.reshape(1, 2, 3, 2, 3, 2).transpose(0, 1, 2, 4, 3, 5).reshape(1, 2, 3, 3, 4)
    shuffled = rng.permuted(blocks, axis=-1).reshape(1, 2, 3, 3, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(x.shape)
    assert not np.array_equal(shuffled, x) and np.array_equal(max_pool2d(shuffled, 2), pooled)

    # Small shifts: features that move by one pixel without leaving their window give the same output.
    sparse = np.zeros((1, 1, 8, 8))
    sparse[0, 0, ::2, ::2] = rng.uniform(1, 2, size=(4, 4))
    shifted = np.roll(sparse, 1, axis=3)
    assert not np.array_equal(shifted, sparse) and np.array_equal(max_pool2d(shifted, 2), max_pool2d(sparse, 2))
    print("shuffling within windows and 1-pixel shifts within windows leave the output unchanged")

    # Padding never wins: an all-negative map pooled with padding 1 still gives negative maxima (zeros would win).
    negative = -rng.uniform(1, 2, size=(1, 1, 5, 5))
    assert np.all(max_pool2d(negative, 3, 2, 1) < 0)
    print("max-pooling: all checks passed")

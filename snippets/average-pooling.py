"""Average pooling from scratch: replace every window by its mean, and spread the gradient evenly back.

With padding there are two conventions for the divisor: count the padded zeros (a fixed 1/k^2, i.e. a
convolution with a uniform kernel) or count only the cells inside the image (borders are not darkened).
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _cnn_architectures import conv2d
from numpy.lib.stride_tricks import sliding_window_view


def _window_sums(x: np.ndarray, kernel_size: int, stride: int, padding: int) -> np.ndarray:
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(padded, (kernel_size, kernel_size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.sum(axis=(-2, -1))


def _divisor(
    shape: tuple[int, ...], kernel_size: int, stride: int, padding: int, count_include_pad: bool
) -> float | np.ndarray:
    """k*k, or the number of non-padding cells under each window."""
    if count_include_pad:
        return float(kernel_size * kernel_size)
    return _window_sums(np.ones((1, 1, *shape[2:])), kernel_size, stride, padding)


def avg_pool2d(
    x: np.ndarray, kernel_size: int, stride: int | None = None, padding: int = 0, count_include_pad: bool = True
) -> np.ndarray:
    """Average-pool x (N, C, H, W) over square windows; the stride defaults to the window size."""
    stride = kernel_size if stride is None else stride
    divisor = _divisor(x.shape, kernel_size, stride, padding, count_include_pad)
    return _window_sums(x, kernel_size, stride, padding) / divisor


def avg_pool2d_backward(
    x_shape: tuple[int, ...],
    grad_out: np.ndarray,
    kernel_size: int,
    stride: int | None = None,
    padding: int = 0,
    count_include_pad: bool = True,
) -> np.ndarray:
    """d loss / d x: each output's gradient, divided by its divisor, is added to every cell of its window."""
    stride = kernel_size if stride is None else stride
    share = grad_out / _divisor(x_shape, kernel_size, stride, padding, count_include_pad)
    n, c, h, w = x_shape
    grad_padded = np.zeros((n, c, h + 2 * padding, w + 2 * padding))
    out_h, out_w = grad_out.shape[2:]
    for i in range(kernel_size):
        for j in range(kernel_size):
            rows = slice(i, i + stride * (out_h - 1) + 1, stride)
            cols = slice(j, j + stride * (out_w - 1) + 1, stride)
            grad_padded[:, :, rows, cols] += share
    return grad_padded[:, :, padding : padding + h, padding : padding + w]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    feature_map = np.array([[1, 3, 2, 0], [4, 6, 5, 1], [0, 2, 9, 8], [7, 1, 3, 4]], dtype=np.float64)
    print("2x2 average pool of the 4x4 map [[1,3,2,0],[4,6,5,1],[0,2,9,8],[7,1,3,4]]:")
    print(avg_pool2d(feature_map[None, None], 2)[0, 0])
    assert np.allclose(avg_pool2d(feature_map[None, None], 2)[0, 0], [[3.5, 2.0], [2.5, 6.0]])

    # Average pooling is a depthwise convolution with the uniform kernel 1/k^2 (padded zeros included).
    x = rng.normal(size=(2, 3, 9, 10))
    uniform = np.eye(3)[:, :, None, None] * np.full((3, 3), 1 / 9)  # channel c only sees channel c
    assert np.allclose(avg_pool2d(x, 3, 2, 1), conv2d(x, uniform, stride=2, padding=1))

    # Gradient check, for both padding conventions.
    small = x[:1, :2]
    for include in (True, False):
        upstream = rng.normal(size=avg_pool2d(small, 3, 2, 1, include).shape)
        analytic = avg_pool2d_backward(small.shape, upstream, 3, 2, 1, include)
        numeric = numerical_gradient(lambda v: float(np.sum(avg_pool2d(v, 3, 2, 1, include) * upstream)), small)
        error = relative_error(analytic, numeric)
        print(f"count_include_pad={include}: gradient vs finite differences, relative error {error:.1e}")
        assert error < 1e-6

    # The gradient is spread evenly: with 4x4 non-overlapping windows every input gets 1/16 of its output's.
    spread = avg_pool2d_backward((1, 1, 8, 8), np.ones((1, 1, 2, 2)), 4)
    assert np.allclose(spread, 1 / 16)

    # Global average pooling: one window covering the whole map gives each channel's mean.
    assert np.allclose(avg_pool2d(x[:, :, :9, :9], 9)[:, :, 0, 0], x[:, :, :9, :9].mean(axis=(2, 3)))

    # Constant maps: counting only real cells keeps borders at the constant; counting padding darkens them.
    ones = np.ones((1, 1, 5, 5))
    assert np.allclose(avg_pool2d(ones, 3, 1, 1, count_include_pad=False), 1.0)
    assert np.isclose(avg_pool2d(ones, 3, 1, 1, count_include_pad=True)[0, 0, 0, 0], 4 / 9)
    print("average-pooling: all checks passed")

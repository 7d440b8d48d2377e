"""Shared building blocks for the convolution-family snippets: valid 2-D cross-correlation and pooling.

Snippets import these as `from _cnn_operations import correlate2d, pool2d`; the file name starts with an
underscore, so it is a helper and not an entry of its own.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def correlate2d(images: np.ndarray, kernel: np.ndarray, stride: int = 1, dilation: int = 1) -> np.ndarray:
    """Valid 2-D cross-correlation of the last two axes of `images` with `kernel` (no kernel flip).

    out[..., i, j] = sum_{a,b} kernel[a, b] * images[..., i*stride + a*dilation, j*stride + b*dilation].
    This is what deep-learning layers call "convolution". Leading axes (a batch) are carried through.
    """
    k_h, k_w = kernel.shape
    span = (dilation * (k_h - 1) + 1, dilation * (k_w - 1) + 1)
    windows = sliding_window_view(images, span, axis=(-2, -1))
    windows = windows[..., ::stride, ::stride, ::dilation, ::dilation]
    return np.einsum("...ijab,ab->...ij", windows, kernel)


def pool2d(
    images: np.ndarray, size: int, stride: int, reduce: Callable[..., np.ndarray] = np.max
) -> np.ndarray:
    """Pool the last two axes over `size` x `size` windows taken every `stride` pixels (no padding)."""
    windows = sliding_window_view(images, (size, size), axis=(-2, -1))[..., ::stride, ::stride, :, :]
    return reduce(windows, axis=(-2, -1))

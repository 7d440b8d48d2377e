"""Stride: how far the window jumps between neighbouring outputs; a stride of s keeps every s-th position.

Output length = floor((n + 2p - d(k - 1) - 1) / s) + 1 for input length n, padding p, kernel size k, dilation d
and stride s. A strided convolution equals the stride-1 convolution sampled at every s-th position.
"""

from __future__ import annotations

import numpy as np


def conv_output_length(n: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Number of window positions along one axis: floor((n + 2p - d(k - 1) - 1) / s) + 1."""
    return (n + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


def conv1d(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> np.ndarray:
    """1-D convolution layer (cross-correlation), x: (batch, in_channels, length), weight: (out, in, kernel)."""
    kernel_size = weight.shape[-1]
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    starts = stride * np.arange(conv_output_length(x.shape[-1], kernel_size, stride, padding, dilation))
    windows = padded[:, :, starts[:, None] + dilation * np.arange(kernel_size)]  # (batch, in, out_len, kernel)
    out = np.einsum("bclk,ock->bol", windows, weight)
    return out if bias is None else out + bias[:, None]


def count_window_positions(n: int, kernel_size: int, stride: int, padding: int, dilation: int) -> int:
    """Slide a dilated window along a padded axis from the left edge and count the places it fits."""
    span, padded_length, start, count = dilation * (kernel_size - 1) + 1, n + 2 * padding, 0, 0
    while start + span <= padded_length:
        count += 1
        start += stride
    return count


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    print("AlexNet conv1: 227 wide, 11-wide kernel, stride 4 ->", conv_output_length(227, 11, stride=4))
    print("ResNet stem:   224 wide, 7-wide kernel, stride 2, padding 3 ->", conv_output_length(224, 7, 2, 3))

    # The closed form counts exactly the window placements found by sliding the window.
    for n in range(1, 30):
        for k in range(1, 6):
            for s in range(1, 5):
                for p in range(3):
                    for d in (1, 2, 3):
                        if d * (k - 1) + 1 <= n + 2 * p:
                            assert conv_output_length(n, k, s, p, d) == count_window_positions(n, k, s, p, d)

    # At stride 1 each channel pair is NumPy's sliding dot product; dilation d spreads the taps d apart, the same
    # as a kernel with d - 1 zeros stuffed between its taps.
    row, taps = rng.normal(size=17), rng.normal(size=4)
    assert np.allclose(conv1d(row[None, None], taps[None, None])[0, 0], np.correlate(row, taps, "valid"))
    stuffed = np.zeros(3 * (4 - 1) + 1)
    stuffed[::3] = taps
    dilated = conv1d(row[None, None], taps[None, None], dilation=3)[0, 0]
    assert np.allclose(dilated, np.correlate(row, stuffed, "valid"))

    # A strided convolution is the stride-1 convolution sampled at every s-th position.
    x, weight, bias = rng.normal(size=(2, 3, 23)), rng.normal(size=(4, 3, 5)), rng.normal(size=4)
    dense = conv1d(x, weight, bias, stride=1, padding=2, dilation=2)
    for s in (2, 3, 4):
        strided = conv1d(x, weight, bias, stride=s, padding=2, dilation=2)
        assert strided.shape == (2, 4, conv_output_length(23, 5, s, 2, 2))
        assert np.allclose(strided, dense[:, :, ::s])
    print(f"length 23, kernel 5, dilation 2, padding 2: stride 1 -> {dense.shape[-1]}, stride 3 -> "
          f"{conv1d(x, weight, stride=3, padding=2, dilation=2).shape[-1]}")

    # A stride larger than the kernel skips inputs: here positions 1, 2, 4, 5, 7, 8 never enter any window.
    signal = rng.normal(size=(1, 1, 10))
    skipped = signal.copy()
    skipped[..., [1, 2, 4, 5, 7, 8]] += 100.0
    tap = np.ones((1, 1, 1))
    assert np.array_equal(conv1d(signal, tap, stride=3), conv1d(skipped, tap, stride=3))
    assert not np.array_equal(conv1d(signal, tap, stride=2), conv1d(skipped, tap, stride=2))
    print("stride: all checks passed")

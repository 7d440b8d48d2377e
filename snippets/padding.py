"""Padding: add a border of pixels before convolving so the output keeps its size and edge pixels count fully.

A k-wide window fits n + 2p - k + 1 times into an input of width n padded by p on each side; "same" padding
chooses p = (k - 1) / 2 so the output is as wide as the input. The border can be zeros or copied from the image
(replicate, reflect, circular).
"""

from __future__ import annotations

import numpy as np
from _cnn_operations import correlate2d

PAD_MODES = ("zeros", "replicate", "reflect", "circular")


def _source_index(positions: np.ndarray, length: int, mode: str) -> np.ndarray:
    """For padded coordinates (negative or past the end), the input coordinate whose value they copy."""
    if mode == "replicate":
        return np.clip(positions, 0, length - 1)
    if mode == "circular":
        return positions % length
    if mode == "reflect":  # mirror about the edge pixel, which is not repeated
        period = max(2 * (length - 1), 1)
        folded = positions % period
        return np.where(folded < length, folded, period - folded)
    raise ValueError(f"unknown padding mode {mode!r}; expected one of {PAD_MODES}")


def pad2d(image: np.ndarray, pad: int | tuple[int, int, int, int], mode: str = "zeros") -> np.ndarray:
    """Pad the last two axes of `image` by `pad` pixels, or by (top, bottom, left, right) pixels."""
    top, bottom, left, right = (pad,) * 4 if isinstance(pad, int) else pad
    height, width = image.shape[-2:]
    if mode == "zeros":
        out = np.zeros(image.shape[:-2] + (top + height + bottom, left + width + right))
        out[..., top : top + height, left : left + width] = image
        return out
    rows = _source_index(np.arange(-top, height + bottom), height, mode)
    cols = _source_index(np.arange(-left, width + right), width, mode)
    return image[..., rows[:, None], cols[None, :]]


def same_padding(kernel_size: int, dilation: int = 1) -> tuple[int, int]:
    """Padding (before, after) that keeps a stride-1 output as long as its input; any odd pixel goes after."""
    total = dilation * (kernel_size - 1)
    return total // 2, total - total // 2


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    image = rng.normal(size=(6, 7))
    print("reflect-padded row [1 2 3 4] by 2:", pad2d(np.array([[1.0, 2, 3, 4]]), (0, 0, 2, 2), "reflect")[0])

    # Every mode agrees with NumPy's own padding, including uneven borders.
    borders = (2, 1, 3, 0)
    for ours, numpys in zip(PAD_MODES, ("constant", "edge", "reflect", "wrap")):
        expected = np.pad(image, ((borders[0], borders[1]), (borders[2], borders[3])), mode=numpys)
        assert np.array_equal(pad2d(image, borders, ours), expected), ours

    # Without padding a k-wide window fits n - k + 1 times; "same" padding restores the full size for odd and
    # even kernels and any dilation.
    for k in range(1, 8):
        for dilation in (1, 2, 3):
            kernel = rng.normal(size=(k, k))
            before, after = same_padding(k, dilation)
            padded = pad2d(image, (before, after, before, after))
            assert correlate2d(padded, kernel, dilation=dilation).shape == image.shape
    assert correlate2d(image, np.ones((3, 3))).shape == (4, 5)

    # Full padding (k - 1 zeros each side) plus a flipped kernel gives the full convolution of signal processing.
    signal, taps = rng.normal(size=10), rng.normal(size=4)
    full = correlate2d(pad2d(signal[None, :], (0, 0, 3, 3)), taps[None, ::-1])[0]
    assert np.allclose(full, np.convolve(signal, taps))

    # Circular padding makes the image periodic, so filtering becomes circular cross-correlation, which the
    # discrete Fourier transform computes exactly.
    kernel = rng.normal(size=(3, 3))
    circular = correlate2d(pad2d(image, (0, 2, 0, 2), "circular"), kernel)
    via_fft = np.fft.ifft2(np.fft.fft2(image) * np.conj(np.fft.fft2(kernel, image.shape))).real
    assert np.allclose(circular, via_fft)

    # Border effect: a 3x3 average of a constant image keeps the constant with replicate padding, but zeros pull
    # the corner down to 4/9 of it (only 4 of the 9 window pixels lie inside the image).
    box, ones = np.full((3, 3), 1 / 9), np.ones((5, 5))
    assert np.allclose(correlate2d(pad2d(ones, 1, "replicate"), box), 1.0)
    zero_padded = correlate2d(pad2d(ones, 1), box)
    print("3x3 average of ones, zero padding, first row:", np.round(zero_padded[0], 3))
    assert np.isclose(zero_padded[0, 0], 4 / 9) and np.isclose(zero_padded[2, 2], 1.0)
    print("padding: all checks passed")

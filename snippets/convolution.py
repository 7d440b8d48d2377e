"""Discrete convolution from its definition: every input sample adds a scaled, shifted copy of the kernel.

(f * g)[n] = sum_m f[m] g[n - m]. Deep-learning layers compute cross-correlation instead (the kernel is not
flipped); the two differ only by reversing the kernel, and a learned kernel absorbs the flip.
"""

from __future__ import annotations

import numpy as np
from _cnn_operations import correlate2d


def convolve1d(signal: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Full 1-D convolution, out[n] = sum_m signal[m] * kernel[n - m], of length len(signal) + len(kernel) - 1."""
    out = np.zeros(signal.size + kernel.size - 1)
    for m, value in enumerate(signal):
        out[m : m + kernel.size] += value * kernel
    return out


def convolve2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Full 2-D convolution, out[i, j] = sum_{a,b} kernel[a, b] * image[i - a, j - b] (zero outside the image)."""
    (h, w), (k_h, k_w) = image.shape, kernel.shape
    out = np.zeros((h + k_h - 1, w + k_w - 1))
    for a in range(k_h):
        for b in range(k_w):
            out[a : a + h, b : b + w] += kernel[a, b] * image
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    signal, taps = rng.normal(size=12), rng.normal(size=4)
    image, kernel, blur = rng.normal(size=(9, 11)), rng.normal(size=(3, 4)), rng.normal(size=(2, 2))
    print("x = [1, 2, 3] * w = [1, 0, -1] :", convolve1d(np.array([1.0, 2, 3]), np.array([1.0, 0, -1])))

    # Agrees with NumPy's own 1-D convolution.
    assert np.allclose(convolve1d(signal, taps), np.convolve(signal, taps))

    # Commutative: the signal and the kernel play symmetric roles.
    assert np.allclose(convolve1d(signal, taps), convolve1d(taps, signal))
    assert np.allclose(convolve2d(image, kernel), convolve2d(kernel, image))

    # Convolution theorem: zero-pad both to the full size, multiply the spectra, transform back.
    full = (image.shape[0] + kernel.shape[0] - 1, image.shape[1] + kernel.shape[1] - 1)
    via_fft = np.fft.irfft2(np.fft.rfft2(image, full) * np.fft.rfft2(kernel, full), full)
    fft_error = np.max(np.abs(convolve2d(image, kernel) - via_fft))
    print(f"direct vs FFT convolution: max difference {fft_error:.1e}")
    assert fft_error < 1e-12

    # Associative: blurring twice equals blurring once with the convolution of the two kernels.
    assert np.allclose(convolve2d(convolve2d(image, kernel), blur), convolve2d(image, convolve2d(kernel, blur)))

    # A unit impulse is the identity; a shifted impulse shifts the image.
    impulse = np.zeros((3, 3))
    impulse[0, 0] = 1.0
    assert np.allclose(convolve2d(image, impulse)[:9, :11], image)
    assert np.allclose(convolve2d(image, impulse)[9:, :], 0.0)

    # Cross-correlation (what CNN layers compute) is convolution with the kernel flipped in both axes ...
    k_h, k_w = kernel.shape
    valid = (slice(k_h - 1, image.shape[0]), slice(k_w - 1, image.shape[1]))
    assert np.allclose(correlate2d(image, kernel), convolve2d(image, kernel[::-1, ::-1])[valid])
    # ... so the two differ for an asymmetric kernel and coincide for a symmetric one.
    assert not np.allclose(correlate2d(image, kernel), convolve2d(image, kernel)[valid])
    symmetric = kernel + kernel[::-1, ::-1]
    assert np.allclose(correlate2d(image, symmetric), convolve2d(image, symmetric)[valid])
    print("convolution: all checks passed")

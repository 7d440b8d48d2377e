"""Gabor filter: a sinusoid seen through a Gaussian window, tuned to one orientation and one spatial frequency.

g(x, y) = exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) * cos(2 pi x' / lambda + psi), with x' = x cos(theta) +
y sin(theta) and y' = -x sin(theta) + y cos(theta). In the Fourier domain it is a Gaussian blob centred on the
frequency (cos theta, sin theta) / lambda, so it responds most to gratings of that orientation and wavelength.
"""

from __future__ import annotations

import numpy as np


def _centred_grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates (x along columns, y along rows) measured from the centre of a size x size patch."""
    offsets = np.arange(size) - (size - 1) / 2
    y, x = np.meshgrid(offsets, offsets, indexing="ij")
    return x, y


def gabor_kernel(
    size: int, wavelength: float, theta: float, sigma: float, gamma: float = 1.0, phase: float = 0.0
) -> np.ndarray:
    """A size x size Gabor kernel centred on the patch.

    wavelength and sigma are in pixels, theta (radians) is the direction across the stripes, gamma the aspect ratio
    of the Gaussian window and phase the offset of the cosine carrier.
    """
    x, y = _centred_grid(size)
    across = x * np.cos(theta) + y * np.sin(theta)
    along = -x * np.sin(theta) + y * np.cos(theta)
    envelope = np.exp(-(across**2 + gamma**2 * along**2) / (2 * sigma**2))
    return envelope * np.cos(2 * np.pi * across / wavelength + phase)


def grating(size: int, wavelength: float, theta: float, phase: float = 0.0) -> np.ndarray:
    """A full-contrast sinusoidal grating whose intensity varies along direction theta."""
    x, y = _centred_grid(size)
    return np.cos(2 * np.pi * (x * np.cos(theta) + y * np.sin(theta)) / wavelength + phase)


def response_amplitude(kernel: np.ndarray, wavelength: float, theta: float) -> float:
    """Peak response of `kernel` to a grating, over all grating phases (from the cosine and sine phases)."""
    size = kernel.shape[0]
    cosine = np.sum(kernel * grating(size, wavelength, theta))
    sine = np.sum(kernel * grating(size, wavelength, theta, -np.pi / 2))
    return float(np.hypot(cosine, sine))


if __name__ == "__main__":
    preferred_theta, preferred_wavelength, sigma = np.deg2rad(30.0), 8.0, 4.0
    kernel = gabor_kernel(65, preferred_wavelength, preferred_theta, sigma, gamma=0.5)

    # Orientation tuning: among gratings at 0, 5, ..., 175 degrees the strongest response is at the filter's own
    # orientation, and the orthogonal grating barely registers.
    angles = np.deg2rad(np.arange(0, 180, 5))
    tuning = np.array([response_amplitude(kernel, preferred_wavelength, a) for a in angles])
    print("response vs grating orientation (every 30 deg):", np.round(tuning[::6] / tuning.max(), 3))
    assert np.isclose(angles[np.argmax(tuning)], preferred_theta)
    assert response_amplitude(kernel, preferred_wavelength, preferred_theta + np.pi / 2) < 1e-3 * tuning.max()

    # Frequency tuning: among wavelengths 4, 4.5, ..., 16 pixels the peak is at the filter's wavelength.
    wavelengths = np.arange(4.0, 16.5, 0.5)
    sweep = [response_amplitude(kernel, w, preferred_theta) for w in wavelengths]
    assert np.isclose(wavelengths[np.argmax(sweep)], preferred_wavelength)

    # Fourier domain: the spectrum of a Gabor peaks at its carrier frequency. With 65 pixels and a carrier of
    # (8, 6) cycles per patch, the peak sits in DFT bin (row 6, column 8).
    wide = gabor_kernel(65, 65 / 10, np.arctan2(6, 8), sigma=8.0)
    spectrum = np.abs(np.fft.fft2(np.fft.ifftshift(wide)))
    peak = np.unravel_index(np.argmax(spectrum[:33, :33]), (33, 33))
    print("DFT peak of a Gabor with carrier (8, 6) cycles/patch:", tuple(int(i) for i in peak))
    assert peak == (6, 8)

    # Closed form for the weights' sum (its response to uniform light, the Fourier transform at zero):
    # (2 pi sigma^2 / gamma) exp(-2 pi^2 sigma^2 / lambda^2) cos(psi); an odd-phase Gabor sums to zero.
    for gamma, phase in [(1.0, 0.0), (0.5, 0.7), (0.5, np.pi / 2)]:
        total = gabor_kernel(101, 8.0, 0.4, sigma, gamma, phase).sum()
        expected = 2 * np.pi * sigma**2 / gamma * np.exp(-2 * np.pi**2 * sigma**2 / 8.0**2) * np.cos(phase)
        assert abs(total - expected) < 1e-8, (total, expected)
    print("gabor-filter: all checks passed")

"""Overfitting made visible: fit polynomials of growing degree to a few noisy samples of a smooth curve.

Training error can only fall as the degree grows (each model contains the previous one), reaching zero once
the polynomial can pass through every point; the error on fresh data from the same source falls at first and
then climbs as the extra flexibility is spent on fitting the noise.
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial import legendre


def fit_polynomial(x: np.ndarray, y: np.ndarray, degree: int) -> np.ndarray:
    """Least-squares polynomial coefficients (Legendre basis, well conditioned on [-1, 1])."""
    return np.linalg.lstsq(legendre.legvander(x, degree), y, rcond=None)[0]


def mean_squared_error(predictions: np.ndarray, targets: np.ndarray) -> float:
    """Average squared difference."""
    return float(np.mean((predictions - targets) ** 2))


def train_and_test_error(
    degree: int, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, y_test: np.ndarray
) -> tuple[float, float]:
    """Fit a polynomial of the given degree on the training set; return its (training, held-out) errors."""
    coefficients = fit_polynomial(x_train, y_train, degree)
    return (
        mean_squared_error(legendre.legval(x_train, coefficients), y_train),
        mean_squared_error(legendre.legval(x_test, coefficients), y_test),
    )


def error_by_degree() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Training and held-out error of polynomial fits of degree 0 to 10 to 12 noisy points of sin(pi x)."""
    rng = np.random.default_rng(2)
    x_train = np.linspace(-1.0, 1.0, 12)
    y_train = np.sin(np.pi * x_train) + 0.3 * rng.normal(size=12)
    x_test = rng.uniform(-1.0, 1.0, size=5000)
    y_test = np.sin(np.pi * x_test) + 0.3 * rng.normal(size=5000)
    degrees = np.arange(11, dtype=float)  # degree 11 interpolates: a training error of 0 has no place on a log axis
    errors = np.array([train_and_test_error(int(d), x_train, y_train, x_test, y_test) for d in degrees])
    return {"training error": (degrees, errors[:, 0]), "held-out error": (degrees, errors[:, 1])}


if __name__ == "__main__":
    rng = np.random.default_rng(2)
    noise_std, n_train = 0.3, 12

    def noisy_curve(x: np.ndarray) -> np.ndarray:
        return np.sin(np.pi * x) + noise_std * rng.normal(size=x.shape)

    x_train = np.linspace(-1.0, 1.0, n_train)
    y_train = noisy_curve(x_train)
    x_test = rng.uniform(-1.0, 1.0, size=5000)
    y_test = noisy_curve(x_test)
    degrees = np.arange(n_train)  # up to n - 1, where the polynomial can pass through every training point
    errors = np.array([train_and_test_error(d, x_train, y_train, x_test, y_test) for d in degrees])
    train_error, test_error = errors[:, 0], errors[:, 1]
    best = int(np.argmin(test_error))
    for d in sorted({0, 1, best, n_train - 2, n_train - 1}):
        print(f"degree {d}: training error {train_error[d]:.4f}   held-out error {test_error[d]:.4f}")

    # More capacity never hurts the fit to the training set, and degree n - 1 interpolates it exactly ...
    assert np.all(np.diff(train_error) <= 1e-12)
    assert train_error[-1] < 1e-20
    # ... but the held-out error bottoms out at a moderate degree, near the noise floor sigma^2,
    assert 3 <= best <= 6 and test_error[best] < 1.5 * noise_std**2
    # and then rises: the interpolating polynomial generalises several times worse than the best one.
    assert test_error[-1] > 3 * test_error[best] and test_error[-1] > test_error[-2] > test_error[best]
    print("overfitting: all checks passed")

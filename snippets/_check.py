"""Independent checks shared by the snippets: central finite differences and error measures.

Snippets import this as `from _check import numerical_gradient, relative_error`; the file name starts with an
underscore, so it is a helper and not an entry of its own.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """The gradient of scalar `f` at `x` by central differences, one coordinate at a time (x is not modified)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        upper = f(x)
        x[index] = original - eps
        lower = f(x)
        x[index] = original
        grad[index] = (upper - lower) / (2 * eps)
    return grad


def numerical_jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """The Jacobian d f(x) / d x by central differences, shaped (f(x).size, x.size)."""
    x = np.array(x, dtype=np.float64)
    flat = x.reshape(-1)
    columns = []
    for i in range(flat.size):
        step = np.zeros_like(flat)
        step[i] = eps
        upper = np.asarray(f((flat + step).reshape(x.shape)), dtype=np.float64).reshape(-1)
        lower = np.asarray(f((flat - step).reshape(x.shape)), dtype=np.float64).reshape(-1)
        columns.append((upper - lower) / (2 * eps))
    return np.stack(columns, axis=1)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max(|a|, |b|, tiny): scale-free agreement between two arrays."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)
    return float(np.max(np.abs(a - b)) / scale)

"""Softmax from scratch: turn a vector of scores into a probability distribution.

softmax(z)_i = exp(z_i) / sum_j exp(z_j). Subtracting max(z) first changes nothing mathematically
(the function is invariant to adding a constant) but keeps exp() from overflowing.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_jacobian, relative_error


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax along `axis`."""
    shifted = logits - np.max(logits, axis=axis, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=axis, keepdims=True)


def softmax_jacobian(logits: np.ndarray) -> np.ndarray:
    """Analytic Jacobian of softmax for a 1-D input: diag(p) - p p^T."""
    p = softmax(logits)
    return np.diag(p) - np.outer(p, p)


def softmax_one_logit() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The three probabilities of softmax([z, 0, 1]) as the first logit z sweeps [-6, 6]."""
    z = np.linspace(-6.0, 6.0, 241)
    probs = softmax(np.stack([z, np.zeros_like(z), np.ones_like(z)], axis=1))
    return {"p(z)": (z, probs[:, 0]), "p(0)": (z, probs[:, 1]), "p(1)": (z, probs[:, 2])}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 5))
    probs = softmax(logits)
    print("logits[0]:", np.round(logits[0], 3))
    print("softmax  :", np.round(probs[0], 3))

    # A probability distribution: positive entries, each row sums to one.
    assert np.all(probs > 0)
    assert np.allclose(probs.sum(axis=1), 1.0)

    # Invariance to adding a constant to every score.
    assert np.allclose(softmax(logits + 123.4), probs)

    # Closed form on a tiny case: two scores differing by log(3) give probabilities 1/4 and 3/4.
    assert np.allclose(softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75])

    # Numerically stable where the naive formula overflows to nan.
    huge = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(huge) / np.exp(huge).sum()
    assert np.isnan(naive).any()
    assert np.allclose(softmax(huge), softmax(huge - 1000.0))

    # Order is preserved and a temperature of 0 approaches argmax (a limiting case).
    assert np.argmax(softmax(logits[0] / 1e-3)) == np.argmax(logits[0])
    assert np.isclose(softmax(logits[0] / 1e-3).max(), 1.0)

    # The analytic Jacobian agrees with central finite differences.
    error = relative_error(softmax_jacobian(logits[0]), numerical_jacobian(softmax, logits[0]))
    print(f"Jacobian vs finite differences: relative error {error:.1e}")
    assert error < 1e-6
    print("softmax: all checks passed")

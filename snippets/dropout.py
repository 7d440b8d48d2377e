"""Inverted dropout from scratch: in training, zero each unit with probability p and scale survivors by 1/(1-p).

The scaling keeps every unit's expected value unchanged, E[dropout(x)] = x, so at evaluation time the layer is
simply the identity and the trained weights need no rescaling.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def apply_dropout_mask(x: np.ndarray, keep_mask: np.ndarray, drop_probability: float) -> np.ndarray:
    """Zero the dropped units and scale the kept ones by 1 / (1 - p)."""
    return np.where(keep_mask, x / (1.0 - drop_probability), 0.0)


def dropout(x: np.ndarray, drop_probability: float, rng: np.random.Generator, training: bool = True) -> np.ndarray:
    """Inverted dropout: a fresh random mask in training mode, the identity in evaluation mode."""
    if not 0.0 <= drop_probability <= 1.0:
        raise ValueError("drop_probability must lie in [0, 1]")
    if not training or drop_probability == 0.0:
        return x
    if drop_probability == 1.0:
        return np.zeros_like(x)
    keep_mask = rng.random(x.shape) >= drop_probability
    return apply_dropout_mask(x, keep_mask, drop_probability)


def dropout_statistics() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Over drop probabilities p: the fraction of units zeroed and the mean output (inputs all 1, 20,000 units)."""
    rng = np.random.default_rng(0)
    ones = np.ones(20_000)
    p = np.linspace(0.0, 0.9, 19)
    outputs = [dropout(ones, float(q), rng) for q in p]
    return {"fraction dropped": (p, np.array([np.mean(out == 0.0) for out in outputs])),
            "mean output (kept 1 / (1 - p))": (p, np.array([out.mean() for out in outputs]))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    p = 0.3
    x = np.array([2.0, -1.0, 0.5, 4.0])
    print("x                 :", x)
    print("one training pass :", np.round(dropout(x, p, rng), 3))

    # Evaluation mode is exactly the identity.
    assert dropout(x, p, rng, training=False) is x

    # Survivors are scaled by 1/(1-p), the rest are zero, and about a fraction p is dropped.
    big = rng.normal(size=200_000)
    out = dropout(big, p, rng)
    kept = out != 0.0
    assert np.allclose(out[kept], big[kept] / (1.0 - p))
    drop_rate = 1.0 - kept.mean()
    assert abs(drop_rate - p) < 4 * np.sqrt(p * (1 - p) / big.size)

    # Monte Carlo: the average over many masks matches the closed forms E = x and Var = x^2 p / (1 - p).
    draws = 40_000
    samples = dropout(np.tile(x, (draws, 1)), p, rng)  # one independent mask per row
    standard_error = np.abs(x) * np.sqrt(p / (1.0 - p) / draws)
    print("Monte Carlo mean  :", np.round(samples.mean(axis=0), 3))
    assert np.all(np.abs(samples.mean(axis=0) - x) < 4.5 * standard_error)
    assert np.allclose(samples.var(axis=0), x**2 * p / (1.0 - p), rtol=0.05)

    # For contrast: without the 1/(1-p) scaling the expected activation would shrink to (1 - p) x.
    print("unscaled mean     :", np.round((samples * (1.0 - p)).mean(axis=0), 3))

    # Backward pass: with the mask fixed, the gradient is the same mask-and-scale applied to the upstream gradient.
    point, upstream = rng.normal(size=10), rng.normal(size=10)
    mask = dropout(np.ones(10), p, np.random.default_rng(7)) != 0.0  # the mask that seed 7 draws
    assert mask.any() and not mask.all()

    def masked_loss(v: np.ndarray) -> float:
        return float(np.sum(upstream * dropout(v, p, np.random.default_rng(7))))

    error = relative_error(apply_dropout_mask(upstream, mask, p), numerical_gradient(masked_loss, point))
    assert error < 1e-6
    print("dropout: all checks passed")

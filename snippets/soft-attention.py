"""Soft attention: a differentiable weighted average over all locations.

Scores e_i become weights alpha = softmax(e) and the context is c = sum_i alpha_i v_i. Every location
contributes, so c is a smooth function of the scores and the whole model trains by backpropagation.
"""

from __future__ import annotations

import numpy as np
from _attention import softmax
from _check import numerical_gradient, relative_error


def soft_attention(scores: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Context sum_i softmax(scores)_i values[i] for scores (n,) and values (n, d); returns (context, weights)."""
    weights = softmax(scores)
    return weights @ values, weights


def context_gradient(scores: np.ndarray, values: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    """d (upstream . context) / d scores = alpha_i (upstream . v_i - upstream . context)."""
    context, weights = soft_attention(scores, values)
    return weights * (values @ upstream - upstream @ context)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d = 6, 4
    scores, values = rng.normal(size=n), rng.normal(size=(n, d))
    context, weights = soft_attention(scores, values)
    print("weights:", np.round(weights, 3))
    print("context:", np.round(context, 3))

    # Limiting cases: equal scores average all values; one dominant score selects its value.
    assert np.allclose(soft_attention(np.zeros(n), values)[0], values.mean(axis=0))
    spiked = np.zeros(n)
    spiked[2] = 50.0
    assert np.allclose(soft_attention(spiked, values)[0], values[2])

    # Differentiable: the analytic gradient matches central finite differences.
    upstream = rng.normal(size=d)
    analytic = context_gradient(scores, values, upstream)
    numeric = numerical_gradient(lambda s: float(upstream @ soft_attention(s, values)[0]), scores)
    error = relative_error(analytic, numeric)
    print(f"gradient vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    # Because it is differentiable, gradient descent on the scores alone can steer the context
    # to any target inside the values' convex hull.
    target = np.array([0.1, 0.2, 0.3, 0.4, 0.0, 0.0]) @ values
    learned = np.zeros(n)
    for _ in range(2000):
        residual = soft_attention(learned, values)[0] - target
        learned -= 1.0 * context_gradient(learned, values, 2 * residual)
    final_error = np.linalg.norm(soft_attention(learned, values)[0] - target)
    print(f"distance to target context after gradient descent: {final_error:.1e}")
    assert final_error < 1e-3
    print("soft attention: all checks passed")

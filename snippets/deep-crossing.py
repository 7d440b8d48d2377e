"""Deep Crossing (Shan et al., Microsoft 2016): embed each feature, stack, pass through residual units, score.

Embedding layer per feature j:  X_j^O = max(0, W_j X_j^I + b_j)   (for one-hot input: a column of W_j, ReLU-ed)
Stacking: concatenate all embeddings (small dense features are stacked as they are).
Residual unit:  X^O = F(X^I) + X^I,   F(x) = W_1 max(0, W_0 x + b_0) + b_1,
so a unit only has to learn a correction to its input; with all weights zero it is the identity map.
Scoring layer: sigmoid of a linear unit.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_jacobian, relative_error

Unit = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]    # (W0 (h, d), b0 (h,), W1 (d, h), b1 (d,))


def embed_feature(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Deep Crossing's embedding layer for one feature: ReLU(x W^T + b), x (N, n_j) -> (N, m_j)."""
    return np.maximum(0.0, x @ weight.T + bias)


def residual_unit(x: np.ndarray, unit: Unit) -> np.ndarray:
    """X^O = W_1 ReLU(W_0 X^I + b_0) + b_1 + X^I: a two-layer correction added back to the input."""
    w0, b0, w1, b1 = unit
    return np.maximum(0.0, x @ w0.T + b0) @ w1.T + b1 + x


def deep_crossing(features: list[np.ndarray], embeddings: list[tuple[np.ndarray, np.ndarray]],
                  units: list[Unit], w_out: np.ndarray, b_out: float) -> np.ndarray:
    """The whole model: embed every feature, stack, residual units, sigmoid scoring layer."""
    h = np.hstack([embed_feature(x, w, b) for x, (w, b) in zip(features, embeddings)])
    for unit in units:
        h = residual_unit(h, unit)
    return 1.0 / (1.0 + np.exp(-(h @ w_out + b_out)))


def random_unit(d: int, hidden: int, rng: np.random.Generator, scale: float = 0.3) -> Unit:
    """A residual unit with Gaussian weights."""
    return (rng.normal(scale=scale, size=(hidden, d)), rng.normal(scale=scale, size=hidden),
            rng.normal(scale=scale, size=(d, hidden)), rng.normal(scale=scale, size=d))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    sizes, dims = [6, 4, 9], [3, 2, 4]                       # vocabulary and embedding size of each feature
    ids = [rng.integers(0, s, 5) for s in sizes]
    features = [np.eye(s)[i] for s, i in zip(sizes, ids)]
    embeddings = [(rng.normal(size=(m, s)), rng.normal(scale=0.1, size=m)) for s, m in zip(sizes, dims)]

    # For a one-hot input the embedding layer is a table lookup (column of W) followed by ReLU.
    w, b = embeddings[0]
    assert np.allclose(embed_feature(features[0], w, b), np.maximum(0.0, w[:, ids[0]].T + b))

    stacked = np.hstack([embed_feature(x, w, b) for x, (w, b) in zip(features, embeddings)])
    d = int(stacked.shape[1])
    # A residual unit with all weights zero is the identity, whatever its input ...
    zero = (np.zeros((7, d)), np.zeros(7), np.zeros((d, 7)), np.zeros(d))
    probe = rng.normal(size=(5, d))
    assert np.array_equal(residual_unit(probe, zero), probe)
    # ... and with small weights its Jacobian stays close to the identity (the correction is small),
    # measured by finite differences rather than from the formula.
    small = random_unit(d, 7, rng, scale=0.01)
    jac = numerical_jacobian(lambda v: residual_unit(v[None], small)[0], probe[0])
    assert relative_error(jac, np.eye(d)) < 0.01 and not np.allclose(jac, np.eye(d))

    units = [random_unit(d, 7, rng) for _ in range(3)]
    p = deep_crossing(features, embeddings, units, rng.normal(size=d), 0.0)
    assert p.shape == (5,) and np.all((0 < p) & (p < 1))
    print(f"stacked width {d}, three residual units keep it; p = {np.round(p, 3)}")
    print("deep-crossing: all checks passed")

"""Deep & Cross Network (Wang et al. 2017): a cross network that adds one degree of explicit feature crossing
per layer, in parallel with an MLP.

Cross layer:  x_{l+1} = x_0 x_l^T w_l + b_l + x_l = x_0 (x_l . w_l) + b_l + x_l,
with x_0 the stacked embeddings and dense features, and only 2d parameters per layer (w_l, b_l). The outer
product is never formed: x_0 is scaled by the scalar x_l . w_l. Each layer multiplies by x_0 once more, so the
entries of x_l are polynomials in x_0 of degree l + 1. The combination layer is
    p = sigmoid(w_logit . [x_{L1}, h_{L2}] + b_logit).
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial import Polynomial


def cross_layer(x0: np.ndarray, xl: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One cross layer for a batch (N, d): x_0 (x_l . w) + b + x_l."""
    return x0 * (xl @ w)[:, None] + b + xl


def cross_network(x0: np.ndarray, weights: list[np.ndarray], biases: list[np.ndarray]) -> np.ndarray:
    """L stacked cross layers, all fed the same x_0."""
    x = x0
    for w, b in zip(weights, biases):
        x = cross_layer(x0, x, w, b)
    return x


def dcn_predict(x0: np.ndarray, weights: list[np.ndarray], biases: list[np.ndarray],
                deep_layers: list[tuple[np.ndarray, np.ndarray]], w_logit: np.ndarray, b_logit: float) -> np.ndarray:
    """Click probability from the concatenated outputs of the cross network and a ReLU MLP."""
    h = x0
    for weight, bias in deep_layers:
        h = np.maximum(0.0, h @ weight.T + bias)
    stacked = np.hstack([cross_network(x0, weights, biases), h])
    return 1.0 / (1.0 + np.exp(-(stacked @ w_logit + b_logit)))


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # Scalar case, symbolically: x_0 is the polynomial "t"; apply the layer rule with polynomial arithmetic.
    ws, bs = rng.normal(size=4), rng.normal(size=4)
    t = Polynomial([0.0, 1.0])
    x = t
    for layer, (w, b) in enumerate(zip(ws, bs), start=1):
        x = t * x * w + b + x
        # Degree grows by one per layer, with leading coefficient w_0 w_1 ... w_{l-1}.
        assert x.degree() == layer + 1 and np.isclose(x.coef[-1], np.prod(ws[:layer]))
        # The numeric layer agrees with the polynomial at random points.
        points = rng.normal(size=5)[:, None]
        numeric = cross_network(points, [np.array([wi]) for wi in ws[:layer]], [np.array([bi]) for bi in bs[:layer]])
        assert np.allclose(numeric[:, 0], x(points[:, 0]))
    print(f"scalar cross network of 4 layers = polynomial of degree {x.degree()} in x0")

    # Vector case: the cheap form equals the explicit outer product x_0 x_l^T w_l.
    d = 6
    x0 = rng.normal(size=(3, d))
    xl, w, b = rng.normal(size=(3, d)), rng.normal(size=d), rng.normal(size=d)
    explicit = np.stack([np.outer(x0[i], xl[i]) @ w for i in range(3)]) + b + xl
    assert np.allclose(cross_layer(x0, xl, w, b), explicit)

    # The whole DCN: 3 cross layers (2d parameters each) next to a 6-8-8 ReLU MLP, joined by one logit.
    weights, biases = [rng.normal(scale=0.3, size=d) for _ in range(3)], [np.zeros(d) for _ in range(3)]
    deep = [(rng.normal(scale=0.4, size=(8, d)), np.zeros(8)), (rng.normal(scale=0.4, size=(8, 8)), np.zeros(8))]
    p = dcn_predict(x0, weights, biases, deep, rng.normal(size=d + 8), 0.0)
    assert p.shape == (3,) and np.all((0 < p) & (p < 1))
    print(f"cross-network parameters: {sum(w.size + b.size for w, b in zip(weights, biases))}; p = {np.round(p, 3)}")
    print("dcn: all checks passed")

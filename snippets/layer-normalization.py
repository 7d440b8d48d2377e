"""Layer normalisation: standardise each example over its own features, then apply a learned gain and bias.

    mu = mean_i(x_i),   sigma^2 = mean_i((x_i - mu)^2),   y_i = gamma_i (x_i - mu) / sqrt(sigma^2 + eps) + beta_i
The statistics come from one row (one token, one example) alone, never from the batch, so training and
inference compute the same thing and a batch of one is as good as any other; the backward pass below is
derived by hand and checked against finite differences.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error

EPS = 1e-5


def layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Normalise every row of x (..., d) over its last axis, then scale by `gain` and shift by `bias`."""
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return gain * (x - mean) / np.sqrt(variance + eps) + bias


def layer_norm_backward(
    x: np.ndarray, gain: np.ndarray, grad_output: np.ndarray, eps: float = EPS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (d x, d gain, d bias) of a loss whose gradient with respect to layer_norm's output is grad_output."""
    mean = x.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(((x - mean) ** 2).mean(axis=-1, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    g = grad_output * gain  # gradient with respect to x_hat
    # x_hat depends on x through the row mean and the row variance: remove their two projections.
    grad_x = inv_std * (g - g.mean(axis=-1, keepdims=True) - x_hat * (g * x_hat).mean(axis=-1, keepdims=True))
    lead = tuple(range(x.ndim - 1))
    return grad_x, (grad_output * x_hat).sum(axis=lead), grad_output.sum(axis=lead)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d = 6
    batch = rng.normal(loc=3.0, scale=5.0, size=(8, d))
    gain, bias = np.ones(d), np.zeros(d)
    out = layer_norm(batch, gain, bias)
    print("row means:", np.round(out.mean(axis=1), 6))
    print("row stds: ", np.round(out.std(axis=1), 4))

    # Each row alone has zero mean and unit variance (up to eps), whatever its scale and offset.
    assert np.allclose(out.mean(axis=1), 0.0, atol=1e-9)
    assert np.allclose(out.var(axis=1), 1.0, atol=1e-5)

    # Independent of the batch: a batch of one gives exactly the row of the batch of eight, and so does
    # any shuffle of the batch (batch normalisation would fail both).
    for i in range(len(batch)):
        assert np.allclose(layer_norm(batch[i : i + 1], gain, bias), out[i : i + 1])
    order = rng.permutation(len(batch))
    assert np.allclose(layer_norm(batch[order], gain, bias), out[order])

    # Invariance: shifting or positively rescaling one example does not change its normalised output.
    assert np.allclose(layer_norm(7.0 * batch[2] - 4.0, gain, bias), out[2], atol=1e-6)

    # Against a plain loop over the definition with the sample statistics computed by hand.
    gain, bias = rng.normal(size=d), rng.normal(size=d)
    row = batch[5]
    mu = sum(row) / d
    var = sum((value - mu) ** 2 for value in row) / d
    by_hand = np.array([gain[i] * (row[i] - mu) / np.sqrt(var + EPS) + bias[i] for i in range(d)])
    assert np.allclose(layer_norm(row, gain, bias), by_hand)

    # Hand-derived backward pass against central finite differences of a weighted sum of the outputs.
    weights = rng.normal(size=batch.shape)
    grad_x, grad_gain, grad_bias = layer_norm_backward(batch, gain, weights)
    assert relative_error(grad_x, numerical_gradient(lambda z: float((layer_norm(z, gain, bias) * weights).sum()), batch)) < 1e-6
    assert relative_error(grad_gain, numerical_gradient(lambda g: float((layer_norm(batch, g, bias) * weights).sum()), gain)) < 1e-6
    assert relative_error(grad_bias, numerical_gradient(lambda b: float((layer_norm(batch, gain, b) * weights).sum()), bias)) < 1e-6
    # The input gradient of every row sums to zero: adding a constant to a row changes nothing.
    assert np.allclose(grad_x.sum(axis=1), 0.0, atol=1e-9)
    print("layer-normalization: all checks passed")

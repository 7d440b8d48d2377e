"""Batch normalization from scratch: standardise each feature over the mini-batch, then scale and shift.

Training mode uses the batch's own mean and (biased) variance and updates exponential running averages (the
running variance with the unbiased estimate); evaluation mode uses those running averages instead, so each
example's output no longer depends on the rest of its batch. Features live on axis 1: (N, C) or (N, C, ...).
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def _per_feature(values: np.ndarray, ndim: int) -> np.ndarray:
    """Reshape a per-feature vector (C,) so it broadcasts against an input with features on axis 1."""
    return values.reshape((1, -1) + (1,) * (ndim - 2))


def batch_norm(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    training: bool,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (output, new running mean, new running variance); the running statistics change only in training."""
    axes = (0,) + tuple(range(2, x.ndim))
    if training:
        mean, var = x.mean(axis=axes), x.var(axis=axes)
        count = x.size // x.shape[1]
        running_mean = (1.0 - momentum) * running_mean + momentum * mean
        running_var = (1.0 - momentum) * running_var + momentum * var * count / (count - 1)
    else:
        mean, var = running_mean, running_var
    x_hat = (x - _per_feature(mean, x.ndim)) / np.sqrt(_per_feature(var, x.ndim) + eps)
    return _per_feature(gamma, x.ndim) * x_hat + _per_feature(beta, x.ndim), running_mean, running_var


def batch_norm_backward(
    x: np.ndarray, gamma: np.ndarray, grad_output: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training-mode gradients (dx, dgamma, dbeta); dx accounts for the batch statistics depending on x."""
    axes = (0,) + tuple(range(2, x.ndim))
    count = x.size // x.shape[1]
    mean, var = x.mean(axis=axes), x.var(axis=axes)
    inv_std = _per_feature(1.0 / np.sqrt(var + eps), x.ndim)
    x_hat = (x - _per_feature(mean, x.ndim)) * inv_std
    grad_x_hat = grad_output * _per_feature(gamma, x.ndim)
    grad_x = inv_std / count * (
        count * grad_x_hat
        - grad_x_hat.sum(axis=axes, keepdims=True)
        - x_hat * (grad_x_hat * x_hat).sum(axis=axes, keepdims=True)
    )
    return grad_x, (grad_output * x_hat).sum(axis=axes), grad_output.sum(axis=axes)


def normalised_histogram() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Histograms of one feature with mean 5 and spread 3 before and after batch norm (gamma 1, beta 0)."""
    rng = np.random.default_rng(0)
    x = 5.0 + 3.0 * rng.normal(size=(4000, 1))
    out, _, _ = batch_norm(x, np.ones(1), np.zeros(1), np.zeros(1), np.ones(1), training=True)
    edges = np.linspace(-6.0, 16.0, 45)
    centres = (edges[:-1] + edges[1:]) / 2
    return {"before": (centres, np.histogram(x, edges)[0] / 4000.0),
            "after batch norm": (centres, np.histogram(out, edges)[0] / 4000.0)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    features = 3
    true_mean, true_std = np.array([5.0, -2.0, 0.5]), np.array([3.0, 0.5, 10.0])
    ones, zeros = np.ones(features), np.zeros(features)

    # Training mode, before scale and shift: every feature has mean 0 and variance 1 over the batch.
    x = true_mean + true_std * rng.normal(size=(64, features))
    normalised, _, _ = batch_norm(x, ones, zeros, zeros, ones, training=True)
    print("input  mean/std per feature:", np.round(x.mean(0), 2), np.round(x.std(0), 2))
    print("output mean/std per feature:", np.round(normalised.mean(0), 6) + 0.0, np.round(normalised.std(0), 6))
    assert np.allclose(normalised.mean(axis=0), 0.0, atol=1e-12)
    assert np.allclose(normalised.var(axis=0), 1.0, atol=1e-4)  # exactly var / (var + eps)

    # The learned scale and shift then set each feature's spread and centre.
    gamma, beta = np.array([2.0, 0.5, 1.0]), np.array([1.0, 0.0, -3.0])
    scaled, _, _ = batch_norm(x, gamma, beta, zeros, ones, training=True)
    assert np.allclose(scaled.mean(axis=0), beta) and np.allclose(scaled.std(axis=0), gamma, rtol=1e-4)

    # Invariance: shifting and positively rescaling a feature of the input changes nothing (eps = 0).
    affine_input = 7.0 * x + np.array([3.0, -1.0, 100.0])
    assert np.allclose(
        batch_norm(affine_input, gamma, beta, zeros, ones, True, eps=0.0)[0],
        batch_norm(x, gamma, beta, zeros, ones, True, eps=0.0)[0],
    )

    # Running statistics: over many batches they track the population mean and variance.
    running_mean, running_var = zeros, ones
    for _ in range(300):
        batch = true_mean + true_std * rng.normal(size=(64, features))
        _, running_mean, running_var = batch_norm(batch, ones, zeros, running_mean, running_var, training=True)
    print("running mean:", np.round(running_mean, 2), " running var:", np.round(running_var, 2))
    assert np.all(np.abs(running_mean - true_mean) < 0.25 * true_std)
    assert np.allclose(running_var, true_std**2, rtol=0.35)

    # Repeating one batch, the running variance settles on that batch's unbiased (n - 1) variance.
    small = rng.normal(size=(4, features))
    fixed_mean, fixed_var = zeros, ones
    for _ in range(400):
        _, fixed_mean, fixed_var = batch_norm(small, ones, zeros, fixed_mean, fixed_var, training=True)
    assert np.allclose(fixed_mean, small.mean(axis=0)) and np.allclose(fixed_var, small.var(axis=0, ddof=1))

    # Evaluation mode uses the running statistics: an example's output no longer depends on its batch-mates,
    # while in training mode it does.
    fresh = true_mean + true_std * rng.normal(size=(10, features))
    alone = batch_norm(fresh[:1], ones, zeros, running_mean, running_var, training=False)[0]
    in_batch = batch_norm(fresh, ones, zeros, running_mean, running_var, training=False)[0][:1]
    assert np.array_equal(alone, in_batch)
    train_a = batch_norm(fresh[:5], ones, zeros, zeros, ones, training=True)[0][0]
    train_b = batch_norm(fresh[[0, 5, 6, 7, 8]], ones, zeros, zeros, ones, training=True)[0][0]
    assert not np.allclose(train_a, train_b)
    unchanged = batch_norm(fresh, ones, zeros, running_mean, running_var, training=False)
    assert unchanged[1] is running_mean and unchanged[2] is running_var

    # Backpropagation (training mode, through the batch statistics) agrees with finite differences,
    # here on a convolution-shaped input (N, C, H, W).
    images = rng.normal(size=(4, features, 3, 2)) * 2.0 + 1.0
    grad_output = rng.normal(size=images.shape)

    def weighted_output(x_: np.ndarray, gamma_: np.ndarray, beta_: np.ndarray) -> float:
        return float(np.sum(grad_output * batch_norm(x_, gamma_, beta_, zeros, ones, training=True)[0]))

    grad_x, grad_gamma, grad_beta = batch_norm_backward(images, gamma, grad_output)
    errors = [
        relative_error(grad_x, numerical_gradient(lambda v: weighted_output(v, gamma, beta), images)),
        relative_error(grad_gamma, numerical_gradient(lambda g: weighted_output(images, g, beta), gamma)),
        relative_error(grad_beta, numerical_gradient(lambda b: weighted_output(images, gamma, b), beta)),
    ]
    print("gradient check (x, gamma, beta): " + ", ".join(f"{e:.1e}" for e in errors))
    assert max(errors) < 1e-6
    print("batch-normalization: all checks passed")

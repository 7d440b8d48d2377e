"""Categorical cross-entropy from scratch: -sum_k y_k log p_k with p = softmax(logits), averaged over a batch.

With one-hot targets it is the negative log-likelihood of the true class. Computed as logsumexp(z) - y . z,
it never takes the log of an underflowed probability, and its gradient with respect to the logits is p - y.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log softmax along the last axis, stable for logits of any size."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def one_hot(labels: np.ndarray, num_classes: int) -> np.ndarray:
    """Rows of the identity matrix picked by integer class labels."""
    return np.eye(num_classes)[labels]


def cross_entropy(logits: np.ndarray, target_probs: np.ndarray) -> float:
    """Mean over the batch of H(y, softmax(z)) = logsumexp(z) - y . z, for target rows y that sum to one."""
    top = logits.max(axis=-1)
    log_partition = top + np.log(np.exp(logits - top[:, None]).sum(axis=-1))
    return float(np.mean(log_partition - np.sum(target_probs * logits, axis=-1)))


def cross_entropy_grad(logits: np.ndarray, target_probs: np.ndarray) -> np.ndarray:
    """d cross_entropy / d logits = (softmax(z) - y) / batch size."""
    return (np.exp(log_softmax(logits)) - target_probs) / len(logits)


def nll_loss(log_probs: np.ndarray, labels: np.ndarray) -> float:
    """Negative log-likelihood: mean of -log p(true class), given log-probabilities and integer labels."""
    return float(-np.mean(log_probs[np.arange(len(labels)), labels]))


def loss_by_true_class_probability() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Cross-entropy and its gradient on the true logit for logits [z, 0, 0] with class 0 the answer."""
    z = np.linspace(-6.0, 6.0, 241)
    logits = np.stack([z, np.zeros_like(z), np.zeros_like(z)], axis=1)
    target = one_hot(np.array([0]), 3)
    losses = np.array([cross_entropy(row[None, :], target) for row in logits])
    slopes = np.array([cross_entropy_grad(row[None, :], target)[0, 0] for row in logits])
    return {"loss": (z, losses), "d loss / d z": (z, slopes)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    batch, classes = 6, 5
    logits = rng.normal(scale=2.0, size=(batch, classes))
    labels = rng.integers(0, classes, size=batch)
    targets = one_hot(labels, classes)
    loss = cross_entropy(logits, targets)
    print(f"cross-entropy of random logits: {loss:.4f}  (uniform guessing: log {classes} = {np.log(classes):.4f})")

    # With one-hot targets it is the NLL of log-softmax, and the naive -log(exp(z_y) / sum exp(z)).
    assert np.isclose(loss, nll_loss(log_softmax(logits), labels))
    naive = -np.log(np.exp(logits[np.arange(batch), labels]) / np.exp(logits).sum(axis=1))
    assert np.isclose(loss, naive.mean())

    # The gradient with respect to the logits is p - y (per example), checked by finite differences,
    # for hard and for soft targets.
    soft_targets = rng.dirichlet(np.ones(classes), size=batch)
    for target in (targets, soft_targets):
        numeric = numerical_gradient(lambda z: cross_entropy(z, target), logits)
        error = relative_error(cross_entropy_grad(logits, target), numeric)
        print(f"gradient vs finite differences: relative error {error:.1e}")
        assert error < 1e-6

    # Gibbs' inequality: H(y, p) >= H(y), with equality exactly when the prediction equals the target.
    entropy = float(np.mean(-np.sum(soft_targets * np.log(soft_targets), axis=1)))
    assert cross_entropy(logits, soft_targets) > entropy
    assert np.isclose(cross_entropy(np.log(soft_targets) + 3.0, soft_targets), entropy)

    # Uniform logits cost log K whatever the label; confident correct logits cost almost nothing.
    assert np.isclose(cross_entropy(np.zeros((batch, classes)), targets), np.log(classes))
    assert cross_entropy(30.0 * targets, targets) < 1e-12

    # Stable for huge logits where exp() overflows: a confidently wrong prediction costs its logit gap.
    huge = np.array([[1000.0, 0.0]])
    assert np.isclose(cross_entropy(huge, one_hot(np.array([1]), 2)), 1000.0)
    print("categorical-cross-entropy: all checks passed")

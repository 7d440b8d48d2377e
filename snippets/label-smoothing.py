"""Label smoothing: train against a softened target that keeps 1 - eps on the true class and spreads eps
uniformly over all K classes,
    q = (1 - eps) onehot(y) + eps / K,     loss = H(q, p) = (1 - eps) (-log p_y) + eps mean_k(-log p_k).
The cross-entropy gradient becomes p - q, so the loss is minimised at p = q: finite logits, a bounded margin.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _entry import load

cce = load("categorical-cross-entropy")


def smoothed_targets(labels: np.ndarray, num_classes: int, epsilon: float) -> np.ndarray:
    """(1 - eps) one-hot + eps / K for every label."""
    return (1 - epsilon) * cce.one_hot(labels, num_classes) + epsilon / num_classes


def label_smoothing_cross_entropy(logits: np.ndarray, labels: np.ndarray, epsilon: float) -> float:
    """Mean over the batch of the cross-entropy between the smoothed targets and softmax(logits)."""
    return cce.cross_entropy(logits, smoothed_targets(labels, logits.shape[-1], epsilon))


def optimal_logit_gap(num_classes: int, epsilon: float) -> float:
    """The logit margin (true class minus any other) at which softmax equals the smoothed target."""
    return float(np.log((1 - epsilon + epsilon / num_classes) / (epsilon / num_classes)))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    batch, classes, epsilon = 6, 5, 0.1
    logits = rng.normal(scale=3.0, size=(batch, classes))
    labels = rng.integers(0, classes, size=batch)

    # The smoothed loss equals (1 - eps) times the ordinary NLL plus eps times the mean of -log p over all
    # classes, both computed directly from the probabilities.
    log_p = np.log(np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True))
    nll = -log_p[np.arange(batch), labels]
    direct = np.mean((1 - epsilon) * nll + epsilon * np.mean(-log_p, axis=1))
    loss = label_smoothing_cross_entropy(logits, labels, epsilon)
    print(f"smoothed loss {loss:.6f}, direct (1 - eps) CE + eps mean(-log p) {direct:.6f}, plain CE {nll.mean():.6f}")
    assert np.isclose(loss, direct, rtol=1e-12)
    assert np.isclose(label_smoothing_cross_entropy(logits, labels, 0.0), nll.mean())   # eps = 0: plain CE

    # Gradient with respect to the logits is (softmax - q) / batch: checked by finite differences.
    q = smoothed_targets(labels, classes, epsilon)
    numeric = numerical_gradient(lambda z: label_smoothing_cross_entropy(z, labels, epsilon), logits)
    assert relative_error(cce.cross_entropy_grad(logits, q), numeric) < 1e-7

    # The loss is minimised (gradient zero) with a finite gap log((1 - eps + eps/K) / (eps/K)) between the
    # true logit and the rest, where the plain cross-entropy would keep pushing the gap to infinity.
    gap = optimal_logit_gap(classes, epsilon)
    best = np.zeros((1, classes))
    best[0, 2] = gap
    assert np.allclose(numerical_gradient(lambda z: label_smoothing_cross_entropy(z, np.array([2]), epsilon), best),
                       0, atol=1e-8)
    wider, narrower = best.copy(), best.copy()
    wider[0, 2], narrower[0, 2] = gap + 1, gap - 1
    target = np.array([2])
    assert label_smoothing_cross_entropy(wider, target, epsilon) > label_smoothing_cross_entropy(best, target, epsilon)
    assert label_smoothing_cross_entropy(narrower, target, epsilon) > label_smoothing_cross_entropy(best, target, epsilon)
    print(f"optimal logit gap for K = {classes}, eps = {epsilon}: {gap:.4f}")
    print("label-smoothing: all checks passed")

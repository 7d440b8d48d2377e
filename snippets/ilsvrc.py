"""ILSVRC's classification metric: top-k error, with k = 5 as the headline number.

Each test image has one correct label out of 1000 classes. A model may name its k best guesses; the image
counts as an error only if the correct label is not among them. Top-5 error forgives near-misses between
easily confused classes (dog breeds, say), which is why it was the challenge's main ranking metric.
"""

from __future__ import annotations

import numpy as np


def true_label_rank(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """1-based rank of each correct label among its row of scores; ties count against the model."""
    true_scores = scores[np.arange(len(labels)), labels]
    # The correct class itself, plus every class scoring at least as high.
    return np.sum(scores >= true_scores[:, None], axis=1)


def top_k_error(scores: np.ndarray, labels: np.ndarray, k: int = 5) -> float:
    """Fraction of examples whose correct label is not among the k highest-scoring classes."""
    return float(np.mean(true_label_rank(scores, labels) > k))


if __name__ == "__main__":
    # Hand-checked case: 3 images, 4 classes.
    scores = np.array([[0.1, 0.5, 0.3, 0.1],   # correct class 2 is second best
                       [0.6, 0.2, 0.15, 0.05],  # correct class 1 is second best
                       [0.2, 0.1, 0.6, 0.1]])   # correct class 2 is best
    labels = np.array([2, 1, 2])
    assert true_label_rank(scores, labels).tolist() == [2, 2, 1]
    assert top_k_error(scores, labels, k=1) == 2 / 3 and top_k_error(scores, labels, k=2) == 0.0

    # A tie with the correct class is not given to the model.
    assert top_k_error(np.array([[0.5, 0.5, 0.0]]), np.array([1]), k=1) == 1.0

    rng = np.random.default_rng(0)
    n_images, n_classes = 5000, 1000
    logits = rng.normal(size=(n_images, n_classes))
    labels = rng.integers(0, n_classes, size=n_images)
    errors = [top_k_error(logits, labels, k) for k in (1, 5, 10, 1000)]
    print(f"random guessing over 1000 classes: top-1 {errors[0]:.4f}, top-5 {errors[1]:.4f}, "
          f"top-10 {errors[2]:.4f}, top-1000 {errors[3]:.4f}")
    # Chance level is 1 - k/1000; more guesses never hurt; naming every class is always right.
    assert abs(errors[1] - 0.995) < 0.004 and abs(errors[0] - 0.999) < 0.002
    assert errors[0] >= errors[1] >= errors[2] >= errors[3] == 0.0
    # Only the ranking matters: softmax probabilities give the same errors as the raw logits.
    logits, labels = logits[:1000], labels[:1000]
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert top_k_error(probabilities, labels, 5) == top_k_error(logits, labels, 5)

    # A model whose correct class always scores third or better has zero top-5 error but may fail top-1.
    rows = np.arange(len(labels))
    nudged = logits.copy()
    third_best = np.partition(logits, -3, axis=1)[:, -3]
    nudged[rows, labels] = np.maximum(logits[rows, labels], third_best + 1e-9)
    assert top_k_error(nudged, labels, 5) == 0.0 and top_k_error(nudged, labels, 1) > 0.5
    print("ilsvrc: all checks passed")

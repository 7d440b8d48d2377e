"""Rosenblatt's perceptron from scratch: a threshold neuron sign(w . x + b) and its mistake-driven learning rule.

On every misclassified example (x, y), with y in {-1, +1}, the rule adds y x to the weights and y to the bias.
Novikoff's theorem: if some hyperplane separates the data with margin gamma and every augmented input (x, 1) has
norm at most R, the rule makes at most (R / gamma)^2 mistakes in total, however long it runs.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class PerceptronResult(NamedTuple):
    weight: np.ndarray
    bias: float
    mistakes: int
    converged: bool


def perceptron_predict(x: np.ndarray, weight: np.ndarray, bias: float) -> np.ndarray:
    """Threshold unit: +1 where w . x + b > 0, else -1, for each row of x."""
    return np.where(x @ weight + bias > 0, 1.0, -1.0)


def perceptron_step(
    weight: np.ndarray, bias: float, x: np.ndarray, label: float
) -> tuple[np.ndarray, float, bool]:
    """One application of the learning rule to one example: (new weight, new bias, whether it was a mistake)."""
    if label * (x @ weight + bias) > 0:
        return weight, bias, False
    return weight + label * x, bias + label, True


def train_perceptron(x: np.ndarray, labels: np.ndarray, max_epochs: int = 1000) -> PerceptronResult:
    """Cycle through the data from w = 0, b = 0 until an epoch passes without a mistake (or epochs run out)."""
    weight, bias, mistakes = np.zeros(x.shape[1]), 0.0, 0
    for _ in range(max_epochs):
        mistakes_this_epoch = 0
        for example, label in zip(x, labels):
            weight, bias, mistaken = perceptron_step(weight, bias, example, label)
            mistakes_this_epoch += mistaken
        mistakes += mistakes_this_epoch
        if mistakes_this_epoch == 0:
            return PerceptronResult(weight, bias, mistakes, converged=True)
    return PerceptronResult(weight, bias, mistakes, converged=False)


def novikoff_bound(radius: float, margin: float) -> float:
    """Novikoff's upper bound (R / gamma)^2 on the total number of perceptron mistakes."""
    return (radius / margin) ** 2


def mistakes_by_margin() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Mistakes before convergence on 200 separable points, against the margin, beside Novikoff's bound (R/gamma)^2."""
    rng = np.random.default_rng(0)
    points = rng.uniform(-1.0, 1.0, size=(2000, 2))
    margins, mistakes, bounds = np.linspace(0.05, 0.5, 10), [], []
    for margin in margins:
        kept = points[np.abs(points[:, 0] + points[:, 1]) / np.sqrt(2.0) >= margin][:200]
        labels = np.where(kept[:, 0] + kept[:, 1] > 0, 1, -1)
        mistakes.append(train_perceptron(kept, labels).mistakes)
        radius = float(np.linalg.norm(np.hstack([kept, np.ones((len(kept), 1))]), axis=1).max())
        bounds.append(novikoff_bound(radius, margin))
    return {"mistakes": (margins, np.array(mistakes, dtype=float)), "Novikoff bound": (margins, np.array(bounds))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # Linearly separable data: labelled by a known line, with points too close to it discarded.
    true_weight, true_bias = np.array([2.0, -1.0]), 0.3
    candidates = rng.uniform(-1.0, 1.0, size=(2000, 2))
    # (w* . x + b*) for the separator rescaled so that the augmented vector (w*, b*) has unit length
    unit_score = (candidates @ true_weight + true_bias) / np.linalg.norm(np.append(true_weight, true_bias))
    keep = np.abs(unit_score) >= 0.05
    points, unit_score = candidates[keep][:300], unit_score[keep][:300]
    labels = np.sign(unit_score)

    result = train_perceptron(points, labels)
    radius = float(np.max(np.linalg.norm(np.hstack([points, np.ones((len(points), 1))]), axis=1)))
    margin = float(np.min(labels * unit_score))
    bound = novikoff_bound(radius, margin)
    print(f"separable data: converged={result.converged} after {result.mistakes} mistakes "
          f"(Novikoff bound (R/gamma)^2 = {bound:.0f})")
    assert result.converged
    assert np.array_equal(perceptron_predict(points, result.weight, result.bias), labels)
    assert result.mistakes <= bound

    # A single neuron learns AND and OR, but never XOR, which no line separates: it keeps making mistakes.
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for name, truth in [("AND", [-1, -1, -1, 1]), ("OR", [-1, 1, 1, 1]), ("XOR", [-1, 1, 1, -1])]:
        outcome = train_perceptron(corners, np.array(truth, dtype=float), max_epochs=200)
        print(f"{name:3s}: converged={outcome.converged}, mistakes={outcome.mistakes}")
        assert outcome.converged == (name != "XOR")
    print("perceptron: all checks passed")

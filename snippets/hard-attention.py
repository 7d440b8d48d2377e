"""Hard attention: sample one location and look only there.

The location index i is drawn with probability softmax(scores)_i and the glimpse is values[i]. Its
expectation is exactly the soft-attention context sum_i p_i v_i, but a sample is a step function of the
scores, so backpropagation gets no gradient; training uses the score-function (REINFORCE) estimator
  d E[f(v_i)] / d scores = E[(f(v_i) - b) (onehot(i) - p)].
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from _attention import softmax
from _check import numerical_gradient, relative_error


def hard_attention(
    scores: np.ndarray, values: np.ndarray, rng: np.random.Generator, num_samples: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Draw `num_samples` locations i ~ softmax(scores); returns the glimpses values[i] (num_samples, d) and i."""
    locations = rng.choice(len(scores), size=num_samples, p=softmax(scores))
    return values[locations], locations


def expected_glimpse(scores: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The exact expectation of the glimpse, E[values[i]] = sum_i p_i values[i] with p = softmax(scores)."""
    return softmax(scores) @ values


def glimpse_variance(scores: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The exact variance of one glimpse, per feature: sum_i p_i values[i]^2 - (sum_i p_i values[i])^2."""
    return softmax(scores) @ values**2 - expected_glimpse(scores, values) ** 2


def reinforce_gradient(
    scores: np.ndarray,
    values: np.ndarray,
    reward: Callable[[np.ndarray], np.ndarray],
    rng: np.random.Generator,
    num_samples: int,
    baseline: float = 0.0,
) -> np.ndarray:
    """Score-function estimate of d E[reward(glimpse)] / d scores from `num_samples` glimpses.

    Any constant baseline keeps the estimate unbiased (E[onehot(i) - p] = 0); a good one reduces its variance.
    """
    glimpses, locations = hard_attention(scores, values, rng, num_samples)
    score_function = np.eye(len(scores))[locations] - softmax(scores)
    return (reward(glimpses) - baseline) @ score_function / num_samples


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d = 5, 3
    scores, values = rng.normal(size=n), rng.normal(size=(n, d))
    probabilities = softmax(scores)
    soft_context = expected_glimpse(scores, values)

    # A glimpse is always exactly one of the values, never a blend.
    glimpses, locations = hard_attention(scores, values, rng, 200_000)
    assert np.array_equal(glimpses, values[locations])

    # Locations are drawn with the attention probabilities (each frequency within 5 standard errors).
    frequencies = np.bincount(locations, minlength=n) / len(locations)
    assert np.all(np.abs(frequencies - probabilities) < 5 * np.sqrt(probabilities / len(locations)))

    # Soft attention is the expectation hard attention estimates: the Monte Carlo mean of the glimpses
    # converges to the soft context, with error shrinking like 1 / sqrt(N).
    for count in (100, 10_000, 200_000):
        mean_glimpse = glimpses[:count].mean(axis=0)
        standard_error = glimpses[:count].std(axis=0) / np.sqrt(count)
        print(f"N={count:>7}: mean glimpse {np.round(mean_glimpse, 3)}  soft context {np.round(soft_context, 3)}")
        assert np.all(np.abs(mean_glimpse - soft_context) < 5 * standard_error)
    # The exact expectation is the soft context written as a loop over locations, and the sample variance
    # converges to the exact variance of one glimpse.
    assert np.allclose(soft_context, sum(p * v for p, v in zip(probabilities, values)))
    assert np.allclose(glimpses.var(axis=0), glimpse_variance(scores, values), rtol=0.02)

    # No gradient through a sample: with the random draw fixed, nudging the scores leaves the glimpse
    # unchanged, so finite differences (and backpropagation) see zero.
    def fixed_draw_glimpse(s: np.ndarray) -> float:
        return float(hard_attention(s, values, np.random.default_rng(42))[0][0, 0])

    assert np.all(numerical_gradient(fixed_draw_glimpse, scores, eps=1e-6) == 0.0)

    # REINFORCE recovers the true gradient of the expected reward, here checked against finite
    # differences of the exact expectation sum_i p_i f(v_i).
    def reward(glimpse: np.ndarray) -> np.ndarray:
        return np.sum(glimpse**2, axis=-1)

    exact = numerical_gradient(lambda s: float(softmax(s) @ reward(values)), scores)
    for baseline in (0.0, float(probabilities @ reward(values))):
        estimate = reinforce_gradient(scores, values, reward, rng, 400_000, baseline)
        error = relative_error(estimate, exact)
        print(f"REINFORCE (baseline {baseline:.2f}) vs exact gradient: relative error {error:.4f}")
        assert error < 0.02
    print("hard attention: all checks passed")

"""Policy gradient (REINFORCE) on a multi-armed bandit with a softmax policy pi = softmax(theta).

The objective J(theta) = E_{a ~ pi}[r] = sum_a pi_a mu_a has the exact gradient dJ/dtheta_b = pi_b (mu_b - J).
The score-function (likelihood-ratio) identity grad J = E[r grad log pi(a)] gives an unbiased estimate from
samples alone, with grad log pi(a) = onehot(a) - pi. Subtracting a baseline b keeps it unbiased, because
E[grad log pi(a)] = 0, and a good b (here J) shrinks its variance.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient


def softmax(theta: np.ndarray) -> np.ndarray:
    """Action probabilities of the softmax policy."""
    z = np.exp(theta - theta.max())
    return z / z.sum()


def score_function(theta: np.ndarray, actions: np.ndarray) -> np.ndarray:
    """grad_theta log pi(a) = onehot(a) - pi, one row per action taken."""
    return np.eye(len(theta))[actions] - softmax(theta)


def reinforce_gradient(theta: np.ndarray, actions: np.ndarray, rewards: np.ndarray, baseline: float = 0.0) -> np.ndarray:
    """The REINFORCE estimate: mean over samples of (r - b) grad log pi(a)."""
    return np.mean((rewards - baseline)[:, None] * score_function(theta, actions), axis=0)


def exact_gradient(theta: np.ndarray, means: np.ndarray) -> np.ndarray:
    """dJ/dtheta for J = sum_a pi_a mu_a: pi * (mu - J)."""
    pi = softmax(theta)
    return pi * (means - pi @ means)


def expected_estimate(theta: np.ndarray, means: np.ndarray, baseline: float) -> np.ndarray:
    """E[(r - b) grad log pi(a)], summed exactly over the actions (E[r | a] = mu_a)."""
    pi = softmax(theta)
    return sum(pi[a] * (means[a] - baseline) * score_function(theta, np.array([a]))[0] for a in range(len(theta)))


def estimate_variance(theta: np.ndarray, means: np.ndarray, noise_sd: float, baseline: float) -> float:
    """Total variance (trace of the covariance) of one sample's estimate, computed exactly."""
    pi = softmax(theta)
    second_moment = sum(pi[a] * (noise_sd**2 + (means[a] - baseline) ** 2)
                        * np.sum(score_function(theta, np.array([a]))[0] ** 2) for a in range(len(theta)))
    return float(second_moment - np.sum(exact_gradient(theta, means) ** 2))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    means, noise_sd = np.array([5.0, 5.5, 4.8, 6.0]), 1.0
    theta = np.array([0.3, -0.2, 0.5, 0.0])

    # The exact gradient agrees with finite differences of J.
    exact = exact_gradient(theta, means)
    assert np.allclose(exact, numerical_gradient(lambda t: float(softmax(t) @ means), theta), atol=1e-9)
    # In expectation (summed over actions exactly) the score-function estimate is the gradient, for any baseline.
    for b in (0.0, float(softmax(theta) @ means), 100.0):
        assert np.allclose(expected_estimate(theta, means, b), exact, atol=1e-12)

    # Sampling: the average of many estimates approaches the gradient, with and without a baseline ...
    n = 20000
    actions = rng.choice(4, size=n, p=softmax(theta))
    rewards = means[actions] + noise_sd * rng.normal(size=n)
    j = float(softmax(theta) @ means)
    samples = {b: (rewards - b)[:, None] * score_function(theta, actions) for b in (0.0, j)}
    for b, per_sample in samples.items():
        standard_error = per_sample.std(axis=0) / np.sqrt(n)
        assert np.all(np.abs(per_sample.mean(axis=0) - exact) < 4 * standard_error)
        # ... and the empirical variance matches the exact one.
        empirical = float(per_sample.var(axis=0).sum())
        assert abs(empirical / estimate_variance(theta, means, noise_sd, b) - 1) < 0.05
    no_baseline, with_baseline = (estimate_variance(theta, means, noise_sd, b) for b in (0.0, j))
    print(f"exact gradient {exact.round(4)}\nREINFORCE mean {samples[j].mean(axis=0).round(4)} (baseline J = {j:.3f})")
    print(f"variance per sample: {no_baseline:.3f} without a baseline, {with_baseline:.3f} with b = J")
    assert with_baseline < no_baseline / 10

    # Gradient ascent with the sampled estimate (batches of 16, baseline = batch mean) finds the best arm.
    theta = np.zeros(4)
    for _ in range(300):
        a = rng.choice(4, size=16, p=softmax(theta))
        r = means[a] + noise_sd * rng.normal(size=16)
        theta += 0.5 * reinforce_gradient(theta, a, r, baseline=float(r.mean()))
    print(f"after training: pi = {softmax(theta).round(3)}, J = {softmax(theta) @ means:.3f} (best arm 6.0)")
    assert softmax(theta)[3] > 0.8
    print("policy-gradient: all checks passed")

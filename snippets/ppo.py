"""PPO's clipped surrogate objective (Schulman et al. 2017). With the probability ratio
r = pi_new(a|s) / pi_old(a|s) and advantage estimate A,
    L_clip = mean( min(r A, clip(r, 1 - eps, 1 + eps) A) ).
Once r has left [1 - eps, 1 + eps] in the direction that A rewards (r > 1 + eps with A > 0, r < 1 - eps with
A < 0) the clipped term is the smaller one and constant, so that sample's gradient is exactly zero: the
update gains nothing by moving the policy further. In the other direction the objective stays r A, a
pessimistic lower bound of the unclipped surrogate.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient


def ppo_clip_objective(new_log_probs: np.ndarray, old_log_probs: np.ndarray, advantages: np.ndarray,
                       epsilon: float = 0.2) -> float:
    """The clipped surrogate, to be maximised."""
    ratio = np.exp(new_log_probs - old_log_probs)
    return float(np.mean(np.minimum(ratio * advantages, np.clip(ratio, 1 - epsilon, 1 + epsilon) * advantages)))


def ppo_clip_gradient(new_log_probs: np.ndarray, old_log_probs: np.ndarray, advantages: np.ndarray,
                      epsilon: float = 0.2) -> np.ndarray:
    """d L_clip / d new_log_probs, derived by hand: r A / n where the unclipped term is active, 0 where clipped."""
    ratio = np.exp(new_log_probs - old_log_probs)
    clipped = ((advantages > 0) & (ratio > 1 + epsilon)) | ((advantages < 0) & (ratio < 1 - epsilon))
    return np.where(clipped, 0.0, ratio * advantages) / len(ratio)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log pi for a softmax policy over the last axis."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    epsilon = 0.2

    # The hand-derived gradient matches finite differences on random ratios and advantages (points away from the
    # kinks at 1 +- eps).
    old = np.log(rng.uniform(0.1, 0.9, size=40))
    new = old + rng.uniform(-0.6, 0.6, size=40)
    ratio = np.exp(new - old)
    new = np.where(np.abs(np.abs(ratio - 1) - epsilon) < 1e-3, new + 0.01, new)
    advantages = rng.normal(size=40)
    numeric = numerical_gradient(lambda v: ppo_clip_objective(v, old, advantages, epsilon), new)
    assert np.allclose(ppo_clip_gradient(new, old, advantages, epsilon), numeric, atol=1e-9)

    # One sample at a time (finite differences): zero gradient once the ratio left the range in the advantage's
    # direction, the unclipped gradient r A in the other direction and inside the range.
    for r, a, zero in [(1.5, 1.0, True), (0.5, -1.0, True), (1.5, -1.0, False), (0.5, 1.0, False), (1.1, 2.0, False)]:
        slope = numerical_gradient(lambda v: ppo_clip_objective(v, np.zeros(1), np.array([a]), epsilon),
                                   np.array([np.log(r)]))[0]
        assert np.isclose(slope, 0.0 if zero else r * a, atol=1e-8)
        print(f"ratio {r}, advantage {a:+}: d L_clip / d log pi = {slope:+.4f}")
    # At r = 1 the gradient is the ordinary policy gradient A grad log pi; and L_clip is a lower bound of r A.
    assert np.allclose(ppo_clip_gradient(old, old, advantages), advantages / len(advantages))
    grid = np.log(np.linspace(0.2, 3.0, 57))
    for a in (-1.3, 0.7):
        clipped = np.array([ppo_clip_objective(np.array([g]), np.zeros(1), np.array([a])) for g in grid])
        assert np.all(clipped <= np.exp(grid) * a + 1e-12)

    # Several epochs on one batch of a 5-armed bandit: with clipping the policy stops moving once the ratios
    # leave the trust region; the unclipped surrogate keeps pushing them far away.
    logits_old = rng.normal(size=5)
    actions = rng.choice(5, size=64, p=np.exp(log_softmax(logits_old)))
    adv = rng.normal(size=5)[actions] + 0.1 * rng.normal(size=64)
    old_lp = log_softmax(logits_old)[actions]
    drift = {}
    for eps in (0.2, 1e9):                                 # a huge epsilon means no clipping
        logits = logits_old.copy()
        for _ in range(200):
            new_lp = log_softmax(logits)[actions]
            d_lp = ppo_clip_gradient(new_lp, old_lp, adv, eps)
            pi = np.exp(log_softmax(logits))
            logits += 0.5 * (np.bincount(actions, weights=d_lp, minlength=5) - d_lp.sum() * pi)   # chain rule
        drift[eps] = float(np.median(np.abs(np.exp(log_softmax(logits)[actions] - old_lp) - 1)))
    print(f"median |ratio - 1| after 200 steps: {drift[0.2]:.3f} clipped (eps = 0.2), {drift[1e9]:.3f} unclipped")
    assert drift[0.2] < 0.3 < drift[1e9]
    print("ppo: all checks passed")

"""RLHF: learn a reward model from human comparisons, then optimise the policy against it with a KL leash.

Reward model (Bradley-Terry): P(y_w preferred to y_l) = sigmoid(r(x, y_w) - r(x, y_l)), trained with
    loss = -log sigmoid(r_w - r_l),   d loss / d r_w = -sigmoid(r_l - r_w) = -d loss / d r_l.
RL stage: maximise R(x, y) = r(x, y) - beta log(pi(y|x) / pi_ref(y|x)); its expectation under pi is
E_pi[r] - beta KL(pi || pi_ref), whose maximiser is pi*(y) ~ pi_ref(y) exp(r(y) / beta).
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient


def reward_model_loss(r_chosen: np.ndarray, r_rejected: np.ndarray) -> float:
    """Mean Bradley-Terry loss -log sigmoid(r_w - r_l) over comparison pairs."""
    return float(np.mean(np.logaddexp(0.0, -(r_chosen - r_rejected))))


def reward_model_loss_grad(r_chosen: np.ndarray, r_rejected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of reward_model_loss with respect to r_chosen and r_rejected."""
    g = -1.0 / (1.0 + np.exp(r_chosen - r_rejected)) / len(r_chosen)
    return g, -g


def kl_penalised_reward(reward: float | np.ndarray, logp_policy: np.ndarray, logp_reference: np.ndarray,
                        beta: float) -> float | np.ndarray:
    """r - beta (log pi(y|x) - log pi_ref(y|x)); log-probabilities of a whole response (summed over tokens)."""
    return reward - beta * (logp_policy - logp_reference)


def kl_optimal_policy(reference: np.ndarray, rewards: np.ndarray, beta: float) -> np.ndarray:
    """The maximiser of E_pi[r] - beta KL(pi || pi_ref) over distributions on a finite set of responses."""
    logits = np.log(reference) + rewards / beta
    p = np.exp(logits - logits.max())
    return p / p.sum()


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    print(f"loss for r_w - r_l = 2: {reward_model_loss(np.array([2.0]), np.array([0.0])):.4f}")

    # Hand-derived gradient vs finite differences.
    r_w, r_l = rng.normal(size=6), rng.normal(size=6)
    g_w, g_l = reward_model_loss_grad(r_w, r_l)
    assert np.allclose(g_w, numerical_gradient(lambda r: reward_model_loss(r, r_l), r_w), atol=1e-8)
    assert np.allclose(g_l, numerical_gradient(lambda r: reward_model_loss(r_w, r), r_l), atol=1e-8)
    # Only the difference matters: adding the same constant to both rewards changes nothing.
    assert np.isclose(reward_model_loss(r_w + 5, r_l + 5), reward_model_loss(r_w, r_l))

    # A linear reward model r = w . phi learnt from 2000 simulated human comparisons (Bradley-Terry with a
    # hidden true reward) ranks fresh pairs like the hidden reward does.
    d, pairs = 5, 2000
    w_true = rng.normal(size=d)
    a, b = rng.normal(size=(pairs, d)), rng.normal(size=(pairs, d))
    prefers_a = rng.random(pairs) < 1 / (1 + np.exp(-(a - b) @ w_true))
    chosen, rejected = np.where(prefers_a[:, None], a, b), np.where(prefers_a[:, None], b, a)
    w = np.zeros(d)
    for _ in range(300):
        g_w, g_l = reward_model_loss_grad(chosen @ w, rejected @ w)
        w -= 2.0 * (chosen.T @ g_w + rejected.T @ g_l)
    test_a, test_b = rng.normal(size=(500, d)), rng.normal(size=(500, d))
    agreement = np.mean(((test_a - test_b) @ w > 0) == ((test_a - test_b) @ w_true > 0))
    print(f"reward model agrees with the hidden reward on {agreement:.1%} of new pairs")
    assert agreement > 0.9

    # KL-penalised reward: its average under pi is E_pi[r] - beta KL(pi || pi_ref) (enumerated exactly) ...
    reference = np.array([0.5, 0.3, 0.15, 0.05])
    rewards, beta = np.array([0.0, 1.0, 2.0, 3.0]), 0.5
    policy = np.array([0.1, 0.2, 0.3, 0.4])
    shaped = kl_penalised_reward(rewards, np.log(policy), np.log(reference), beta)
    assert np.isclose(policy @ shaped, policy @ rewards - beta * np.sum(policy * np.log(policy / reference)))
    # ... and gradient ascent on it over softmax policies converges to pi_ref exp(r / beta) / Z.
    def objective(logits: np.ndarray) -> float:
        p = np.exp(logits - logits.max())
        p /= p.sum()
        return float(p @ kl_penalised_reward(rewards, np.log(p), np.log(reference), beta))
    logits = np.zeros(4)
    for _ in range(3000):
        logits += 0.5 * numerical_gradient(objective, logits)
    learnt = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    optimum = kl_optimal_policy(reference, rewards, beta)
    print("optimal KL-regularised policy:", np.round(optimum, 4))
    assert np.allclose(learnt, optimum, atol=1e-4)
    # Limits: beta -> infinity keeps the reference; beta -> 0 puts all mass on the best response.
    assert np.allclose(kl_optimal_policy(reference, rewards, 1e6), reference, atol=1e-5)
    assert np.isclose(kl_optimal_policy(reference, rewards, 1e-3)[3], 1.0)
    print("rlhf: all checks passed")

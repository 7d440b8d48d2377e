"""InstructGPT's three stages on a toy problem small enough to enumerate.

A "language model" here is a table of logits: for each of P prompts, a softmax over R possible responses.
1. SFT: maximum likelihood on labeller demonstrations.
2. Reward model: labellers rank K responses to a prompt; the ranking yields C(K, 2) pairs, and the loss is
   -1/C(K,2) sum over pairs log sigmoid(r(x, y_w) - r(x, y_l)).
3. PPO-ptx: maximise the clipped PPO surrogate on the reward minus beta log(pi / pi_SFT), plus
   gamma times the log-likelihood of pretraining data, which limits the "alignment tax".
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from _check import numerical_gradient


def softmax_rows(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ranking_pairs(ranking: list[int]) -> list[tuple[int, int]]:
    """All (better, worse) pairs of a ranking listed best first: K choose 2 of them."""
    return list(combinations(ranking, 2))


def ranking_loss(rewards: np.ndarray, ranking: list[int]) -> float:
    """InstructGPT's reward-model loss for one ranking: mean over its pairs of -log sigmoid(r_w - r_l)."""
    return float(np.mean([np.logaddexp(0.0, -(rewards[w] - rewards[l])) for w, l in ranking_pairs(ranking)]))


def ppo_ptx_objective(logits: np.ndarray, prompts: np.ndarray, responses: np.ndarray, old_logp: np.ndarray,
                      advantages: np.ndarray, pretrain: tuple[np.ndarray, np.ndarray], gamma: float,
                      clip: float = 0.2) -> float:
    """Mean clipped surrogate min(rho A, clip(rho) A) plus gamma times the mean pretraining log-likelihood."""
    logp = np.log(softmax_rows(logits))
    ratio = np.exp(logp[prompts, responses] - old_logp)
    surrogate = np.minimum(ratio * advantages, np.clip(ratio, 1 - clip, 1 + clip) * advantages)
    return float(surrogate.mean() + gamma * logp[pretrain].mean())


def ppo_ptx_grad(logits: np.ndarray, prompts: np.ndarray, responses: np.ndarray, old_logp: np.ndarray,
                 advantages: np.ndarray, pretrain: tuple[np.ndarray, np.ndarray], gamma: float,
                 clip: float = 0.2) -> np.ndarray:
    """Hand-derived gradient of ppo_ptx_objective with respect to the logit table."""
    probs = softmax_rows(logits)
    ratio = np.exp(np.log(probs[prompts, responses]) - old_logp)
    # The unclipped term is the active (smaller) one unless the ratio has left the band in A's direction.
    active = ~(((advantages > 0) & (ratio > 1 + clip)) | ((advantages < 0) & (ratio < 1 - clip)))
    weights = np.where(active, ratio * advantages, 0.0) / len(prompts)
    pre_p, pre_y = pretrain
    # d log pi(y|p) / d logits[p] = onehot(y) - pi(.|p), weighted per sample and accumulated per prompt.
    rows = np.concatenate([prompts, pre_p])
    cols = np.concatenate([responses, pre_y])
    sample_weights = np.concatenate([weights, np.full(len(pre_p), gamma / len(pre_p))])
    grad = np.zeros_like(logits)
    np.add.at(grad, (rows, cols), sample_weights)
    np.add.at(grad, rows, -sample_weights[:, None] * probs[rows])
    return grad


def sample_responses(policy: np.ndarray, prompts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One response per prompt drawn from the policy table (inverse-CDF sampling)."""
    cdf = np.cumsum(policy[prompts], axis=1)
    return np.minimum((cdf < rng.random(len(prompts))[:, None] * cdf[:, -1:]).sum(axis=1), policy.shape[1] - 1)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    P, R, K, beta, gamma = 3, 6, 4, 0.1, 0.5
    quality = rng.normal(size=(P, R))                   # what the labellers (secretly) value
    pretrained = softmax_rows(rng.normal(size=(P, R)))  # the pretrained model

    # The sampler draws with the right frequencies.
    draws = sample_responses(pretrained, np.zeros(100_000, dtype=int), rng)
    assert np.allclose(np.bincount(draws, minlength=R) / 100_000, pretrained[0], atol=0.006)

    # Stage 1, SFT: maximum likelihood on 600 demonstrations converges to their empirical frequencies.
    demo_p = rng.integers(P, size=600)
    demo_y = sample_responses(softmax_rows(quality), demo_p, rng)
    counts = np.zeros((P, R))
    np.add.at(counts, (demo_p, demo_y), 1)
    sft_logits = np.zeros((P, R))
    for _ in range(500):
        grad = counts - counts.sum(axis=1, keepdims=True) * softmax_rows(sft_logits)
        sft_logits += 2.0 * grad / counts.sum(axis=1, keepdims=True)
    sft = softmax_rows(sft_logits)
    assert np.allclose(sft, counts / counts.sum(axis=1, keepdims=True), atol=1e-3)

    # Stage 2, reward model: each labelling ranks K responses, giving C(K, 2) = 6 pairs; a tabular reward
    # fitted to 900 noisy rankings recovers the labellers' values up to a constant per prompt.
    assert len(ranking_pairs([3, 1, 0, 2])) == K * (K - 1) // 2 == 6
    rankings = []
    for _ in range(900):
        p = int(rng.integers(P))
        shown = rng.choice(R, size=K, replace=False)
        noisy = quality[p, shown] + rng.gumbel(size=K)   # Plackett-Luce labellers
        rankings.append((p, [int(shown[i]) for i in np.argsort(-noisy)]))
    rewards = np.zeros((P, R))
    test = rng.normal(size=R)
    assert np.allclose(numerical_gradient(lambda r: ranking_loss(r, [3, 1, 0, 2]), test),
                       sum(-(1 / (1 + np.exp(test[w] - test[l]))) * (np.eye(R)[w] - np.eye(R)[l])
                           for w, l in ranking_pairs([3, 1, 0, 2])) / 6, atol=1e-8)
    pair_p, pair_w, pair_l = np.array([(p, w, l) for p, ranking in rankings for w, l in ranking_pairs(ranking)]).T
    for _ in range(300):
        g = 1 / (1 + np.exp(rewards[pair_p, pair_w] - rewards[pair_p, pair_l])) / 6   # 6 pairs per ranking
        grad = np.zeros((P, R))
        np.add.at(grad, (pair_p, pair_w), -g)
        np.add.at(grad, (pair_p, pair_l), g)
        rewards -= 3.0 * grad / len(rankings) * P
    for p in range(P):
        assert rewards[p].argmax() == quality[p].argmax()
        # Plackett-Luce labellers make the fitted reward consistent: equal to the quality up to a constant.
        assert np.allclose(rewards[p] - rewards[p].mean(), quality[p] - quality[p].mean(), atol=0.35)
    print("responses by learnt reward:", np.argsort(-rewards[0]), "by true quality:", np.argsort(-quality[0]))

    # Stage 3, PPO-ptx. First the hand gradient against finite differences, with ratios inside and
    # outside the clipping band.
    prompts, responses = rng.integers(P, size=64), rng.integers(R, size=64)
    old_logp = np.log(sft[prompts, responses]) + rng.normal(scale=0.3, size=64)
    advantages = rng.normal(size=64)
    pretrain = (rng.integers(P, size=32), rng.integers(R, size=32))
    args = (prompts, responses, old_logp, advantages, pretrain, gamma)
    assert np.allclose(ppo_ptx_grad(sft_logits, *args),
                       numerical_gradient(lambda z: ppo_ptx_objective(z, *args), sft_logits), atol=1e-7)

    def train(gamma: float) -> np.ndarray:
        logits = sft_logits.copy()
        for _ in range(60):
            policy = softmax_rows(logits)
            prompts = rng.integers(P, size=256)
            responses = sample_responses(policy, prompts, rng)
            old_logp = np.log(policy[prompts, responses])
            shaped = rewards[prompts, responses] - beta * (old_logp - np.log(sft[prompts, responses]))
            advantages = shaped - shaped.mean()
            pre_p = rng.integers(P, size=256)
            pretrain = (pre_p, sample_responses(pretrained, pre_p, rng))
            for _ in range(4):                          # several epochs on the same samples, as PPO does
                logits = logits + 1.0 * ppo_ptx_grad(logits, prompts, responses, old_logp, advantages, pretrain, gamma)
        return softmax_rows(logits)

    def mean_quality(policy: np.ndarray) -> float:
        return float(np.mean(np.sum(policy * quality, axis=1)))

    def pretrain_nll(policy: np.ndarray) -> float:
        return float(-np.mean(np.sum(pretrained * np.log(policy), axis=1)))

    rl, ptx = train(0.0), train(gamma)
    print(f"true quality: SFT {mean_quality(sft):.3f}, PPO {mean_quality(rl):.3f}, PPO-ptx {mean_quality(ptx):.3f}")
    print(f"pretraining NLL: SFT {pretrain_nll(sft):.3f}, PPO {pretrain_nll(rl):.3f}, PPO-ptx {pretrain_nll(ptx):.3f}")
    assert mean_quality(rl) > mean_quality(sft) and mean_quality(ptx) > mean_quality(sft)
    assert pretrain_nll(ptx) < pretrain_nll(rl)           # the pretraining mix limits the drift
    print("instructgpt: all checks passed")

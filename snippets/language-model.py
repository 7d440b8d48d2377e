"""A language model: a probability distribution over token sequences, factorised by the chain rule.

    p(x_1, ..., x_T) = prod_t p(x_t | x_1, ..., x_{t-1}),      perplexity = exp(-(1/T) sum_t log p(x_t | x_<t))
Any joint distribution can be written this way, so a model only has to predict the next token. Perplexity
is the exponentiated mean negative log-likelihood: the size of a uniform choice that would be as uncertain.
"""

from __future__ import annotations

import itertools

import numpy as np


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log softmax over the last axis, computed stably."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def sequence_log_prob(next_token_log_probs: np.ndarray, tokens: np.ndarray) -> float:
    """log p(x_1..x_T) = sum_t log p(x_t | x_<t), from the model's (T, V) next-token log-probabilities."""
    return float(next_token_log_probs[np.arange(len(tokens)), tokens].sum())


def perplexity(logits: np.ndarray, targets: np.ndarray) -> float:
    """exp of the mean negative log-likelihood of `targets` (T,) under next-token `logits` (T, V)."""
    log_probs = log_softmax(np.asarray(logits, dtype=np.float64))
    return float(np.exp(-log_probs[np.arange(len(targets)), targets].mean()))


def conditional_from_joint(joint: np.ndarray, prefix: tuple[int, ...]) -> np.ndarray:
    """p(x_t = v | prefix) for every v, by summing the joint table (V, V, ..., V) over all completions."""
    marginal = joint[prefix].reshape(joint.shape[0], -1).sum(axis=1)  # p(prefix, v), summed over the future
    return marginal / marginal.sum()


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, length = 3, 4

    # A tiny enumerable "model": an arbitrary joint table over all 3^4 sequences.
    joint = rng.random((vocab,) * length) ** 3
    joint /= joint.sum()

    # Chain rule: the product of next-token conditionals equals the joint, for every one of the 81 sequences.
    total = 0.0
    for sequence in itertools.product(range(vocab), repeat=length):
        conditionals = np.log([conditional_from_joint(joint, sequence[:t]) for t in range(length)])
        log_p = sequence_log_prob(conditionals, np.array(sequence))
        assert np.isclose(np.exp(log_p), joint[sequence])
        total += np.exp(log_p)
    assert np.isclose(total, 1.0)  # the factorised model is still a normalised distribution
    print(f"chain rule reproduces all {vocab ** length} joint probabilities; they sum to {total:.6f}")

    # Perplexity = exp(mean NLL). A uniform model over V tokens has perplexity exactly V ...
    targets = rng.integers(vocab, size=50)
    assert np.isclose(perplexity(np.zeros((50, 7)), rng.integers(7, size=50)), 7.0)
    # ... a model that is sure and right has perplexity 1, and it equals the geometric mean of 1 / p.
    logits = rng.normal(size=(50, vocab))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    geometric = np.prod(1.0 / probs[np.arange(50), targets]) ** (1 / 50)
    assert np.isclose(perplexity(logits, targets), geometric)
    assert np.isclose(perplexity(1e3 * np.eye(vocab)[targets], targets), 1.0)
    print(f"perplexity of a random model on 50 tokens: {perplexity(logits, targets):.3f} (uniform would be {vocab})")
    print("language-model: all checks passed")

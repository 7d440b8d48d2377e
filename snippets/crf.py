"""Linear-chain conditional random field: a distribution over whole tag sequences y given per-position scores,
    p(y | x) = exp(score(y)) / Z,   score(y) = start[y_1] + sum_t E[t, y_t] + sum_t A[y_{t-1}, y_t] + end[y_T],
with emission scores E (T x K, e.g. from a BiLSTM) and transition scores A (K x K). Z sums over all K^T
sequences, but the forward algorithm computes log Z in O(T K^2) with the recursion
    alpha_t(j) = E[t, j] + logsumexp_i (alpha_{t-1}(i) + A[i, j]);  Viterbi replaces logsumexp by max.
"""

from __future__ import annotations

import itertools

import numpy as np
from _check import numerical_gradient, relative_error


def logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    """log sum exp along an axis, without overflow."""
    top = a.max(axis=axis, keepdims=True)
    return np.squeeze(top, axis=axis) + np.log(np.exp(a - top).sum(axis=axis))


def sequence_score(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray,
                   tags: np.ndarray | list[int]) -> float:
    """The unnormalised log-score of one tag sequence."""
    tags = np.asarray(tags)
    return float(start[tags[0]] + emissions[np.arange(len(tags)), tags].sum()
                 + transitions[tags[:-1], tags[1:]].sum() + end[tags[-1]])


def forward_log_alphas(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray) -> np.ndarray:
    """alpha[t, j]: log of the summed exp-scores of all prefixes ending in tag j at position t."""
    alphas = [start + emissions[0]]
    for t in range(1, len(emissions)):
        alphas.append(emissions[t] + logsumexp(alphas[-1][:, None] + transitions, axis=0))
    return np.array(alphas)


def crf_log_partition(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray) -> float:
    """log Z by the forward algorithm."""
    return float(logsumexp(forward_log_alphas(emissions, transitions, start)[-1] + end, axis=0))


def crf_nll(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray,
            tags: np.ndarray | list[int]) -> float:
    """Training loss of one sequence: -log p(tags | x) = log Z - score(tags)."""
    return crf_log_partition(emissions, transitions, start, end) - sequence_score(emissions, transitions, start, end, tags)


def crf_marginals(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """p(y_t = k | x) for every position and tag, by forward-backward."""
    alphas = forward_log_alphas(emissions, transitions, start)
    betas = [end]
    for t in range(len(emissions) - 1, 0, -1):
        betas.append(logsumexp(transitions + emissions[t] + betas[-1], axis=1))
    betas = np.array(betas[::-1])
    return np.exp(alphas + betas - crf_log_partition(emissions, transitions, start, end))


def viterbi(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """The highest-scoring tag sequence, by dynamic programming with back-pointers."""
    best, pointers = start + emissions[0], []
    for t in range(1, len(emissions)):
        candidates = best[:, None] + transitions
        pointers.append(candidates.argmax(axis=0))
        best = emissions[t] + candidates.max(axis=0)
    tags = [int(np.argmax(best + end))]
    for back in reversed(pointers):
        tags.append(int(back[tags[-1]]))
    return tags[::-1]


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    length, n_tags = 5, 3
    emissions, transitions = rng.normal(size=(length, n_tags)), rng.normal(size=(n_tags, n_tags))
    start, end = rng.normal(size=n_tags), rng.normal(size=n_tags)
    args = (emissions, transitions, start, end)

    # Brute force over all 3^5 = 243 tag sequences.
    paths = list(itertools.product(range(n_tags), repeat=length))
    scores = np.array([sequence_score(*args, path) for path in paths])
    brute_log_z = float(np.log(np.sum(np.exp(scores))))
    log_z = crf_log_partition(*args)
    print(f"log Z: forward algorithm {log_z:.10f}, enumeration of {len(paths)} paths {brute_log_z:.10f}")
    assert abs(log_z - brute_log_z) < 1e-10
    assert list(paths[int(np.argmax(scores))]) == viterbi(*args)
    print(f"Viterbi path {viterbi(*args)}, probability {np.exp(scores.max() - log_z):.4f}")

    # Forward-backward marginals equal brute-force marginals and the gradient of log Z w.r.t. the emissions.
    probabilities = np.exp(scores - brute_log_z)
    brute_marginals = np.zeros((length, n_tags))
    for path, p in zip(paths, probabilities):
        brute_marginals[np.arange(length), list(path)] += p
    marginals = crf_marginals(*args)
    assert np.allclose(marginals, brute_marginals, atol=1e-12) and np.allclose(marginals.sum(axis=1), 1)
    numeric = numerical_gradient(lambda e: crf_log_partition(e, transitions, start, end), emissions)
    assert relative_error(marginals, numeric) < 1e-7

    # With large scores the log-space recursion stays finite where exp(score) would overflow.
    assert np.isfinite(crf_log_partition(1000 * emissions, transitions, start, end))
    print("crf: all checks passed")

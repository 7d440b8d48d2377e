"""Reading a whole house number from SVHN, the way Goodfellow et al. (2014) did: one network, several softmaxes.

The model outputs a distribution over the length L (0..N digits) and, for each position i, a distribution
over the digit S_i. A transcription s = (s_1..s_n) has probability P(L = n) * prod_{i<=n} P(S_i = s_i).
The most likely transcription is found exactly in linear time: take the best digit at each position, keep
a running product, and choose the length that maximises P(L = n) times the running product up to n.
"""

from __future__ import annotations

import itertools

import numpy as np


def sequence_probability(digits: tuple[int, ...], length_probs: np.ndarray, digit_probs: np.ndarray) -> float:
    """P(L = n) * prod_{i<=n} P(S_i = s_i) for the transcription `digits` of length n."""
    return float(length_probs[len(digits)] * np.prod(digit_probs[np.arange(len(digits)), list(digits)]))


def most_likely_sequence(length_probs: np.ndarray, digit_probs: np.ndarray) -> tuple[tuple[int, ...], float]:
    """The transcription with the highest probability, and that probability.

    length_probs: shape (N + 1,), P(L = n) for n = 0..N; digit_probs: shape (N, 10), P(S_i = d).
    """
    with np.errstate(divide="ignore"):  # a zero probability becomes log 0 = -inf, which is never chosen
        log_length, log_digits = np.log(length_probs), np.log(digit_probs)
    best_digits = log_digits.argmax(axis=1)
    running = np.concatenate([[0.0], np.cumsum(log_digits.max(axis=1))])  # best log-prob of the first n digits
    scores = log_length + running
    n = int(np.argmax(scores))
    return tuple(int(d) for d in best_digits[:n]), float(np.exp(scores[n]))


def peaked_digit_probs(top_digits: list[int], top_probs: list[float]) -> np.ndarray:
    """Per-position digit distributions: top_probs[i] on top_digits[i], the rest shared by the other nine."""
    rows = np.repeat(((1.0 - np.array(top_probs)) / 9.0)[:, None], 10, axis=1)
    rows[np.arange(len(top_digits)), top_digits] = top_probs
    return rows


def brute_force(length_probs: np.ndarray, digit_probs: np.ndarray) -> dict[tuple[int, ...], float]:
    """The probability of every possible transcription, by enumeration."""
    return {digits: sequence_probability(digits, length_probs, digit_probs)
            for n in range(len(length_probs))
            for digits in itertools.product(range(10), repeat=n)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    for _ in range(20):
        length_probs = rng.dirichlet(np.ones(4))             # lengths 0..3
        digit_probs = rng.dirichlet(0.3 * np.ones(10), size=3)
        table = brute_force(length_probs, digit_probs)
        best, probability = most_likely_sequence(length_probs, digit_probs)
        # The linear-time decoder finds the same answer as enumerating all 1111 transcriptions...
        assert table[best] == max(table.values()) and np.isclose(probability, table[best], rtol=1e-12)
        # ...and the model is a proper distribution over transcriptions of every length.
        assert np.isclose(sum(table.values()), 1.0)

    # Choosing the length first is not the same as decoding jointly: the length head prefers 2 digits,
    # but the uncertain second digit makes the 1-digit reading "7" more probable overall.
    length_probs = np.array([0.0, 0.45, 0.5, 0.05])
    digit_probs = peaked_digit_probs([7, 1, 4], [0.9, 0.6, 0.5])
    best, probability = most_likely_sequence(length_probs, digit_probs)
    print(f"P(L) = {length_probs.tolist()}, top digits 7 (0.9), 1 (0.6), 4 (0.5): "
          f"best transcription {''.join(map(str, best))} with probability {probability:.3f}")
    assert best == (7,) and np.isclose(probability, 0.45 * 0.9)
    assert int(np.argmax(length_probs)) == 2 and sequence_probability((7, 1), length_probs, digit_probs) < probability
    print("svhn: all checks passed")

"""Scheduled sampling (Bengio, Vinyals, Jaitly & Shazeer 2015): a curriculum from teacher forcing to free running.

At training iteration i, each decoder input is the true previous token with probability eps_i and the model's
own sampled previous token otherwise. eps_i decays over training: linearly, exponentially or as an inverse
sigmoid, so the model gradually learns to continue from its own mistakes, as it must at test time.
"""

from __future__ import annotations

import numpy as np
from _rnn import TokenDecoder, decoder_step

START = 0  # the token fed to the decoder before the first target


def linear_decay(i: float, k: float = 1.0, c: float = 1.5e-4, floor: float = 0.1) -> float:
    """eps_i = max(floor, k - c i): a straight line from k down to a minimum amount of ground truth."""
    return max(floor, k - c * i)


def exponential_decay(i: float, k: float = 0.9995) -> float:
    """eps_i = k^i with k < 1."""
    return k**i


def inverse_sigmoid_decay(i: float, k: float = 500.0) -> float:
    """eps_i = k / (k + exp(i / k)) with k >= 1: flat at first, then a smooth drop towards 0."""
    return k / (k + np.exp(i / k))


def scheduled_sampling_decode(
    targets: np.ndarray,
    initial_state: np.ndarray,
    decoder: TokenDecoder,
    truth_probability: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One training pass over targets (N, T): returns the inputs fed, which came from the model, and log p(y_t).

    After the start token, each input is the true previous token with probability `truth_probability`, else a
    token sampled from the decoder's own previous output distribution (a coin is flipped for every token).
    """
    n, steps = targets.shape
    inputs, from_model = np.full((n, steps), START), np.zeros((n, steps), dtype=bool)
    log_probs, state = np.zeros((n, steps)), initial_state
    for t in range(steps):
        probabilities, state = decoder_step(inputs[:, t], state, decoder)
        log_probs[:, t] = np.log(probabilities[np.arange(n), targets[:, t]])
        if t + 1 < steps:
            sampled = (probabilities.cumsum(axis=1) > rng.random((n, 1))).argmax(axis=1)
            use_model = rng.random(n) >= truth_probability
            inputs[:, t + 1] = np.where(use_model, sampled, targets[:, t])
            from_model[:, t + 1] = use_model
    return inputs, from_model, log_probs


def decay_schedules() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The probability of feeding the ground truth at step i under the three decay schedules of the paper."""
    steps = np.linspace(0.0, 8000.0, 401)
    return {"linear": (steps, np.array([linear_decay(i) for i in steps])),
            "exponential": (steps, np.array([exponential_decay(i) for i in steps])),
            "inverse sigmoid": (steps, np.array([inverse_sigmoid_decay(i) for i in steps]))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, embed, hidden, n, steps = 5, 3, 6, 2_000, 8
    decoder = TokenDecoder.random(rng, vocab, embed, hidden)
    targets = rng.integers(1, vocab, size=(n, steps))
    contexts = rng.normal(size=(n, hidden))

    # The three schedules start near 1 and decay; the inverse sigmoid crosses 1/2 at i = k ln k.
    iterations = np.arange(0, 6001, 1000)
    for name, schedule in [("linear", linear_decay), ("exponential", exponential_decay),
                           ("inverse sigmoid", inverse_sigmoid_decay)]:
        values = np.array([schedule(i) for i in iterations])
        print(f"{name:>15} eps_i at i = 0, 1000, ..., 6000:", np.round(values, 3))
        assert np.all(np.diff(values) <= 0) and values[0] > 0.99
    assert np.isclose(linear_decay(5000), 0.25) and linear_decay(7000) == 0.1
    assert np.isclose(inverse_sigmoid_decay(500 * np.log(500)), 0.5)

    # eps = 1 is teacher forcing (inputs are the shifted targets); eps = 0 is free running (every input after
    # the first is the model's own previous sample).
    inputs, from_model, _ = scheduled_sampling_decode(targets, contexts, decoder, 1.0, rng)
    assert np.array_equal(inputs[:, 1:], targets[:, :-1]) and not from_model.any()
    inputs, from_model, _ = scheduled_sampling_decode(targets, contexts, decoder, 0.0, rng)
    assert from_model[:, 1:].all() and not np.array_equal(inputs[:, 1:], targets[:, :-1])

    # Along the inverse-sigmoid schedule, the fraction of model-fed inputs matches 1 - eps_i within binomial error.
    for i in iterations:
        eps = inverse_sigmoid_decay(i)
        _, from_model, _ = scheduled_sampling_decode(targets, contexts, decoder, eps, rng)
        observed, draws = from_model[:, 1:].mean(), from_model[:, 1:].size
        print(f"iteration {i:>4}: eps_i = {eps:.3f}, model-fed share expected {1 - eps:.3f}, observed {observed:.3f}")
        assert abs(observed - (1 - eps)) < 4 * np.sqrt(eps * (1 - eps) / draws) + 1e-12
    print("scheduled-sampling: all checks passed")

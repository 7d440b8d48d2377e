"""Teacher forcing (Williams & Zipser 1989): train a sequence decoder on the ground-truth previous tokens.

At step t the decoder is fed the true y_{t-1} rather than its own guess, so every step's loss
-log p(y_t | y_1..y_{t-1}) is computed from the correct history, and the whole sequence is scored in one pass.
"""

from __future__ import annotations

import numpy as np
from _rnn import TokenDecoder, decoder_step

START = 0  # the token fed to the decoder before the first target


def teacher_forcing_inputs(targets: np.ndarray, start: int = START) -> np.ndarray:
    """The decoder's inputs: the start token, then the targets shifted right by one (the last target is not fed)."""
    first = np.full(targets.shape[:-1] + (1,), start)
    return np.concatenate([first, targets[..., :-1]], axis=-1)


def teacher_forced_decode(
    targets: np.ndarray, initial_state: np.ndarray, decoder: TokenDecoder
) -> tuple[np.ndarray, np.ndarray]:
    """Run the decoder on the ground truth: returns log p(y_t | true prefix) (N, T) and the states (T, N, H)."""
    inputs = teacher_forcing_inputs(targets)
    state, log_probs, states = initial_state, [], []
    for t in range(targets.shape[1]):
        probabilities, state = decoder_step(inputs[:, t], state, decoder)
        log_probs.append(np.log(probabilities[np.arange(len(targets)), targets[:, t]]))
        states.append(state)
    return np.stack(log_probs, axis=1), np.stack(states)


def free_running_decode(
    initial_state: np.ndarray, decoder: TokenDecoder, steps: int, rng: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Feed the decoder its own outputs (sampled if `rng` is given, else argmax): returns tokens and states."""
    previous, state, tokens, states = np.full(len(initial_state), START), initial_state, [], []
    for _ in range(steps):
        probabilities, state = decoder_step(previous, state, decoder)
        if rng is None:
            previous = probabilities.argmax(axis=1)
        else:
            previous = (probabilities.cumsum(axis=1) > rng.random((len(state), 1))).argmax(axis=1)
        tokens.append(previous)
        states.append(state)
    return np.stack(tokens, axis=1), np.stack(states)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, embed, hidden = 4, 3, 5
    decoder = TokenDecoder.random(rng, vocab, embed, hidden, scale=1.5)
    context = rng.normal(size=(1, hidden))  # the initial decoder state, e.g. an encoder's summary
    target = np.array([[2, 1, 3]])
    greedy_tokens, _ = free_running_decode(context, decoder, steps=3)

    print("target:", target[0], " decoder inputs under teacher forcing:", teacher_forcing_inputs(target)[0],
          " the model's own greedy output:", greedy_tokens[0])
    log_probs, states = teacher_forced_decode(target, context, decoder)
    print("p(y_t | true prefix):", np.round(np.exp(log_probs[0]), 3))

    # The decoder is fed the targets shifted by one: changing y_2 changes no state up to step 2 (its score at
    # step 2 changes, since a different token is scored) and every state from step 3 on.
    other_target = target.copy()
    other_target[0, 1] = 0
    other_log_probs, other_states = teacher_forced_decode(other_target, context, decoder)
    assert np.allclose(other_states[:2], states[:2]) and not np.allclose(other_states[2], states[2])
    assert np.isclose(other_log_probs[0, 0], log_probs[0, 0]) and not np.isclose(other_log_probs[0, 1], log_probs[0, 1])

    # The states never depend on the model's own predictions: a completely different output layer leaves
    # the teacher-forced states unchanged, while a free-running decoder takes a different path.
    rewired = TokenDecoder(decoder.embedding, decoder.W_x, decoder.W_h, decoder.b, -decoder.W_out, decoder.b_out)
    assert np.allclose(teacher_forced_decode(target, context, rewired)[1], states)
    assert not np.allclose(free_running_decode(context, rewired, 3)[1], free_running_decode(context, decoder, 3)[1])

    # The teacher-forced loss is the exact log-likelihood of the whole sequence: sampling the model freely
    # 20,000 times reproduces a sequence with frequency exp(sum_t log p(y_t | true prefix)).
    samples, _ = free_running_decode(np.repeat(context, 20_000, axis=0), decoder, steps=3, rng=rng)
    frequency = np.mean(np.all(samples == greedy_tokens, axis=1))
    probability = np.exp(teacher_forced_decode(greedy_tokens, context, decoder)[0].sum())
    print(f"p({greedy_tokens[0]}) from one teacher-forced pass {probability:.4f};"
          f" frequency among free samples {frequency:.4f}")
    assert abs(frequency - probability) < 4 * np.sqrt(probability * (1 - probability) / 20_000)
    print("teacher-forcing: all checks passed")

"""Pointer network (Vinyals, Fortunato and Jaitly, 2015): attention used as the output, a distribution over
the positions of the input.

At decoding step i, u_j = v^T tanh(W1 e_j + W2 d_i) for every encoder state e_j and p(C_i = j) = softmax_j(u_j).
The number of possible outputs equals the input length, so one set of weights handles inputs of any
length. Here the encoder states are simple per-element features (an LSTM encoder in the paper), positions
already chosen are masked so the output is a permutation, and the task is sorting numbers.
"""

from __future__ import annotations

import numpy as np
from _attention import softmax
from _check import numerical_gradient, relative_error

Params = dict[str, np.ndarray]


def pointer_distribution(
    encoder_states: np.ndarray, decoder_states: np.ndarray, params: Params, available: np.ndarray | None = None
) -> np.ndarray:
    """p(pointer = j) over the n input positions, for encoder states (..., n, d_e) and decoder states (..., m, d_d).

    params: "w1" (d_a, d_e), "w2" (d_a, d_d), "v" (d_a,). `available` (..., m, n) is False at masked positions.
    Returns (..., m, n).
    """
    return softmax(_pointer_scores(encoder_states, decoder_states, params, available)[0], axis=-1)


def _pointer_scores(
    encoder_states: np.ndarray, decoder_states: np.ndarray, params: Params, available: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The scores u (..., m, n), -inf where masked, and the tanh hidden layer (..., m, n, d_a)."""
    from_decoder, from_encoder = decoder_states @ params["w2"].T, encoder_states @ params["w1"].T
    hidden = np.tanh(from_decoder[..., :, None, :] + from_encoder[..., None, :, :])
    scores = hidden @ params["v"]
    if available is not None:
        scores = np.where(available, scores, -np.inf)
    return scores, hidden


def element_features(values: np.ndarray) -> np.ndarray:
    """Encoder/decoder input features (value, 1) of numbers (..., n) -> (..., n, 2)."""
    return np.stack([values, np.ones_like(values)], axis=-1)


def teacher_forced_batch(values: np.ndarray) -> tuple[np.ndarray, ...]:
    """For sorting numbers (b, n): decoder states fed with the previous correct element, masks and targets."""
    batch, n = values.shape
    targets = np.argsort(values, axis=1)
    previous = np.concatenate([np.full((batch, 1), -1.0), np.take_along_axis(values, targets[:, :-1], 1)], axis=1)
    chosen_before = np.zeros((batch, n, n), dtype=bool)
    for step in range(1, n):
        chosen_before[:, step] = chosen_before[:, step - 1]
        chosen_before[np.arange(batch), step, targets[:, step - 1]] = True
    return element_features(values), element_features(previous), ~chosen_before, targets


def loss_and_gradients(params: Params, values: np.ndarray) -> tuple[float, Params]:
    """Mean cross-entropy of the correct pointers over all steps, and its gradients."""
    encoder, decoder, available, targets = teacher_forced_batch(values)
    scores, hidden = _pointer_scores(encoder, decoder, params, available)
    probabilities = softmax(scores, axis=-1)
    batch, n = values.shape
    picked = np.take_along_axis(probabilities, targets[..., None], axis=-1)
    loss = -float(np.mean(np.log(picked)))

    d_scores = probabilities.copy()
    np.put_along_axis(d_scores, targets[..., None], picked - 1.0, axis=-1)
    d_scores /= batch * n
    d_pre = d_scores[..., None] * params["v"] * (1.0 - hidden**2)
    return loss, {
        "w1": np.einsum("bmna,bne->ae", d_pre, encoder),
        "w2": np.einsum("bmna,bmd->ad", d_pre, decoder),
        "v": np.einsum("bmn,bmna->a", d_scores, hidden),
    }


def greedy_pointer_decode(values: np.ndarray, params: Params) -> np.ndarray:
    """Point at one unused position per step, feeding the chosen number back in; returns the order (n,)."""
    encoder, available = element_features(values), np.ones(len(values), dtype=bool)
    previous, order = -1.0, []
    for _ in values:
        decoder = element_features(np.array([previous]))
        choice = int(np.argmax(pointer_distribution(encoder, decoder, params, available[None])[0]))
        order.append(choice)
        available[choice] = False
        previous = values[choice]
    return np.array(order)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    params = {"w1": rng.normal(size=(8, 2)), "w2": rng.normal(size=(8, 2)), "v": rng.normal(size=8)}

    # The output is a distribution over input positions, however many there are; masked ones get zero.
    for n in (3, 7, 12):
        p = pointer_distribution(element_features(rng.random(n)), element_features(np.array([0.5])), params)
        assert p.shape == (1, n) and np.isclose(p.sum(), 1.0)
    mask = np.array([[True, False, True, False]])
    p = pointer_distribution(element_features(rng.random(4)), element_features(np.array([0.5])), params, mask)
    assert np.all(p[0, ~mask[0]] == 0.0) and np.isclose(p.sum(), 1.0)

    # Hand-written gradients agree with central finite differences.
    small = rng.random((3, 4))
    _, analytic = loss_and_gradients(params, small)
    for name in params:

        def loss_of(value: np.ndarray, name: str = name) -> float:
            return loss_and_gradients(dict(params, **{name: value}), small)[0]

        assert relative_error(analytic[name], numerical_gradient(loss_of, params[name])) < 1e-6
    print("pointer gradients match finite differences")

    def sorted_fraction(length: int) -> float:
        tests = rng.random((200, length))
        return float(np.mean([np.array_equal(greedy_pointer_decode(x, params), np.argsort(x)) for x in tests]))

    # Learn to sort sequences of 5 numbers, then sort sequences of 5 and of 10.
    held_out = rng.random((500, 5))
    loss_before = loss_and_gradients(params, held_out)[0]
    for _step in range(300):
        _, gradients = loss_and_gradients(params, rng.random((32, 5)))
        for name in params:
            params[name] -= 2.0 * gradients[name]
    example = rng.random(10)
    order = greedy_pointer_decode(example, params)
    print("input :", np.round(example, 2))
    print("points:", order, "->", np.round(example[order], 2))
    loss_after = loss_and_gradients(params, held_out)[0]
    after_5, after_10 = sorted_fraction(5), sorted_fraction(10)
    print(f"pointer cross-entropy {loss_before:.3f} -> {loss_after:.3f}")
    print(f"sorted exactly after training: {after_5:.3f} of length-5 and {after_10:.3f} of length-10 inputs")
    assert loss_after < 0.2 * loss_before and after_5 > 0.95 and after_10 > 0.95
    print("pointer network: all checks passed")

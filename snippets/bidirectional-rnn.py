"""A bidirectional RNN (Schuster & Paliwal 1997): one RNN reads the sequence forwards, another backwards.

The output at step t is the pair [forward state h_t, backward state h_t], so it summarises the inputs before
and after t. Each direction has its own weights (W_x, W_h, b), laid out as in PyTorch.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_jacobian
from _rnn import tanh_rnn

Weights = tuple[np.ndarray, np.ndarray, np.ndarray]  # (W_x, W_h, b) of one direction


def bidirectional_rnn(xs: np.ndarray, forward: Weights, backward: Weights) -> np.ndarray:
    """Outputs (T, ..., 2H): the forward states then the backward states at every step, from zero initial states."""
    zeros = np.zeros(xs.shape[1:-1] + (forward[1].shape[0],))
    ahead = tanh_rnn(xs, zeros, *forward)
    behind = tanh_rnn(xs[::-1], zeros, *backward)[::-1]  # read from the end, then put back in time order
    return np.concatenate([ahead, behind], axis=-1)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    T, D, H = 6, 3, 4

    def direction() -> Weights:
        return rng.normal(size=(H, D)), rng.normal(size=(H, H)) / np.sqrt(H), 0.1 * rng.normal(size=H)

    forward, backward = direction(), direction()
    xs = rng.normal(size=(T, D))
    outputs = bidirectional_rnn(xs, forward, backward)
    print("output at t = 2, forward half:", np.round(outputs[2, :H], 3), " backward half:", np.round(outputs[2, H:], 3))

    # Changing a future input (t = 4) leaves the forward half at t <= 3 alone but changes the backward half there.
    changed = xs.copy()
    changed[4] += 1.0
    new_outputs = bidirectional_rnn(changed, forward, backward)
    assert np.allclose(new_outputs[:4, :H], outputs[:4, :H])
    assert not np.any(np.isclose(new_outputs[:4, H:], outputs[:4, H:]))

    # The Jacobian d y_t / d x_s (finite differences) has the block pattern that defines the model: the forward
    # half sees only s <= t, the backward half only s >= t, so every output sees the whole sequence.
    jacobian = numerical_jacobian(lambda v: bidirectional_rnn(v, forward, backward), xs).reshape(T, 2 * H, T, D)
    forward_sees = np.abs(jacobian[:, :H]).max(axis=(1, 3)) > 1e-10
    backward_sees = np.abs(jacobian[:, H:]).max(axis=(1, 3)) > 1e-10
    print("which inputs the forward half sees (rows t, columns s):\n", forward_sees.astype(int))
    assert np.array_equal(forward_sees, np.tril(np.ones((T, T), bool)))
    assert np.array_equal(backward_sees, np.triu(np.ones((T, T), bool)))

    # Reversing the sequence and swapping the two directions' weights gives the same outputs, time-reversed, with
    # the halves swapped: the model treats past and future symmetrically.
    mirrored = bidirectional_rnn(xs[::-1], backward, forward)[::-1]
    assert np.allclose(mirrored, np.concatenate([outputs[:, H:], outputs[:, :H]], axis=-1))
    print("bidirectional-rnn: all checks passed")

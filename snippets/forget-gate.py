"""The LSTM forget gate (Gers, Schmidhuber & Cummins 2000): a learned, per-unit decay rate for the cell state.

f_t = sigmoid(W_f x_t + U_f h_{t-1} + b_f) multiplies the old cell state, c_t = f_t * c_{t-1} + i_t * g_t, so
whatever the cell held at time 0 survives to time T scaled by the product f_1 * ... * f_T.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_jacobian
from _rnn import sigmoid


def forget_gate(x: np.ndarray, h_prev: np.ndarray, W_f: np.ndarray, U_f: np.ndarray, b_f: np.ndarray) -> np.ndarray:
    """The fraction, per memory unit, of the previous cell state that is kept (between 0 and 1)."""
    return sigmoid(x @ W_f.T + h_prev @ U_f.T + b_f)


def half_life(forget: np.ndarray) -> np.ndarray:
    """Steps until stored content halves when the gate stays at `forget` and nothing new is written."""
    return np.log(0.5) / np.log(forget)


def run_cell(c0: np.ndarray, forgets: np.ndarray, writes: np.ndarray) -> np.ndarray:
    """Cell states c_1..c_T of c_t = f_t * c_{t-1} + w_t, where w_t = i_t * g_t is what the input gate lets in."""
    states, c = [], c0
    for f, w in zip(forgets, writes):
        c = f * c + w
        states.append(c)
    return np.stack(states)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    T, D, H = 10, 3, 4
    xs, h = rng.normal(size=(T, D)), rng.normal(size=H)  # inputs over time; a fixed recurrent context
    W_f, U_f = 0.5 * rng.normal(size=(H, D)), 0.5 * rng.normal(size=(H, H)) / np.sqrt(H)
    b_f = np.array([-1.0, 0.0, 1.0, 2.0])
    forgets = forget_gate(xs, h, W_f, U_f, b_f)
    writes = rng.uniform(0, 1, size=(T, H)) * np.tanh(rng.normal(size=(T, H)))  # i_t * g_t
    c0 = rng.normal(size=H)

    # The memory of c_0 left in c_T is exactly the product of the forget gates along the way (finite differences).
    memory_of_c0 = numerical_jacobian(lambda c: run_cell(c, forgets, writes)[-1], c0)
    print("d c_10 / d c_0 per unit (forget biases -1, 0, 1, 2):", np.array2string(np.diag(memory_of_c0), precision=2))
    assert np.allclose(memory_of_c0, np.diag(np.prod(forgets, axis=0)), atol=1e-9)

    # A constant gate makes the decay geometric: the content halves once every half-life.
    steady = forget_gate(np.zeros(D), np.zeros(H), W_f, U_f, b_f)  # = sigmoid(b_f) with no input
    lives = half_life(steady)
    print("constant gate sigmoid(b_f):", np.round(steady, 3), " half-lives in steps:", np.round(lives, 2))
    remaining = run_cell(np.ones(H), np.tile(steady, (50, 1)), np.zeros((50, H)))
    assert np.allclose(remaining, 0.5 ** (np.arange(1, 51)[:, None] / lives))

    # Why Gers et al. added the gate: on a continual input stream, a cell that never forgets drifts without
    # bound, while a cell with f_t <= f_max stays inside |c| <= |c_0| + max|w| / (1 - f_max).
    stream = 20_000
    stream_forgets = forget_gate(rng.normal(size=(stream, D)), h, W_f, U_f, b_f)
    stream_writes = rng.uniform(0, 1, size=(stream, H)) * np.tanh(rng.normal(0.5, 1.0, size=(stream, H)))
    bound = np.abs(c0) + np.abs(stream_writes).max(axis=0) / (1 - stream_forgets.max(axis=0))
    gated = run_cell(c0, stream_forgets, stream_writes)
    never_forgets = run_cell(c0, np.ones_like(stream_forgets), stream_writes)
    print(f"after {stream} steps: max |c| with forget gate {np.abs(gated).max():.2f},"
          f" without {np.abs(never_forgets[-1]).max():.0f}")
    assert np.all(np.abs(gated) <= bound) and np.all(np.abs(never_forgets[-1]) > bound)

    # A gate at 0 resets the memory: the cell state no longer depends on anything before that step.
    reset = forgets.copy()
    reset[T // 2] = 0.0
    assert np.allclose(numerical_jacobian(lambda c: run_cell(c, reset, writes)[-1], c0), 0.0, atol=1e-12)
    print("forget-gate: all checks passed")

"""The LSTM input gate (Hochreiter & Schmidhuber 1997): decides, per unit and per step, how much to write.

i_t = sigmoid(W_i x_t + U_i h_{t-1} + b_i) scales the candidate g_t before it is added to the cell state,
c_t = f_t * c_{t-1} + i_t * g_t. A gate near 0 shields the memory from the current input; near 1 it writes.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient
from _rnn import sigmoid


def input_gate(x: np.ndarray, h_prev: np.ndarray, W_i: np.ndarray, U_i: np.ndarray, b_i: np.ndarray) -> np.ndarray:
    """The fraction, per memory unit, of the new candidate content that is written into the cell state."""
    return sigmoid(x @ W_i.T + h_prev @ U_i.T + b_i)


def store_flagged(xs: np.ndarray, gain: float = 40.0) -> float:
    """A one-unit memory reading (value, write-flag) pairs: the input gate opens only when the flag is 1.

    The forget gate is held at 1, so the cell simply accumulates whatever the input gate lets through; the
    gate reads only the flag (its weights on the value and on the hidden state are zero).
    """
    W_i, U_i, b_i = np.array([[0.0, gain]]), np.zeros((1, 1)), np.array([-gain / 2])
    c, h = np.zeros(1), np.zeros(1)
    for x in xs:
        c = c + input_gate(x, h, W_i, U_i, b_i) * np.tanh(x[:1])
    return float(c[0])


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    T = 8
    values, flags = rng.normal(size=T), np.zeros(T)
    flags[3] = 1.0
    xs = np.column_stack([values, flags])
    stored = store_flagged(xs)
    print(f"values {np.round(values, 2)}, write flag at step 3 -> cell holds {stored:.6f} = tanh({values[3]:.2f})")
    assert np.isclose(stored, np.tanh(values[3]), atol=1e-7)

    # The sensitivity of the memory to each value is the gate times tanh': about 1 - g^2 at the flagged step and
    # essentially zero wherever the gate is closed (finite differences through the whole sequence).
    sensitivity = numerical_gradient(lambda v: store_flagged(np.column_stack([v, flags])), values)
    print("d c_T / d value_t:", np.array2string(sensitivity, precision=2))
    assert np.isclose(sensitivity[3], 1 - np.tanh(values[3]) ** 2, rtol=1e-6)
    assert np.all(np.abs(np.delete(sensitivity, 3)) < 1e-8)

    # A closed gate blocks even very large inputs; opening it at a second step adds that write on top.
    loud = xs.copy()
    loud[[0, 5, 7], 0] = 50.0
    assert np.isclose(store_flagged(loud), stored, atol=1e-7)
    flags[6] = 1.0
    assert np.isclose(store_flagged(np.column_stack([values, flags])), np.tanh(values[3]) + np.tanh(values[6]))

    # The gate is a smooth function of the input and the previous hidden state: its derivative with respect
    # to its bias is i (1 - i), as for any sigmoid unit.
    W_i, U_i, b_i = rng.normal(size=(3, 2)), rng.normal(size=(3, 3)), rng.normal(size=3)
    x, h = rng.normal(size=2), rng.normal(size=3)
    gate = input_gate(x, h, W_i, U_i, b_i)
    assert np.allclose(
        numerical_gradient(lambda b: float(input_gate(x, h, W_i, U_i, b).sum()), b_i), gate * (1 - gate), atol=1e-9
    )
    assert not np.allclose(input_gate(x, -h, W_i, U_i, b_i), gate)  # it reads the previous hidden state too
    print("input-gate: all checks passed")

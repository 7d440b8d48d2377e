"""The LSTM cell state: a memory updated by gated addition, c_t = f_t * c_{t-1} + i_t * g_t.

Because the update is elementwise and additive, d c_t / d c_{t-1} is just diag(f_t): no weight matrix and no
squashing derivative sit on this path, which is what lets gradients travel across many time steps.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_jacobian
from _rnn import lstm_gates, tanh_rnn


def cell_state_update(c_prev: np.ndarray, forget: np.ndarray, write: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """Keep a `forget` fraction of the old memory and add the candidate scaled by the input gate `write`."""
    return forget * c_prev + write * candidate


def lstm_step(
    x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A full LSTM step around the cell-state update: returns (h_t, c_t)."""
    i, f, g, o = lstm_gates(x, h_prev, W_ih, W_hh, b)
    c = cell_state_update(c_prev, f, i, g)
    return o * np.tanh(c), c


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    D, H, T = 3, 4, 12
    W_ih, W_hh, b = rng.normal(size=(4 * H, D)), rng.normal(size=(4 * H, H)) / np.sqrt(H), rng.normal(size=4 * H)
    b[H : 2 * H] += 3.0  # forget gates mostly open, as a trained memory would keep them
    x, h_prev, c_prev = rng.normal(size=D), rng.normal(size=H), rng.normal(size=H)

    # One step: the Jacobian of c_t with respect to c_{t-1} is diagonal and equals the forget gate.
    _, f, _, _ = lstm_gates(x, h_prev, W_ih, W_hh, b)
    step_jacobian = numerical_jacobian(lambda c: lstm_step(x, h_prev, c, W_ih, W_hh, b)[1], c_prev)
    print("d c_t / d c_(t-1) diagonal:", np.round(np.diag(step_jacobian), 4), " forget gate:", np.round(f, 4))
    assert np.allclose(step_jacobian, np.diag(f), atol=1e-9)

    # Unrolled, the cell state is a weighted sum of everything ever written: each write i_s * g_s is discounted
    # by the forget gates that came after it, c_T = (prod_t f_t) c_0 + sum_s (prod_{t>s} f_t) i_s g_s.
    xs, hs = rng.normal(size=(T, D)), rng.normal(size=(T, H))
    gates = [lstm_gates(x_t, h_t, W_ih, W_hh, b) for x_t, h_t in zip(xs, hs)]
    forgets = np.array([f_t for _, f_t, _, _ in gates])
    writes = np.array([i_t * g_t for i_t, _, g_t, _ in gates])
    c = c_prev
    for i_t, f_t, g_t, _ in gates:
        c = cell_state_update(c, f_t, i_t, g_t)
    later_forgets = np.cumprod(forgets[::-1], axis=0)[::-1]  # row s: f_s * f_(s+1) * ... * f_T
    discount = np.vstack([later_forgets[1:], np.ones(H)])  # row s: product of the gates after step s
    assert np.allclose(c, later_forgets[0] * c_prev + np.sum(discount * writes, axis=0))

    # The gradient that reaches c_0 along the cell path is that same product of forget gates; a tanh RNN
    # with the same width multiplies by W_h and tanh' at every step instead, and its gradient vanishes.
    rnn_jacobian = numerical_jacobian(lambda h0: tanh_rnn(xs, h0, W_ih[:H], W_hh[:H], b[:H])[-1], h_prev)
    cell_path = later_forgets[0]
    print(f"after {T} steps: cell-path gradient {np.round(cell_path, 3)}, tanh RNN |dh_T/dh_0| "
          f"{np.linalg.norm(rnn_jacobian, 2):.1e}")
    assert cell_path.min() > 100 * np.linalg.norm(rnn_jacobian, 2)
    print("cell-state: all checks passed")

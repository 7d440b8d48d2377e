"""A gated recurrent unit (Cho et al. 2014) from scratch, with its hand-derived gradient.

Weights follow PyTorch's layout: the rows of W_ih (3H, D), W_hh (3H, H), b_ih and b_hh are stacked as
reset gate r, update gate z, candidate n. PyTorch (like cuDNN) applies the reset gate after the recurrent
matrix product, r * (W_hn h + b_hn); Cho et al. apply it before, W_hn (r * h). `reset_after` picks one.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _rnn import sigmoid, tanh_rnn


def _gates(
    x: np.ndarray,
    h_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    reset_after: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Reset gate, update gate, candidate state and the recurrent term the reset gate scales."""
    x_r, x_z, x_n = np.split(x @ W_ih.T + b_ih, 3, axis=-1)
    W_hr, W_hz, W_hn = np.split(W_hh, 3)
    b_hr, b_hz, b_hn = np.split(b_hh, 3)
    r = sigmoid(x_r + h_prev @ W_hr.T + b_hr)
    z = sigmoid(x_z + h_prev @ W_hz.T + b_hz)
    recurrent = h_prev @ W_hn.T + b_hn if reset_after else (r * h_prev) @ W_hn.T + b_hn
    n = np.tanh(x_n + r * recurrent) if reset_after else np.tanh(x_n + recurrent)
    return r, z, n, recurrent


def gru_gates(
    x: np.ndarray,
    h_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    reset_after: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The reset gate r, the update gate z (the share of the old state kept) and the candidate state n of one step."""
    r, z, n, _ = _gates(x, h_prev, W_ih, W_hh, b_ih, b_hh, reset_after)
    return r, z, n


def gru_cell(
    x: np.ndarray,
    h_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    reset_after: bool = True,
) -> np.ndarray:
    """One GRU step: h_t = (1 - z) * n + z * h_prev, where z interpolates between the candidate and the old state."""
    _, z, n, _ = _gates(x, h_prev, W_ih, W_hh, b_ih, b_hh, reset_after)
    return (1.0 - z) * n + z * h_prev


def gru_cell_backward(
    x: np.ndarray,
    h_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    grad_h: np.ndarray,
    reset_after: bool = True,
) -> dict[str, np.ndarray]:
    """Gradients with respect to every input and weight of one step (single vectors), given dL/dh_t."""
    r, z, n, recurrent = _gates(x, h_prev, W_ih, W_hh, b_ih, b_hh, reset_after)
    _, _, W_hn = np.split(W_hh, 3)
    grad_n_pre = grad_h * (1.0 - z) * (1.0 - n**2)
    grad_z_pre = grad_h * (h_prev - n) * z * (1.0 - z)
    grad_h_prev = grad_h * z  # the direct, gated copy path
    if reset_after:
        grad_recurrent = grad_n_pre * r
        grad_r_pre = grad_n_pre * recurrent * r * (1.0 - r)
        grad_h_prev = grad_h_prev + grad_recurrent @ W_hn
        grad_W_hn = np.outer(grad_recurrent, h_prev)
    else:
        grad_reset_h = grad_n_pre @ W_hn
        grad_recurrent = grad_n_pre
        grad_r_pre = grad_reset_h * h_prev * r * (1.0 - r)
        grad_h_prev = grad_h_prev + grad_reset_h * r
        grad_W_hn = np.outer(grad_n_pre, r * h_prev)
    grad_x_pre = np.concatenate([grad_r_pre, grad_z_pre, grad_n_pre])
    grad_gates_hh = np.concatenate([grad_r_pre, grad_z_pre])
    grad_h_prev = grad_h_prev + grad_gates_hh @ W_hh[: 2 * len(h_prev)]
    return {
        "x": grad_x_pre @ W_ih,
        "h_prev": grad_h_prev,
        "W_ih": np.outer(grad_x_pre, x),
        "W_hh": np.concatenate([np.outer(grad_gates_hh, h_prev), grad_W_hn]),
        "b_ih": grad_x_pre,
        "b_hh": np.concatenate([grad_gates_hh, grad_recurrent]),
    }


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    D, H = 3, 4
    x, h_prev = rng.normal(size=D), rng.normal(size=H)
    weights = {
        "W_ih": rng.normal(size=(3 * H, D)),
        "W_hh": rng.normal(size=(3 * H, H)),
        "b_ih": rng.normal(size=3 * H),
        "b_hh": rng.normal(size=3 * H),
    }
    weight_h = rng.normal(size=H)  # loss = weight_h . h_t

    for reset_after in (True, False):
        inputs = dict(x=x, h_prev=h_prev, **weights)

        def loss(name: str, value: np.ndarray) -> float:
            return float(weight_h @ gru_cell(**(inputs | {name: value}), reset_after=reset_after))

        grads = gru_cell_backward(**inputs, grad_h=weight_h, reset_after=reset_after)
        worst = max(
            relative_error(grads[name], numerical_gradient(lambda v, name=name: loss(name, v), value))
            for name, value in inputs.items()
        )
        print(f"reset {'after' if reset_after else 'before'} the matrix product:"
              f" gradients vs finite differences, worst relative error {worst:.1e}")
        assert worst < 1e-6
    print("h_t:", np.round(gru_cell(x, h_prev, **weights), 3))

    def pin_gate(base: dict[str, np.ndarray], gate: int, value: float) -> dict[str, np.ndarray]:
        """Copy of the weights with one gate (0 = reset, 1 = update) fixed: no weights into it, bias `value`."""
        pinned = {name: array.copy() for name, array in base.items()}
        rows = slice(gate * H, (gate + 1) * H)
        pinned["W_ih"][rows] = pinned["W_hh"][rows] = pinned["b_hh"][rows] = 0.0
        pinned["b_ih"][rows] = value
        return pinned

    # Update gate at 1: the unit copies its previous state exactly, whatever the input, step after step.
    copying, h = pin_gate(weights, gate=1, value=40.0), h_prev
    for x_t in rng.normal(size=(500, D)):
        h = gru_cell(x_t, h, **copying)
    assert np.array_equal(h, h_prev)

    # Update gate at 0 and reset gate at 1: no gating is left, and the GRU is exactly a plain tanh RNN.
    ungated = pin_gate(pin_gate(weights, gate=1, value=-40.0), gate=0, value=40.0)
    xs = rng.normal(size=(6, D))
    h, states = h_prev, []
    for x_t in xs:
        h = gru_cell(x_t, h, **ungated)
        states.append(h)
    W_in, b_in = weights["W_ih"][2 * H :], weights["b_ih"][2 * H :]
    W_hn, b_hn = weights["W_hh"][2 * H :], weights["b_hh"][2 * H :]
    assert np.allclose(states, tanh_rnn(xs, h_prev, W_in, W_hn, b_in + b_hn), atol=1e-12)

    # Both gates at 0: the candidate ignores the old state, so two different pasts give the same new state.
    amnesic = pin_gate(pin_gate(weights, gate=1, value=-40.0), gate=0, value=-40.0)
    other_past = rng.normal(size=H)
    for reset_after in (True, False):
        new_state = gru_cell(x, h_prev, **amnesic, reset_after=reset_after)
        assert np.allclose(new_state, gru_cell(x, other_past, **amnesic, reset_after=reset_after), atol=1e-12)
        assert not np.allclose(new_state, gru_cell(x, other_past, **weights, reset_after=reset_after))
    print("update gate 1: state copied unchanged through 500 steps; update 0 + reset 1: a plain tanh RNN")
    print("gru: all checks passed")

"""An LSTM cell from scratch (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000).

Gate order and weight layout follow PyTorch: the rows of W_ih (4H, D) and W_hh (4H, H) are stacked as
input gate i, forget gate f, candidate g, output gate o; `b` is the sum of PyTorch's two bias vectors.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, numerical_jacobian, relative_error
from _rnn import sigmoid, tanh_rnn


def lstm_cell(
    x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step: returns the new hidden state h_t and cell state c_t."""
    i, f, g, o = np.split(x @ W_ih.T + h_prev @ W_hh.T + b, 4, axis=-1)
    i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
    c = f * c_prev + i * g  # forget part of the old memory, write a gated candidate
    h = o * np.tanh(c)  # expose a gated view of the memory
    return h, c


def lstm_cell_backward(
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b: np.ndarray,
    grad_h: np.ndarray,
    grad_c: np.ndarray,
) -> dict[str, np.ndarray]:
    """Gradients with respect to every input and weight of one step (single vectors), given dL/dh_t and dL/dc_t."""
    i, f, g, o = np.split(x @ W_ih.T + h_prev @ W_hh.T + b, 4)
    i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
    tanh_c = np.tanh(f * c_prev + i * g)
    grad_c = grad_c + grad_h * o * (1.0 - tanh_c**2)  # both routes into c_t
    grad_pre = np.concatenate([
        grad_c * g * i * (1.0 - i),
        grad_c * c_prev * f * (1.0 - f),
        grad_c * i * (1.0 - g**2),
        grad_h * tanh_c * o * (1.0 - o),
    ])
    return {
        "x": grad_pre @ W_ih,
        "h_prev": grad_pre @ W_hh,
        "c_prev": grad_c * f,
        "W_ih": np.outer(grad_pre, x),
        "W_hh": np.outer(grad_pre, h_prev),
        "b": grad_pre,
    }


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    D, H = 3, 4
    x, h_prev, c_prev = rng.normal(size=D), rng.normal(size=H), rng.normal(size=H)
    W_ih, W_hh, b = rng.normal(size=(4 * H, D)), rng.normal(size=(4 * H, H)), rng.normal(size=4 * H)
    weight_h, weight_c = rng.normal(size=H), rng.normal(size=H)  # loss = weight_h . h_t + weight_c . c_t

    inputs = {"x": x, "h_prev": h_prev, "c_prev": c_prev, "W_ih": W_ih, "W_hh": W_hh, "b": b}

    def loss(name: str, value: np.ndarray) -> float:
        h, c = lstm_cell(**(inputs | {name: value}))
        return float(weight_h @ h + weight_c @ c)

    h, c = lstm_cell(x, h_prev, c_prev, W_ih, W_hh, b)
    print("h_t:", np.round(h, 3), " c_t:", np.round(c, 3))
    assert np.all(np.abs(h) < 1.0)  # h = o * tanh(c) with 0 < o < 1

    # The hand-derived gradients through all four gates agree with central finite differences.
    grads = lstm_cell_backward(x, h_prev, c_prev, W_ih, W_hh, b, weight_h, weight_c)
    worst = max(
        relative_error(grads[name], numerical_gradient(lambda v, name=name: loss(name, v), value))
        for name, value in inputs.items()
    )
    print(f"gate gradients vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    # Constant error carousel: with the forget gate held at 1 and the input gate at 0 (large biases, zero
    # weights into those two gates), the cell state survives 1000 steps of random input exactly, and its
    # gradient flows back unchanged: d c_T / d c_0 is the identity.
    carousel_W_ih, carousel_W_hh, carousel_b = W_ih.copy(), W_hh.copy(), b.copy()
    carousel_W_ih[: 2 * H] = carousel_W_hh[: 2 * H] = 0.0
    carousel_b[:H], carousel_b[H : 2 * H] = -40.0, 40.0
    inputs_over_time = rng.normal(size=(1000, D))

    def final_cell(c0: np.ndarray, steps: int) -> np.ndarray:
        h_t, c_t = np.zeros(H), c0
        for x_t in inputs_over_time[:steps]:
            h_t, c_t = lstm_cell(x_t, h_t, c_t, carousel_W_ih, carousel_W_hh, carousel_b)
        return c_t

    assert np.allclose(final_cell(c_prev, 1000), c_prev, rtol=0.0, atol=1e-12)
    carousel_jacobian = numerical_jacobian(lambda c0: final_cell(c0, 20), c_prev)
    assert np.allclose(carousel_jacobian, np.eye(H), atol=1e-8)

    # A plain tanh RNN over the same 20 steps loses almost all of that gradient.
    W_x, W_h = rng.normal(size=(H, D)), rng.normal(size=(H, H)) / np.sqrt(H)
    rnn_jacobian = numerical_jacobian(
        lambda h0: tanh_rnn(inputs_over_time[:20], h0, W_x, W_h, np.zeros(H))[-1], h_prev
    )
    print(f"|d state_20 / d state_0|: LSTM cell carousel {np.linalg.norm(carousel_jacobian, 2):.3f},"
          f" tanh RNN {np.linalg.norm(rnn_jacobian, 2):.1e}")
    assert np.linalg.norm(rnn_jacobian, 2) < 1e-3
    print("lstm: all checks passed")

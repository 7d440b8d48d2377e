"""A recurrent neural network (Elman RNN) from scratch, with backpropagation through the unrolled steps.

h_t = tanh(W_x x_t + W_h h_{t-1} + b): one set of weights is applied at every time step, and the hidden
state h_t carries a summary of everything read so far.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def rnn_cell(x: np.ndarray, h_prev: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One step: the new hidden state from the input x_t and the previous state (vectors or batches of rows)."""
    return np.tanh(x @ W_x.T + h_prev @ W_h.T + b)


def rnn_forward(xs: np.ndarray, h0: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Unroll the cell over xs (T, ..., D) with the same weights at every step; returns all states (T, ..., H)."""
    states, h = [], h0
    for x in xs:
        h = rnn_cell(x, h, W_x, W_h, b)
        states.append(h)
    return np.stack(states)


def rnn_backward(
    xs: np.ndarray, h0: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, hs: np.ndarray, grad_hs: np.ndarray
) -> dict[str, np.ndarray]:
    """Gradients of a loss given dL/dh_t for every step (grad_hs), walking the unrolled graph backwards."""
    grads = {"W_x": np.zeros_like(W_x), "W_h": np.zeros_like(W_h), "b": np.zeros(W_h.shape[0]), "xs": np.zeros_like(xs)}
    grad_h_next = np.zeros_like(h0)
    for t in reversed(range(len(xs))):
        h_prev = hs[t - 1] if t > 0 else h0
        grad_pre = (grad_hs[t] + grad_h_next) * (1.0 - hs[t] ** 2)  # through tanh
        grads["W_x"] += np.outer(grad_pre, xs[t])  # shared weights: contributions of all steps add up
        grads["W_h"] += np.outer(grad_pre, h_prev)
        grads["b"] += grad_pre
        grads["xs"][t] = grad_pre @ W_x
        grad_h_next = grad_pre @ W_h
    grads["h0"] = grad_h_next
    return grads


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    T, D, H = 6, 3, 4
    xs, h0 = rng.normal(size=(T, D)), rng.normal(size=H)
    W_x, W_h, b = rng.normal(size=(H, D)), 0.8 * rng.normal(size=(H, H)) / np.sqrt(H), rng.normal(size=H)
    readout = rng.normal(size=(T, H))  # loss L = sum_t readout_t . h_t, so dL/dh_t = readout_t

    def loss(W_x=W_x, W_h=W_h, b=b, xs=xs, h0=h0) -> float:
        return float(np.sum(readout * rnn_forward(xs, h0, W_x, W_h, b)))

    hs = rnn_forward(xs, h0, W_x, W_h, b)
    print("hidden states h_1..h_6 (first unit):", np.round(hs[:, 0], 3))

    # The state summarises the past: reading the sequence in two chunks, carrying h across, changes nothing.
    first_half = rnn_forward(xs[:3], h0, W_x, W_h, b)
    assert np.allclose(np.concatenate([first_half, rnn_forward(xs[3:], first_half[-1], W_x, W_h, b)]), hs)

    # Causality: h_t does not depend on inputs after t.
    later_changed = xs.copy()
    later_changed[4:] += 1.0
    changed = rnn_forward(later_changed, h0, W_x, W_h, b)
    assert np.allclose(changed[:4], hs[:4]) and not np.allclose(changed[4:], hs[4:])

    # Backpropagation through time agrees with central finite differences for every parameter and input.
    grads = rnn_backward(xs, h0, W_x, W_h, hs, readout)
    checks = {
        "W_x": numerical_gradient(lambda w: loss(W_x=w), W_x),
        "W_h": numerical_gradient(lambda w: loss(W_h=w), W_h),
        "b": numerical_gradient(lambda v: loss(b=v), b),
        "xs": numerical_gradient(lambda v: loss(xs=v), xs),
        "h0": numerical_gradient(lambda v: loss(h0=v), h0),
    }
    worst = max(relative_error(grads[name], numeric) for name, numeric in checks.items())
    print(f"BPTT gradients vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    # Parameter sharing: the gradient of the one shared W_h is the sum, over time steps, of the gradients that
    # separate per-step copies W_h^(1..T) would receive (each measured by finite differences).
    def untied_loss(per_step_W_h: np.ndarray) -> float:
        h, total = h0, 0.0
        for t in range(T):
            h = rnn_cell(xs[t], h, W_x, per_step_W_h[t], b)
            total += float(readout[t] @ h)
        return total

    per_step = numerical_gradient(untied_loss, np.stack([W_h] * T))
    print("size of each step's contribution to dL/dW_h:", np.round(np.linalg.norm(per_step, axis=(1, 2)), 3))
    assert relative_error(per_step.sum(axis=0), grads["W_h"]) < 1e-6
    print("rnn: all checks passed")

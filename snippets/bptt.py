"""Backpropagation through time (BPTT): backpropagation on a recurrent network unrolled over its time steps.

The RNN h_t = tanh(W_xh x_t + W_hh h_{t-1} + b) applies the same weights at every step. Unrolled, it is a deep
feed-forward network with shared weights, so the gradient of a weight is the sum of its gradients at every step.
One backward sweep carries the error signal from step T down to step 1:
    dh_t = dL_t/dh_t + W_hh^T da_{t+1},      da_t = dh_t * (1 - h_t^2),
    dW_xh = sum_t da_t x_t^T,   dW_hh = sum_t da_t h_{t-1}^T,   db = sum_t da_t.
Truncated BPTT with window k lets each loss term L_t send its error back at most k steps (to steps t-k+1 .. t),
treating the older state h_{t-k} as a constant: cheaper, but blind to longer dependencies.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def rnn_forward(w_xh: np.ndarray, w_hh: np.ndarray, b: np.ndarray, xs: np.ndarray, h0: np.ndarray) -> np.ndarray:
    """Hidden states [h_0, h_1, ..., h_T] for inputs xs of shape (T, inputs); W_xh is (hidden, inputs)."""
    states = [h0]
    for x in xs:
        states.append(np.tanh(w_xh @ x + w_hh @ states[-1] + b))
    return np.array(states)


def bptt(w_xh: np.ndarray, w_hh: np.ndarray, b: np.ndarray, xs: np.ndarray, states: np.ndarray,
         state_grads: np.ndarray, truncation: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dW_xh, dW_hh, db) of L = sum_t L_t, given states from `rnn_forward`.

    `state_grads[t-1]` is dL_t/dh_t, the direct effect of h_t on the loss. With `truncation=None` the error runs
    back to step 1 in one sweep (full BPTT); with `truncation=k` each L_t is followed back only k steps.
    """
    grad_xh, grad_hh, grad_b = np.zeros_like(w_xh), np.zeros_like(w_hh), np.zeros_like(b)
    steps = len(xs)

    def accumulate(t: int, state_grad: np.ndarray) -> np.ndarray:
        """Add step t's share for the error dL/dh_t; return the error passed on to h_{t-1}."""
        pre_grad = state_grad * (1.0 - states[t] ** 2)
        grad_xh[...] += np.outer(pre_grad, xs[t - 1])
        grad_hh[...] += np.outer(pre_grad, states[t - 1])
        grad_b[...] += pre_grad
        return w_hh.T @ pre_grad

    if truncation is None:
        carried = np.zeros_like(b)
        for t in range(steps, 0, -1):
            carried = accumulate(t, state_grads[t - 1] + carried)
    else:
        for t in range(1, steps + 1):
            error = state_grads[t - 1]
            for s in range(t, max(t - truncation, 0), -1):
                error = accumulate(s, error)
    return grad_xh, grad_hh, grad_b


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    steps, n_in, n_hidden = 7, 2, 3
    w_xh, w_hh, b = rng.normal(size=(n_hidden, n_in)), rng.normal(size=(n_hidden, n_hidden)), rng.normal(size=n_hidden)
    xs, h0 = rng.normal(size=(steps, n_in)), rng.normal(size=n_hidden)
    readout, targets = rng.normal(size=(1, n_hidden)), rng.normal(size=(steps, 1))

    def step_loss(h: np.ndarray, t: int) -> float:
        """L_t = 1/2 (v . h_t - y_t)^2 for t = 1..T."""
        return 0.5 * float(np.sum((readout @ h - targets[t - 1]) ** 2))

    def unpack(params: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Split a flat parameter vector into (W_xh, W_hh, b)."""
        split = n_hidden * n_in, n_hidden * (n_in + n_hidden)
        w_in, w_rec, bias = np.split(params, split)
        return w_in.reshape(n_hidden, n_in), w_rec.reshape(n_hidden, n_hidden), bias

    def total_loss(params: np.ndarray) -> float:
        states = rnn_forward(*unpack(params), xs, h0)
        return sum(step_loss(states[t], t) for t in range(1, steps + 1))

    params = np.concatenate([w_xh.ravel(), w_hh.ravel(), b])
    states = rnn_forward(w_xh, w_hh, b, xs, h0)
    state_grads = np.array([readout.T @ (readout @ states[t] - targets[t - 1]) for t in range(1, steps + 1)])

    # Full BPTT equals the finite-difference gradient of the whole sequence's loss.
    full = np.concatenate([g.ravel() for g in bptt(w_xh, w_hh, b, xs, states, state_grads)])
    full_error = relative_error(full, numerical_gradient(total_loss, params))
    print(f"full BPTT vs finite differences: relative error {full_error:.1e}")
    assert full_error < 1e-6

    # Truncated BPTT(k) is the exact gradient of a different objective: each L_t recomputed from the frozen state
    # h_{t-k}, so that only the last k applications of the weights can change it.
    def truncated_objective(params: np.ndarray, k: int) -> float:
        w_in, w_rec, bias = unpack(params)
        total = 0.0
        for t in range(1, steps + 1):
            start = max(t - k, 0)
            total += step_loss(rnn_forward(w_in, w_rec, bias, xs[start:t], states[start])[-1], t)
        return total

    for k in (1, 3):
        truncated = np.concatenate([g.ravel() for g in bptt(w_xh, w_hh, b, xs, states, state_grads, truncation=k)])
        error = relative_error(truncated, numerical_gradient(lambda p: truncated_objective(p, k), params))
        gap = relative_error(truncated, full)
        print(f"truncated BPTT, k={k}: vs its finite differences {error:.1e}, differs from full BPTT by {gap:.2f}")
        assert error < 1e-6 and gap > 1e-3

    # A window covering the whole sequence loses nothing: truncated BPTT(T) is full BPTT.
    whole = np.concatenate([g.ravel() for g in bptt(w_xh, w_hh, b, xs, states, state_grads, truncation=steps)])
    assert np.allclose(whole, full)
    print("bptt: all checks passed")

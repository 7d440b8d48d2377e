"""The exploding gradient problem: the backward product of Jacobians grows geometrically when its factors exceed
one, so a gradient sent back through many time steps (or layers) becomes enormous.

A recurrent network h_t = f(W h_{t-1} + u_t) applies the same W at every step, and
dL/dh_{t-1} = W^T (f'(a_t) * dL/dh_t). In the linear case the gradient k steps back is (W^T)^k dL/dh_T, whose
norm grows like rho(W)^k, rho the spectral radius (largest |eigenvalue|): above one it explodes, below one it
vanishes. With a slope |f'| <= gamma each step multiplies the norm by at most gamma ||W|| (largest singular value),
so the gradient can explode only if ||W|| > 1 / gamma.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from _check import numerical_gradient, relative_error

ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "linear": (lambda a: a, np.ones_like),
    "tanh": (np.tanh, lambda a: 1.0 - np.tanh(a) ** 2),
}


def state_gradients(w_hh: np.ndarray, drives: np.ndarray, h0: np.ndarray, output_grad: np.ndarray,
                    activation: str = "tanh") -> np.ndarray:
    """Run h_t = f(W h_{t-1} + u_t) over the drives u_1..u_T (rows), then backpropagate dL/dh_T = `output_grad`.

    Returns the rows dL/dh_0, dL/dh_1, ..., dL/dh_T: the gradient reaching every step, oldest first.
    """
    function, slope = ACTIVATIONS[activation]
    pre_activations, h = [], h0
    for drive in drives:
        pre_activations.append(w_hh @ h + drive)
        h = function(pre_activations[-1])
    grads = [output_grad]
    for pre_activation in reversed(pre_activations):
        grads.append(w_hh.T @ (slope(pre_activation) * grads[-1]))
    return np.array(grads[::-1])


def gradient_norm_per_step() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """|dL/dh_t| going back 80 steps through a linear recurrence with spectral radius 1.2 and 0.96."""
    rng = np.random.default_rng(0)
    basis = rng.normal(size=(6, 6))
    eigenvalues = np.array([1.2, 0.9, 0.7, -0.6, 0.4, 0.2])
    drives, h0, top = rng.normal(size=(80, 6)), rng.normal(size=6), rng.normal(size=6)
    back = np.arange(81, dtype=float)
    curves = {}
    for scale in (1.0, 0.8):
        w_hh = basis @ np.diag(eigenvalues * scale) @ np.linalg.inv(basis)
        norms = np.linalg.norm(state_gradients(w_hh, drives, h0, top, "linear"), axis=1)[::-1]
        curves[f"spectral radius {1.2 * scale:.2f}"] = (back, norms)
    return curves


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    size, steps = 6, 80
    basis = rng.normal(size=(size, size))
    eigenvalues = np.array([1.2, 0.9, 0.7, -0.6, 0.4, 0.2])
    w_growing = basis @ np.diag(eigenvalues) @ np.linalg.inv(basis)         # spectral radius 1.2, not symmetric
    w_shrinking = basis @ np.diag(eigenvalues * 0.8) @ np.linalg.inv(basis)  # spectral radius 0.96
    drives, h0, top = rng.normal(size=(steps, size)), rng.normal(size=size), rng.normal(size=size)

    # Linear recurrence: the gradient norm k steps back grows like rho^k; the per-step ratio tends to rho = 1.2.
    for w, rho in ((w_growing, 1.2), (w_shrinking, 0.96)):
        norms = np.linalg.norm(state_gradients(w, drives, h0, top, "linear"), axis=1)[::-1]   # index = steps back
        ratio = norms[-1] / norms[-2]
        print(f"spectral radius {rho}: |dL/dh| after 0, 20, 80 steps back = {norms[0]:.2f}, {norms[20]:.2e}, "
              f"{norms[-1]:.2e}; ratio per step {ratio:.6f}")
        assert abs(ratio - rho) < 1e-6
    assert norms[-1] < norms[0]       # the shrinking case vanishes

    # The same weights behind tanh: its slope is at most 1, so the gradient can never grow faster than ||W||^k
    # (largest singular value); here the states saturate, the slopes collapse and the gradient even vanishes.
    linear = np.linalg.norm(state_gradients(w_growing, drives, h0, top, "linear"), axis=1)[::-1]
    squashed = np.linalg.norm(state_gradients(w_growing, drives, h0, top, "tanh"), axis=1)[::-1]
    spectral_norm = np.linalg.norm(w_growing, 2)
    assert np.all(squashed <= spectral_norm ** np.arange(steps + 1) * squashed[0] * (1 + 1e-9))
    print(f"with tanh, 80 steps back: {squashed[-1]:.2e} (linear recurrence: {linear[-1]:.2e})")

    # The backward signals are true gradients: dL/dh_0 for L = top . h_T matches finite differences.
    def final_output(start: np.ndarray) -> float:
        h = start
        for drive in drives[:5]:
            h = np.tanh(w_growing @ h + drive)
        return float(top @ h)
    error = relative_error(state_gradients(w_growing, drives[:5], h0, top)[0], numerical_gradient(final_output, h0))
    assert error < 1e-6
    print("exploding-gradient: all checks passed")

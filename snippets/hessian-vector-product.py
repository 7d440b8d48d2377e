"""Hessian-vector products without the Hessian, and a Krylov solver that needs nothing else.

For a model with p parameters the Hessian has p^2 entries, far too many to store when p is large, yet
H v costs only about two gradients: differentiate the gradient in the direction v. Pearlmutter's R-operator
does exactly that by pushing a tangent through the forward and backward passes (forward-over-reverse).
Conjugate gradient then solves H x = b using products H v alone.

The model is a one-hidden-layer tanh network with squared loss:
    pred_n = c . tanh(W x_n + b),   L = 1/(2N) sum_n (pred_n - y_n)^2,   params = [W.ravel(), b, c].
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
from _check import numerical_gradient, numerical_jacobian, relative_error


def unpack(params: np.ndarray, n_inputs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split the flat parameter vector into W (hidden x inputs), b (hidden) and c (hidden)."""
    hidden = params.size // (n_inputs + 2)
    weight = params[: hidden * n_inputs].reshape(hidden, n_inputs)
    return weight, params[hidden * n_inputs : hidden * (n_inputs + 1)], params[hidden * (n_inputs + 1) :]


def mlp_loss(params: np.ndarray, inputs: np.ndarray, targets: np.ndarray) -> float:
    """L = 1/(2N) sum_n (c . tanh(W x_n + b) - y_n)^2."""
    weight, bias, out = unpack(params, inputs.shape[1])
    residual = np.tanh(inputs @ weight.T + bias) @ out - targets
    return float(0.5 * np.mean(residual**2))


def mlp_loss_gradient(params: np.ndarray, inputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """dL/dparams by backpropagation."""
    weight, bias, out = unpack(params, inputs.shape[1])
    hidden = np.tanh(inputs @ weight.T + bias)
    d_pred = (hidden @ out - targets) / len(targets)
    d_pre = np.outer(d_pred, out) * (1.0 - hidden**2)
    return np.concatenate([(d_pre.T @ inputs).ravel(), d_pre.sum(axis=0), hidden.T @ d_pred])


def hessian_vector_product(params: np.ndarray, vector: np.ndarray, inputs: np.ndarray,
                           targets: np.ndarray) -> np.ndarray:
    """H v by the R-operator: R{q} = d/dt q(params + t v) at t = 0, applied to every line of the backward pass."""
    weight, bias, out = unpack(params, inputs.shape[1])
    v_weight, v_bias, v_out = unpack(vector, inputs.shape[1])
    n = len(targets)
    # Forward pass and its tangent.
    hidden = np.tanh(inputs @ weight.T + bias)
    slope = 1.0 - hidden**2
    r_hidden = slope * (inputs @ v_weight.T + v_bias)
    d_pred = (hidden @ out - targets) / n
    r_d_pred = (r_hidden @ out + hidden @ v_out) / n
    # Backward pass and its tangent.
    d_hidden = np.outer(d_pred, out)
    r_d_hidden = np.outer(r_d_pred, out) + np.outer(d_pred, v_out)
    r_d_pre = r_d_hidden * slope - 2.0 * d_hidden * hidden * r_hidden
    r_d_out = r_hidden.T @ d_pred + hidden.T @ r_d_pred
    return np.concatenate([(r_d_pre.T @ inputs).ravel(), r_d_pre.sum(axis=0), r_d_out])


def finite_difference_hvp(gradient: Callable[[np.ndarray], np.ndarray], params: np.ndarray,
                          vector: np.ndarray, step: float = 1e-5) -> np.ndarray:
    """H v ~ (grad(params + h v) - grad(params - h v)) / 2h: a cheap approximation, used here as a check."""
    return (gradient(params + step * vector) - gradient(params - step * vector)) / (2.0 * step)


def x_squared_y_gradient(point: np.ndarray) -> np.ndarray:
    """The gradient (2xy, x^2) of f(x, y) = x^2 y, a small test function for `finite_difference_hvp`."""
    x, y = point
    return np.array([2.0 * x * y, x**2])


def conjugate_gradient(matvec: Callable[[np.ndarray], np.ndarray], rhs: np.ndarray,
                       tol: float = 1e-10, max_iter: int = 1000) -> tuple[np.ndarray, int]:
    """Solve A x = rhs for symmetric positive-definite A given only x -> A x; returns (x, products used)."""
    x = np.zeros_like(rhs)
    residual = rhs.copy()
    direction = residual.copy()
    rr = residual @ residual
    for products in range(1, max_iter + 1):
        a_direction = matvec(direction)
        alpha = rr / (direction @ a_direction)
        x += alpha * direction
        residual -= alpha * a_direction
        rr_next = residual @ residual
        if np.sqrt(rr_next) <= tol * np.linalg.norm(rhs):
            return x, products
        direction = residual + (rr_next / rr) * direction
        rr = rr_next
    return x, max_iter


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_samples, n_inputs, hidden = 20, 3, 4
    inputs = rng.normal(size=(n_samples, n_inputs))
    targets = np.sin(inputs.sum(axis=1))
    params = rng.normal(size=hidden * (n_inputs + 2))
    loss = partial(mlp_loss, inputs=inputs, targets=targets)
    grad = partial(mlp_loss_gradient, inputs=inputs, targets=targets)
    hvp = partial(hessian_vector_product, params, inputs=inputs, targets=targets)

    assert relative_error(grad(params), numerical_gradient(loss, params)) < 1e-6

    # Against the full Hessian (formed here only because p = 20 is tiny), built by differencing the gradient.
    full_hessian = numerical_jacobian(grad, params)
    v = rng.normal(size=params.size)
    error = relative_error(hvp(v), full_hessian @ v)
    print(f"p = {params.size} parameters: |Hv - (full H) v| / |Hv| = {error:.1e}")
    assert error < 1e-6
    assert relative_error(hvp(v), finite_difference_hvp(grad, params, v)) < 1e-6

    # A Hessian is symmetric, so u . Hv = v . Hu for every pair of directions.
    u = rng.normal(size=params.size)
    assert np.isclose(u @ hvp(v), v @ hvp(u), rtol=1e-12)

    # Krylov use: a damped Newton step (H + lambda I) s = -g by conjugate gradient, from products alone.
    # (The damping is read off the full spectrum here only to make the system positive definite.)
    damping = 1.0 - min(0.0, np.linalg.eigvalsh(full_hessian).min())
    g = grad(params)
    step, products = conjugate_gradient(lambda d: hvp(d) + damping * d, -g)
    residual = relative_error((full_hessian + damping * np.eye(params.size)) @ step, -g)
    print(f"conjugate gradient solved (H + {damping:.2f} I) s = -g with {products} Hessian-vector products, "
          f"relative residual {residual:.1e}")
    assert residual < 1e-6 and products <= params.size + 5
    assert loss(params + 0.5 * step) < loss(params)
    print("hessian-vector-product: all checks passed")

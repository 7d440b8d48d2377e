"""Early stopping: watch the validation loss during training, stop once it has not improved for `patience`
epochs, and hand back the checkpoint from the best epoch.

For least squares trained by gradient descent from w = 0 (step lr), the iterate after t steps is a spectral
filter of the data, like ridge regression:
    w_t = sum_i (1 - (1 - lr s_i^2)^t) (u_i^T y / s_i) v_i,    ridge: sum_i s_i^2 / (s_i^2 + lambda) (u_i^T y / s_i) v_i
(s_i, u_i, v_i the singular values and vectors of X), so stopping after t steps acts like lambda ~ 1 / (lr t).
"""

from __future__ import annotations

import numpy as np


def early_stopping(val_losses: np.ndarray, patience: int, min_delta: float = 0.0) -> tuple[int, int]:
    """Scan a validation curve (epochs counted from 1); returns (best epoch, epoch after which training stops)."""
    best_epoch, best = 0, np.inf
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best - min_delta:
            best_epoch, best = epoch, loss
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses)


def train_with_early_stopping(x: np.ndarray, y: np.ndarray, x_val: np.ndarray, y_val: np.ndarray, lr: float,
                              patience: int, max_epochs: int = 5000) -> tuple[np.ndarray, list[float], int]:
    """Full-batch gradient descent on least squares from zero; returns (restored weights, val curve, best epoch)."""
    w = np.zeros(x.shape[1])
    best_w, best_epoch, curve = w.copy(), 0, []
    for epoch in range(1, max_epochs + 1):
        w = w - lr * x.T @ (x @ w - y)
        curve.append(float(np.mean((x_val @ w - y_val) ** 2)))
        if curve[-1] < min(curve[:-1], default=np.inf):
            best_w, best_epoch = w.copy(), epoch             # save a checkpoint
        elif epoch - best_epoch >= patience:
            break
    return best_w, curve, best_epoch


def validation_curve() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Validation error per epoch of gradient descent on noisy over-parameterised regression, and its stopping point."""
    rng = np.random.default_rng(0)
    x, x_val = rng.normal(size=(40, 30)), rng.normal(size=(200, 30))
    w_true = rng.normal(size=30) * (np.arange(30) < 5)
    y, y_val = x @ w_true + rng.normal(size=40), x_val @ w_true + rng.normal(size=200)
    lr = 0.2 / np.linalg.eigvalsh(x.T @ x).max()
    _, curve, best_epoch = train_with_early_stopping(x, y, x_val, y_val, lr, patience=200)
    epochs = np.arange(1.0, len(curve) + 1)
    return {"validation error": (epochs, np.array(curve)),
            "best epoch": (np.array([best_epoch, best_epoch], dtype=float), np.array([min(curve), max(curve)]))}


if __name__ == "__main__":
    # A recorded validation curve with a known answer: best at epoch 4, no improvement in epochs 5, 6, 7.
    curve = np.array([1.0, 0.8, 0.7, 0.65, 0.66, 0.70, 0.68, 0.60, 0.55])
    assert early_stopping(curve, patience=3) == (4, 7)
    assert early_stopping(curve, patience=4) == (9, 9)      # patient enough to see the later dip
    assert early_stopping(curve, patience=3, min_delta=0.06) == (3, 6)

    # Over-parameterised noisy regression: validation error falls, then rises as the fit chases noise.
    rng = np.random.default_rng(0)
    n, d = 40, 30
    x, x_val = rng.normal(size=(n, d)), rng.normal(size=(200, d))
    w_true = rng.normal(size=d) * (np.arange(d) < 5)
    y, y_val = x @ w_true + 1.0 * rng.normal(size=n), x_val @ w_true + 1.0 * rng.normal(size=200)
    lr = 0.2 / np.linalg.eigvalsh(x.T @ x).max()
    restored, val_curve, best_epoch = train_with_early_stopping(x, y, x_val, y_val, lr, patience=20)
    # The restored checkpoint is the one with the lowest validation loss of every epoch seen, and the run
    # stopped exactly `patience` epochs later.
    assert best_epoch == int(np.argmin(val_curve)) + 1 and len(val_curve) == best_epoch + 20
    assert np.isclose(np.mean((x_val @ restored - y_val) ** 2), min(val_curve))
    least_squares = np.linalg.lstsq(x, y, rcond=None)[0]   # what training to convergence would give
    assert min(val_curve) < 0.85 * np.mean((x_val @ least_squares - y_val) ** 2)
    print(f"stopped after epoch {len(val_curve)}, restored epoch {best_epoch}: val MSE {min(val_curve):.3f} "
          f"(start {val_curve[0]:.3f}, last {val_curve[-1]:.3f})")

    # Gradient descent after t steps equals the spectral-filter closed form, and its norm grows with t ...
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    coefficients = u.T @ y / s
    w, norms = np.zeros(d), []
    for _t in range(1, 301):
        w = w - lr * x.T @ (x @ w - y)
        norms.append(np.linalg.norm(w))
    assert np.allclose(w, vt.T @ ((1 - (1 - lr * s**2) ** 300) * coefficients), atol=1e-10)
    assert np.all(np.diff(norms) > 0)
    # ... staying below the unregularised (least-squares) norm, like a ridge solution; and ridge with
    # lambda = 1 / (lr t) lands close to it.
    assert norms[-1] < np.linalg.norm(least_squares)
    ridge = np.linalg.solve(x.T @ x + np.eye(d) / (lr * 300), x.T @ y)
    gap = np.linalg.norm(ridge - w) / np.linalg.norm(w)
    print(f"||w_300|| = {norms[-1]:.3f}, ridge(lambda = 1/(lr t)) norm {np.linalg.norm(ridge):.3f}, relative gap {gap:.3f}")
    assert gap < 0.2
    print("early-stopping: all checks passed")

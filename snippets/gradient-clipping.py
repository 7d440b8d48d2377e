"""Gradient clipping by norm: when the gradient is too long, shrink it to a fixed length without turning it.

Pascanu, Mikolov and Bengio: if ||g|| > threshold then g <- threshold * g / ||g||. The norm is taken over all
parameters together (as torch.nn.utils.clip_grad_norm_ does), so the update keeps the direction of steepest
descent and only its length is capped; clipping each entry separately (clip-by-value) would change the direction.
"""

from __future__ import annotations

import numpy as np


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Rescale the gradients jointly so their overall L2 norm is at most `max_norm`; returns (clipped, norm before)."""
    total_norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    scale = min(1.0, max_norm / total_norm) if total_norm > 0 else 1.0
    return [g * scale for g in grads], total_norm


def flatten(grads: list[np.ndarray]) -> np.ndarray:
    """All gradient entries as one vector."""
    return np.concatenate([g.ravel() for g in grads])


def clipping_loss_curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Loss sum(w^4) / 4 per step of lr 0.1 from (5, -4): plain descent blows up, clipped to norm 5 it descends."""
    plain, capped = np.array([5.0, -4.0]), np.array([5.0, -4.0])
    steps, plain_losses, capped_losses = np.arange(60, dtype=float), [], []
    for _ in steps:
        plain_losses.append(np.sum(plain**4) / 4)
        capped_losses.append(np.sum(capped**4) / 4)
        if np.sum(plain**4) < 1e12:
            plain = plain - 0.1 * plain**3
        capped = capped - 0.1 * clip_grad_norm([capped**3], max_norm=5.0)[0][0]
    shown = np.array(plain_losses) < 1e12
    return {"plain": (steps[shown], np.array(plain_losses)[shown]), "clipped": (steps, np.array(capped_losses))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=(4, 3)) * 10, rng.normal(size=3) * 10]
    clipped, norm = clip_grad_norm(grads, max_norm=1.0)
    before, after = flatten(grads), flatten(clipped)
    print(f"norm {norm:.3f} -> {np.linalg.norm(after):.3f}; "
          f"cosine with the original direction {before @ after / (np.linalg.norm(before) * np.linalg.norm(after)):.6f}")

    # Norm capped, direction kept: the clipped vector is a positive multiple of the original with length max_norm.
    assert np.isclose(norm, np.linalg.norm(before)) and np.isclose(np.linalg.norm(after), 1.0)
    assert np.allclose(after, before / np.linalg.norm(before))
    # Below the threshold nothing changes.
    unchanged, _ = clip_grad_norm(grads, max_norm=2 * norm)
    assert all(np.array_equal(a, b) for a, b in zip(unchanged, grads))
    # Clipping each entry to [-1, 1] instead does turn the vector.
    by_value = np.clip(before, -1.0, 1.0)
    assert by_value @ before / (np.linalg.norm(by_value) * np.linalg.norm(before)) < 0.99

    # A loss with exploding gradients, f(w) = sum(w^4) / 4 (gradient w^3): far from the minimum one plain step
    # overshoots to an even steeper place and the iterates blow up; with clipped steps descent is steady.
    def gradient(w: np.ndarray) -> np.ndarray:
        return w**3

    plain, capped = np.array([5.0, -4.0]), np.array([5.0, -4.0])
    capped_losses = []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(300):
            plain = plain - 0.1 * gradient(plain)
            capped = capped - 0.1 * clip_grad_norm([gradient(capped)], max_norm=5.0)[0][0]
            capped_losses.append(np.sum(capped**4) / 4)
    print(f"after 300 steps of lr 0.1: plain descent at {np.round(plain, 3)}, clipped descent at {np.round(capped, 3)}")
    assert not np.all(np.isfinite(plain))
    assert np.all(np.diff(capped_losses) < 0) and capped_losses[-1] < 1e-3
    print("gradient-clipping: all checks passed")

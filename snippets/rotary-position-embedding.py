"""Rotary position embedding (RoPE, Su et al. 2021): rotate queries and keys by an angle proportional to position.

Features are taken in pairs (x_{2i}, x_{2i+1}); at position m pair i is rotated by the angle m theta_i with
theta_i = base^(-2i/d). Because rotations compose, (R_m q) . (R_n k) = q . R_{n-m} k: the attention score
depends on the positions only through their offset n - m, while each vector keeps its length.
"""

from __future__ import annotations

import numpy as np


def rope_frequencies(d: int, base: float = 10000.0) -> np.ndarray:
    """theta_i = base^(-2i/d) for the d/2 feature pairs."""
    return base ** (-np.arange(0, d, 2) / d)


def apply_rope(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    """Rotate every feature pair (2i, 2i+1) of the rows of x (n, d) by positions[row] * theta_i."""
    angles = np.asarray(positions, dtype=np.float64)[:, None] * rope_frequencies(x.shape[-1], base)[None, :]
    cos, sin = np.cos(angles), np.sin(angles)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x, dtype=np.float64)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def rotation_matrix(position: float, d: int, base: float = 10000.0) -> np.ndarray:
    """The explicit d x d block-diagonal matrix R_m of the paper, one 2 x 2 rotation per feature pair."""
    matrix = np.zeros((d, d))
    for i, theta in enumerate(rope_frequencies(d, base)):
        c, s = np.cos(position * theta), np.sin(position * theta)
        matrix[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [[c, -s], [s, c]]
    return matrix


def rope_score(q: np.ndarray, k: np.ndarray, m: float, n: float, base: float = 10000.0) -> float:
    """The attention logit (unscaled) between query q at position m and key k at position n after rotation."""
    return float(apply_rope(q[None], np.array([m]), base)[0] @ apply_rope(k[None], np.array([n]), base)[0])


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d, n = 8, 6
    x = rng.normal(size=(n, d))
    positions = np.arange(n)
    rotated = apply_rope(x, positions)

    # The fast pairwise formula equals multiplication by the explicit block-diagonal rotation matrix.
    for m in positions:
        assert np.allclose(rotated[m], rotation_matrix(m, d) @ x[m])
    # Rotation preserves norms, and position 0 is the identity.
    assert np.allclose(np.linalg.norm(rotated, axis=1), np.linalg.norm(x, axis=1))
    assert np.allclose(apply_rope(x, np.zeros(n)), x)

    # The score depends only on the offset n - m: shift both positions and nothing changes ...
    q, k = rng.normal(size=d), rng.normal(size=d)
    for m, offset in [(0, 3), (5, -2), (17, 9)]:
        scores = [rope_score(q, k, m + shift, m + offset + shift) for shift in (0.0, 1.0, 42.0, 1000.5)]
        assert np.allclose(scores, scores[0])
        # ... and it equals q^T R_{n-m} k, the closed form from composing rotations.
        assert np.isclose(scores[0], q @ rotation_matrix(offset, d) @ k)
    # Different offsets do give different scores: position information really is there.
    assert not np.isclose(rope_score(q, k, 0, 1), rope_score(q, k, 0, 2))
    print("q.k at offset 3 for m = 0, 1, 42:", [round(rope_score(q, k, m, m + 3), 6) for m in (0, 1, 42)])

    # Unlike additive absolute encodings, rotating then scoring is not the plain dot product of the inputs.
    assert not np.isclose(rope_score(q, k, 0, 3), q @ k)
    print("rotary-position-embedding: all checks passed")

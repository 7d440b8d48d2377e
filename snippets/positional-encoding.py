"""Sinusoidal positional encoding, as in the original Transformer.

PE[pos, 2i] = sin(pos / 10000^(2i/d_model)) and PE[pos, 2i+1] = cos(pos / 10000^(2i/d_model)). Each
(sin, cos) pair is a point on a circle turning at its own frequency, so moving k positions ahead rotates
every pair by a fixed angle: PE(pos + k) is a linear function of PE(pos) that depends only on k.
"""

from __future__ import annotations

import numpy as np


def sinusoidal_positional_encoding(num_positions: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """The (num_positions, d_model) table of sinusoidal encodings; d_model must be even."""
    if d_model % 2:
        raise ValueError("d_model must be even: features come in (sin, cos) pairs")
    positions = np.arange(num_positions)[:, None]
    frequencies = base ** (-np.arange(0, d_model, 2) / d_model)
    angles = positions * frequencies
    encoding = np.empty((num_positions, d_model))
    encoding[:, 0::2] = np.sin(angles)
    encoding[:, 1::2] = np.cos(angles)
    return encoding


def shift_matrix(offset: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """Block-diagonal rotation R with PE(pos + offset) = R PE(pos) for every pos (angle-addition formulas)."""
    rotation = np.zeros((d_model, d_model))
    for pair in range(d_model // 2):
        angle = offset * base ** (-2 * pair / d_model)
        c, s = np.cos(angle), np.sin(angle)
        rotation[2 * pair : 2 * pair + 2, 2 * pair : 2 * pair + 2] = [[c, s], [-s, c]]
    return rotation


def encoding_waves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Dimensions 0, 4 and 8 of the 16-wide sinusoidal encoding over positions 0 to 100: ever slower waves."""
    table = sinusoidal_positional_encoding(101, 16)
    positions = np.arange(101, dtype=float)
    return {f"dimension {d}": (positions, table[:, d]) for d in (0, 4, 8)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d_model = 16
    table = sinusoidal_positional_encoding(6000, d_model)
    print("PE(0):", np.round(table[0, :6], 3), "...")
    print("PE(1):", np.round(table[1, :6], 3), "...")

    # Position 0 is (0, 1, 0, 1, ...); every (sin, cos) pair has unit length, so |PE(pos)|^2 = d_model / 2.
    assert np.allclose(table[0], np.tile([0.0, 1.0], d_model // 2))
    assert np.allclose(np.sum(table**2, axis=1), d_model / 2)

    # Relative positions are linear: one matrix, built without looking at pos, maps PE(pos) to PE(pos + k).
    for offset in (1, 5, 37):
        rotation = shift_matrix(offset, d_model)
        assert np.allclose(table[offset:], table[:-offset] @ rotation.T)
        assert np.allclose(rotation @ rotation.T, np.eye(d_model))

    # The same fact found from data alone: a least-squares fit of PE(pos + 3) on PE(pos) over 100 random
    # positions predicts PE(pos + 3) at 100 other positions.
    positions = rng.permutation(len(table) - 3)
    seen, unseen = positions[:100], positions[100:200]
    fitted, *_ = np.linalg.lstsq(table[seen], table[seen + 3], rcond=None)
    error = np.max(np.abs(table[unseen] @ fitted - table[unseen + 3]))
    print(f"linear map fitted on 100 positions predicts PE(pos + 3) elsewhere to within {error:.1e}")
    assert error < 1e-6

    # The similarity of two encodings depends only on how far apart they are, not on where.
    at_distance_10 = np.sum(table[:-10] * table[10:], axis=1)
    assert np.allclose(at_distance_10, at_distance_10[0])

    # Each of the first 1000 positions gets a distinct code.
    first = table[:1000]
    squared_distances = d_model - 2 * first @ first.T  # |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, all norms^2 = d_model / 2
    np.fill_diagonal(squared_distances, np.inf)
    assert np.min(squared_distances) > 1e-3
    print("positional encoding: all checks passed")

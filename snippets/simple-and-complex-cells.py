"""Simple and complex cells of the primary visual cortex (V1), modelled the way CNNs borrowed them.

A simple cell is a linear filter over a small receptive field with side-by-side excitatory (ON) and inhibitory
(OFF) strips, followed by rectification: it signals an edge or bar of one orientation at one exact place. A
complex cell takes the maximum over simple cells with the same orientation at nearby positions: it keeps the
orientation preference but tolerates small shifts, like a convolution followed by ReLU and max-pooling.
"""

from __future__ import annotations

import numpy as np
from _cnn_operations import correlate2d
from numpy.lib.stride_tricks import sliding_window_view


def bar_receptive_field(size: int, orientation: float, width: float = 1.0, length: float = 3.0) -> np.ndarray:
    """An elongated ON strip flanked by OFF strips (the weights sum to about zero), aligned with `orientation`
    (radians; 0 = horizontal bar, pi/2 = vertical bar)."""
    offsets = np.arange(size) - (size - 1) / 2
    y, x = np.meshgrid(offsets, offsets, indexing="ij")
    along = x * np.cos(orientation) + y * np.sin(orientation)
    across = -x * np.sin(orientation) + y * np.cos(orientation)
    on_minus_off = np.exp(-(across**2) / (2 * width**2)) - 0.5 * np.exp(-(across**2) / (8 * width**2))
    return np.exp(-(along**2) / (2 * length**2)) * on_minus_off


def simple_cells(image: np.ndarray, receptive_field: np.ndarray) -> np.ndarray:
    """Responses of identical simple cells at every position: linear filtering, then half-wave rectification."""
    return np.maximum(correlate2d(image, receptive_field), 0.0)


def complex_cells(image: np.ndarray, receptive_field: np.ndarray, pool_shape: tuple[int, int]) -> np.ndarray:
    """Responses of complex cells, each the maximum over a pool_shape block of neighbouring simple cells."""
    simple = simple_cells(image, receptive_field)
    return sliding_window_view(simple, pool_shape).max(axis=(-2, -1))


if __name__ == "__main__":
    size, centre, pool = 21, 20, 7  # receptive field side, image centre, complex-cell pool side
    vertical = bar_receptive_field(size, np.pi / 2)
    offset = (size - 1) // 2  # simple cell i sits over image pixel i + offset
    cell = centre - offset  # the simple cell centred on the image centre
    pooled = cell - pool // 2  # the complex cell pooling simple cells cell-3 .. cell+3

    def bar(column: int, contrast: float = 1.0, vertical_bar: bool = True) -> np.ndarray:
        """A 41x41 blank image crossed by a one-pixel bar at `column` (or at that row, if horizontal)."""
        image = np.zeros((41, 41))
        if vertical_bar:
            image[:, column] = contrast
        else:
            image[column, :] = contrast
        return image

    peak = simple_cells(bar(centre), vertical)[cell, cell]
    shifts = np.arange(-6, 7)
    simple = np.array([simple_cells(bar(centre + s), vertical)[cell, cell] for s in shifts])
    complex_ = np.array([complex_cells(bar(centre + s), vertical, (pool, pool))[pooled, pooled] for s in shifts])
    print("bar shift (px):", shifts)
    print("simple cell   :", np.round(simple / peak, 2))
    print("complex cell  :", np.round(complex_ / peak, 2))

    # Diffuse light barely drives a simple cell: its ON and OFF regions cancel.
    assert abs(correlate2d(np.ones((41, 41)), vertical)[cell, cell]) < 1e-3 * peak

    # A simple cell is position-sensitive: the bar on its OFF flank silences it.
    assert np.argmax(simple) == 6 and np.all(simple[[4, 8]] == 0.0)
    # The complex cell keeps its full response wherever the bar falls inside its pool, and only then.
    inside = np.abs(shifts) <= pool // 2
    assert np.allclose(complex_[inside], peak) and np.all(complex_[~inside] < 0.7 * peak)

    # Both keep the orientation preference: a horizontal bar through the centre hardly drives either.
    horizontal = bar(centre, vertical_bar=False)
    assert simple_cells(horizontal, vertical)[cell, cell] < 0.05 * peak
    assert complex_cells(horizontal, vertical, (pool, pool))[pooled, pooled] < 0.05 * peak

    # A dark bar inhibits the simple cell beneath it, yet the complex cell still fires: some simple cell in its
    # pool has the dark bar on an OFF flank. Complex cells answer to both contrast polarities.
    dark = bar(centre, contrast=-1.0)
    assert simple_cells(dark, vertical)[cell, cell] == 0.0
    assert complex_cells(dark, vertical, (pool, pool))[pooled, pooled] > 0.25 * peak
    print("simple-and-complex-cells: all checks passed")

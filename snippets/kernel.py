"""A convolution kernel: one small grid of weights shared by every position of the image.

Hand-designed kernels do known jobs (Sobel measures the horizontal intensity gradient, a box kernel blurs); a CNN
learns its kernels instead. Because the same weights are used everywhere, the layer is translation equivariant,
and the gradient of the loss with respect to the kernel sums contributions from every position.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from numpy.lib.stride_tricks import sliding_window_view

SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])  # brightness rising to the right
SOBEL_Y = SOBEL_X.T  # brightness rising downwards


def apply_kernel(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Valid cross-correlation with one shared kernel: out[i, j] = sum_{a,b} kernel[a, b] * image[i+a, j+b]."""
    (k_h, k_w), (h, w) = kernel.shape, image.shape
    out_h, out_w = h - k_h + 1, w - k_w + 1
    out = np.zeros((out_h, out_w))
    for a in range(k_h):
        for b in range(k_w):
            out += kernel[a, b] * image[a : a + out_h, b : b + out_w]
    return out


def kernel_gradient(image: np.ndarray, grad_output: np.ndarray) -> np.ndarray:
    """dL/dkernel for out = apply_kernel(image, kernel), given dL/dout.

    Weight kernel[a, b] touched image[i + a, j + b] at every output (i, j), so its gradient sums
    grad_output[i, j] * image[i + a, j + b] over all positions: the image cross-correlated with grad_output.
    """
    return apply_kernel(image, grad_output)


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # Sobel measures the intensity gradient: on a ramp a*column + b*row it returns 8a (x) and 8b (y) everywhere.
    rows, cols = np.mgrid[0:8, 0:9].astype(float)
    ramp = 1.5 * cols - 0.5 * rows
    assert np.allclose(apply_kernel(ramp, SOBEL_X), 8 * 1.5) and np.allclose(apply_kernel(ramp, SOBEL_Y), 8 * -0.5)
    # On a dark-to-bright vertical edge it fires only where its window straddles the edge.
    edge = (cols >= 4).astype(float)
    edge_response = apply_kernel(edge, SOBEL_X)
    print("Sobel-x along one row of a vertical step edge:", edge_response[0])
    assert np.allclose(edge_response[:, [2, 3]], 4.0)
    assert np.allclose(np.delete(edge_response, [2, 3], axis=1), 0.0)

    # A box kernel averages: a constant image passes unchanged, a fine +-1 checkerboard shrinks ninefold.
    box = np.full((3, 3), 1 / 9)
    assert np.allclose(apply_kernel(np.full((6, 6), 7.0), box), 7.0)
    checkerboard = np.where((rows + cols) % 2 == 0, 1.0, -1.0)
    assert np.allclose(np.abs(apply_kernel(checkerboard, box)), 1 / 9)

    # Shared weights make the layer translation equivariant: shifting the input shifts the output.
    kernel = rng.normal(size=(3, 3))
    image = np.zeros((20, 20))
    image[6:14, 6:14] = rng.normal(size=(8, 8))
    shift = (2, -3)
    assert np.allclose(apply_kernel(np.roll(image, shift, axis=(0, 1)), kernel),
                       np.roll(apply_kernel(image, kernel), shift, axis=(0, 1)))
    # A locally connected layer (its own 3x3 weights at every position) has no such property.
    untied = rng.normal(size=(18, 18, 3, 3))

    def locally_connected(x: np.ndarray) -> np.ndarray:
        return np.einsum("ijab,ijab->ij", sliding_window_view(x, (3, 3)), untied)

    assert not np.allclose(locally_connected(np.roll(image, shift, axis=(0, 1))),
                           np.roll(locally_connected(image), shift, axis=(0, 1)))
    print(f"parameters for a 20x20 -> 18x18 map: shared kernel {kernel.size}, locally connected {untied.size}")

    # The kernel gradient agrees with central finite differences of L = sum(G * out).
    image, upstream = rng.normal(size=(7, 8)), rng.normal(size=(5, 6))
    numeric = numerical_gradient(lambda k: float(np.sum(upstream * apply_kernel(image, k))), kernel)
    error = relative_error(kernel_gradient(image, upstream), numeric)
    print(f"kernel gradient vs finite differences: relative error {error:.1e}")
    assert error < 1e-6
    print("kernel: all checks passed")

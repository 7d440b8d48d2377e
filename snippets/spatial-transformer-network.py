"""Spatial transformer: warp an image with an affine transform through a differentiable grid and sampler.

Grid generator: every target pixel (x_t, y_t), in normalised coordinates [-1, 1], asks for the source point
(x_s, y_s) = theta @ (x_t, y_t, 1). Sampler: the output there is the bilinear interpolation of the input,
V = sum_{n,m} U[n, m] max(0, 1 - |x_s - m|) max(0, 1 - |y_s - n|) (zero outside the image). Both steps have
gradients, so theta (normally predicted by a small localisation network) is learned by backpropagation.

Coordinates follow PyTorch's affine_grid / grid_sample: x runs along the width, y along the height. With
align_corners=False, -1 and 1 are the outer edges of the border pixels; with True, the border pixels' centres.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from _check import numerical_gradient, relative_error


def normalized_positions(size: int, align_corners: bool = False) -> np.ndarray:
    """Normalised coordinates of the `size` pixel centres along one axis."""
    if align_corners:
        return np.linspace(-1.0, 1.0, size)
    return (2 * np.arange(size) + 1) / size - 1


def to_pixel(coord: np.ndarray | float, size: int, align_corners: bool = False) -> np.ndarray:
    """Map normalised coordinates along an axis of `size` pixels to pixel units (0 = centre of the first pixel)."""
    if align_corners:
        return (np.asarray(coord) + 1) * (size - 1) / 2
    return ((np.asarray(coord) + 1) * size - 1) / 2


def _target_points(height: int, width: int, align_corners: bool) -> np.ndarray:
    """Homogeneous normalised target coordinates (x_t, y_t, 1), shaped (height, width, 3)."""
    y, x = np.meshgrid(
        normalized_positions(height, align_corners), normalized_positions(width, align_corners), indexing="ij"
    )
    return np.stack([x, y, np.ones_like(x)], axis=-1)


def affine_grid(theta: np.ndarray, height: int, width: int, align_corners: bool = False) -> np.ndarray:
    """Grid generator: the normalised source point (x_s, y_s) for every target pixel, shaped (height, width, 2)."""
    return _target_points(height, width, align_corners) @ theta.T


def _corners(x: np.ndarray, y: np.ndarray, height: int, width: int) -> Iterator[tuple[np.ndarray, ...]]:
    """The four pixels around each point with their bilinear weights, weight derivatives and in-image masks."""
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    wx, wy = x - x0, y - y0
    for dy, dx, weight, d_dx, d_dy in (
        (0, 0, (1 - wx) * (1 - wy), -(1 - wy), -(1 - wx)),
        (0, 1, wx * (1 - wy), 1 - wy, -wx),
        (1, 0, (1 - wx) * wy, -wy, 1 - wx),
        (1, 1, wx * wy, wy, wx),
    ):
        row, col = y0 + dy, x0 + dx
        inside = (row >= 0) & (row < height) & (col >= 0) & (col < width)
        row, col = np.clip(row, 0, height - 1), np.clip(col, 0, width - 1)
        yield row, col, weight * inside, d_dx * inside, d_dy * inside


def bilinear_sample(image: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Sampler: image (C, H, W) read at pixel coordinates x, y (any equal shapes); zero outside the image."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    out = np.zeros((image.shape[0],) + x.shape)
    for row, col, weight, _, _ in _corners(x, y, *image.shape[1:]):
        out += weight * image[:, row, col]
    return out


def bilinear_sample_backward(
    image: np.ndarray, x: np.ndarray, y: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of sum(grad_out * bilinear_sample(image, x, y)) with respect to image, x and y."""
    grad_image, grad_x, grad_y = np.zeros_like(image), np.zeros_like(x), np.zeros_like(y)
    for row, col, weight, d_dx, d_dy in _corners(x, y, *image.shape[1:]):
        values = image[:, row, col]
        np.add.at(grad_image, (slice(None), row, col), weight * grad_out)
        grad_x += np.sum(grad_out * values, axis=0) * d_dx
        grad_y += np.sum(grad_out * values, axis=0) * d_dy
    return grad_image, grad_x, grad_y


def grid_sample(image: np.ndarray, grid: np.ndarray, align_corners: bool = False) -> np.ndarray:
    """Read image (C, H, W) at a grid (H_out, W_out, 2) of normalised (x, y) points."""
    height, width = image.shape[1:]
    x, y = to_pixel(grid[..., 0], width, align_corners), to_pixel(grid[..., 1], height, align_corners)
    return bilinear_sample(image, x, y)


def spatial_transformer(
    image: np.ndarray, theta: np.ndarray, out_shape: tuple[int, int] | None = None, align_corners: bool = False
) -> np.ndarray:
    """Warp image (C, H, W) by the 2x3 affine `theta`: grid generator followed by the bilinear sampler."""
    height, width = out_shape or image.shape[1:]
    return grid_sample(image, affine_grid(theta, height, width, align_corners), align_corners)


def spatial_transformer_backward(
    image: np.ndarray, theta: np.ndarray, grad_out: np.ndarray, align_corners: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of sum(grad_out * spatial_transformer(image, theta)) with respect to image and theta."""
    (height, width), out_shape = image.shape[1:], grad_out.shape[1:]
    target = _target_points(*out_shape, align_corners)
    grid = target @ theta.T
    x, y = to_pixel(grid[..., 0], width, align_corners), to_pixel(grid[..., 1], height, align_corners)
    grad_image, grad_x, grad_y = bilinear_sample_backward(image, x, y, grad_out)
    scale_x, scale_y = ((width - 1) / 2, (height - 1) / 2) if align_corners else (width / 2, height / 2)
    grad_grid = np.stack([grad_x * scale_x, grad_y * scale_y], axis=-1)
    return grad_image, np.einsum("hwr,hwk->rk", grad_grid, target)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    image = rng.normal(size=(2, 8, 8))
    identity = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])

    # The identity transform reproduces the input exactly, under both corner conventions.
    for align in (False, True):
        assert np.allclose(spatial_transformer(image, identity, align_corners=align), image)

    # Translation: shifting the sampling grid by 2k/W (k pixels) moves the content k pixels left, zeros enter.
    shift = np.array([[1.0, 0.0, 2 * 3 / 8], [0.0, 1.0, 0.0]])
    moved = spatial_transformer(image, shift)
    assert np.allclose(moved[:, :, :5], image[:, :, 3:]) and np.allclose(moved[:, :, 5:], 0.0)

    # Rotation by 90 degrees about the centre permutes the pixels of a square image exactly like np.rot90.
    quarter_turn = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0]])
    assert np.allclose(spatial_transformer(image, quarter_turn), np.rot90(image, k=1, axes=(1, 2)))

    # Zooming out by 2 (theta = 2I) shrinks the image into the middle half of the output.
    block_means = image.reshape(2, 4, 2, 4, 2).mean(axis=(2, 4))
    assert np.allclose(spatial_transformer(image, 2 * identity)[:, 2:6, 2:6], block_means)

    # Gradients for the image and theta agree with central finite differences (generic theta, non-square image).
    source, theta = rng.normal(size=(2, 7, 9)), identity + 0.15 * rng.normal(size=(2, 3))
    upstream = rng.normal(size=(2, 6, 5))
    for align in (False, True):

        def loss(img: np.ndarray, th: np.ndarray) -> float:
            return float(np.sum(upstream * spatial_transformer(img, th, (6, 5), align)))

        grad_image, grad_theta = spatial_transformer_backward(source, theta, upstream, align)
        image_error = relative_error(grad_image, numerical_gradient(lambda u: loss(u, theta), source))
        theta_error = relative_error(grad_theta, numerical_gradient(lambda th: loss(source, th), theta))
        print(f"align_corners={align}: gradients vs finite differences, "
              f"image {image_error:.1e}, theta {theta_error:.1e}")
        assert image_error < 1e-6 and theta_error < 1e-6

    # Learning the transform: gradient descent on the translation of theta re-centres a displaced blob.
    rows, cols = np.mgrid[0:24, 0:24]
    template = np.exp(-((rows - 11.5) ** 2 + (cols - 11.5) ** 2) / 18.0)[None]
    displaced = np.exp(-((rows - 13.5) ** 2 + (cols - 14.5) ** 2) / 18.0)[None]  # 2 px down, 3 px right
    theta = identity.copy()
    for _ in range(100):
        residual = spatial_transformer(displaced, theta) - template
        theta[:, 2] -= 0.004 * spatial_transformer_backward(displaced, theta, residual)[1][:, 2]
    print(f"learned translation (pixels): x {theta[0, 2] * 12:.3f}, y {theta[1, 2] * 12:.3f}  (true 3, 2)")
    assert np.allclose(theta[:, 2] * 12, [3.0, 2.0], atol=1e-3)
    print("spatial-transformer-network: all checks passed")

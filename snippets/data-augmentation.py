"""Data augmentation: enlarge the training set with label-preserving transformations of its examples.

For images (shape channels x height x width): a horizontal flip reverses the width axis; a random crop pads
the image and cuts a window of the original size at a random offset; additive noise perturbs pixels. Mixup
(Zhang et al.) instead blends two examples and their one-hot targets with the same weight:
    x~ = lam x_i + (1 - lam) x_j,    y~ = lam y_i + (1 - lam) y_j,    lam ~ Beta(alpha, alpha).
"""

from __future__ import annotations

import numpy as np


def horizontal_flip(image: np.ndarray) -> np.ndarray:
    """Mirror an image (..., height, width) left to right."""
    return image[..., ::-1]


def crop(image: np.ndarray, padding: int, top: int, left: int) -> np.ndarray:
    """Zero-pad height and width by `padding`, then cut the original-size window whose corner is (top, left)."""
    height, width = image.shape[-2:]
    padded = np.pad(image, [(0, 0)] * (image.ndim - 2) + [(padding, padding), (padding, padding)])
    return padded[..., top:top + height, left:left + width]


def count_crop_positions(padding: int) -> int:
    """How many windows of the original size a padded image offers (per flip), whatever the image size."""
    return (2 * padding + 1) ** 2


def augment(image: np.ndarray, rng: np.random.Generator, padding: int = 4, noise_std: float = 0.0) -> np.ndarray:
    """A random flip (probability 1/2), a random padded crop and optional Gaussian pixel noise; the label is kept."""
    if rng.uniform() < 0.5:
        image = horizontal_flip(image)
    top, left = rng.integers(0, 2 * padding + 1, size=2)
    image = crop(image, padding, int(top), int(left))
    return image + noise_std * rng.normal(size=image.shape) if noise_std else image


def mixup(images: np.ndarray, targets: np.ndarray, lam: float, partner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Blend every example with images[partner] and the targets with the same weight lam."""
    return lam * images + (1 - lam) * images[partner], lam * targets + (1 - lam) * targets[partner]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    images = rng.uniform(size=(8, 3, 12, 12))
    labels = rng.integers(0, 4, size=8)

    # A flip is an involution, keeps every row's pixels (only their order changes) and reverses the columns.
    assert np.array_equal(horizontal_flip(horizontal_flip(images)), images)
    flipped = horizontal_flip(images)
    assert np.array_equal(np.sort(flipped, axis=-1), np.sort(images, axis=-1))
    assert np.array_equal(flipped[..., 0], images[..., -1])

    # A crop at the centre offset is the identity; every crop is a window of the padded image, so pixels
    # are only moved or zeroed, and shifting by (dy, dx) moves pixel (r, c) to (r - dy, c - dx).
    assert np.array_equal(crop(images[0], 4, 4, 4), images[0])
    shifted = crop(images[0], 4, 6, 3)                          # dy = 2, dx = -1
    assert np.array_equal(shifted[:, :10, 1:], images[0][:, 2:, :11])
    assert np.all(shifted[:, 10:, :] == 0) and np.all(shifted[:, :, 0] == 0)
    print(f"a 32 x 32 image padded by 4 offers {count_crop_positions(4)} crops, {2 * count_crop_positions(4)} "
          "with flips")

    # Augmented copies keep their shape and label, and noise averages out.
    clean = np.array([augment(images[0], np.random.default_rng(seed)) for seed in range(500)])
    noisy = np.array([augment(images[0], np.random.default_rng(seed), noise_std=0.1) for seed in range(500)])
    assert noisy.shape == (500, 3, 12, 12)
    assert abs(float((noisy - clean).mean())) < 1e-3 and abs(float((noisy - clean).std()) - 0.1) < 1e-3

    # Mixup: targets are convex combinations of one-hot rows (non-negative, summing to 1), with the same
    # weight as the images; lam = 1 leaves the batch unchanged.
    one_hot = np.eye(4)[labels]
    partner = rng.permutation(8)
    lam = rng.beta(0.2, 0.2)
    mixed_x, mixed_y = mixup(images, one_hot, lam, partner)
    assert np.all(mixed_y >= 0) and np.allclose(mixed_y.sum(axis=1), 1)
    for i in range(8):
        expected = np.zeros(4)
        expected[labels[i]] += lam
        expected[labels[partner[i]]] += 1 - lam
        assert np.allclose(mixed_y[i], expected)
        assert np.allclose(mixed_x[i], lam * images[i] + (1 - lam) * images[partner[i]])
    assert np.array_equal(mixup(images, one_hot, 1.0, partner)[0], images)
    print(f"mixup with lam = {lam:.3f}: first target {mixed_y[0].round(3)}")
    print("data-augmentation: all checks passed")

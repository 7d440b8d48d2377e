"""The memory of a Neural Turing Machine (Graves, Wayne and Danihelka, 2014): soft addressing, reads and
erase/add writes over an N x M memory matrix, all differentiable.

Addressing, each step producing a weighting over the N rows:
  content:   w_c(i) = softmax_i(beta * cosine(k, M(i)))
  gate:      w_g = g w_c + (1 - g) w_prev
  shift:     w_s(i) = sum_j w_g(j) s(i - j)     (circular convolution over the allowed offsets -1, 0, +1)
  sharpen:   w(i) = w_s(i)^gamma / sum_j w_s(j)^gamma
Read: r = sum_i w(i) M(i).   Write: M(i) <- M(i) (1 - w(i) e) + w(i) a.
"""

from __future__ import annotations

import numpy as np
from _attention import softmax

SHIFT_OFFSETS = (-1, 0, 1)


def cosine_similarity(key: np.ndarray, memory: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """Cosine similarity of the key (M,) with every row of memory (N, M)."""
    return memory @ key / (np.linalg.norm(memory, axis=1) * np.linalg.norm(key) + eps)


def content_addressing(key: np.ndarray, strength: float, memory: np.ndarray) -> np.ndarray:
    """Focus on rows similar to the key; the key strength beta >= 0 sets how sharply."""
    return softmax(strength * cosine_similarity(key, memory))


def circular_shift(weights: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Convolve the weighting with a distribution `shift` over SHIFT_OFFSETS, wrapping around the memory."""
    return sum(probability * np.roll(weights, offset) for offset, probability in zip(SHIFT_OFFSETS, shift))


def sharpen(weights: np.ndarray, gamma: float) -> np.ndarray:
    """Raise the weighting to the power gamma >= 1 and renormalise, undoing the blur of the shift."""
    powered = weights**gamma
    return powered / powered.sum()


def address_memory(
    memory: np.ndarray,
    previous_weights: np.ndarray,
    key: np.ndarray,
    strength: float,
    gate: float,
    shift: np.ndarray,
    gamma: float,
) -> np.ndarray:
    """The NTM addressing pipeline: content focus, interpolation with the last weighting, shift, sharpening."""
    gated = gate * content_addressing(key, strength, memory) + (1.0 - gate) * previous_weights
    return sharpen(circular_shift(gated, shift), gamma)


def read_memory(memory: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The read vector: the weighted sum of memory rows."""
    return weights @ memory


def write_memory(memory: np.ndarray, weights: np.ndarray, erase: np.ndarray, add: np.ndarray) -> np.ndarray:
    """Erase then add: each row i keeps (1 - w(i) e) of its content and receives w(i) a."""
    erased = memory * (1.0 - np.outer(weights, erase))
    return erased + np.outer(weights, add)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_rows, width = 8, 5
    memory = rng.normal(scale=0.01, size=(n_rows, width))
    step_forward = np.array([0.0, 0.0, 1.0])
    stay = np.array([0.0, 1.0, 0.0])

    # Content addressing: beta = 0 spreads attention evenly, a large beta focuses on the row the key
    # resembles, and only the key's direction matters (cosine similarity).
    key = memory[5] + rng.normal(scale=0.001, size=width)
    assert np.allclose(content_addressing(key, 0.0, memory), 1.0 / n_rows)
    assert np.allclose(content_addressing(key, 200.0, memory), np.eye(n_rows)[5], atol=1e-6)
    assert np.allclose(content_addressing(3.0 * key, 5.0, memory), content_addressing(key, 5.0, memory))

    # Location addressing: a shift of +1 moves the focus one row down (wrapping), sharpening with a
    # large gamma restores a blurred focus, and every weighting stays a distribution.
    focus = np.eye(n_rows)[n_rows - 1]
    assert np.allclose(circular_shift(focus, step_forward), np.eye(n_rows)[0])
    blurred = circular_shift(focus, np.array([0.2, 0.6, 0.2]))
    assert np.isclose(blurred.sum(), 1.0) and np.allclose(sharpen(blurred, 50.0), focus, atol=1e-9)

    # An erase/add write with a partial weighting blends the old row with the new vector.
    add = rng.normal(size=width)
    half = write_memory(memory, np.eye(n_rows)[2] * 0.5, np.ones(width), add)
    assert np.allclose(half[2], 0.5 * memory[2] + 0.5 * add)
    assert np.allclose(np.delete(half, 2, axis=0), np.delete(memory, 2, axis=0))

    # The copy task by hand: write a sequence while stepping the head forward (gate 0 ignores content),
    # then jump back to its first item by content and step forward again, reading it back.
    sequence = rng.normal(size=(5, width))
    weights = np.eye(n_rows)[0]
    for item in sequence:
        memory = write_memory(memory, weights, np.ones(width), item)
        weights = address_memory(memory, weights, key, 0.0, 0.0, step_forward, 1.0)
    weights = address_memory(memory, weights, sequence[0], 100.0, 1.0, stay, 10.0)
    recalled = []
    for _ in sequence:
        recalled.append(read_memory(memory, weights))
        weights = address_memory(memory, weights, key, 0.0, 0.0, step_forward, 1.0)
    print("written item 3:", np.round(sequence[3], 3))
    print("read item 3:   ", np.round(recalled[3], 3))
    assert np.allclose(recalled, sequence, atol=1e-6)

    # Associative recall: a noisy cue retrieves the clean stored vector.
    cue = sequence[3] + rng.normal(scale=0.1, size=width)
    retrieved = read_memory(memory, address_memory(memory, weights, cue, 30.0, 1.0, stay, 1.0))
    print(f"recall from a noisy cue: error {np.max(np.abs(retrieved - sequence[3])):.1e}")
    assert np.allclose(retrieved, sequence[3], atol=1e-2)
    print("neural Turing machine memory: all checks passed")

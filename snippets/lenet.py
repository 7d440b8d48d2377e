"""LeNet-5 (LeCun, Bottou, Bengio & Haffner, 1998) from scratch, in its original form.

32x32 input -> C1: 6 maps 5x5 conv (28x28) -> S2: 2x2 subsampling (14x14) -> C3: 16 maps 5x5 conv over
chosen subsets of S2 (10x10) -> S4: subsampling (5x5) -> C5: 120 maps 5x5 conv (1x1) -> F6: 84 units ->
10 Euclidean RBF outputs. Subsampling units add their 4 inputs, scale by one trainable coefficient and add
a trainable bias; every layer up to F6 is squashed by f(a) = 1.7159 tanh(2a/3).
"""

from __future__ import annotations

import numpy as np
from _cnn_architectures import conv2d, output_size

SQUASH_AMPLITUDE, SQUASH_SLOPE = 1.7159, 2.0 / 3.0


def c3_connections() -> list[tuple[int, ...]]:
    """Which S2 maps feed each C3 map: every cyclic run of 3, every cyclic run of 4, three split 4-sets, all 6."""
    runs = [tuple((start + i) % 6 for i in range(length)) for length in (3, 4) for start in range(6)]
    return runs + [(0, 1, 3, 4), (1, 2, 4, 5), (0, 2, 3, 5), tuple(range(6))]


def squash(a: np.ndarray) -> np.ndarray:
    """LeNet's scaled tanh: f(a) = A tanh(S a) with A = 1.7159, S = 2/3 (so f(1) = 1 and f(-1) = -1)."""
    return SQUASH_AMPLITUDE * np.tanh(SQUASH_SLOPE * a)


def subsample(x: np.ndarray, coefficient: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """S-layer: sum each non-overlapping 2x2 block, times a per-map coefficient, plus a per-map bias."""
    n, c, h, w = x.shape
    block_sums = x.reshape(n, c, h // 2, 2, w // 2, 2).sum(axis=(3, 5))
    return block_sums * coefficient[None, :, None, None] + bias[None, :, None, None]


def init_lenet5(rng: np.random.Generator) -> dict[str, tuple[np.ndarray, ...]]:
    """Trainable parameters of every layer (weights uniform in +-2.4/fan_in as in the paper), plus fixed RBF codes."""

    def uniform(fan_in: int, *shape: int) -> np.ndarray:
        return rng.uniform(-2.4 / fan_in, 2.4 / fan_in, size=shape)

    return {
        "C1": (uniform(25, 6, 1, 5, 5), np.zeros(6)),
        "S2": (np.full(6, 0.25), np.zeros(6)),
        "C3": tuple((uniform(25 * len(m), len(m), 5, 5), np.zeros(1)) for m in c3_connections()),
        "S4": (np.full(16, 0.25), np.zeros(16)),
        "C5": (uniform(400, 120, 16, 5, 5), np.zeros(120)),
        "F6": (uniform(120, 84, 120), np.zeros(84)),
        "RBF": (rng.choice([-1.0, 1.0], size=(10, 84)),),  # fixed +-1 codes (7x12 bitmaps in the paper)
    }


def lenet5_forward(images: np.ndarray, params: dict) -> dict[str, np.ndarray]:
    """Every layer's output for images (N, 1, 32, 32); 'RBF' holds the 10 penalties (smallest = predicted class)."""
    out = {"C1": squash(conv2d(images, *params["C1"]))}
    out["S2"] = squash(subsample(out["C1"], *params["S2"]))
    c3_maps = [conv2d(out["S2"][:, list(m)], w[None], b) for m, (w, b) in zip(c3_connections(), params["C3"])]
    out["C3"] = squash(np.concatenate(c3_maps, axis=1))
    out["S4"] = squash(subsample(out["C3"], *params["S4"]))
    out["C5"] = squash(conv2d(out["S4"], *params["C5"]))
    out["F6"] = squash(out["C5"].reshape(len(images), 120) @ params["F6"][0].T + params["F6"][1])
    out["RBF"] = ((out["F6"][:, None, :] - params["RBF"][0][None]) ** 2).sum(axis=2)
    return out


def lenet5_param_counts() -> dict[str, int]:
    """Trainable parameters per layer, counted from the arrays of an initialised LeNet-5 (RBF codes are fixed)."""
    params = init_lenet5(np.random.default_rng(0))
    c3_arrays = [array for pair in params["C3"] for array in pair]
    layers = {"C1": params["C1"], "S2": params["S2"], "C3": c3_arrays, "S4": params["S4"],
              "C5": params["C5"], "F6": params["F6"]}
    return {name: sum(array.size for array in arrays) for name, arrays in layers.items()}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    params = init_lenet5(rng)
    images = rng.normal(size=(4, 1, 32, 32))
    outputs = lenet5_forward(images, params)
    for name, value in outputs.items():
        print(f"{name:>3}: {tuple(value.shape[1:])}")

    # The feature-map sizes of the paper: 32 -> 28 -> 14 -> 10 -> 5 -> 1, with 6, 6, 16, 16, 120 maps.
    paper_shapes = {"C1": (6, 28, 28), "S2": (6, 14, 14), "C3": (16, 10, 10), "S4": (16, 5, 5), "C5": (120, 1, 1)}
    for name, shape in paper_shapes.items():
        assert outputs[name].shape[1:] == shape
    assert output_size(output_size(output_size(output_size(32, 5), 2, 2), 5), 2, 2) == 5
    assert outputs["F6"].shape == (4, 84) and outputs["RBF"].shape == (4, 10) and np.all(outputs["RBF"] >= 0)

    # The trainable-parameter counts quoted in the paper, and their famous total of 60,000.
    counts = lenet5_param_counts()
    assert counts == {"C1": 156, "S2": 12, "C3": 1516, "S4": 32, "C5": 48120, "F6": 10164}
    assert sum(counts.values()) == 60_000
    print("trainable parameters:", counts, "total", sum(counts.values()))

    # Connections (every unit's inputs plus its bias): 340,908 in all, because weights are shared.
    units = {name: int(np.prod(outputs[name].shape[1:])) for name in ("C1", "S2", "S4")}
    connections = {
        "C1": units["C1"] * (25 + 1),
        "S2": units["S2"] * (4 + 1),
        "C3": 10 * 10 * sum(25 * len(m) + 1 for m in c3_connections()),
        "S4": units["S4"] * (4 + 1),
        "C5": 120 * (16 * 25 + 1),
        "F6": 84 * (120 + 1),
        "RBF": 10 * 84,
    }
    assert connections["C1"] == 122_304 and connections["C3"] == 151_600
    assert sum(connections.values()) == 340_908

    # The C3 table breaks symmetry between maps yet treats every S2 map alike: each feeds exactly 10 C3 maps.
    table = np.zeros((6, 16), dtype=int)
    for j, maps in enumerate(c3_connections()):
        table[list(maps), j] = 1
    assert table.sum(axis=1).tolist() == [10] * 6 and len(set(c3_connections())) == 16
    # Partial connection = a full convolution whose kernels for unconnected pairs are zero.
    dense_weight = np.zeros((16, 6, 5, 5))
    for j, (maps, (w, _)) in enumerate(zip(c3_connections(), params["C3"])):
        dense_weight[j, list(maps)] = w
    dense_bias = np.concatenate([b for _, b in params["C3"]])
    assert np.allclose(squash(conv2d(outputs["S2"], dense_weight, dense_bias)), outputs["C3"])
    assert np.isclose(squash(1.0), 1.0, atol=1e-4)
    print("lenet: all checks passed")

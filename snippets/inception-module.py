"""The Inception module (GoogLeNet, Szegedy et al.): four parallel branches joined along the channel axis.

Branches: a 1x1 conv; 1x1 "reduce" then 3x3; 1x1 reduce then 5x5; 3x3 max-pool (stride 1) then a 1x1
"pool projection". Padding keeps every branch at the input's height and width, so their outputs can be
stacked channel-wise. The cheap 1x1 reductions shrink the channel count before the expensive 3x3 and 5x5
filters, which is what keeps a wide, multi-scale module affordable. Every conv is followed by a ReLU.
"""

from __future__ import annotations

import numpy as np
from _cnn_architectures import conv2d, max_pool, relu

BRANCH_ORDER = ("1x1", "3x3", "5x5", "pool_proj")


def inception_module(x: np.ndarray, params: dict[str, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Run x (N, C, H, W) through the four branches and concatenate them: (N, n1 + n3 + n5 + n_pool, H, W)."""

    def conv_relu(inputs: np.ndarray, name: str) -> np.ndarray:
        weight, bias = params[name]
        return relu(conv2d(inputs, weight, bias, padding=weight.shape[-1] // 2))

    branches = {
        "1x1": conv_relu(x, "1x1"),
        "3x3": conv_relu(conv_relu(x, "3x3_reduce"), "3x3"),
        "5x5": conv_relu(conv_relu(x, "5x5_reduce"), "5x5"),
        "pool_proj": conv_relu(max_pool(x, 3, 1, padding=1), "pool_proj"),
    }
    return np.concatenate([branches[name] for name in BRANCH_ORDER], axis=1)


def init_inception(
    in_channels: int, n1: int, n3_reduce: int, n3: int, n5_reduce: int, n5: int, pool_proj: int,
    rng: np.random.Generator,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Random weights for a module with the widths of one row of GoogLeNet's Table 1."""
    shapes = {
        "1x1": (n1, in_channels, 1), "3x3_reduce": (n3_reduce, in_channels, 1), "3x3": (n3, n3_reduce, 3),
        "5x5_reduce": (n5_reduce, in_channels, 1), "5x5": (n5, n5_reduce, 5), "pool_proj": (pool_proj, in_channels, 1),
    }
    return {
        name: (rng.normal(0, np.sqrt(2 / (c * k * k)), size=(o, c, k, k)), rng.normal(0, 0.1, size=o))
        for name, (o, c, k) in shapes.items()
    }


def branch_weights(in_channels: int, reduce: int, out: int, kernel: int) -> int:
    """Weights of a k x k branch: k^2 * C * out directly, or C * reduce + k^2 * reduce * out after a 1x1 reduction."""
    if reduce == 0:
        return kernel * kernel * in_channels * out
    return in_channels * reduce + kernel * kernel * reduce * out


def inception_params(
    in_channels: int, n1: int, n3_reduce: int, n3: int, n5_reduce: int, n5: int, pool_proj: int, bias: bool = True
) -> int:
    """The parameter count the design predicts for one module (biases: one per output channel of each conv)."""
    weights = (in_channels * n1 + branch_weights(in_channels, n3_reduce, n3, 3)
               + branch_weights(in_channels, n5_reduce, n5, 5) + in_channels * pool_proj)
    biases = n1 + n3_reduce + n3 + n5_reduce + n5 + pool_proj
    return weights + (biases if bias else 0)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    widths_3a = (192, 64, 96, 128, 16, 32, 32)  # inception (3a): input 192 channels at 28x28
    params = init_inception(*widths_3a, rng=rng)
    x = rng.normal(size=(1, 192, 12, 12))  # a 12x12 crop keeps the demonstration fast
    y = inception_module(x, params)
    print(f"inception (3a): input {x.shape[1:]} -> output {y.shape[1:]} = 64 + 128 + 32 + 32 channels")
    assert y.shape == (1, 64 + 128 + 32 + 32, 12, 12)

    # Concatenation: changing one branch's weights changes exactly that branch's block of channels.
    bounds = np.cumsum([0, 64, 128, 32, 32])
    for branch, first_layer in zip(BRANCH_ORDER, ("1x1", "3x3_reduce", "5x5_reduce", "pool_proj")):
        changed = dict(params, **{first_layer: (params[first_layer][0] * 1.5, params[first_layer][1])})
        differs = np.any(inception_module(x, changed) != y, axis=(0, 2, 3))
        block = np.zeros(y.shape[1], dtype=bool)
        block[bounds[BRANCH_ORDER.index(branch)] : bounds[BRANCH_ORDER.index(branch) + 1]] = True
        assert not differs[~block].any() and differs[block].mean() > 0.5

    # Multi-scale: a bump at one pixel reaches a 1x1, 3x3, 5x5 and 3x3 (pooled) neighbourhood in the four branches.
    bumped = x.copy()
    bumped[:, :, 6, 6] += 3.0
    changed = np.any(inception_module(bumped, params) != y, axis=0)  # (channels, height, width)
    for name, start, stop, footprint in zip(BRANCH_ORDER, bounds[:-1], bounds[1:], (1, 3, 5, 3)):
        rows, cols = np.nonzero(changed[start:stop].any(axis=0))
        assert (np.ptp(rows) + 1, np.ptp(cols) + 1) == (footprint, footprint), name
    print("a one-pixel bump spreads over 1x1, 3x3, 5x5 and 3x3 windows in the four branches")

    # The parameter count of the arrays is the one the design predicts.
    counted = sum(w.size + b.size for w, b in params.values())
    assert counted == inception_params(*widths_3a)
    # Multiply-adds at the real 28x28 resolution: 128M, the figure in GoogLeNet's Table 1.
    weights_only = sum(w.size for w, _ in params.values())
    assert round(weights_only * 28 * 28 / 1e6) == 128

    # 1x1 reductions: the 5x5 branch shrinks ~9.7x; the whole module ~2.4x versus 3x3/5x5 applied to 192 channels.
    reduced_5x5 = params["5x5_reduce"][0].size + params["5x5"][0].size
    factor_5x5 = branch_weights(192, 0, 32, 5) / reduced_5x5
    naive = 192 * 64 + branch_weights(192, 0, 128, 3) + branch_weights(192, 0, 32, 5)
    factor_module = naive / weights_only
    print(f"5x5 branch: {branch_weights(192, 0, 32, 5):,d} -> {reduced_5x5:,d} weights (x{factor_5x5:.2f});"
          f" module: {naive:,d} -> {weights_only:,d} (x{factor_module:.2f})")
    assert np.isclose(factor_5x5, 153_600 / 15_872) and factor_module > 2.3
    print("inception-module: all checks passed")

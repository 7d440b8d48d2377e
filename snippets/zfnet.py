"""ZFNet (Zeiler & Fergus, 2014): AlexNet with a finer first layer, found by looking inside the network.

Their deconvnet projects a feature map back to pixels by undoing each layer: unpooling puts every pooled
value back where its maximum came from (the recorded "switches"), a ReLU keeps it non-negative, and the
transposed filters map it down a layer. The pictures showed AlexNet's 11x11 stride-4 first layer wasting
filters and aliasing, so ZFNet uses 7x7 filters with stride 2, and dense (single-GPU) layers 3-5.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _cnn_architectures import Conv, Dense, Layer, LayerShape, Pool, forward, init_params, output_size, trace_shapes
from numpy.lib.stride_tricks import sliding_window_view


def zfnet_layers(width: float = 1.0, classes: int = 1000) -> list[Layer]:
    """The architecture of the paper's Figure 3; `width` scales the channels. Pooled sizes are rounded up."""

    def c(channels: int) -> int:
        return max(1, round(channels * width))

    return [
        Conv("conv1", c(96), 7, stride=2, padding=1), Pool("pool1", 3, 2, ceil_mode=True),
        Conv("conv2", c(256), 5, stride=2), Pool("pool2", 3, 2, ceil_mode=True),
        Conv("conv3", c(384), 3, padding=1), Conv("conv4", c(384), 3, padding=1),
        Conv("conv5", c(256), 3, padding=1), Pool("pool5", 3, 2),
        Dense("fc6", c(4096)), Dense("fc7", c(4096)), Dense("fc8", classes),
    ]


def zfnet_shapes(input_size: int = 224) -> dict[str, LayerShape]:
    """Output shape and parameter count of every layer of ZFNet."""
    return {row.name: row for row in trace_shapes(zfnet_layers(), (3, input_size, input_size))}


def max_pool_with_switches(x: np.ndarray, kernel_size: int, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """Max-pool x (N, C, H, W) and record each maximum's position as a flat index into its H x W map."""
    windows = sliding_window_view(x, (kernel_size, kernel_size), axis=(2, 3))[:, :, ::stride, ::stride]
    flat = windows.reshape(*windows.shape[:4], -1)
    winner = flat.argmax(axis=-1)
    out_h, out_w = np.indices(winner.shape[2:])
    rows = out_h * stride + winner // kernel_size
    cols = out_w * stride + winner % kernel_size
    return flat.max(axis=-1), rows * x.shape[3] + cols


def max_unpool(pooled: np.ndarray, switches: np.ndarray, output_shape: tuple[int, ...]) -> np.ndarray:
    """Deconvnet unpooling: add every pooled value back at its switch; all other cells are zero."""
    n, c, h, w = output_shape
    out = np.zeros((n, c, h * w))
    batch, channel = np.indices(pooled.shape[:2])
    np.add.at(out, (batch[..., None, None], channel[..., None, None], switches), pooled)
    return out.reshape(output_shape)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    shapes = zfnet_shapes()
    maps = [f"{r.name} {r.channels}x{r.height}" for r in shapes.values() if r.height > 1]
    print("ZFNet feature maps:", " -> ".join(maps))

    # The sizes printed in the paper's architecture figure.
    sizes = [shapes[n].height for n in ("conv1", "pool1", "conv2", "pool2", "conv3", "conv4", "conv5", "pool5")]
    assert sizes == [110, 55, 26, 13, 13, 13, 13, 6]

    # First layer: 7x7 stride 2 samples the image on a grid four times denser than AlexNet's 11x11 stride 4,
    # with fewer weights per filter.
    alexnet_side = output_size(227, 11, 4)
    assert (shapes["conv1"].height / alexnet_side) ** 2 == 4.0
    assert shapes["conv1"].params == 96 * 7 * 7 * 3 + 96 < 96 * 11 * 11 * 3 + 96
    print(f"layer 1: {shapes['conv1'].height}^2 positions vs AlexNet's {alexnet_side}^2;"
          f" {shapes['conv1'].params:,d} vs {96 * 11 * 11 * 3 + 96:,d} parameters")

    # Unpooling with switches puts each maximum back in place and leaves zeros elsewhere.
    x = rng.normal(size=(2, 3, 8, 8))
    pooled, switches = max_pool_with_switches(x, 2, 2)
    restored = max_unpool(pooled, switches, x.shape)
    assert np.array_equal(restored[restored != 0], x[restored != 0]) and np.count_nonzero(restored) == pooled.size

    # Unpooling is exactly the adjoint of max-pooling at fixed switches: it equals the gradient of
    # sum(top_down * maxpool(x)), here checked by finite differences on overlapping 3x3 stride-2 windows.
    x = rng.normal(size=(1, 2, 9, 9))
    pooled, switches = max_pool_with_switches(x, 3, 2)
    top_down = rng.normal(size=pooled.shape)
    numeric = numerical_gradient(lambda v: float(np.sum(max_pool_with_switches(v, 3, 2)[0] * top_down)), x)
    error = relative_error(max_unpool(top_down, switches, x.shape), numeric)
    print(f"unpooling vs finite-difference gradient of max-pooling: relative error {error:.1e}")
    assert error < 1e-6

    # A ZFNet with 1/8 of the channels runs on a 224x224 image and produces the traced shapes.
    small_net = zfnet_layers(width=1 / 8, classes=10)
    outputs = forward(small_net, init_params(small_net, 3, 224, rng), rng.normal(size=(1, 3, 224, 224)))
    for out, row in zip(outputs, trace_shapes(small_net, (3, 224, 224))):
        assert out.shape[1:] == (row.channels, row.height, row.width)
    print("zfnet: all checks passed")

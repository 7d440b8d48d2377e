"""AlexNet (Krizhevsky, Sutskever & Hinton, 2012): its layer table recomputed, and a scaled-down forward pass.

Five convolutional layers and three fully connected ones, ReLU everywhere, local response normalisation
(LRN) after conv1 and conv2, and overlapping 3x3 max-pooling with stride 2. The network was split over two
GPUs: conv2, conv4 and conv5 only see the half of the previous layer on their own GPU (groups = 2).
"""

from __future__ import annotations

import numpy as np
from _cnn_architectures import (
    Conv,
    Dense,
    Layer,
    LayerShape,
    Pool,
    conv2d,
    init_params,
    max_pool,
    output_size,
    relu,
    trace_shapes,
)


def alexnet_layers(width: float = 1.0, two_gpu: bool = True, classes: int = 1000) -> list[Layer]:
    """The layer table of the paper; `width` scales every layer's channels, `two_gpu` keeps the grouping."""
    g = 2 if two_gpu else 1

    def c(channels: int) -> int:
        return max(1, round(channels * width))

    return [
        Conv("conv1", c(96), 11, stride=4), Pool("pool1", 3, 2),
        Conv("conv2", c(256), 5, padding=2, groups=g), Pool("pool2", 3, 2),
        Conv("conv3", c(384), 3, padding=1),
        Conv("conv4", c(384), 3, padding=1, groups=g),
        Conv("conv5", c(256), 3, padding=1, groups=g), Pool("pool5", 3, 2),
        Dense("fc6", c(4096)), Dense("fc7", c(4096)), Dense("fc8", classes),
    ]


def alexnet_shapes(input_size: int = 227) -> dict[str, LayerShape]:
    """Output shape and parameter count of every layer of the original (two-GPU) AlexNet."""
    return {row.name: row for row in trace_shapes(alexnet_layers(), (3, input_size, input_size))}


def local_response_norm(
    a: np.ndarray, size: int = 5, k: float = 2.0, alpha: float = 1e-4, beta: float = 0.75
) -> np.ndarray:
    """b_i = a_i / (k + alpha * sum of a_j^2 over the `size` channels j centred on i)^beta, at every pixel."""
    half = size // 2
    squares = np.pad(a**2, ((0, 0), (half, size - 1 - half), (0, 0), (0, 0)))
    neighbourhood = sum(squares[:, j : j + a.shape[1]] for j in range(size))
    return a / (k + alpha * neighbourhood) ** beta


def alexnet_forward(images: np.ndarray, layers: list[Layer], params: list) -> list[np.ndarray]:
    """Every layer's output for an ungrouped AlexNet layer table: ReLU, LRN after conv1/conv2, max-pooling."""
    outputs, x = [], images
    for layer, p in zip(layers, params):
        if isinstance(layer, Conv):
            x = relu(conv2d(x, p[0], p[1], layer.stride, layer.padding))
            if layer.name in ("conv1", "conv2"):
                x = local_response_norm(x)
        elif isinstance(layer, Pool):
            x = max_pool(x, layer.kernel, layer.stride)
        else:
            x = x.reshape(len(x), -1) @ p[0].T + p[1]
            x = (x if layer.name == "fc8" else relu(x))[:, :, None, None]
        outputs.append(x)
    return outputs


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    shapes = alexnet_shapes()
    for row in shapes.values():
        print(f"{row.name:>5}: {row.channels:4d} x {row.height:2d} x {row.width:2d}   {row.params:>10,d} params")

    # The 227 vs 224 puzzle: the paper says 224, but only 227 makes an 11x11 stride-4 window land on 55 exactly.
    assert (shapes["conv1"].height, output_size(224, 11, 4)) == (55, 54)
    assert [shapes[n].height for n in ("pool1", "pool2", "pool5")] == [27, 13, 6]  # overlapping 3x3/2 pooling
    assert shapes["conv2"].params == 256 * 5 * 5 * 48 + 256  # "256 kernels of size 5x5x48": one GPU's half

    # "60 million parameters and 650,000 neurons"; the fully connected layers hold almost all of the weights.
    total = sum(row.params for row in shapes.values())
    neurons = sum(row.channels * row.height * row.width for row in shapes.values() if not row.name.startswith("pool"))
    fully_connected = sum(shapes[n].params for n in ("fc6", "fc7", "fc8"))
    print(f"total {total:,d} parameters, {neurons:,d} neurons, {fully_connected / total:.1%} in fc6-fc8")
    assert 60e6 <= total < 61e6 and abs(neurons - 650_000) < 0.02 * 650_000 and fully_connected / total > 0.95

    # LRN: a lone active channel gets a / (k + alpha a^2)^beta; tiny activations are just divided by k^beta.
    lone = np.zeros((1, 7, 1, 1))
    lone[0, 3] = 10.0
    assert np.isclose(local_response_norm(lone)[0, 3, 0, 0], 10.0 / (2.0 + 1e-4 * 100.0) ** 0.75)
    small = rng.normal(size=(1, 8, 2, 2)) * 1e-4
    assert np.allclose(local_response_norm(small), small / 2.0**0.75)
    # The window is centred: a change in channel 4 reaches channels 2 to 6 and no others.
    a = rng.uniform(0, 50, size=(1, 8, 2, 2))
    b = a.copy()
    b[0, 4] *= 3.0
    reached = np.any(local_response_norm(a) != local_response_norm(b), axis=(0, 2, 3))
    assert np.flatnonzero(reached).tolist() == [2, 3, 4, 5, 6]

    # A one-GPU AlexNet with 1/8 of the channels, run on a real-sized 227x227 input: shapes match the trace.
    small_net = alexnet_layers(width=1 / 8, two_gpu=False, classes=10)
    params = init_params(small_net, 3, 227, rng)
    outputs = alexnet_forward(rng.normal(size=(2, 3, 227, 227)), small_net, params)
    for out, row in zip(outputs, trace_shapes(small_net, (3, 227, 227))):
        assert out.shape[1:] == (row.channels, row.height, row.width)
    print("scaled-down forward pass: logits", outputs[-1].shape[:2], np.round(outputs[-1][0, :4, 0, 0], 3))
    print("alexnet: all checks passed")

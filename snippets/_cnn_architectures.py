"""Building blocks shared by the CNN-architecture snippets.

Arrays follow the (batch, channels, height, width) layout, and convolution weights the
(out_channels, in_channels, kernel_height, kernel_width) layout, so results line up with the usual
framework conventions. Convolution here is cross-correlation, as in every deep-learning library.
`trace_shapes` walks a layer table (Conv / Pool / Dense specs) and reports each layer's output shape and
parameter count, which is how the architecture snippets recompute the numbers quoted in the papers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def output_size(size: int, kernel: int, stride: int = 1, padding: int = 0, ceil_mode: bool = False) -> int:
    """Side length after a sliding window: floor((size + 2*padding - kernel) / stride) + 1 (or ceil)."""
    span = size + 2 * padding - kernel
    if span < 0:
        raise ValueError(f"a {kernel}-wide window does not fit into {size} + 2*{padding}")
    steps = math.ceil(span / stride) if ceil_mode else span // stride
    if ceil_mode and steps * stride >= size + padding:
        steps -= 1  # the last window must start inside the input or its left padding
    return steps + 1


def conv_params(in_channels: int, out_channels: int, kernel: int, groups: int = 1, bias: bool = True) -> int:
    """Weights (+ biases) of a k x k convolution: C_out * (C_in / groups) * k^2 (+ C_out)."""
    return out_channels * (in_channels // groups) * kernel * kernel + (out_channels if bias else 0)


def relu(x: np.ndarray) -> np.ndarray:
    """max(0, x) elementwise."""
    return np.maximum(x, 0.0)


def _windows(x: np.ndarray, kernel: tuple[int, int], stride: int, padding: int) -> np.ndarray:
    """All kernel-sized patches of zero-padded x, shaped (N, C, out_h, out_w, kh, kw) (a view, no copy)."""
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    return sliding_window_view(padded, kernel, axis=(2, 3))[:, :, ::stride, ::stride]


def conv2d(
    x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """Multi-channel 2-D cross-correlation: x (N, C, H, W), weight (O, C, kh, kw) -> (N, O, H', W')."""
    patches = _windows(x, weight.shape[2:], stride, padding)
    out = np.tensordot(patches, weight, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    return out if bias is None else out + bias[None, :, None, None]


def conv2d_backward(
    x: np.ndarray, weight: np.ndarray, grad_out: np.ndarray, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (d x, d weight, d bias) of a loss, given d loss / d conv2d(x, weight) = grad_out."""
    kh, kw = weight.shape[2:]
    patches = _windows(x, (kh, kw), stride, padding)
    grad_weight = np.tensordot(grad_out, patches, axes=([0, 2, 3], [0, 2, 3]))
    grad_patches = np.tensordot(grad_out, weight, axes=([1], [0]))  # (N, out_h, out_w, C, kh, kw)
    n, c, h, w = x.shape
    grad_padded = np.zeros((n, c, h + 2 * padding, w + 2 * padding))
    out_h, out_w = grad_out.shape[2:]
    for i in range(kh):
        for j in range(kw):
            rows = slice(i, i + stride * (out_h - 1) + 1, stride)
            cols = slice(j, j + stride * (out_w - 1) + 1, stride)
            grad_padded[:, :, rows, cols] += grad_patches[..., i, j].transpose(0, 3, 1, 2)
    grad_x = grad_padded[:, :, padding : padding + h, padding : padding + w]
    return grad_x, grad_weight, grad_out.sum(axis=(0, 2, 3))


def max_pool(x: np.ndarray, kernel: int, stride: int, padding: int = 0, ceil_mode: bool = False) -> np.ndarray:
    """Per-channel max over kernel x kernel windows; padding counts as -inf, so it never wins."""
    out_h = output_size(x.shape[2], kernel, stride, padding, ceil_mode)
    out_w = output_size(x.shape[3], kernel, stride, padding, ceil_mode)
    extra_h = (out_h - 1) * stride + kernel - x.shape[2] - padding  # right/bottom padding incl. ceil overhang
    extra_w = (out_w - 1) * stride + kernel - x.shape[3] - padding
    padded = np.pad(
        x,
        ((0, 0), (0, 0), (padding, max(extra_h, 0)), (padding, max(extra_w, 0))),
        constant_values=-np.inf,
    )
    windows = sliding_window_view(padded, (kernel, kernel), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows[:, :, :out_h, :out_w].max(axis=(4, 5))


@dataclass(frozen=True)
class Conv:
    """A convolutional layer with bias; `groups` > 1 splits channels into independent groups (AlexNet)."""

    name: str
    out_channels: int
    kernel: int
    stride: int = 1
    padding: int = 0
    groups: int = 1


@dataclass(frozen=True)
class Pool:
    """A parameter-free pooling layer (max or average: the shapes are the same)."""

    name: str
    kernel: int
    stride: int
    padding: int = 0
    ceil_mode: bool = False


@dataclass(frozen=True)
class Dense:
    """A fully connected layer with bias; it flattens whatever arrives."""

    name: str
    out_features: int


Layer = Conv | Pool | Dense


@dataclass(frozen=True)
class LayerShape:
    """One row of a layer table: the output shape (channels, height, width) and the parameter count."""

    name: str
    channels: int
    height: int
    width: int
    params: int


def trace_shapes(layers: list[Layer], in_shape: tuple[int, int, int]) -> list[LayerShape]:
    """Each layer's output shape and parameter count for an input of shape (channels, height, width)."""
    channels, height, width = in_shape
    rows = []
    for layer in layers:
        if isinstance(layer, Conv):
            params = conv_params(channels, layer.out_channels, layer.kernel, layer.groups)
            height = output_size(height, layer.kernel, layer.stride, layer.padding)
            width = output_size(width, layer.kernel, layer.stride, layer.padding)
            channels = layer.out_channels
        elif isinstance(layer, Pool):
            params = 0
            height = output_size(height, layer.kernel, layer.stride, layer.padding, layer.ceil_mode)
            width = output_size(width, layer.kernel, layer.stride, layer.padding, layer.ceil_mode)
        else:
            params = channels * height * width * layer.out_features + layer.out_features
            channels, height, width = layer.out_features, 1, 1
        rows.append(LayerShape(layer.name, channels, height, width, params))
    return rows


def init_params(layers: list[Layer], in_channels: int, in_size: int, rng: np.random.Generator) -> list:
    """He-initialised (weight, bias) pairs for every Conv/Dense layer of an ungrouped layer table."""
    params = []
    shapes = trace_shapes(layers, (in_channels, in_size, in_size))
    previous = [(in_channels, in_size, in_size)] + [(s.channels, s.height, s.width) for s in shapes[:-1]]
    for layer, (c, h, w) in zip(layers, previous):
        if isinstance(layer, Conv):
            fan_in = c * layer.kernel**2
            weight = rng.normal(0.0, math.sqrt(2.0 / fan_in), (layer.out_channels, c, layer.kernel, layer.kernel))
            params.append((weight, np.zeros(layer.out_channels)))
        elif isinstance(layer, Dense):
            fan_in = c * h * w
            weight = rng.normal(0.0, math.sqrt(2.0 / fan_in), (layer.out_features, fan_in))
            params.append((weight, np.zeros(layer.out_features)))
        else:
            params.append(None)
    return params


def forward(layers: list[Layer], params: list, x: np.ndarray) -> list[np.ndarray]:
    """Run a layer table (ReLU after every Conv and every Dense but the last; max pooling); return each output."""
    outputs = []
    last_dense = max((i for i, layer in enumerate(layers) if isinstance(layer, Dense)), default=-1)
    for i, (layer, p) in enumerate(zip(layers, params)):
        if isinstance(layer, Conv):
            x = relu(conv2d(x, p[0], p[1], layer.stride, layer.padding))
        elif isinstance(layer, Pool):
            x = max_pool(x, layer.kernel, layer.stride, layer.padding, layer.ceil_mode)
        else:
            x = x.reshape(x.shape[0], -1) @ p[0].T + p[1]
            x = (x if i == last_dense else relu(x))[:, :, None, None]
        outputs.append(x)
    return outputs

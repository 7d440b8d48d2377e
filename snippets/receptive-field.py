"""Receptive field: the patch of input pixels that can influence one unit of a convolutional network.

For a chain of layers with kernel sizes k_l, strides s_l and dilations d_l the size grows as
r = 1 + sum_l d_l (k_l - 1) * prod_{i<l} s_i: each layer widens the field by its (dilated) kernel extent,
measured in input pixels, i.e. multiplied by the product of all earlier strides (the "jump").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from _cnn_operations import correlate2d, pool2d


@dataclass(frozen=True)
class Layer:
    """A sliding-window layer (convolution or pooling), as far as geometry is concerned."""

    kernel_size: int
    stride: int = 1
    padding: int = 0
    dilation: int = 1


def receptive_field(layers: Sequence[Layer]) -> tuple[int, int]:
    """(size, jump): the side of the input patch one output unit sees, and the input step between neighbours."""
    size, jump = 1, 1
    for layer in layers:
        size += layer.dilation * (layer.kernel_size - 1) * jump
        jump *= layer.stride
    return size, jump


def receptive_window(layers: Sequence[Layer], index: int) -> range:
    """Input coordinates (along one axis, before clipping to the image) seen by output unit `index`."""
    size, jump = receptive_field(layers)
    start, stride_product = index * jump, 1
    for layer in layers:
        start -= layer.padding * stride_product
        stride_product *= layer.stride
    return range(start, start + size)


def growth_with_depth() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Receptive field after 1 to 10 stacked 3x3 layers: plain (linear growth), stride 2 and dilation 2^l."""
    depth = np.arange(1, 11)
    stacks = {"3x3, stride 1": lambda n: [Layer(3)] * n, "3x3, stride 2": lambda n: [Layer(3, stride=2)] * n,
              "3x3, dilation 2^l": lambda n: [Layer(3, dilation=2**i) for i in range(n)]}
    return {label: (depth.astype(float), np.array([receptive_field(make(int(n)))[0] for n in depth], dtype=float))
            for label, make in stacks.items()}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    print("three stacked 3x3 convolutions: receptive field", receptive_field([Layer(3)] * 3)[0])

    # A small network: conv, 2x2 average pool (stride 2), padded dilated conv, padded strided conv, with tanh.
    network = [("conv", Layer(3)), ("pool", Layer(2, stride=2)), ("conv", Layer(3, padding=1, dilation=2)),
               ("conv", Layer(3, stride=2, padding=1))]
    layers = [layer for _, layer in network]
    kernels = [rng.normal(size=(layer.kernel_size, layer.kernel_size)) for layer in layers]

    def forward(images: np.ndarray) -> np.ndarray:
        """Run a batch of images (batch, H, W) through the network."""
        for (kind, layer), kernel in zip(network, kernels):
            pad = layer.padding
            images = np.pad(images, ((0, 0), (pad, pad), (pad, pad)))
            if kind == "pool":
                images = pool2d(images, layer.kernel_size, layer.stride, np.mean)
            else:
                images = np.tanh(correlate2d(images, kernel, layer.stride, layer.dilation))
        return images

    # Perturb each of the 32x32 input pixels in turn and record which ones change a given output unit; compare with
    # the closed-form window (clipped to the image for a border unit, whose field hangs over the padding).
    side = 32
    base = rng.normal(size=(side, side))
    perturbed = np.repeat(base[None], side * side, axis=0)
    perturbed.reshape(side * side, -1)[np.arange(side * side), np.arange(side * side)] += 1.0
    outputs, reference = forward(perturbed), forward(base[None])[0]
    size, jump = receptive_field(layers)
    for unit in [(2, 3), (0, 5)]:
        changed = (np.abs(outputs[:, unit[0], unit[1]] - reference[unit]) > 1e-12).reshape(side, side)
        rows, cols = receptive_window(layers, unit[0]), receptive_window(layers, unit[1])
        predicted = np.zeros((side, side), dtype=bool)
        predicted[max(rows.start, 0) : rows.stop, max(cols.start, 0) : cols.stop] = True
        print(f"unit {unit}: closed form rows {rows.start}..{rows.stop - 1}, cols {cols.start}..{cols.stop - 1} "
              f"({size}x{size}, jump {jump}); perturbation changes {changed.sum()} pixels")
        assert np.array_equal(changed, predicted)

    # Two stacked 3x3 convolutions see as far as one 5x5 with 18 instead of 25 weights; dilations 1, 2, 4
    # grow the field exponentially with depth.
    assert receptive_field([Layer(3), Layer(3)])[0] == receptive_field([Layer(5)])[0] == 5
    assert receptive_field([Layer(3, dilation=2**i) for i in range(3)])[0] == 15
    print("receptive-field: all checks passed")

"""VGG (Simonyan & Zisserman): depth from stacks of 3x3 convolutions, recomputed from the paper's table.

Every convolution is 3x3 with stride 1 and padding 1 (configuration C also has a few 1x1 layers); 2x2
max-pooling halves the map five times, 224 -> 7, while the width doubles 64 -> 512; three fully connected
layers follow. Three stacked 3x3 layers see a 7x7 window, like one 7x7 layer, with 27 C^2 instead of
49 C^2 weights and two extra non-linearities.
"""

from __future__ import annotations

import numpy as np
from _cnn_architectures import Conv, Dense, Layer, Pool, conv2d, conv_params, forward, init_params, trace_shapes

# Table 1 of the paper: numbers are 3x3 conv widths, "1x1-N" a 1x1 conv, "M" a 2x2 max-pool.
VGG_CONFIGS: dict[str, list[int | str]] = {
    "A": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "B": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "C": [64, 64, "M", 128, 128, "M", 256, 256, "1x1-256", "M", 512, 512, "1x1-512", "M",
          512, 512, "1x1-512", "M"],
    "D": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    "E": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
          512, 512, 512, 512, "M"],
}


def vgg_layers(config: str, width: float = 1.0, classes: int = 1000) -> list[Layer]:
    """The layer table of a VGG configuration ('A'..'E'; D is VGG-16, E is VGG-19); `width` scales channels."""

    def c(channels: int) -> int:
        return max(1, round(channels * width))

    layers: list[Layer] = []
    for i, item in enumerate(VGG_CONFIGS[config]):
        if item == "M":
            layers.append(Pool(f"pool{i}", 2, 2))
        elif isinstance(item, str):
            layers.append(Conv(f"conv{i}", c(int(item.split("-")[1])), 1))
        else:
            layers.append(Conv(f"conv{i}", c(item), 3, padding=1))
    return layers + [Dense("fc6", c(4096)), Dense("fc7", c(4096)), Dense("fc8", classes)]


def vgg_param_count(config: str) -> int:
    """Total weights and biases of a full-size VGG configuration on 224x224 RGB images."""
    return sum(row.params for row in trace_shapes(vgg_layers(config), (3, 224, 224)))


def compose_linear_stack(weights: list[np.ndarray]) -> np.ndarray:
    """The single kernel equivalent to a stack of linear 'valid' convolutions, read off from impulse responses."""
    channels, span = weights[0].shape[1], 1 + sum(w.shape[-1] - 1 for w in weights)
    impulses = np.zeros((channels, channels, span, span))
    impulses[np.arange(channels), np.arange(channels), span // 2, span // 2] = 1.0
    response = impulses
    for w in weights:
        response = conv2d(response, w, padding=w.shape[-1] - 1)  # 'full' size: nothing is cropped
    middle = response[:, :, span // 2 : span // 2 + span, span // 2 : span // 2 + span]
    return middle.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1]  # (input c, output o) -> (o, c), flipped


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # Table 2 of the paper: 133, 133, 134, 138 and 144 million parameters for configurations A to E.
    counts = {name: vgg_param_count(name) for name in VGG_CONFIGS}
    print("parameters:", {name: f"{count / 1e6:.2f}M" for name, count in counts.items()})
    assert {name: round(count / 1e6) for name, count in counts.items()} == {"A": 133, "B": 133, "C": 134,
                                                                            "D": 138, "E": 144}
    vgg16 = trace_shapes(vgg_layers("D"), (3, 224, 224))
    assert [r.height for r in vgg16 if r.name.startswith("pool")] == [112, 56, 28, 14, 7]
    assert vgg16[-3].params == 7 * 7 * 512 * 4096 + 4096  # fc6 alone holds 102.8M of VGG-16's 138M

    # Three stacked 3x3 convolutions (without the ReLUs) are exactly one convolution with a 7x7 kernel...
    channels = 4
    stack = [rng.normal(size=(channels, channels, 3, 3)) for _ in range(3)]
    kernel7 = compose_linear_stack(stack)
    x = rng.normal(size=(2, channels, 15, 15))
    stacked = conv2d(conv2d(conv2d(x, stack[0]), stack[1]), stack[2])
    assert kernel7.shape == (channels, channels, 7, 7) and np.allclose(stacked, conv2d(x, kernel7))
    # ...whose every tap is used: the stack's receptive field is the full 7x7 window.
    assert np.all(np.abs(kernel7).sum(axis=(0, 1)) > 0)
    # ...but it costs 3 * 9 C^2 weights instead of 49 C^2 (the paper's "81% more" for the 7x7 layer).
    stack_weights = sum(w.size for w in stack)
    assert stack_weights == 27 * channels**2 and kernel7.size / stack_weights == 49 / 27
    ratio = kernel7.size / stack_weights
    print(f"3 x (3x3) == one 7x7 kernel; weights {stack_weights} vs {kernel7.size} (x{ratio:.2f})")
    assert conv_params(256, 256, 7, bias=False) / (3 * conv_params(256, 256, 3, bias=False)) == 49 / 27

    # VGG-16 at 1/16 width runs on a 224x224 image, and every output has the traced shape.
    small = vgg_layers("D", width=1 / 16, classes=10)
    outputs = forward(small, init_params(small, 3, 224, rng), rng.normal(size=(1, 3, 224, 224)))
    for out, row in zip(outputs, trace_shapes(small, (3, 224, 224))):
        assert out.shape[1:] == (row.channels, row.height, row.width)
    print("VGG-16 at 1/16 width: 224x224 input ->", outputs[-4].shape[1:], "before the classifier")
    print("vgg: all checks passed")

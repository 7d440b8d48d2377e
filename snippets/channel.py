"""Channels: how a convolution combines the C_in input maps (e.g. R, G, B) into each output map.

Every output channel owns one k x k kernel per input channel. It correlates each input channel with its
own kernel and adds the C_in results (plus a bias). A 1 x 1 kernel therefore reduces to a matrix acting
on the channel vector of each pixel on its own: it mixes channels and nothing else.
"""

from __future__ import annotations

import numpy as np
from _cnn_architectures import conv2d, conv_params


def correlate2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Single-channel 'valid' cross-correlation: out[i, j] = sum_{u,v} image[i+u, j+v] * kernel[u, v]."""
    kh, kw = kernel.shape
    out_h, out_w = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    out = np.zeros((out_h, out_w))
    for u in range(kh):
        for v in range(kw):
            out += kernel[u, v] * image[u : u + out_h, v : v + out_w]
    return out


def conv_by_channels(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """Convolve x (C_in, H, W) with weight (C_out, C_in, k, k).

    out[o] = sum over input channels c of correlate2d(x[c], weight[o, c]), plus bias[o].
    """
    c_out, c_in = weight.shape[:2]
    out = np.stack([sum(correlate2d(x[c], weight[o, c]) for c in range(c_in)) for o in range(c_out)])
    return out if bias is None else out + bias[:, None, None]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    rgb = rng.uniform(0, 1, size=(3, 8, 8))  # a tiny colour image: channels, height, width
    weight, bias = rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    out = conv_by_channels(rgb, weight, bias)
    print(f"input {rgb.shape} (C_in, H, W) * weight {weight.shape} (C_out, C_in, k, k) -> output {out.shape}")

    # Agrees with an independent (patch-matrix) implementation of multi-channel convolution.
    assert np.allclose(out, conv2d(rgb[None], weight, bias)[0])

    # Channels add up: the response to the full image is the sum of the responses to each channel alone.
    alone = [conv_by_channels(np.where(np.arange(3)[:, None, None] == c, rgb, 0.0), weight) for c in range(3)]
    assert np.allclose(sum(alone) + bias[:, None, None], out)
    shares = [float(np.abs(a).mean()) for a in alone]
    print("mean |response| contributed by R, G, B:", np.round(shares, 3))

    # Permuting the input channels is harmless only if each kernel's channel axis is permuted with them.
    order = np.array([2, 0, 1])
    assert np.allclose(conv_by_channels(rgb[order], weight[:, order], bias), out)
    assert not np.allclose(conv_by_channels(rgb[order], weight, bias), out)

    # A 1x1 convolution is the same matrix applied to every pixel's channel vector.
    mixing = rng.normal(size=(5, 3))
    pointwise = conv_by_channels(rgb, mixing[:, :, None, None])
    for i, j in [(0, 0), (3, 5), (7, 7)]:
        assert np.allclose(pointwise[:, i, j], mixing @ rgb[:, i, j])
    print("1x1 conv at pixel (3, 5):", np.round(pointwise[:, 3, 5], 3), "= mixing @ rgb[:, 3, 5]")

    # The parameter count grows with C_in: every output channel holds C_in kernels, C_out * (C_in * k^2 + 1).
    assert conv_params(3, 4, 3) == weight.size + bias.size == 4 * (3 * 9 + 1)
    print("channel: all checks passed")

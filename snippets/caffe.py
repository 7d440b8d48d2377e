"""Caffe's convolution: lay every receptive field out as a column (im2col), then do one matrix multiply.

A convolution layer slides F filters of shape C x kh x kw over the image. im2col copies each kh x kw x C patch
into one column of a (C*kh*kw) x (out_h*out_w) matrix; the layer's output is then the single product
filters (F x C*kh*kw) @ columns, which runs at the speed of a tuned BLAS GEMM. The price is memory: each
input pixel is copied into up to kh*kw columns.
"""

from __future__ import annotations

import numpy as np


def conv_output_size(size: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """Positions a kernel fits in along one axis: (size + 2 padding - kernel) // stride + 1."""
    return (size + 2 * padding - kernel) // stride + 1


def im2col(image: np.ndarray, kernel_h: int, kernel_w: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """(C, H, W) -> (C*kh*kw, out_h*out_w): column j holds the patch under output position j (row-major).

    Rows are ordered channel first, then kernel row, then kernel column, matching filters.reshape(F, -1).
    """
    channels, height, width = image.shape
    out_h = conv_output_size(height, kernel_h, stride, padding)
    out_w = conv_output_size(width, kernel_w, stride, padding)
    padded = np.pad(image, ((0, 0), (padding, padding), (padding, padding)))
    columns = np.empty((channels, kernel_h, kernel_w, out_h, out_w), dtype=image.dtype)
    for i in range(kernel_h):
        for j in range(kernel_w):
            columns[:, i, j] = padded[:, i : i + stride * out_h : stride, j : j + stride * out_w : stride]
    return columns.reshape(channels * kernel_h * kernel_w, out_h * out_w)


def conv2d_im2col(images: np.ndarray, filters: np.ndarray, bias: np.ndarray,
                  stride: int = 1, padding: int = 0) -> np.ndarray:
    """Convolution layer (cross-correlation, as in Caffe and PyTorch): (N, C, H, W) -> (N, F, out_h, out_w)."""
    n_filters, _, kernel_h, kernel_w = filters.shape
    out_h = conv_output_size(images.shape[2], kernel_h, stride, padding)
    out_w = conv_output_size(images.shape[3], kernel_w, stride, padding)
    weights = filters.reshape(n_filters, -1)
    outputs = [weights @ im2col(image, kernel_h, kernel_w, stride, padding) + bias[:, None] for image in images]
    return np.stack(outputs).reshape(len(images), n_filters, out_h, out_w)


def conv2d_direct(images: np.ndarray, filters: np.ndarray, bias: np.ndarray,
                  stride: int = 1, padding: int = 0) -> np.ndarray:
    """The definition, one output at a time: y[n,f,r,c] = b[f] + sum_{k,i,j} w[f,k,i,j] x[n,k,r*s+i,c*s+j]."""
    n_images, channels, height, width = images.shape
    n_filters, _, kernel_h, kernel_w = filters.shape
    out_h = conv_output_size(height, kernel_h, stride, padding)
    out_w = conv_output_size(width, kernel_w, stride, padding)
    padded = np.pad(images, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    output = np.zeros((n_images, n_filters, out_h, out_w))
    for n in range(n_images):
        for f in range(n_filters):
            for r in range(out_h):
                for c in range(out_w):
                    total = bias[f]
                    for k in range(channels):
                        for i in range(kernel_h):
                            for j in range(kernel_w):
                                total += filters[f, k, i, j] * padded[n, k, r * stride + i, c * stride + j]
                    output[n, f, r, c] = total
    return output


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    images = rng.normal(size=(2, 3, 9, 8))
    filters = rng.normal(size=(4, 3, 3, 2))
    bias = rng.normal(size=4)

    for stride, padding in ((1, 0), (2, 1), (3, 2)):
        fast = conv2d_im2col(images, filters, bias, stride, padding)
        slow = conv2d_direct(images, filters, bias, stride, padding)
        print(f"stride {stride}, padding {padding}: output {fast.shape}, "
              f"max |im2col - direct| = {np.abs(fast - slow).max():.1e}")
        assert fast.shape == slow.shape and np.allclose(fast, slow, rtol=1e-12, atol=1e-12)

    columns = im2col(images[0], 3, 2, stride=1, padding=0)
    assert columns.shape == (3 * 3 * 2, 7 * 7)
    print(f"im2col of a 3x9x8 image for 3x2 kernels: {columns.shape} matrix, "
          f"{columns.size / images[0].size:.1f}x the input's memory")

    # Known answers: a centred one-hot 3x3 kernel with padding 1 copies its channel; a kernel of ones box-sums.
    image = rng.normal(size=(1, 1, 5, 5))
    identity = np.zeros((1, 1, 3, 3))
    identity[0, 0, 1, 1] = 1.0
    assert np.array_equal(conv2d_im2col(image, identity, np.zeros(1), padding=1), image)
    box = conv2d_im2col(image, np.ones((1, 1, 2, 2)), np.zeros(1))
    assert np.isclose(box[0, 0, 1, 3], image[0, 0, 1:3, 3:5].sum())
    print("caffe: all checks passed")

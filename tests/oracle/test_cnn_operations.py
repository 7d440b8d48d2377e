"""Oracle: convolution, padding, stride, feature maps, kernel gradients, receptive fields, complex-cell pooling and
the spatial transformer, compared with PyTorch.

torch's conv1d/conv2d compute cross-correlation (no kernel flip), so the true convolutions of the `convolution`
snippet are compared with torch applied to the flipped kernel. The spatial transformer is checked under both
`align_corners` conventions of affine_grid/grid_sample, with bilinear sampling and zero padding.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def test_convolve1d_matches_torch_on_flipped_kernel() -> None:
    rng = np.random.default_rng(0)
    signal, kernel = rng.normal(size=19), rng.normal(size=5)
    ours = snippet("convolution").convolve1d(signal, kernel)
    reference = F.conv1d(
        torch.from_numpy(signal)[None, None], torch.from_numpy(kernel[::-1].copy())[None, None], padding=4
    )[0, 0].numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_convolve2d_matches_torch_on_flipped_kernel() -> None:
    rng = np.random.default_rng(1)
    image, kernel = rng.normal(size=(9, 12)), rng.normal(size=(3, 4))
    ours = snippet("convolution").convolve2d(image, kernel)
    flipped = torch.from_numpy(kernel[::-1, ::-1].copy())[None, None]
    reference = F.conv2d(torch.from_numpy(image)[None, None], flipped, padding=(2, 3))[0, 0].numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize(
    ("ours", "torchs"),
    [("zeros", "constant"), ("replicate", "replicate"), ("reflect", "reflect"), ("circular", "circular")],
)
def test_pad2d_matches_torch(ours: str, torchs: str) -> None:
    image = np.random.default_rng(2).normal(size=(2, 3, 6, 7))
    top, bottom, left, right = 2, 1, 3, 0
    padded = snippet("padding").pad2d(image, (top, bottom, left, right), ours)
    reference = F.pad(torch.from_numpy(image), (left, right, top, bottom), mode=torchs).numpy()
    np.testing.assert_allclose(padded, reference, atol=TOLERANCE)


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize(("kernel_size", "dilation"), [(3, 1), (4, 1), (5, 2), (2, 3)])
def test_same_padding_matches_torch_same_mode(kernel_size: int, dilation: int) -> None:
    module = snippet("padding")
    rng = np.random.default_rng(3)
    image, kernel = rng.normal(size=(8, 11)), rng.normal(size=(kernel_size, kernel_size))
    before, after = module.same_padding(kernel_size, dilation)
    ours = module.correlate2d(module.pad2d(image, (before, after, before, after)), kernel, dilation=dilation)
    reference = F.conv2d(
        torch.from_numpy(image)[None, None], torch.from_numpy(kernel)[None, None], padding="same", dilation=dilation
    )[0, 0].numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize(("stride", "padding", "dilation"), [(1, 0, 1), (2, 1, 1), (3, 2, 2), (2, 0, 3)])
def test_conv1d_matches_torch(stride: int, padding: int, dilation: int) -> None:
    rng = np.random.default_rng(4)
    x, weight, bias = rng.normal(size=(2, 3, 25)), rng.normal(size=(4, 3, 3)), rng.normal(size=4)
    module = snippet("stride")
    ours = module.conv1d(x, weight, bias, stride, padding, dilation)
    reference = F.conv1d(
        torch.from_numpy(x),
        torch.from_numpy(weight),
        torch.from_numpy(bias),
        stride=stride,
        padding=padding,
        dilation=dilation,
    ).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)
    assert ours.shape[-1] == module.conv_output_length(25, 3, stride, padding, dilation)


@pytest.mark.parametrize(("stride", "padding", "dilation"), [(1, 0, 1), (2, 1, 1), (3, 2, 2), (1, 1, 2)])
def test_feature_maps_match_torch_conv2d(stride: int, padding: int, dilation: int) -> None:
    rng = np.random.default_rng(5)
    images, filters, bias = rng.normal(size=(2, 3, 13, 10)), rng.normal(size=(5, 3, 3, 2)), rng.normal(size=5)
    ours = snippet("feature-map").feature_maps(images, filters, bias, stride, padding, dilation)
    reference = F.conv2d(
        torch.from_numpy(images),
        torch.from_numpy(filters),
        torch.from_numpy(bias),
        stride=stride,
        padding=padding,
        dilation=dilation,
    ).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_kernel_output_and_gradient_match_torch_autograd() -> None:
    rng = np.random.default_rng(6)
    image, kernel, upstream = rng.normal(size=(7, 9)), rng.normal(size=(3, 4)), rng.normal(size=(5, 6))
    module = snippet("kernel")
    weight = torch.from_numpy(kernel)[None, None].requires_grad_()
    out = F.conv2d(torch.from_numpy(image)[None, None], weight)
    (out * torch.from_numpy(upstream)).sum().backward()
    np.testing.assert_allclose(module.apply_kernel(image, kernel), out[0, 0].detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(module.kernel_gradient(image, upstream), weight.grad[0, 0].numpy(), atol=TOLERANCE)


def test_receptive_field_matches_torch_gradient_support() -> None:
    module = snippet("receptive-field")
    Layer = module.Layer
    layers = [Layer(3), Layer(2, stride=2), Layer(3, padding=1, dilation=2), Layer(3, stride=2, padding=1)]
    generator = torch.Generator().manual_seed(7)
    image = torch.randn(1, 1, 32, 32, generator=generator, dtype=torch.float64).requires_grad_()
    x = image
    for index, layer in enumerate(layers):
        if index == 1:
            x = F.avg_pool2d(x, layer.kernel_size, layer.stride)
        else:
            weight = torch.randn(1, 1, layer.kernel_size, layer.kernel_size, generator=generator, dtype=torch.float64)
            x = torch.tanh(F.conv2d(x, weight, stride=layer.stride, padding=layer.padding, dilation=layer.dilation))
    x[0, 0, 2, 3].backward()
    support = (image.grad[0, 0].abs() > 0).numpy()
    rows, cols = module.receptive_window(layers, 2), module.receptive_window(layers, 3)
    predicted = np.zeros_like(support)
    predicted[rows.start : rows.stop, cols.start : cols.stop] = True
    np.testing.assert_array_equal(support, predicted)


def test_complex_cells_match_relu_conv_then_max_pool() -> None:
    module = snippet("simple-and-complex-cells")
    rng = np.random.default_rng(8)
    image, field = rng.normal(size=(20, 18)), module.bar_receptive_field(7, 0.6)
    ours = module.complex_cells(image, field, (3, 4))
    simple = F.relu(F.conv2d(torch.from_numpy(image)[None, None], torch.from_numpy(field)[None, None]))
    reference = F.max_pool2d(simple, (3, 4), stride=1)[0, 0].numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize("align_corners", [False, True])
def test_affine_grid_matches_torch(align_corners: bool) -> None:
    theta = np.array([[0.9, -0.3, 0.1], [0.25, 1.1, -0.2]])
    ours = snippet("spatial-transformer-network").affine_grid(theta, 5, 7, align_corners)
    reference = F.affine_grid(torch.from_numpy(theta)[None], [1, 1, 5, 7], align_corners=align_corners)[0].numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_matches_torch_with_zero_padding(align_corners: bool) -> None:
    rng = np.random.default_rng(9)
    image, grid = rng.normal(size=(3, 6, 8)), rng.uniform(-1.3, 1.3, size=(5, 4, 2))
    ours = snippet("spatial-transformer-network").grid_sample(image, grid, align_corners)
    reference = F.grid_sample(
        torch.from_numpy(image)[None],
        torch.from_numpy(grid)[None],
        mode="bilinear",
        padding_mode="zeros",
        align_corners=align_corners,
    )[0].numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize("align_corners", [False, True])
def test_spatial_transformer_and_gradients_match_torch_autograd(align_corners: bool) -> None:
    rng = np.random.default_rng(10)
    image, upstream = rng.normal(size=(2, 7, 9)), rng.normal(size=(2, 6, 5))
    theta = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]) + 0.2 * rng.normal(size=(2, 3))
    module = snippet("spatial-transformer-network")

    torch_image = torch.from_numpy(image)[None].requires_grad_()
    torch_theta = torch.from_numpy(theta)[None].requires_grad_()
    grid = F.affine_grid(torch_theta, [1, 2, 6, 5], align_corners=align_corners)
    warped = F.grid_sample(torch_image, grid, mode="bilinear", padding_mode="zeros", align_corners=align_corners)
    (warped * torch.from_numpy(upstream)[None]).sum().backward()

    ours = module.spatial_transformer(image, theta, (6, 5), align_corners)
    grad_image, grad_theta = module.spatial_transformer_backward(image, theta, upstream, align_corners)
    np.testing.assert_allclose(ours, warped[0].detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_image, torch_image.grad[0].numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_theta, torch_theta.grad[0].numpy(), atol=TOLERANCE)

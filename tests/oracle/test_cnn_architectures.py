"""Oracle: pooling, channels, residual and highway layers, Inception, LRN, unpooling and Deep Dream vs PyTorch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet

POOL_CONFIGS = [(2, 2, 0), (3, 2, 1), (3, 1, 1), (4, 3, 2), (2, 1, 0)]  # (kernel, stride, padding)


def _tensor(array: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(array).requires_grad_(True)


@pytest.mark.parametrize("kernel, stride, padding", POOL_CONFIGS)
def test_max_pool_forward_and_backward_match_torch(kernel: int, stride: int, padding: int) -> None:
    module = snippet("max-pooling")
    rng = np.random.default_rng(kernel * 10 + stride + padding)
    x = rng.normal(size=(2, 3, 11, 9))
    x_t = _tensor(x)
    out_t = F.max_pool2d(x_t, kernel, stride, padding)
    upstream = rng.normal(size=tuple(out_t.shape))
    out_t.backward(torch.from_numpy(upstream))
    np.testing.assert_allclose(module.max_pool2d(x, kernel, stride, padding), out_t.detach().numpy(), atol=TOLERANCE)
    grad = module.max_pool2d_backward(x, upstream, kernel, stride, padding)
    np.testing.assert_allclose(grad, x_t.grad.numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("count_include_pad", [True, False])
@pytest.mark.parametrize("kernel, stride, padding", POOL_CONFIGS)
def test_avg_pool_forward_and_backward_match_torch(
    kernel: int, stride: int, padding: int, count_include_pad: bool
) -> None:
    module = snippet("average-pooling")
    rng = np.random.default_rng(kernel * 10 + stride + padding)
    x = rng.normal(size=(2, 3, 11, 9))
    x_t = _tensor(x)
    out_t = F.avg_pool2d(x_t, kernel, stride, padding, count_include_pad=count_include_pad)
    upstream = rng.normal(size=tuple(out_t.shape))
    out_t.backward(torch.from_numpy(upstream))
    ours = module.avg_pool2d(x, kernel, stride, padding, count_include_pad)
    np.testing.assert_allclose(ours, out_t.detach().numpy(), atol=TOLERANCE)
    grad = module.avg_pool2d_backward(x.shape, upstream, kernel, stride, padding, count_include_pad)
    np.testing.assert_allclose(grad, x_t.grad.numpy(), atol=TOLERANCE)


def test_generic_pooling_matches_torch_max_avg_and_lp() -> None:
    module = snippet("pooling")
    x = np.random.default_rng(2).normal(size=(2, 4, 10, 10))
    as_torch = torch.from_numpy(x)
    max_ours = module.pool2d(x, 3, 2, 1, reduce=np.max, pad_value=-np.inf)
    np.testing.assert_allclose(max_ours, F.max_pool2d(as_torch, 3, 2, 1).numpy(), atol=TOLERANCE)
    mean_ours = module.pool2d(x, 3, 2, 1, reduce=np.mean)
    np.testing.assert_allclose(mean_ours, F.avg_pool2d(as_torch, 3, 2, 1).numpy(), atol=TOLERANCE)
    # torch's LP pooling returns (sum x^q)^(1/q), the power mean times (k*k)^(1/q), for non-negative inputs.
    positive = np.abs(x)
    for q in (1.0, 2.0, 3.0):
        ours = module.pool2d(positive, 2, reduce=module.power_mean(q)) * 4 ** (1 / q)
        reference = F.lp_pool2d(torch.from_numpy(positive), q, 2).numpy()
        np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_multichannel_convolution_matches_torch() -> None:
    module = snippet("channel")
    rng = np.random.default_rng(3)
    x, weight, bias = rng.normal(size=(5, 9, 8)), rng.normal(size=(4, 5, 3, 3)), rng.normal(size=4)
    reference = F.conv2d(torch.from_numpy(x)[None], torch.from_numpy(weight), torch.from_numpy(bias))[0]
    np.testing.assert_allclose(module.conv_by_channels(x, weight, bias), reference.numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("shortcut", [True, False])
def test_residual_block_and_gradients_match_torch(shortcut: bool) -> None:
    module = snippet("resnet")
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 4, 6, 5))
    params = (
        rng.normal(size=(4, 4, 3, 3)) / 6,
        rng.normal(size=4) * 0.1,
        rng.normal(size=(4, 4, 3, 3)) / 6,
        rng.normal(size=4) * 0.1,
    )
    x_t, w1, b1, w2, b2 = (_tensor(a) for a in (x, *params))
    branch = F.conv2d(F.relu(F.conv2d(x_t, w1, b1, padding=1)), w2, b2, padding=1)
    out_t = F.relu(x_t + branch if shortcut else branch)
    upstream = rng.normal(size=x.shape)
    out_t.backward(torch.from_numpy(upstream))

    np.testing.assert_allclose(module.residual_block(x, params, shortcut), out_t.detach().numpy(), atol=TOLERANCE)
    grad_x, grads = module.residual_block_backward(x, params, upstream, shortcut)
    np.testing.assert_allclose(grad_x, x_t.grad.numpy(), atol=TOLERANCE)
    for ours, reference in zip(grads, (w1, b1, w2, b2)):
        np.testing.assert_allclose(ours, reference.grad.numpy(), atol=TOLERANCE)


def test_highway_layer_and_gradients_match_torch() -> None:
    module = snippet("highway-layer")
    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 7))
    params = (rng.normal(size=(7, 7)) / 3, rng.normal(size=7) * 0.1, rng.normal(size=(7, 7)) / 3, np.full(7, -1.0))
    x_t, w_h, b_h, w_t, b_t = (_tensor(a) for a in (x, *params))
    gate = torch.sigmoid(F.linear(x_t, w_t, b_t))
    out_t = gate * F.relu(F.linear(x_t, w_h, b_h)) + (1 - gate) * x_t
    upstream = rng.normal(size=x.shape)
    out_t.backward(torch.from_numpy(upstream))

    np.testing.assert_allclose(module.highway_layer(x, *params), out_t.detach().numpy(), atol=TOLERANCE)
    grad_x, grads = module.highway_layer_backward(x, params, upstream)
    np.testing.assert_allclose(grad_x, x_t.grad.numpy(), atol=TOLERANCE)
    for ours, reference in zip(grads, (w_h, b_h, w_t, b_t)):
        np.testing.assert_allclose(ours, reference.grad.numpy(), atol=TOLERANCE)


def test_inception_module_matches_torch() -> None:
    module = snippet("inception-module")
    rng = np.random.default_rng(6)
    params = module.init_inception(16, 8, 6, 10, 3, 4, 5, rng=rng)
    x = rng.normal(size=(2, 16, 7, 7))
    p = {name: (torch.from_numpy(w), torch.from_numpy(b)) for name, (w, b) in params.items()}
    xt = torch.from_numpy(x)
    branches = [
        F.relu(F.conv2d(xt, *p["1x1"])),
        F.relu(F.conv2d(F.relu(F.conv2d(xt, *p["3x3_reduce"])), *p["3x3"], padding=1)),
        F.relu(F.conv2d(F.relu(F.conv2d(xt, *p["5x5_reduce"])), *p["5x5"], padding=2)),
        F.relu(F.conv2d(F.max_pool2d(xt, 3, 1, 1), *p["pool_proj"])),
    ]
    reference = torch.cat(branches, dim=1).numpy()
    np.testing.assert_allclose(module.inception_module(x, params), reference, atol=TOLERANCE)


def test_local_response_norm_matches_torch() -> None:
    module = snippet("alexnet")
    a = np.random.default_rng(7).uniform(0, 40, size=(2, 9, 4, 3))
    # torch divides alpha by the window size; the paper's alpha multiplies the plain sum.
    reference = F.local_response_norm(torch.from_numpy(a), size=5, alpha=1e-4 * 5, beta=0.75, k=2.0).numpy()
    np.testing.assert_allclose(module.local_response_norm(a), reference, rtol=TOLERANCE, atol=TOLERANCE)


def test_switches_and_unpooling_match_torch() -> None:
    module = snippet("zfnet")
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2, 3, 8, 10))
    pooled, switches = module.max_pool_with_switches(x, 2, 2)
    pooled_t, indices_t = F.max_pool2d(torch.from_numpy(x), 2, 2, return_indices=True)
    np.testing.assert_allclose(pooled, pooled_t.numpy(), atol=TOLERANCE)
    np.testing.assert_array_equal(switches, indices_t.numpy())
    top_down = rng.normal(size=pooled.shape)
    reference = F.max_unpool2d(torch.from_numpy(top_down), indices_t, 2, 2, output_size=x.shape[2:]).numpy()
    np.testing.assert_allclose(module.max_unpool(top_down, switches, x.shape), reference, atol=TOLERANCE)

    # Overlapping windows: unpooling accumulates, exactly like the gradient of max-pooling.
    x_t = _tensor(x)
    overlapping = F.max_pool2d(x_t, 3, 2)
    top_down = rng.normal(size=tuple(overlapping.shape))
    overlapping.backward(torch.from_numpy(top_down))
    _, switches = module.max_pool_with_switches(x, 3, 2)
    np.testing.assert_allclose(module.max_unpool(top_down, switches, x.shape), x_t.grad.numpy(), atol=TOLERANCE)


def test_deep_dream_gradient_matches_autograd() -> None:
    module = snippet("deep-dream")
    rng = np.random.default_rng(9)
    network = [
        (rng.normal(size=(5, 3, 3, 3)) / 5, rng.normal(size=5) * 0.1),
        (rng.normal(size=(4, 5, 3, 3)) / 6, rng.normal(size=4) * 0.1),
    ]
    image = rng.normal(size=(1, 3, 9, 9))
    image_t = _tensor(image)
    activation = image_t
    for weight, bias in network:
        activation = F.relu(F.conv2d(activation, torch.from_numpy(weight), torch.from_numpy(bias), padding=1))
    objective = 0.5 * (activation**2).sum()
    objective.backward()
    value, grad = module.dream_gradient(image, network)
    assert abs(value - objective.item()) < TOLERANCE * max(1.0, abs(value))
    np.testing.assert_allclose(grad, image_t.grad.numpy(), atol=TOLERANCE)

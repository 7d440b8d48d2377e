"""Oracle: autodiff (reverse- and forward-mode AD, Jacobians, Hessian-vector products) and Caffe's im2col."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def _wide_function_torch(x: torch.Tensor) -> torch.Tensor:
    """The same program as `wide_function` in the shared autodiff helper, written in torch."""
    return torch.stack([x[0] * x[1] + torch.sin(x[2]) * x[3], torch.exp(x[0] - x[3]) / (1.0 + x[1] ** 2)])


def test_reverse_mode_gradient_matches_torch_autograd() -> None:
    module = snippet("reverse-mode-ad")
    x = np.random.default_rng(1).normal(size=12)
    ours = module.gradient(module.logistic_loss, x)
    xt = torch.from_numpy(x).requires_grad_()
    signs = torch.tensor([1.0 if i % 2 == 0 else -1.0 for i in range(12)])
    loss = (torch.log(1.0 + torch.exp(-signs * xt)) + 0.1 * torch.tanh(xt) ** 2).sum()
    loss.backward()
    np.testing.assert_allclose(ours, xt.grad.numpy(), atol=TOLERANCE)


def test_reverse_mode_jacobian_matches_torch() -> None:
    module = snippet("reverse-mode-ad")
    x = np.random.default_rng(2).normal(size=4)
    ours = module.reverse_mode_jacobian(module.wide_function, x)
    reference = torch.autograd.functional.jacobian(_wide_function_torch, torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_forward_mode_jvp_and_jacobian_match_torch() -> None:
    module = snippet("forward-mode-ad")
    rng = np.random.default_rng(3)
    x, v = rng.normal(size=4), rng.normal(size=4)
    _, ours_jvp = module.jvp(module.wide_function, x, v)
    _, reference_jvp = torch.autograd.functional.jvp(_wide_function_torch, torch.from_numpy(x), torch.from_numpy(v))
    np.testing.assert_allclose(ours_jvp, reference_jvp.numpy(), atol=TOLERANCE)
    reference = torch.autograd.functional.jacobian(_wide_function_torch, torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(module.forward_mode_jacobian(module.wide_function, x), reference, atol=TOLERANCE)


def test_network_jacobian_matches_torch() -> None:
    module = snippet("jacobian")
    rng = np.random.default_rng(4)
    sizes = [5, 7, 3]
    layers = [(rng.normal(size=(m, n)), rng.normal(size=m)) for n, m in zip(sizes[:-1], sizes[1:])]
    x = rng.normal(size=sizes[0])

    def network(z: torch.Tensor) -> torch.Tensor:
        for weight, bias in layers:
            z = torch.tanh(torch.from_numpy(weight) @ z + torch.from_numpy(bias))
        return z

    reference = torch.autograd.functional.jacobian(network, torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(module.network_jacobian(x, layers), reference, atol=TOLERANCE)


def test_hessian_vector_product_matches_torch_hvp() -> None:
    module = snippet("hessian-vector-product")
    rng = np.random.default_rng(5)
    n_samples, n_inputs, hidden = 15, 3, 5
    inputs = rng.normal(size=(n_samples, n_inputs))
    targets = rng.normal(size=n_samples)
    params = rng.normal(size=hidden * (n_inputs + 2))
    vector = rng.normal(size=params.size)

    def loss(p: torch.Tensor) -> torch.Tensor:
        weight = p[: hidden * n_inputs].reshape(hidden, n_inputs)
        bias, out = p[hidden * n_inputs : hidden * (n_inputs + 1)], p[hidden * (n_inputs + 1) :]
        residual = torch.tanh(torch.from_numpy(inputs) @ weight.T + bias) @ out - torch.from_numpy(targets)
        return 0.5 * (residual**2).mean()

    _, reference = torch.autograd.functional.hvp(loss, torch.from_numpy(params), torch.from_numpy(vector))
    ours = module.hessian_vector_product(params, vector, inputs, targets)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(
        module.mlp_loss(params, inputs, targets), loss(torch.from_numpy(params)).item(), atol=TOLERANCE
    )


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1), (3, 2)])
def test_im2col_convolution_matches_conv2d(stride: int, padding: int) -> None:
    module = snippet("caffe")
    rng = np.random.default_rng(6)
    images = rng.normal(size=(2, 3, 10, 9))
    filters = rng.normal(size=(4, 3, 3, 2))
    bias = rng.normal(size=4)
    ours = module.conv2d_im2col(images, filters, bias, stride=stride, padding=padding)
    reference = F.conv2d(
        torch.from_numpy(images), torch.from_numpy(filters), torch.from_numpy(bias), stride=stride, padding=padding
    ).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_symbolic_gradient_matches_torch_autograd() -> None:
    module = snippet("theano")
    x, y = module.Symbol("x"), module.Symbol("y")
    f = x**3 * module.sin(y) + module.exp(x * y) + module.log(x * x + 1.0)
    gradient = [module.grad(f, x), module.grad(f, y)]
    for point in np.random.default_rng(7).normal(size=(5, 2)):
        xt, yt = (torch.tensor(value, requires_grad=True) for value in point)
        (xt**3 * torch.sin(yt) + torch.exp(xt * yt) + torch.log(xt * xt + 1.0)).backward()
        ours = [module.evaluate(g, {"x": point[0], "y": point[1]}) for g in gradient]
        np.testing.assert_allclose(ours, [xt.grad.item(), yt.grad.item()], atol=TOLERANCE)

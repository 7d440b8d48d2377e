"""Oracle: the foundations group (activations, affine layer, cross-entropy/NLL, batch norm, dropout) against torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def _random(shape: tuple[int, ...], seed: int, scale: float = 3.0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape) * scale


def _input_grad(function, x: np.ndarray) -> np.ndarray:
    """Elementwise derivative of a torch function by autograd (gradient of the sum)."""
    tensor = torch.from_numpy(x).requires_grad_(True)
    function(tensor).sum().backward()
    return tensor.grad.numpy()


def test_relu_matches_torch() -> None:
    module = snippet("relu")
    x = _random((7, 9), seed=1)
    np.testing.assert_allclose(module.relu(x), torch.relu(torch.from_numpy(x)).numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(module.relu_derivative(x), _input_grad(torch.relu, x), atol=TOLERANCE)


def test_sigmoid_matches_torch() -> None:
    module = snippet("sigmoid")
    x = np.concatenate([_random((50,), seed=2), [-800.0, 800.0]])
    np.testing.assert_allclose(module.sigmoid(x), torch.sigmoid(torch.from_numpy(x)).numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(module.sigmoid_derivative(x), _input_grad(torch.sigmoid, x), atol=TOLERANCE)


def test_tanh_matches_torch() -> None:
    module = snippet("tanh")
    x = np.concatenate([_random((50,), seed=3), [-400.0, 0.0, 400.0]])
    np.testing.assert_allclose(module.tanh(x), torch.tanh(torch.from_numpy(x)).numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(module.tanh_derivative(x), _input_grad(torch.tanh, x), atol=TOLERANCE)


@pytest.mark.parametrize("beta", [0.5, 1.0, 3.0, 25.0])
def test_softplus_matches_torch(beta: float) -> None:
    module = snippet("softplus")
    x = _random((60,), seed=4, scale=5.0)
    reference = F.softplus(torch.from_numpy(x), beta=beta).numpy()
    np.testing.assert_allclose(module.softplus(x, beta), reference, atol=TOLERANCE)
    derivative = _input_grad(lambda t: F.softplus(t, beta=beta), x)
    np.testing.assert_allclose(module.softplus_derivative(x, beta), derivative, atol=TOLERANCE)


@pytest.mark.parametrize("negative_slope", [0.0, 0.01, 0.2])
def test_leaky_relu_matches_torch(negative_slope: float) -> None:
    module = snippet("leaky-relu")
    x = _random((6, 8), seed=5)
    reference = F.leaky_relu(torch.from_numpy(x), negative_slope=negative_slope).numpy()
    np.testing.assert_allclose(module.leaky_relu(x, negative_slope), reference, atol=TOLERANCE)
    derivative = _input_grad(lambda t: F.leaky_relu(t, negative_slope=negative_slope), x)
    np.testing.assert_allclose(module.leaky_relu_derivative(x, negative_slope), derivative, atol=TOLERANCE)


def test_prelu_matches_torch() -> None:
    module = snippet("leaky-relu")
    x = _random((4, 3, 5), seed=6)  # (batch, channels, length): one learned slope per channel
    slopes = np.array([0.25, -0.1, 0.6])
    grad_output = _random(x.shape, seed=7, scale=1.0)
    x_t = torch.from_numpy(x).requires_grad_(True)
    slopes_t = torch.from_numpy(slopes).requires_grad_(True)
    output_t = F.prelu(x_t, slopes_t)
    output_t.backward(torch.from_numpy(grad_output))
    ours = module.leaky_relu(x, slopes[None, :, None])
    np.testing.assert_allclose(ours, output_t.detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(
        module.prelu_slope_gradient(x, grad_output, channel_axis=1), slopes_t.grad.numpy(), atol=TOLERANCE
    )
    np.testing.assert_allclose(
        grad_output * module.leaky_relu_derivative(x, slopes[None, :, None]), x_t.grad.numpy(), atol=TOLERANCE
    )


def test_affine_layer_matches_torch_linear() -> None:
    module = snippet("affine-layer")
    x, weight, bias = _random((5, 4), seed=8), _random((3, 4), seed=9), _random((3,), seed=10)
    grad_output = _random((5, 3), seed=11)
    x_t, weight_t, bias_t = (torch.from_numpy(a).requires_grad_(True) for a in (x, weight, bias))
    output_t = F.linear(x_t, weight_t, bias_t)
    output_t.backward(torch.from_numpy(grad_output))
    np.testing.assert_allclose(module.affine(x, weight, bias), output_t.detach().numpy(), atol=TOLERANCE)
    for ours, reference in zip(module.affine_backward(x, weight, grad_output), (x_t, weight_t, bias_t)):
        np.testing.assert_allclose(ours, reference.grad.numpy(), atol=TOLERANCE)


def test_cross_entropy_and_nll_match_torch() -> None:
    module = snippet("categorical-cross-entropy")
    logits = _random((8, 6), seed=12)
    labels = np.random.default_rng(13).integers(0, 6, size=8)
    soft_targets = np.random.default_rng(14).dirichlet(np.ones(6), size=8)
    logits_t = torch.from_numpy(logits)

    hard = F.cross_entropy(logits_t, torch.from_numpy(labels)).item()
    soft = F.cross_entropy(logits_t, torch.from_numpy(soft_targets)).item()
    assert module.cross_entropy(logits, module.one_hot(labels, 6)) == pytest.approx(hard, abs=TOLERANCE)
    assert module.cross_entropy(logits, soft_targets) == pytest.approx(soft, abs=TOLERANCE)

    log_probs = module.log_softmax(logits)
    np.testing.assert_allclose(log_probs, F.log_softmax(logits_t, dim=-1).numpy(), atol=TOLERANCE)
    nll = F.nll_loss(torch.from_numpy(log_probs), torch.from_numpy(labels)).item()
    assert module.nll_loss(log_probs, labels) == pytest.approx(nll, abs=TOLERANCE)

    for targets in (module.one_hot(labels, 6), soft_targets):
        leaf = torch.from_numpy(logits).requires_grad_(True)
        F.cross_entropy(leaf, torch.from_numpy(targets)).backward()
        np.testing.assert_allclose(module.cross_entropy_grad(logits, targets), leaf.grad.numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("shape", [(16, 3), (4, 3, 5, 2)])
@pytest.mark.parametrize("momentum", [0.1, 0.3])
def test_batch_norm_matches_torch(shape: tuple[int, ...], momentum: float) -> None:
    module = snippet("batch-normalization")
    x = _random(shape, seed=15) + 2.0
    gamma, beta = np.array([1.5, 0.5, -2.0]), np.array([0.1, -1.0, 3.0])
    running_mean, running_var = np.array([0.5, -0.5, 1.0]), np.array([2.0, 0.5, 1.5])
    grad_output = _random(shape, seed=16, scale=1.0)

    # Training mode: output, in-place running-statistics update and gradients.
    x_t, gamma_t, beta_t = (torch.from_numpy(a).requires_grad_(True) for a in (x, gamma, beta))
    mean_t, var_t = torch.from_numpy(running_mean.copy()), torch.from_numpy(running_var.copy())
    output_t = F.batch_norm(x_t, mean_t, var_t, gamma_t, beta_t, training=True, momentum=momentum, eps=1e-5)
    output_t.backward(torch.from_numpy(grad_output))
    output, new_mean, new_var = module.batch_norm(
        x, gamma, beta, running_mean, running_var, training=True, momentum=momentum, eps=1e-5
    )
    np.testing.assert_allclose(output, output_t.detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(new_mean, mean_t.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(new_var, var_t.numpy(), atol=TOLERANCE)
    for ours, reference in zip(module.batch_norm_backward(x, gamma, grad_output, eps=1e-5), (x_t, gamma_t, beta_t)):
        np.testing.assert_allclose(ours, reference.grad.numpy(), atol=TOLERANCE)

    # Evaluation mode: normalise with the running statistics, which stay unchanged.
    mean_t, var_t = torch.from_numpy(running_mean.copy()), torch.from_numpy(running_var.copy())
    reference = F.batch_norm(
        torch.from_numpy(x), mean_t, var_t, torch.from_numpy(gamma), torch.from_numpy(beta), training=False
    )
    output, kept_mean, kept_var = module.batch_norm(x, gamma, beta, running_mean, running_var, training=False)
    np.testing.assert_allclose(output, reference.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(kept_mean, mean_t.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(kept_var, var_t.numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_scaling_matches_torch(p: float) -> None:
    module = snippet("dropout")
    x = _random((400, 50), seed=17) + 0.5  # no exact zeros, so zero outputs mark dropped units
    torch.manual_seed(0)
    reference = F.dropout(torch.from_numpy(x), p=p, training=True).numpy()
    ours = module.dropout(x, p, np.random.default_rng(18), training=True)
    tolerance_rate = 4 * np.sqrt(p * (1 - p) / x.size)
    for output in (ours, reference):
        kept = output != 0.0
        # Same semantics: survivors are x / (1 - p), about a fraction p is dropped.
        np.testing.assert_allclose(output[kept], x[kept] / (1.0 - p), atol=TOLERANCE)
        assert abs((1.0 - kept.mean()) - p) < tolerance_rate
    # Evaluation mode is the identity for both.
    np.testing.assert_array_equal(module.dropout(x, p, np.random.default_rng(19), training=False), x)
    np.testing.assert_array_equal(F.dropout(torch.from_numpy(x), p=p, training=False).numpy(), x)

"""Residual learning (He et al., 2016): a block outputs relu(x + F(x)) instead of relu(F(x)).

F is two 3x3 convolutions with a ReLU between them (batch normalisation is left out here). If F's weights
are zero the block passes its (non-negative, post-ReLU) input through unchanged, so extra depth costs
nothing to start with; and the identity path gives every block's Jacobian an identity term, so gradients
reach early layers even when a plain stack of the same layers shrinks them geometrically.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _cnn_architectures import conv2d, conv2d_backward, conv_params, relu

BlockParams = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # w1, b1, w2, b2


def residual_block(x: np.ndarray, params: BlockParams, shortcut: bool = True) -> np.ndarray:
    """relu(x + conv2(relu(conv1(x)))) with 3x3 'same' convolutions; shortcut=False gives the plain block."""
    w1, b1, w2, b2 = params
    branch = conv2d(relu(conv2d(x, w1, b1, padding=1)), w2, b2, padding=1)
    return relu(x + branch if shortcut else branch)


def residual_block_backward(
    x: np.ndarray, params: BlockParams, grad_out: np.ndarray, shortcut: bool = True
) -> tuple[np.ndarray, BlockParams]:
    """d loss / d x and d loss / d (w1, b1, w2, b2), given d loss / d residual_block(x) = grad_out."""
    w1, b1, w2, b2 = params
    pre1 = conv2d(x, w1, b1, padding=1)
    hidden = relu(pre1)
    branch = conv2d(hidden, w2, b2, padding=1)
    grad_sum = grad_out * ((x + branch if shortcut else branch) > 0)
    grad_hidden, grad_w2, grad_b2 = conv2d_backward(hidden, w2, grad_sum, padding=1)
    grad_x, grad_w1, grad_b1 = conv2d_backward(x, w1, grad_hidden * (pre1 > 0), padding=1)
    if shortcut:
        grad_x = grad_x + grad_sum  # the identity path hands the gradient straight back
    return grad_x, (grad_w1, grad_b1, grad_w2, grad_b2)


def input_gradient_norm(x: np.ndarray, blocks: list[BlockParams], shortcut: bool) -> float:
    """|| d sum(output * probe) / d x || / || probe || through a stack of blocks (probe: a fixed random direction)."""
    activations = [x]
    for params in blocks:
        activations.append(residual_block(activations[-1], params, shortcut))
    probe = np.random.default_rng(1).normal(size=activations[-1].shape)
    grad = probe
    for params, inputs in zip(reversed(blocks), reversed(activations[:-1])):
        grad, _ = residual_block_backward(inputs, params, grad, shortcut)
    return float(np.linalg.norm(grad) / np.linalg.norm(probe))


def basic_block_params(channels: int) -> int:
    """Weights of a basic block: two 3x3 convolutions, channels -> channels (biases are absorbed by batch norm)."""
    return 2 * conv_params(channels, channels, 3, bias=False)


def bottleneck_params(channels: int, width: int) -> int:
    """Weights of a bottleneck block: 1x1 channels -> width, 3x3 width -> width, 1x1 width -> channels."""
    return (conv_params(channels, width, 1, bias=False) + conv_params(width, width, 3, bias=False)
            + conv_params(width, channels, 1, bias=False))


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    def random_block(channels: int, bias_std: float) -> BlockParams:
        """Weights with std 1/sqrt(fan_in), as a default initialiser would draw them."""
        std = 1 / np.sqrt(channels * 9)
        return (rng.normal(0, std, (channels, channels, 3, 3)), rng.normal(0, bias_std, channels),
                rng.normal(0, std, (channels, channels, 3, 3)), rng.normal(0, bias_std, channels))

    # A zero residual branch makes the block the identity on non-negative (post-ReLU) inputs.
    x = relu(rng.normal(size=(2, 4, 6, 6)))
    w1, b1, w2, b2 = random_block(4, 0.1)
    assert np.array_equal(residual_block(x, (w1, b1, np.zeros_like(w2), np.zeros_like(b2))), x)
    assert not np.allclose(residual_block(x, (w1, b1, w2, b2)), x)

    # Gradient check of the block, for the input and every parameter.
    x = rng.normal(size=(2, 3, 5, 5))
    params = random_block(3, 0.1)
    upstream = rng.normal(size=x.shape)
    grad_x, grad_params = residual_block_backward(x, params, upstream)

    def loss(inputs: np.ndarray, block: BlockParams) -> float:
        return float(np.sum(residual_block(inputs, block) * upstream))

    errors = [relative_error(grad_x, numerical_gradient(lambda v: loss(v, params), x))]
    for i, analytic in enumerate(grad_params):
        numeric = numerical_gradient(lambda v, i=i: loss(x, params[:i] + (v,) + params[i + 1 :]), params[i])
        errors.append(relative_error(analytic, numeric))
    print(f"block gradients vs finite differences: worst relative error {max(errors):.1e}")
    assert max(errors) < 1e-6

    # Deep stacks: with weights of std 1/sqrt(fan_in), every plain layer roughly halves the signal, so the
    # gradient reaching the input vanishes geometrically with depth; the residual stack keeps it at order one.
    x = relu(rng.normal(size=(1, 8, 8, 8)))
    blocks = [random_block(8, 0.0) for _ in range(24)]
    print(" blocks   plain |dL/dx|   residual |dL/dx|")
    norms = {}
    for depth in (3, 6, 12, 24):
        norms[depth] = (input_gradient_norm(x, blocks[:depth], False), input_gradient_norm(x, blocks[:depth], True))
        print(f"{depth:7d}   {norms[depth][0]:.2e}        {norms[depth][1]:.2e}")
    assert all(norms[2 * d][0] < 0.1 * norms[d][0] for d in (3, 6, 12)) and norms[24][0] < 1e-6
    assert all(0.5 < residual < 30 for _, residual in norms.values())

    print(f"bottleneck block (256-d, width 64): {bottleneck_params(256, 64):,d} weights;"
          f" basic block (64-d): {basic_block_params(64):,d}")
    print("resnet: all checks passed")

"""One Transformer encoder layer: multi-head self-attention and a feed-forward network, each wrapped in a
residual connection and layer normalisation.

Post-LN (the original paper, norm_first=False):  h = LN(x + MHA(x)),   y = LN(h + FFN(h))
Pre-LN  (norm_first=True):                       h = x + MHA(LN(x)),   y = h + FFN(LN(h))
Parameter names follow torch.nn.TransformerEncoderLayer so weights can be copied across.
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask, masked_softmax, merge_heads, split_heads

LAYER_NORM_EPS = 1e-5


def layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float = LAYER_NORM_EPS) -> np.ndarray:
    """Normalise each row of x to zero mean and unit variance over its features, then scale and shift."""
    mean = x.mean(axis=-1, keepdims=True)
    variance = x.var(axis=-1, keepdims=True)
    return gain * (x - mean) / np.sqrt(variance + eps) + bias


def multi_head_self_attention(
    x: np.ndarray, params: dict[str, np.ndarray], num_heads: int, mask: np.ndarray | None
) -> np.ndarray:
    """Multi-head self-attention of x (n, d_model): per-head softmax(Q K^T / sqrt(d_head)) V, concatenated, W_o."""
    projected = x @ params["in_proj_weight"].T + params["in_proj_bias"]
    q, k, v = (split_heads(part, num_heads) for part in np.split(projected, 3, axis=-1))
    weights = masked_softmax(q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1]), mask)
    return merge_heads(weights @ v) @ params["out_proj_weight"].T + params["out_proj_bias"]


def feed_forward(x: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
    """Position-wise feed-forward network max(0, x W1^T + b1) W2^T + b2, applied to every row alike."""
    hidden = np.maximum(0.0, x @ params["linear1_weight"].T + params["linear1_bias"])
    return hidden @ params["linear2_weight"].T + params["linear2_bias"]


def transformer_encoder_layer(
    x: np.ndarray,
    params: dict[str, np.ndarray],
    num_heads: int,
    mask: np.ndarray | None = None,
    norm_first: bool = False,
) -> np.ndarray:
    """One encoder layer applied to x (n, d_model); `mask` (n, n) is True where attention is allowed."""

    def norm1(h: np.ndarray) -> np.ndarray:
        return layer_norm(h, params["norm1_weight"], params["norm1_bias"])

    def norm2(h: np.ndarray) -> np.ndarray:
        return layer_norm(h, params["norm2_weight"], params["norm2_bias"])

    if norm_first:
        x = x + multi_head_self_attention(norm1(x), params, num_heads, mask)
        return x + feed_forward(norm2(x), params)
    x = norm1(x + multi_head_self_attention(x, params, num_heads, mask))
    return norm2(x + feed_forward(x, params))


def init_encoder_params(d_model: int, d_ff: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random weights for one encoder layer; layer-norm gains start at 1 and biases at 0."""

    def dense(rows: int, cols: int) -> np.ndarray:
        return rng.normal(scale=1.0 / np.sqrt(cols), size=(rows, cols))

    return {
        "in_proj_weight": dense(3 * d_model, d_model),
        "in_proj_bias": rng.normal(scale=0.1, size=3 * d_model),
        "out_proj_weight": dense(d_model, d_model),
        "out_proj_bias": rng.normal(scale=0.1, size=d_model),
        "linear1_weight": dense(d_ff, d_model),
        "linear1_bias": rng.normal(scale=0.1, size=d_ff),
        "linear2_weight": dense(d_model, d_ff),
        "linear2_bias": rng.normal(scale=0.1, size=d_model),
        "norm1_weight": np.ones(d_model),
        "norm1_bias": np.zeros(d_model),
        "norm2_weight": np.ones(d_model),
        "norm2_bias": np.zeros(d_model),
    }


def parameter_count(params: dict[str, np.ndarray]) -> int:
    """The number of trainable numbers in a parameter dict: the sizes of all its arrays added up."""
    return int(np.sum([array.size for array in params.values()]))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d_model, d_ff, num_heads = 7, 8, 32, 2
    stack = [init_encoder_params(d_model, d_ff, rng) for _ in range(2)]

    def encode(x: np.ndarray, mask: np.ndarray | None = None, norm_first: bool = False) -> np.ndarray:
        for params in stack:
            x = transformer_encoder_layer(x, params, num_heads, mask, norm_first)
        return x

    x = rng.normal(size=(n, d_model))
    y = encode(x)
    print(f"two encoder layers: input {x.shape} -> output {y.shape}")
    print("output token 0:", np.round(y[0], 3))

    # The layer preserves shape, so layers stack; with post-LN every output row is normalised.
    assert y.shape == x.shape
    assert np.allclose(y.mean(axis=-1), 0.0) and np.allclose(y.var(axis=-1), 1.0, atol=1e-3)

    # Without positional encoding the encoder is permutation-equivariant: it cannot see word order.
    order = rng.permutation(n)
    assert np.allclose(encode(x[order]), y[order])
    assert np.allclose(encode(x[order], norm_first=True), encode(x, norm_first=True)[order])

    # With a causal mask, positions before 4 do not change when the inputs from position 4 on change.
    mask = causal_mask(n)
    edited = x.copy()
    edited[4:] = rng.normal(size=(n - 4, d_model))
    assert np.allclose(encode(edited, mask)[:4], encode(x, mask)[:4])
    assert not np.allclose(encode(edited, mask)[4:], encode(x, mask)[4:])
    assert not np.allclose(encode(edited)[:4], y[:4])

    # Residual paths: with both sublayers' output weights at zero, a pre-LN layer is the identity
    # and a post-LN layer just normalises its input.
    silent = dict(stack[0], out_proj_weight=np.zeros((d_model, d_model)), out_proj_bias=np.zeros(d_model))
    silent.update(linear2_weight=np.zeros((d_model, d_ff)), linear2_bias=np.zeros(d_model))
    assert np.allclose(transformer_encoder_layer(x, silent, num_heads, norm_first=True), x)
    standardised = (x - x.mean(axis=-1, keepdims=True)) / x.std(axis=-1, keepdims=True)
    assert np.allclose(transformer_encoder_layer(x, silent, num_heads), standardised, atol=1e-4)

    # Parameter count in closed form: attention 4 d^2 + 4 d, feed-forward 2 d d_ff + d_ff + d, two layer norms 4 d.
    assert parameter_count(stack[0]) == 4 * d_model**2 + 4 * d_model + 2 * d_model * d_ff + d_ff + d_model + 4 * d_model
    print("transformer encoder layer: all checks passed")

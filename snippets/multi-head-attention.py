"""Multi-head attention: several scaled dot-product attentions in parallel subspaces, concatenated and mixed.

head_i = Attention(Q W_q^i, K W_k^i, V W_v^i) with d_model / h features per head, and
MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W_o. Weights use PyTorch's layout (W_q, W_k, W_v stacked
in `in_proj_weight`, applied as x W^T + b) so they can be copied to and from torch.nn.MultiheadAttention.
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask, masked_softmax, merge_heads, split_heads


def multi_head_attention(
    query: np.ndarray,
    key: np.ndarray,
    value: np.ndarray,
    in_proj_weight: np.ndarray,
    in_proj_bias: np.ndarray,
    out_proj_weight: np.ndarray,
    out_proj_bias: np.ndarray,
    num_heads: int,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Multi-head attention of query (n_q, d_model) over key and value (n_k, d_model).

    in_proj_weight (3 d_model, d_model) stacks W_q, W_k, W_v and in_proj_bias (3 d_model,) their biases;
    `mask` (n_q, n_k) is True where attention is allowed. Returns the output (n_q, d_model) and the
    weights of every head (num_heads, n_q, n_k).
    """
    w_q, w_k, w_v = np.split(in_proj_weight, 3)
    b_q, b_k, b_v = np.split(in_proj_bias, 3)
    q = split_heads(query @ w_q.T + b_q, num_heads)
    k = split_heads(key @ w_k.T + b_k, num_heads)
    v = split_heads(value @ w_v.T + b_v, num_heads)
    weights = masked_softmax(q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1]), mask)
    return merge_heads(weights @ v) @ out_proj_weight.T + out_proj_bias, weights


def multi_head_self_attention(
    x: np.ndarray, params: dict[str, np.ndarray], num_heads: int, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Self-attention (query = key = value = x) with the four projections in a dict named as in torch."""
    return multi_head_attention(
        x, x, x, params["in_proj_weight"], params["in_proj_bias"], params["out_proj_weight"],
        params["out_proj_bias"], num_heads, mask,
    )


def single_head_attention(queries: np.ndarray, keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Plain scaled dot-product attention, written out with explicit loops as an independent reference."""
    outputs = np.zeros((len(queries), values.shape[1]))
    for i, query in enumerate(queries):
        scores = np.array([query @ key for key in keys]) / np.sqrt(len(query))
        weights = np.exp(scores - scores.max())
        outputs[i] = (weights / weights.sum()) @ values
    return outputs


def init_multi_head_params(d_model: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random projections for multi-head attention, named as in torch.nn.MultiheadAttention."""
    scale = 1.0 / np.sqrt(d_model)
    return {
        "in_proj_weight": rng.normal(scale=scale, size=(3 * d_model, d_model)),
        "in_proj_bias": rng.normal(scale=0.1, size=3 * d_model),
        "out_proj_weight": rng.normal(scale=scale, size=(d_model, d_model)),
        "out_proj_bias": rng.normal(scale=0.1, size=d_model),
    }


def identity_params(d_model: int) -> dict[str, np.ndarray]:
    """Projections that leave queries, keys, values and the output unchanged (all weights identity, no bias)."""
    return {
        "in_proj_weight": np.vstack([np.eye(d_model)] * 3),
        "in_proj_bias": np.zeros(3 * d_model),
        "out_proj_weight": np.eye(d_model),
        "out_proj_bias": np.zeros(d_model),
    }


def parameter_count(params: dict[str, np.ndarray]) -> int:
    """The number of trainable numbers in a parameter dict: the sizes of all its arrays added up."""
    return int(np.sum([array.size for array in params.values()]))


def permute_heads(params: dict[str, np.ndarray], order: np.ndarray) -> dict[str, np.ndarray]:
    """The same layer with its heads relabelled: head blocks of W_q, W_k, W_v and the columns of W_o reordered."""
    num_heads = len(order)
    d_model = params["out_proj_weight"].shape[0]
    d_head = d_model // num_heads
    features = np.concatenate([np.arange(h * d_head, (h + 1) * d_head) for h in order])
    rows = np.concatenate([features + block * d_model for block in range(3)])
    return {
        "in_proj_weight": params["in_proj_weight"][rows],
        "in_proj_bias": params["in_proj_bias"][rows],
        "out_proj_weight": params["out_proj_weight"][:, features],
        "out_proj_bias": params["out_proj_bias"],
    }


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d_model, num_heads = 6, 8, 4
    x = rng.normal(size=(n, d_model))
    params = init_multi_head_params(d_model, rng)
    output, weights = multi_head_attention(x, x, x, **params, num_heads=num_heads)
    print(f"{num_heads} heads over {n} tokens: output {output.shape}, weights {weights.shape}")
    print("where each head looks from token 0:", weights[:, 0].argmax(axis=-1))

    # Shape is preserved and every head's weights are a distribution per query.
    assert output.shape == (n, d_model) and weights.shape == (num_heads, n, n)
    assert np.all(weights > 0) and np.allclose(weights.sum(axis=-1), 1.0)

    # One head reduces to single attention over the projected inputs, followed by W_o.
    w_q, w_k, w_v = np.split(params["in_proj_weight"], 3)
    b_q, b_k, b_v = np.split(params["in_proj_bias"], 3)
    single = single_head_attention(x @ w_q.T + b_q, x @ w_k.T + b_k, x @ w_v.T + b_v)
    one_head, _ = multi_head_attention(x, x, x, **params, num_heads=1)
    assert np.allclose(one_head, single @ params["out_proj_weight"].T + params["out_proj_bias"])

    # More heads with the same weights compute something else: the heads really split the features.
    assert not np.allclose(output, one_head)

    # Heads are interchangeable: relabelling them (with W_o's columns to match) leaves the output unchanged.
    order = np.array([2, 0, 3, 1])
    relabelled, relabelled_weights = multi_head_attention(x, x, x, **permute_heads(params, order), num_heads=num_heads)
    assert np.allclose(relabelled, output) and np.allclose(relabelled_weights, weights[order])

    # With identity projections, two heads each attend within their own coordinate: closed form for token 0.
    tokens = np.eye(2)
    two_heads, _ = multi_head_self_attention(tokens, identity_params(2), num_heads=2)
    assert np.isclose(two_heads[0, 0], 1.0 / (1.0 + np.exp(-1.0)))

    # A causal mask applies to every head.
    _, causal_weights = multi_head_attention(x, x, x, **params, num_heads=num_heads, mask=causal_mask(n))
    assert np.all(causal_weights[:, ~causal_mask(n)] == 0)

    # Splitting into heads adds no parameters: 4 d_model^2 + 4 d_model for any number of heads.
    print(f"parameters for d_model={d_model}: {parameter_count(params)}")
    assert parameter_count(params) == 4 * d_model**2 + 4 * d_model
    print("multi-head attention: all checks passed")

"""Oracle: scaled dot-product attention, multi-head attention, layer norm and a Transformer encoder layer."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, TORCH_NAMES, snippet


@pytest.mark.parametrize("causal", [False, True])
def test_scaled_dot_product_attention_matches_torch(causal: bool) -> None:
    rng = np.random.default_rng(3)
    queries, keys, values = rng.normal(size=(2, 5, 8)), rng.normal(size=(2, 5, 8)), rng.normal(size=(2, 5, 4))
    module = snippet("scaled-dot-product-attention")
    mask = module.causal_mask(5) if causal else None
    ours, _ = module.scaled_dot_product_attention(queries, keys, values, mask)
    reference = F.scaled_dot_product_attention(
        torch.from_numpy(queries), torch.from_numpy(keys), torch.from_numpy(values), is_causal=causal
    ).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_scaled_dot_product_attention_with_rectangular_mask_matches_torch() -> None:
    rng = np.random.default_rng(4)
    queries, keys, values = rng.normal(size=(3, 6)), rng.normal(size=(7, 6)), rng.normal(size=(7, 2))
    mask = rng.random((3, 7)) < 0.6
    mask[:, 0] = True  # every query keeps at least one key
    ours, _ = snippet("scaled-dot-product-attention").scaled_dot_product_attention(queries, keys, values, mask)
    reference = F.scaled_dot_product_attention(
        torch.from_numpy(queries), torch.from_numpy(keys), torch.from_numpy(values), attn_mask=torch.from_numpy(mask)
    ).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize("causal", [False, True])
def test_multi_head_attention_matches_torch(causal: bool) -> None:
    rng = np.random.default_rng(5)
    d_model, num_heads, n_q = 12, 3, 4
    n_k = n_q if causal else 6  # a causal mask needs as many keys as queries
    module = snippet("multi-head-attention")
    params = module.init_multi_head_params(d_model, rng)
    query = rng.normal(size=(n_q, d_model))
    key, value = rng.normal(size=(n_k, d_model)), rng.normal(size=(n_k, d_model))
    mask = module.causal_mask(n_q) if causal else None
    ours, our_weights = module.multi_head_attention(query, key, value, **params, num_heads=num_heads, mask=mask)

    layer = torch.nn.MultiheadAttention(d_model, num_heads, dropout=0.0, batch_first=True).double().eval()
    with torch.no_grad():
        layer.in_proj_weight.copy_(torch.from_numpy(params["in_proj_weight"]))
        layer.in_proj_bias.copy_(torch.from_numpy(params["in_proj_bias"]))
        layer.out_proj.weight.copy_(torch.from_numpy(params["out_proj_weight"]))
        layer.out_proj.bias.copy_(torch.from_numpy(params["out_proj_bias"]))
        torch_mask = None if mask is None else torch.from_numpy(~mask)  # torch: True means "may not attend"
        reference, reference_weights = layer(
            *(torch.from_numpy(a)[None] for a in (query, key, value)),
            attn_mask=torch_mask,
            need_weights=True,
            average_attn_weights=False,
        )
    np.testing.assert_allclose(ours, reference[0].numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(our_weights, reference_weights[0].numpy(), atol=TOLERANCE)


def test_layer_norm_matches_torch() -> None:
    rng = np.random.default_rng(6)
    x, gain, bias = rng.normal(size=(5, 10)) * 3 + 1, rng.normal(size=10), rng.normal(size=10)
    ours = snippet("transformer").layer_norm(x, gain, bias)
    reference = F.layer_norm(torch.from_numpy(x), (10,), torch.from_numpy(gain), torch.from_numpy(bias), eps=1e-5)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("causal", [False, True])
def test_transformer_encoder_layer_matches_torch(norm_first: bool, causal: bool) -> None:
    rng = np.random.default_rng(7)
    n, d_model, d_ff, num_heads = 6, 8, 16, 2
    module = snippet("transformer")
    params = module.init_encoder_params(d_model, d_ff, rng)
    params.update(norm1_weight=rng.normal(size=d_model), norm1_bias=rng.normal(size=d_model))
    params.update(norm2_weight=rng.normal(size=d_model), norm2_bias=rng.normal(size=d_model))
    x = rng.normal(size=(n, d_model))
    mask = module.causal_mask(n) if causal else None
    ours = module.transformer_encoder_layer(x, params, num_heads, mask, norm_first=norm_first)

    layer = torch.nn.TransformerEncoderLayer(
        d_model,
        num_heads,
        dim_feedforward=d_ff,
        dropout=0.0,
        activation="relu",
        layer_norm_eps=1e-5,
        batch_first=True,
        norm_first=norm_first,
    )
    layer = layer.double().eval()
    layer.load_state_dict({TORCH_NAMES[name]: torch.from_numpy(value) for name, value in params.items()})
    with torch.no_grad():
        torch_mask = None if mask is None else torch.from_numpy(~mask)  # torch: True means "may not attend"
        reference = layer(torch.from_numpy(x)[None], src_mask=torch_mask)[0].numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)

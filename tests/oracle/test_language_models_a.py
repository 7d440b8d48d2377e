"""Oracle: layer norm, language-model losses, position schemes, and the GPT / BERT family against PyTorch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, TORCH_NAMES, snippet


def _gelu_tanh(x: torch.Tensor) -> torch.Tensor:
    return F.gelu(x, approximate="tanh")


def _torch_layer(params: dict[str, np.ndarray], num_heads: int, norm_first: bool, activation, eps: float):
    """A torch.nn.TransformerEncoderLayer holding a snippet's parameter dict."""
    d_model, d_ff = params["linear1_weight"].shape[1], params["linear1_weight"].shape[0]
    layer = (
        torch.nn.TransformerEncoderLayer(
            d_model,
            num_heads,
            dim_feedforward=d_ff,
            dropout=0.0,
            activation=activation,
            layer_norm_eps=eps,
            batch_first=True,
            norm_first=norm_first,
        )
        .double()
        .eval()
    )
    layer.load_state_dict({TORCH_NAMES[name]: torch.from_numpy(value) for name, value in params.items()})
    return layer


def _random_layer_params(module, d_model: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    params = module.transformer.init_encoder_params(d_model, 4 * d_model, rng)
    for norm in ("norm1", "norm2"):
        params[f"{norm}_weight"], params[f"{norm}_bias"] = rng.normal(size=d_model), rng.normal(size=d_model)
    return params


def _causal(n: int) -> torch.Tensor:
    return torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)  # torch: True means "may not attend"


# layer-normalization


def test_layer_norm_matches_torch() -> None:
    rng = np.random.default_rng(0)
    x, gain, bias = rng.normal(size=(3, 4, 10)) * 4 + 2, rng.normal(size=10), rng.normal(size=10)
    ours = snippet("layer-normalization").layer_norm(x, gain, bias)
    reference = F.layer_norm(torch.from_numpy(x), (10,), torch.from_numpy(gain), torch.from_numpy(bias), eps=1e-5)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_layer_norm_backward_matches_autograd() -> None:
    rng = np.random.default_rng(1)
    x, gain, bias, upstream = rng.normal(size=(5, 7)), rng.normal(size=7), rng.normal(size=7), rng.normal(size=(5, 7))
    grad_x, grad_gain, grad_bias = snippet("layer-normalization").layer_norm_backward(x, gain, upstream)
    tx, tg, tb = (torch.tensor(a, requires_grad=True) for a in (x, gain, bias))
    (F.layer_norm(tx, (7,), tg, tb, eps=1e-5) * torch.from_numpy(upstream)).sum().backward()
    for ours, reference in ((grad_x, tx), (grad_gain, tg), (grad_bias, tb)):
        np.testing.assert_allclose(ours, reference.grad.numpy(), atol=TOLERANCE)


# language-model, causal-language-modeling, masked-language-modeling


def test_perplexity_is_exp_of_torch_cross_entropy() -> None:
    rng = np.random.default_rng(2)
    logits, targets = rng.normal(size=(20, 9)) * 2, rng.integers(9, size=20)
    ours = snippet("language-model").perplexity(logits, targets)
    reference = torch.exp(F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(targets))).item()
    assert abs(ours - reference) < TOLERANCE * reference


def test_causal_lm_loss_and_gradient_match_torch() -> None:
    rng = np.random.default_rng(3)
    module = snippet("causal-language-modeling")
    logits, tokens = rng.normal(size=(8, 11)), rng.integers(11, size=8)
    t_logits = torch.tensor(logits, requires_grad=True)
    loss = F.cross_entropy(t_logits[:-1], torch.from_numpy(tokens[1:]))
    loss.backward()
    assert abs(module.causal_lm_loss(logits, tokens) - loss.item()) < TOLERANCE
    np.testing.assert_allclose(module.causal_lm_loss_grad(logits, tokens), t_logits.grad.numpy(), atol=TOLERANCE)


def test_mlm_loss_matches_torch_ignore_index() -> None:
    rng = np.random.default_rng(4)
    module = snippet("masked-language-modeling")
    tokens = rng.integers(30, size=(4, 25))
    _, labels = module.bert_mask(tokens, rng, 30, 31)
    logits = rng.normal(size=(4, 25, 31))
    reference = F.cross_entropy(
        torch.from_numpy(logits).reshape(-1, 31), torch.from_numpy(labels).reshape(-1), ignore_index=-100
    )
    assert abs(module.mlm_loss(logits, labels) - reference.item()) < TOLERANCE


# relative-position-representation, rotary-position-embedding, transformer-xl


def test_relative_attention_matches_torch_sdpa_with_a_position_bias() -> None:
    rng = np.random.default_rng(5)
    module = snippet("relative-position-representation")
    n, d, d_z, k = 6, 8, 4, 2
    x = rng.normal(size=(n, d))
    w_q, w_k, w_v = (rng.normal(size=(d, d_z)) for _ in range(3))
    rel_k, rel_v = rng.normal(size=(2 * k + 1, d_z)), np.zeros((2 * k + 1, d_z))
    ours, _ = module.relative_self_attention(x, w_q, w_k, w_v, rel_k, rel_v, k)
    q, keys, values = (torch.from_numpy(x @ w) for w in (w_q, w_k, w_v))
    a_k = torch.from_numpy(rel_k[module.relative_offsets(n, k)])
    bias = torch.einsum("id,ijd->ij", q, a_k) / np.sqrt(d_z)  # the relative-key term as an additive mask
    reference = F.scaled_dot_product_attention(q, keys, values, attn_mask=bias).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_rope_matches_complex_multiplication_in_torch() -> None:
    rng = np.random.default_rng(6)
    module = snippet("rotary-position-embedding")
    x, positions = rng.normal(size=(7, 10)), np.arange(7) + 3
    ours = module.apply_rope(x, positions)
    angles = torch.outer(torch.from_numpy(positions).double(), torch.from_numpy(module.rope_frequencies(10)))
    pairs = torch.view_as_complex(torch.from_numpy(x).reshape(7, 5, 2).contiguous())
    reference = torch.view_as_real(pairs * torch.polar(torch.ones_like(angles), angles)).reshape(7, 10).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_transformer_xl_attention_matches_torch_sdpa() -> None:
    rng = np.random.default_rng(7)
    module = snippet("transformer-xl")
    d, n_mem, n = 8, 3, 4
    p = module.init_xl_layer(d, 16, rng)
    p["gain"], p["bias"] = rng.normal(size=d), rng.normal(size=d)
    memory, h = rng.normal(size=(n_mem, d)), rng.normal(size=(n, d))
    context = np.vstack([memory, h])
    query_pos, key_pos = 10 + np.arange(n), 10 - n_mem + np.arange(n_mem + n)
    allowed = key_pos[None, :] <= query_pos[:, None]
    ours = module.xl_layer(h, context, query_pos, key_pos, allowed, p)

    t = {name: torch.from_numpy(value) for name, value in p.items()}
    q, k, v = torch.from_numpy(h) @ t["w_q"], torch.from_numpy(context) @ t["w_k"], torch.from_numpy(context) @ t["w_v"]
    r = torch.from_numpy(module.sinusoid(query_pos[:, None] - key_pos[None, :], d)) @ t["w_r"]
    position_bias = torch.einsum("id,ijd->ij", q + t["v"], r) / np.sqrt(d)
    position_bias = position_bias.masked_fill(~torch.from_numpy(allowed), float("-inf"))
    attended = F.scaled_dot_product_attention(q + t["u"], k, v, attn_mask=position_bias)
    a = F.layer_norm(torch.from_numpy(h) + attended @ t["w_o"], (d,), t["gain"], t["bias"], eps=1e-5)
    reference = F.layer_norm(a + torch.relu(a @ t["w_1"]) @ t["w_2"], (d,), t["gain"], t["bias"], eps=1e-5)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


# universal-transformer


def test_universal_transformer_is_one_torch_layer_applied_repeatedly() -> None:
    rng = np.random.default_rng(8)
    module = snippet("universal-transformer")
    params = _random_layer_params(module, 8, rng)
    x = rng.normal(size=(5, 8))
    ours = module.universal_transformer_encoder(x, params, 3, 2)
    layer = _torch_layer(params, 2, norm_first=False, activation="relu", eps=1e-5)
    h = torch.from_numpy(x)[None]
    with torch.no_grad():
        for step in (1, 2, 3):
            h = layer(h + torch.from_numpy(module.coordinate_embedding(5, 8, step)))
    np.testing.assert_allclose(ours, h[0].numpy(), atol=TOLERANCE)


# elmo


def test_elmo_bilm_layer_matches_torch_bidirectional_lstm() -> None:
    rng = np.random.default_rng(9)
    module = snippet("elmo")
    d, n = 4, 6
    embed = rng.normal(size=(12, d))
    forward = [(rng.normal(size=(4 * d, d)), rng.normal(size=(4 * d, d)), rng.normal(size=4 * d))]
    backward = [(rng.normal(size=(4 * d, d)), rng.normal(size=(4 * d, d)), rng.normal(size=4 * d))]
    tokens = rng.integers(12, size=n)
    ours = module.bilm_layers(tokens, embed, forward, backward)[1]
    lstm = torch.nn.LSTM(d, d, bidirectional=True, batch_first=True).double()
    with torch.no_grad():
        for suffix, (w_ih, w_hh, b) in (("", forward[0]), ("_reverse", backward[0])):
            getattr(lstm, f"weight_ih_l0{suffix}").copy_(torch.from_numpy(w_ih))
            getattr(lstm, f"weight_hh_l0{suffix}").copy_(torch.from_numpy(w_hh))
            getattr(lstm, f"bias_ih_l0{suffix}").copy_(torch.from_numpy(b))
            getattr(lstm, f"bias_hh_l0{suffix}").zero_()
        reference, _ = lstm(torch.from_numpy(embed[tokens])[None])
    np.testing.assert_allclose(ours, reference[0].numpy(), atol=TOLERANCE)


def test_elmo_layer_weight_gradient_matches_autograd() -> None:
    rng = np.random.default_rng(10)
    module = snippet("elmo")
    states, w, upstream = rng.normal(size=(3, 5, 6)), rng.normal(size=3), rng.normal(size=(5, 6))
    ours = module.elmo_combine(states, w, 0.7)
    tw = torch.tensor(w, requires_grad=True)
    reference = 0.7 * torch.einsum("j,jnd->nd", torch.softmax(tw, 0), torch.from_numpy(states))
    (reference * torch.from_numpy(upstream)).sum().backward()
    np.testing.assert_allclose(ours, reference.detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(module.elmo_combine_grad_w(states, w, 0.7, upstream), tw.grad.numpy(), atol=TOLERANCE)


# gpt, gpt-2, bert: blocks against torch.nn.TransformerEncoderLayer


def test_gelu_matches_torch_tanh_approximation() -> None:
    x = np.linspace(-6, 6, 101)
    np.testing.assert_allclose(snippet("gpt").gelu(x), _gelu_tanh(torch.from_numpy(x)).numpy(), atol=TOLERANCE)


@pytest.mark.parametrize(
    ("entry", "block", "norm_first", "eps", "causal"),
    [
        ("gpt", "gpt_block", False, 1e-5, True),
        ("gpt-2", "gpt2_block", True, 1e-5, True),
        ("bert", "bert_layer", False, 1e-12, False),
    ],
)
def test_block_matches_torch_encoder_layer(entry: str, block: str, norm_first: bool, eps: float, causal: bool) -> None:
    rng = np.random.default_rng(11)
    module = snippet(entry)
    params = _random_layer_params(module, 12, rng)
    x = rng.normal(size=(7, 12))
    ours = getattr(module, block)(x, params, 3)
    layer = _torch_layer(params, 3, norm_first=norm_first, activation=_gelu_tanh, eps=eps)
    with torch.no_grad():
        reference = layer(torch.from_numpy(x)[None], src_mask=_causal(7) if causal else None)[0].numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


# parameter counts against torch modules built on the meta device (no memory is allocated)


def _count(*modules: torch.nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def _decoder_count(vocab: int, context: int, d: int, layers: int, final_norm: bool) -> int:
    meta = torch.device("meta")
    block = torch.nn.TransformerEncoderLayer(d, 1, dim_feedforward=4 * d, device=meta)
    embeddings = _count(torch.nn.Embedding(vocab, d, device=meta), torch.nn.Embedding(context, d, device=meta))
    return embeddings + layers * _count(block) + (2 * d if final_norm else 0)


def test_gpt_parameter_counts_match_torch_modules() -> None:
    assert snippet("gpt").gpt_parameter_count(40478, 512, 768, 12, 3072) == _decoder_count(40478, 512, 768, 12, False)
    assert snippet("gpt-2").gpt2_parameter_count(50257, 1024, 768, 12) == _decoder_count(50257, 1024, 768, 12, True)
    assert snippet("gpt-3").gpt3_parameter_count(96, 12288) == _decoder_count(50257, 2048, 12288, 96, True)


def test_bert_and_albert_parameter_counts_match_torch_modules() -> None:
    meta = torch.device("meta")

    def encoder(vocab: int, e: int, hidden: int, layers: int) -> int:
        embeddings = _count(
            torch.nn.Embedding(vocab, e, device=meta),
            torch.nn.Embedding(512, e, device=meta),
            torch.nn.Embedding(2, e, device=meta),
            torch.nn.LayerNorm(e, device=meta),
        )
        projection = _count(torch.nn.Linear(e, hidden, device=meta)) if e != hidden else 0
        block = torch.nn.TransformerEncoderLayer(hidden, 1, dim_feedforward=4 * hidden, device=meta)
        return embeddings + projection + layers * _count(block) + _count(torch.nn.Linear(hidden, hidden, device=meta))

    assert snippet("bert").bert_parameter_count(30522, 512, 768, 12) == encoder(30522, 768, 768, 12)
    albert = snippet("albert")
    assert albert.albert_parameter_count(30000, 512, 128, 768, 12) == encoder(30000, 128, 768, 1)
    assert albert.albert_parameter_count(30000, 512, 128, 768, 12, shared=False) == encoder(30000, 128, 768, 12)


def test_albert_factorized_embedding_matches_torch_embedding_and_linear() -> None:
    rng = np.random.default_rng(12)
    table, projection, bias, ids = (
        rng.normal(size=(20, 4)),
        rng.normal(size=(4, 9)),
        rng.normal(size=9),
        rng.integers(20, size=6),
    )
    ours = snippet("albert").factorized_embedding(ids, table, projection, bias)
    reference = F.linear(
        F.embedding(torch.from_numpy(ids), torch.from_numpy(table)),
        torch.from_numpy(projection.T),
        torch.from_numpy(bias),
    )
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)

"""GPT-2 (Radford et al. 2019): GPT scaled up, with layer normalisation moved to the input of each sublayer.

Pre-LN block:   a = h + MaskedMHA(LN_1(h)),   h' = a + W_2 GELU(W_1 LN_2(a)),   and one more LN after the last
block. The residual stream is never normalised inside the stack, so gradients pass straight through it.
Vocabulary 50,257 byte-level BPE tokens, context 1024; the smallest model (d = 768, 12 layers) has
124,439,808 parameters with the output layer tied to the token embedding.
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask
from _entry import load

gpt = load("gpt")
transformer = load("transformer")
layer_norm = load("layer-normalization").layer_norm


def gpt2_block(x: np.ndarray, params: dict[str, np.ndarray], num_heads: int) -> np.ndarray:
    """One pre-LN decoder block with a causal mask (names as in torch.nn.TransformerEncoderLayer)."""
    normed = layer_norm(x, params["norm1_weight"], params["norm1_bias"])
    a = x + transformer.multi_head_self_attention(normed, params, num_heads, causal_mask(len(x)))
    normed = layer_norm(a, params["norm2_weight"], params["norm2_bias"])
    hidden = gpt.gelu(normed @ params["linear1_weight"].T + params["linear1_bias"])
    return a + hidden @ params["linear2_weight"].T + params["linear2_bias"]


def gpt2_hidden(tokens: np.ndarray, model: dict, num_heads: int) -> np.ndarray:
    """Token + position embeddings, the pre-LN blocks, and the final layer normalisation."""
    h = model["token_embedding"][tokens] + model["position_embedding"][: len(tokens)]
    for params in model["blocks"]:
        h = gpt2_block(h, params, num_heads)
    return layer_norm(h, model["final_norm_weight"], model["final_norm_bias"])


def init_gpt2(vocab: int, context: int, d: int, num_layers: int, rng: np.random.Generator) -> dict:
    """A random GPT-2: GPT's parameters plus the final layer norm."""
    model = gpt.init_gpt(vocab, context, d, num_layers, rng)
    model.update(final_norm_weight=np.ones(d), final_norm_bias=np.zeros(d))
    return model


def gpt2_parameter_count(vocab: int, context: int, d: int, num_layers: int) -> int:
    """Closed form: V d + n_ctx d + L (12 d^2 + 13 d) + 2 d  (feed-forward width 4d, tied output layer)."""
    return vocab * d + context * d + num_layers * (12 * d * d + 13 * d) + 2 * d


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d, heads = 8, 2
    model = init_gpt2(11, 16, d, 3, rng)
    tokens = rng.integers(11, size=7)
    out = gpt2_hidden(tokens, model, heads)
    print("final hidden states:", out.shape)

    # Pre-LN: with both sublayers' output weights at zero the block is exactly the identity on the residual
    # stream (a post-LN block would still normalise it) ...
    silent = dict(model["blocks"][0])
    silent.update(out_proj_weight=np.zeros((d, d)), out_proj_bias=np.zeros(d),
                  linear2_weight=np.zeros((d, 4 * d)), linear2_bias=np.zeros(d))
    x = 5.0 * rng.normal(size=(7, d)) + 2.0
    assert np.allclose(gpt2_block(x, silent, heads), x)
    assert not np.allclose(gpt.gpt_block(x, silent, heads), x)
    # ... what the attention sublayer adds does not depend on the scale or offset of the stream, because it
    # only sees LN_1(x): with the feed-forward output switched off, block(3x + 1) - (3x + 1) = block(x) - x.
    block = model["blocks"][1]
    attention_only = dict(block, linear2_weight=np.zeros((d, 4 * d)), linear2_bias=np.zeros(d))
    delta = gpt2_block(x, attention_only, heads) - x
    assert np.allclose(gpt2_block(3.0 * x + 1.0, attention_only, heads) - (3.0 * x + 1.0), delta, atol=1e-4)
    assert not np.allclose(delta, 0.0)
    # ... and it is causal like GPT's block.
    later = x.copy()
    later[5:] = rng.normal(size=(2, d))
    assert np.allclose(gpt2_block(later, block, heads)[:5], gpt2_block(x, block, heads)[:5])
    # The final layer norm normalises every position; inside the stack the stream is not normalised.
    assert np.allclose(out.mean(axis=1), 0.0) and np.allclose(out.var(axis=1), 1.0, atol=1e-3)

    # Parameter count: the closed form against the arrays actually built ...
    built = sum(value.size for key, value in model.items() if key != "blocks")
    built += sum(p.size for params in model["blocks"] for p in params.values())
    assert built == gpt2_parameter_count(11, 16, d, 3)
    # ... and the released sizes: 124M for the smallest (reported as 117M in the paper) and 355M for the next.
    small, medium = gpt2_parameter_count(50257, 1024, 768, 12), gpt2_parameter_count(50257, 1024, 1024, 24)
    print(f"GPT-2 small: {small:,} parameters; medium: {medium:,}")
    assert small == 124_439_808 and medium == 354_823_168
    print("gpt-2: all checks passed")

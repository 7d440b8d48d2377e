"""GPT (Radford et al. 2018): a decoder-only Transformer pre-trained as a left-to-right language model.

Tokens get a token embedding plus a learned position embedding; each block is masked multi-head
self-attention and a GELU feed-forward network, each followed (post-LN, as in the original Transformer)
by a residual addition and layer normalisation:
    a = LN(h + MaskedMHA(h)),   h' = LN(a + W_2 GELU(W_1 a)),   p(x_{t+1} | x_<=t) = softmax(h_t W_out)
Generation feeds the most likely token back in (greedy decoding).
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask
from _entry import load

transformer = load("transformer")
layer_norm = load("layer-normalization").layer_norm


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU in the tanh approximation used by the GPT code."""
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def gpt_block(x: np.ndarray, params: dict[str, np.ndarray], num_heads: int) -> np.ndarray:
    """One post-LN decoder block with a causal mask; parameter names as in torch.nn.TransformerEncoderLayer."""
    attended = transformer.multi_head_self_attention(x, params, num_heads, causal_mask(len(x)))
    a = layer_norm(x + attended, params["norm1_weight"], params["norm1_bias"])
    hidden = gelu(a @ params["linear1_weight"].T + params["linear1_bias"])
    return layer_norm(a + hidden @ params["linear2_weight"].T + params["linear2_bias"], params["norm2_weight"], params["norm2_bias"])


def init_gpt(vocab: int, context: int, d: int, num_layers: int, rng: np.random.Generator) -> dict:
    """A small random GPT: token and position embeddings and `num_layers` blocks with feed-forward width 4d."""
    return {
        "token_embedding": rng.normal(scale=0.5, size=(vocab, d)),
        "position_embedding": rng.normal(scale=0.5, size=(context, d)),
        "blocks": [transformer.init_encoder_params(d, 4 * d, rng) for _ in range(num_layers)],
    }


def gpt_hidden(tokens: np.ndarray, model: dict, num_heads: int) -> np.ndarray:
    """Final hidden states (T, d) of the decoder for the token ids `tokens` (T,)."""
    h = model["token_embedding"][tokens] + model["position_embedding"][: len(tokens)]
    for params in model["blocks"]:
        h = gpt_block(h, params, num_heads)
    return h


def greedy_decode(prompt: list[int], model: dict, head: np.ndarray, num_heads: int, steps: int) -> list[int]:
    """Append `steps` tokens, each the argmax of the next-token logits given everything so far."""
    tokens = list(prompt)
    for _ in range(steps):
        logits = gpt_hidden(np.array(tokens), model, num_heads)[-1] @ head
        tokens.append(int(np.argmax(logits)))
    return tokens


def gpt_parameter_count(vocab: int, context: int, d: int, num_layers: int, d_ff: int) -> int:
    """Weights and biases of GPT with an output layer tied to the token embedding: embeddings + L blocks."""
    per_block = (3 * d * d + 3 * d) + (d * d + d) + (d * d_ff + d_ff) + (d_ff * d + d) + 2 * (2 * d)
    return vocab * d + context * d + num_layers * per_block


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, context, d, num_heads = 10, 16, 16, 2
    model = init_gpt(vocab, context, d, 2, rng)

    # The causal block: outputs up to t do not move when later inputs change.
    x = rng.normal(size=(6, d))
    later = x.copy()
    later[4:] = rng.normal(size=(2, d))
    block = model["blocks"][0]
    assert np.allclose(gpt_block(later, block, num_heads)[:4], gpt_block(x, block, num_heads)[:4])
    assert not np.allclose(gpt_block(later, block, num_heads)[4:], gpt_block(x, block, num_heads)[4:])

    # A tiny fixed model: the random decoder plus a read-out fitted (least squares, once) so that the
    # teacher-forced next-token predictions on one known text are right. The digits of pi need context:
    # "1" is followed by 4 and later by 5, "5" by 9, 3 and 8.
    text = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]
    hidden = gpt_hidden(np.array(text[:-1]), model, num_heads)
    head = np.linalg.lstsq(hidden, 10.0 * np.eye(vocab)[text[1:]], rcond=None)[0]
    # Greedy decoding from the prompt 3 1 4 regenerates the rest: each prefix's hidden state is the same
    # as in the full teacher-forced pass, which holds only because no position can see the future.
    continuation = greedy_decode(text[:3], model, head, num_heads, len(text) - 3)
    print("greedy continuation of 3 1 4:", continuation[3:])
    assert continuation == text

    # Parameter count formula against the parameters actually built; GPT-1 itself has about 117M.
    built = model["token_embedding"].size + model["position_embedding"].size
    built += sum(p.size for params in model["blocks"] for p in params.values())
    assert built == gpt_parameter_count(vocab, context, d, 2, 4 * d)
    gpt1 = gpt_parameter_count(40478, 512, 768, 12, 3072)
    print(f"GPT-1 (vocabulary 40478, context 512, d 768, 12 layers): {gpt1:,} parameters")
    assert 116e6 < gpt1 < 118e6
    print("gpt: all checks passed")

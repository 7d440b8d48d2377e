"""BERT (Devlin et al. 2019): a bidirectional Transformer encoder pre-trained with masked language modelling.

Input: [CLS] sentence A [SEP] sentence B [SEP], with segment ids 0 for the first part and 1 for the second.
Each token's input is token + position + segment embedding, layer-normalised; post-LN encoder layers with
GELU follow, and every position attends to every other, left and right. The final [CLS] state, through a
tanh "pooler", feeds sentence-level heads (next-sentence prediction during pre-training).
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask
from _entry import load

transformer = load("transformer")
layer_norm = load("layer-normalization").layer_norm
gelu = load("gpt").gelu
BERT_LN_EPS = 1e-12  # BERT's layer-norm epsilon


def bert_inputs(tokens_a: list[int], tokens_b: list[int], cls_id: int, sep_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids [CLS] A [SEP] B [SEP] and segment ids (0 up to and including the first [SEP], then 1)."""
    ids = [cls_id, *tokens_a, sep_id, *tokens_b, sep_id]
    segments = [0] * (len(tokens_a) + 2) + [1] * (len(tokens_b) + 1)
    return np.array(ids), np.array(segments)


def bert_layer(x: np.ndarray, params: dict[str, np.ndarray], num_heads: int, mask: np.ndarray | None = None) -> np.ndarray:
    """One post-LN encoder layer with GELU; no mask means full bidirectional attention."""
    a = layer_norm(x + transformer.multi_head_self_attention(x, params, num_heads, mask),
                   params["norm1_weight"], params["norm1_bias"], BERT_LN_EPS)
    hidden = gelu(a @ params["linear1_weight"].T + params["linear1_bias"])
    return layer_norm(a + hidden @ params["linear2_weight"].T + params["linear2_bias"],
                      params["norm2_weight"], params["norm2_bias"], BERT_LN_EPS)


def bert_encode(ids: np.ndarray, segments: np.ndarray, model: dict, num_heads: int) -> np.ndarray:
    """Embeddings (token + position + segment, then LN) followed by the encoder layers; returns (T, H)."""
    h = model["token"][ids] + model["position"][: len(ids)] + model["segment"][segments]
    h = layer_norm(h, model["embedding_norm_weight"], model["embedding_norm_bias"], BERT_LN_EPS)
    for params in model["layers"]:
        h = bert_layer(h, params, num_heads)
    return h


def bert_parameter_count(vocab: int, positions: int, hidden: int, num_layers: int) -> int:
    """Embeddings with their layer norm, L encoder layers (feed-forward 4H) and the pooler."""
    embeddings = vocab * hidden + positions * hidden + 2 * hidden + 2 * hidden
    return embeddings + num_layers * (12 * hidden * hidden + 13 * hidden) + hidden * hidden + hidden


def init_bert(vocab: int, positions: int, hidden: int, num_layers: int, rng: np.random.Generator) -> dict:
    """A small random BERT (the pooler included)."""
    return {
        "token": rng.normal(size=(vocab, hidden)), "position": rng.normal(size=(positions, hidden)),
        "segment": rng.normal(size=(2, hidden)),
        "embedding_norm_weight": np.ones(hidden), "embedding_norm_bias": np.zeros(hidden),
        "layers": [transformer.init_encoder_params(hidden, 4 * hidden, rng) for _ in range(num_layers)],
        "pooler_weight": rng.normal(scale=hidden**-0.5, size=(hidden, hidden)), "pooler_bias": np.zeros(hidden),
    }


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, cls_id, sep_id, hidden, heads = 30, 1, 2, 8, 2
    model = init_bert(vocab, 32, hidden, 2, rng)

    ids, segments = bert_inputs([11, 12, 13], [21, 22], cls_id, sep_id)
    print("ids:     ", ids)
    print("segments:", segments)
    # [CLS] first, a [SEP] closing each sentence, segment 0 through the first [SEP] and 1 after it.
    assert ids[0] == cls_id and list(np.flatnonzero(ids == sep_id)) == [4, 7]
    assert list(segments) == [0, 0, 0, 0, 0, 1, 1, 1]

    out = bert_encode(ids, segments, model, heads)
    pooled = np.tanh(out[0] @ model["pooler_weight"].T + model["pooler_bias"])
    print("pooled [CLS] vector:", np.round(pooled, 3))

    # Bidirectional: changing a later token (position 6) changes the outputs at every earlier position ...
    later = ids.copy()
    later[6] = 25
    changed = bert_encode(later, segments, model, heads)
    assert all(not np.allclose(changed[t], out[t]) for t in range(6))

    # ... whereas the same layers with a causal mask leave positions before 6 untouched.
    def causal_encode(token_ids: np.ndarray) -> np.ndarray:
        h = model["token"][token_ids] + model["position"][: len(token_ids)] + model["segment"][segments]
        h = layer_norm(h, model["embedding_norm_weight"], model["embedding_norm_bias"], BERT_LN_EPS)
        for params in model["layers"]:
            h = bert_layer(h, params, heads, causal_mask(len(token_ids)))
        return h

    assert np.allclose(causal_encode(later)[:6], causal_encode(ids)[:6])
    # Segment embeddings matter: the same tokens with all-zero segment ids encode differently.
    assert not np.allclose(bert_encode(ids, np.zeros_like(segments), model, heads), out)

    # Parameter count formula against the arrays built, then BERT-base and BERT-large, reported in the paper
    # as 110M and 340M; counted here with the pooler and without the pre-training heads: 109.5M and 335.1M.
    built = sum(v.size for k, v in model.items() if k != "layers") + sum(p.size for layer in model["layers"] for p in layer.values())
    assert built == bert_parameter_count(vocab, 32, hidden, 2)
    base, large = bert_parameter_count(30522, 512, 768, 12), bert_parameter_count(30522, 512, 1024, 24)
    print(f"BERT-base {base:,} parameters, BERT-large {large:,}")
    assert base == 109_482_240 and large == 335_141_888
    print("bert: all checks passed")

"""SASRec (Kang and McAuley 2018): next-item prediction with causal self-attention over the item sequence.

Input: item embeddings plus learned position embeddings, E_t = M[s_t] + P_t. Each block (pre-layer-norm,
residual, as in the paper's g(x) = x + Dropout(g(LayerNorm(x))), dropout omitted here) applies
    single-head self-attention with a causal mask (query t only sees keys j <= t), then
    a position-wise feed-forward network ReLU(x W1 + b1) W2 + b2.
The score of item i as the (t+1)-th item is F_t . M[i], with the SAME embedding matrix M as the input.
Training: binary cross-entropy on the true next item against one sampled negative at every position.
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask, masked_softmax
from _entry import load

layer_norm = load("transformer").layer_norm


def attention_block(x: np.ndarray, block: dict, causal: bool = True) -> np.ndarray:
    """x + SelfAttention(LN(x)), then + FFN(LN(.)): one SASRec block on a (n, d) sequence."""
    h = layer_norm(x, block["ln1_g"], block["ln1_b"])
    q, k, v = h @ block["W_q"], h @ block["W_k"], h @ block["W_v"]
    weights = masked_softmax(q @ k.T / np.sqrt(x.shape[1]), causal_mask(len(x)) if causal else None)
    x = x + weights @ v
    h = layer_norm(x, block["ln2_g"], block["ln2_b"])
    return x + np.maximum(0.0, h @ block["W1"] + block["b1"]) @ block["W2"] + block["b2"]


def sasrec_forward(sequence: np.ndarray, params: dict, causal: bool = True) -> np.ndarray:
    """Scores (n, n_items): row t scores every item as the next one after sequence[: t + 1]."""
    x = params["item_emb"][sequence] + params["pos_emb"][: len(sequence)]
    for block in params["blocks"]:
        x = attention_block(x, block, causal)
    x = layer_norm(x, params["ln_g"], params["ln_b"])
    return x @ params["item_emb"].T                         # shared item embeddings for prediction


def bce_next_item_loss(scores: np.ndarray, positives: np.ndarray, negatives: np.ndarray) -> float:
    """-sum_t [log sigma(r_{t, pos_t}) + log(1 - sigma(r_{t, neg_t}))] averaged over positions."""
    rows = np.arange(len(scores))
    pos, neg = scores[rows, positives], scores[rows, negatives]
    return float(np.mean(np.logaddexp(0.0, -pos) + np.logaddexp(0.0, neg)))


def init_sasrec(n_items: int, max_len: int, d: int, n_blocks: int, rng: np.random.Generator) -> dict:
    """Random SASRec parameters; layer norms start as the identity transform."""
    def w(*shape: int) -> np.ndarray:
        return rng.normal(scale=1 / np.sqrt(shape[0]), size=shape)

    blocks = [{"W_q": w(d, d), "W_k": w(d, d), "W_v": w(d, d), "W1": w(d, d), "b1": np.zeros(d), "W2": w(d, d),
               "b2": np.zeros(d), "ln1_g": np.ones(d), "ln1_b": np.zeros(d), "ln2_g": np.ones(d),
               "ln2_b": np.zeros(d)} for _ in range(n_blocks)]
    return {"item_emb": rng.normal(scale=0.5, size=(n_items, d)), "pos_emb": rng.normal(scale=0.5, size=(max_len, d)),
            "blocks": blocks, "ln_g": np.ones(d), "ln_b": np.zeros(d)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_items, n, d = 30, 8, 12
    params = init_sasrec(n_items, n, d, n_blocks=2, rng=rng)
    sequence = rng.integers(n_items, size=n)
    scores = sasrec_forward(sequence, params)
    assert scores.shape == (n, n_items)

    # Causality: changing the items after position t leaves every prediction up to t unchanged ...
    t = 4
    changed = sequence.copy()
    changed[t + 1:] = (changed[t + 1:] + 7) % n_items
    assert np.allclose(sasrec_forward(changed, params)[: t + 1], scores[: t + 1])
    assert not np.allclose(sasrec_forward(changed, params)[t + 1:], scores[t + 1:])
    # ... changing an earlier item does change the prediction at t ...
    earlier = sequence.copy()
    earlier[1] = (earlier[1] + 3) % n_items
    assert not np.allclose(sasrec_forward(earlier, params)[t], scores[t])
    # ... and without the mask the future would leak into position t.
    assert not np.allclose(sasrec_forward(changed, params, causal=False)[t], sasrec_forward(sequence, params, causal=False)[t])

    # The first position can only attend to itself, so its output is the same whatever follows (also a
    # one-item sequence gives it).
    assert np.allclose(sasrec_forward(sequence[:1], params)[0], scores[0])

    targets, negatives = np.roll(sequence, -1)[:-1], rng.integers(n_items, size=n - 1)
    loss = bce_next_item_loss(scores[:-1], targets, negatives)
    print(f"BCE next-item loss of the untrained model: {loss:.4f}; next-item ranking after the whole sequence: "
          f"{np.argsort(-scores[-1])[:5].tolist()}")
    print("sasrec: all checks passed")

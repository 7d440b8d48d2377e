"""BERT4Rec (Sun et al. 2019): a bidirectional Transformer over item sequences, trained by the Cloze task.

Training: a random proportion rho of the items of a sequence is replaced by a special [mask] item, and the
model predicts the original items at exactly those positions, attending to items on BOTH sides. Each layer
is a post-norm Transformer layer, A = LN(H + MH(H)), H' = LN(A + FFN_GELU(A)). The output distribution at
position t reuses the item embeddings E:
    P(v) = softmax(GELU(h_t W^P + b^P) E^T + b^O).
Inference: append [mask] to the end of the user's sequence; its output distribution predicts the next item.
"""

from __future__ import annotations

import math

import numpy as np
from _attention import masked_softmax, merge_heads, split_heads
from _entry import load

layer_norm = load("transformer").layer_norm


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU, x Phi(x) with the exact normal CDF."""
    return 0.5 * x * (1.0 + np.vectorize(math.erf)(x / np.sqrt(2.0)))


def encoder_layer(H: np.ndarray, layer: dict, num_heads: int) -> np.ndarray:
    """LN(A + FFN(A)) with A = LN(H + MultiHead(H)): bidirectional, no attention mask."""
    q, k, v = (split_heads(H @ layer[name], num_heads) for name in ("W_q", "W_k", "W_v"))
    weights = masked_softmax(q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1]), None)
    A = layer_norm(H + merge_heads(weights @ v) @ layer["W_o"], layer["ln1_g"], layer["ln1_b"])
    return layer_norm(A + gelu(A @ layer["W1"] + layer["b1"]) @ layer["W2"] + layer["b2"], layer["ln2_g"], layer["ln2_b"])


def bert4rec_forward(sequence: np.ndarray, params: dict, num_heads: int = 2) -> np.ndarray:
    """Next-item probabilities at every position, (n, n_items); ids 0..n_items-1 are items, n_items is [mask]."""
    H = params["emb"][sequence] + params["pos"][: len(sequence)]
    for layer in params["layers"]:
        H = encoder_layer(H, layer, num_heads)
    n_items = len(params["emb"]) - 1
    logits = gelu(H @ params["W_p"] + params["b_p"]) @ params["emb"][:n_items].T + params["b_o"]
    return masked_softmax(logits, None)


def mask_count(length: int, rho: float) -> int:
    """How many of `length` positions the Cloze task masks: rho * length rounded, at least one."""
    return max(1, int(round(rho * length)))


def cloze_mask(sequence: np.ndarray, rho: float, rng: np.random.Generator, mask_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Replace a random proportion rho of positions (at least one) by [mask]; returns (input, masked positions)."""
    positions = np.sort(rng.choice(len(sequence), size=mask_count(len(sequence), rho), replace=False))
    masked = sequence.copy()
    masked[positions] = mask_id
    return masked, positions


def cloze_loss(probabilities: np.ndarray, sequence: np.ndarray, positions: np.ndarray) -> float:
    """Mean negative log-likelihood of the original items at the masked positions only."""
    return float(-np.mean(np.log(probabilities[positions, sequence[positions]])))


def predict_next(history: np.ndarray, params: dict, max_len: int) -> np.ndarray:
    """Append [mask] to the (truncated) history; the distribution at that last position is the next-item guess."""
    mask_id = len(params["emb"]) - 1
    return bert4rec_forward(np.append(history[-(max_len - 1):], mask_id), params)[-1]


def init_bert4rec(n_items: int, max_len: int, d: int, n_layers: int, rng: np.random.Generator) -> dict:
    """Random parameters; the embedding table has one extra row for [mask]."""
    def w(*shape: int) -> np.ndarray:
        return rng.normal(scale=1 / np.sqrt(shape[0]), size=shape)

    layers = [{"W_q": w(d, d), "W_k": w(d, d), "W_v": w(d, d), "W_o": w(d, d), "W1": w(d, 4 * d),
               "b1": np.zeros(4 * d), "W2": w(4 * d, d), "b2": np.zeros(d), "ln1_g": np.ones(d),
               "ln1_b": np.zeros(d), "ln2_g": np.ones(d), "ln2_b": np.zeros(d)} for _ in range(n_layers)]
    return {"emb": rng.normal(scale=0.5, size=(n_items + 1, d)), "pos": rng.normal(scale=0.5, size=(max_len, d)),
            "layers": layers, "W_p": w(d, d), "b_p": np.zeros(d), "b_o": np.zeros(n_items)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_items, max_len, d = 25, 10, 8
    MASK = n_items
    params = init_bert4rec(n_items, max_len, d, n_layers=2, rng=rng)
    sequence = rng.integers(n_items, size=max_len)

    # Cloze training input: rho = 0.2 of 10 positions masked; the loss is read at those positions only, so
    # any other position's output may be arbitrary without changing it.
    masked, positions = cloze_mask(sequence, 0.2, rng, MASK)
    assert len(positions) == 2 and np.all(masked[positions] == MASK)
    assert np.array_equal(np.delete(masked, positions), np.delete(sequence, positions))
    probabilities = bert4rec_forward(masked, params)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    loss = cloze_loss(probabilities, sequence, positions)
    tampered = probabilities.copy()
    tampered[np.setdiff1d(np.arange(max_len), positions)] = 1.0 / n_items
    assert np.isclose(cloze_loss(tampered, sequence, positions), loss)
    # Bidirectional: the prediction at an early masked position depends on LATER items (unlike SASRec).
    later = masked.copy()
    free = [p for p in range(positions[0] + 1, max_len) if p not in positions][0]
    later[free] = (later[free] + 1) % n_items
    assert not np.allclose(bert4rec_forward(later, params)[positions[0]], probabilities[positions[0]])

    # Inference: the history's last max_len - 1 items followed by [mask]; the guess uses the whole history, and
    # it is exactly the Cloze prediction for a sequence whose last item is masked.
    history = rng.integers(n_items, size=15)
    guess = predict_next(history, params, max_len)
    as_cloze = bert4rec_forward(np.append(history[-9:], MASK), params)[-1]
    assert np.allclose(guess, as_cloze) and np.isclose(guess.sum(), 1.0)
    changed = history.copy()
    changed[-9] = (changed[-9] + 1) % n_items                           # the oldest item still in the window
    assert not np.allclose(predict_next(changed, params, max_len), guess)
    print(f"Cloze loss {loss:.4f} at masked positions {positions.tolist()}; top-3 next items: {np.argsort(-guess)[:3].tolist()}")
    print("bert4rec: all checks passed")

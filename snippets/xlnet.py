"""XLNet: permutation language modelling with two-stream self-attention.

For a random factorisation order z of the positions 1..T, XLNet maximises sum_t log p(x_{z_t} | x_{z_<t}):
an autoregressive objective, yet in expectation over orders every token is predicted from context on both
sides. The order never moves the tokens; it only changes the attention masks. The content stream h_i may
see every position up to and including its own place in the order; the query stream g_i, which makes the
prediction at position i, may see only positions strictly earlier in the order (it knows where it is, not
what is there).
"""

from __future__ import annotations

import numpy as np


def permutation_masks(order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Content and query masks (T, T) for factorisation order `order`; True where row i may attend to column j."""
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order))          # rank[i] = place of position i in the order
    content = rank[None, :] <= rank[:, None]
    query = rank[None, :] < rank[:, None]
    return content, query


def masked_attention(queries: np.ndarray, keys: np.ndarray, values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Scaled dot-product attention; a row with no allowed key returns zeros."""
    scores = np.where(mask, queries @ keys.T / np.sqrt(queries.shape[1]), -np.inf)
    top = np.max(scores, axis=1, keepdims=True)
    weights = np.where(mask, np.exp(scores - np.where(np.isfinite(top), top, 0.0)), 0.0)
    total = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, total, out=np.zeros_like(weights), where=total > 0) @ values


def two_stream_layer(h: np.ndarray, g: np.ndarray, order: np.ndarray,
                     w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One two-stream attention layer: both streams query with their own state and read keys/values from h."""
    content_mask, query_mask = permutation_masks(order)
    keys, values = h @ w_k, h @ w_v
    new_h = h + masked_attention(h @ w_q, keys, values, content_mask)
    new_g = g + masked_attention(g @ w_q, keys, values, query_mask)
    return new_h, new_g


def xlnet_streams(tokens: np.ndarray, order: np.ndarray, params: dict[str, np.ndarray],
                  num_layers: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Content and query streams after `num_layers` shared-weight layers (token + position embeddings in h,
    a learned vector + position embedding in g)."""
    positions = params["positions"][: len(tokens)]
    h = params["embeddings"][tokens] + positions
    g = params["query_vector"] + positions
    for _ in range(num_layers):
        h, g = two_stream_layer(h, g, order, params["w_q"], params["w_k"], params["w_v"])
    return h, g


def init_params(vocab: int, max_len: int, d: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random embeddings and projections for the toy model."""
    return {"embeddings": rng.normal(size=(vocab, d)), "positions": rng.normal(size=(max_len, d)),
            "query_vector": rng.normal(size=d), "w_q": rng.normal(size=(d, d)) / np.sqrt(d),
            "w_k": rng.normal(size=(d, d)) / np.sqrt(d), "w_v": rng.normal(size=(d, d)) / np.sqrt(d)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    T, vocab, d = 6, 20, 8
    order = rng.permutation(T)
    content, query = permutation_masks(order)
    print("factorisation order:", order)
    print("query mask (row i sees columns j):\n", query.astype(int))

    # Cell by cell against the definition: position i may see j iff j comes before i in the order.
    for i in range(T):
        earlier = set(order[: list(order).index(i)].tolist())
        for j in range(T):
            assert query[i, j] == (j in earlier)
            assert content[i, j] == (j in earlier or j == i)
    # The identity order gives the ordinary causal masks.
    c_id, q_id = permutation_masks(np.arange(T))
    assert np.array_equal(c_id, np.tril(np.ones((T, T), bool))) and np.array_equal(q_id, np.tril(np.ones((T, T), bool), -1))
    # Exactly t positions are visible to the query stream of the t-th predicted token.
    assert np.array_equal(query.sum(axis=1)[order], np.arange(T))

    params = init_params(vocab, T, d, rng)
    tokens = rng.integers(vocab, size=T)
    h, g = xlnet_streams(tokens, order, params)
    for t, i in enumerate(order):
        later_or_self = order[t:]
        changed = tokens.copy()
        changed[later_or_self] = (changed[later_or_self] + 1 + rng.integers(vocab - 1, size=len(later_or_self))) % vocab
        _, g2 = xlnet_streams(changed, order, params)
        # The query stream at position i never depends on its own token or on tokens later in the order...
        assert np.allclose(g2[i], g[i])
        if t > 0:
            perturbed = changed.copy()
            perturbed[order[t - 1]] = (perturbed[order[t - 1]] + 1) % vocab
            _, g3 = xlnet_streams(perturbed, order, params)
            # ...but it does depend on the tokens before it in the order.
            assert not np.allclose(g3[i], g2[i])
    # The content stream sees its own token.
    own = tokens.copy()
    own[order[0]] = (own[order[0]] + 1) % vocab
    h4, _ = xlnet_streams(own, order, params)
    assert not np.allclose(h4[order[0]], h[order[0]])
    print("query stream of each position independent of its own and later-order tokens: ok")
    print("xlnet: all checks passed")

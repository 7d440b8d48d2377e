"""Queries, keys and values: attention as a soft look-up in a table of (key, value) pairs.

Each token is projected three ways: its query asks, its key is what it is matched on, its value is what it
returns. The output for a query is a convex combination of the values, weighted by query-key similarity;
with one key matching sharply it becomes an ordinary dictionary look-up.
"""

from __future__ import annotations

import numpy as np
from _attention import softmax


def qkv_attention(
    query_tokens: np.ndarray, memory_tokens: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Attend from query_tokens (n_q, d_in) to memory_tokens (n_m, d_in) through linear projections.

    Q = query_tokens W_q, K = memory_tokens W_k, V = memory_tokens W_v. Returns the outputs (n_q, d_v) and
    the weights (n_q, n_m).
    """
    queries, keys, values = query_tokens @ w_q, memory_tokens @ w_k, memory_tokens @ w_v
    weights = softmax(queries @ keys.T / np.sqrt(w_k.shape[1]))
    return weights @ values, weights


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d_in, d_k, d_v = 8, 4, 3
    query_tokens, memory_tokens = rng.normal(size=(3, d_in)), rng.normal(size=(5, d_in))
    w_q, w_k, w_v = rng.normal(size=(d_in, d_k)), rng.normal(size=(d_in, d_k)), rng.normal(size=(d_in, d_v))
    outputs, weights = qkv_attention(query_tokens, memory_tokens, w_q, w_k, w_v)
    print("weights of query 0 over 5 memory tokens:", np.round(weights[0], 3))
    assert outputs.shape == (3, d_v) and weights.shape == (3, 5)

    # Each output is a convex combination of the value vectors: in every direction u it lies between the
    # smallest and the largest projection of the values.
    values = memory_tokens @ w_v
    directions = rng.normal(size=(d_v, 200))
    along_outputs, along_values = outputs @ directions, values @ directions
    assert np.all(along_outputs <= along_values.max(axis=0) + 1e-12)
    assert np.all(along_outputs >= along_values.min(axis=0) - 1e-12)

    # Keys decide where to look, values what comes back: a new W_v changes the outputs, not the weights.
    new_outputs, new_weights = qkv_attention(query_tokens, memory_tokens, w_q, w_k, rng.normal(size=(d_in, d_v)))
    assert np.allclose(new_weights, weights) and not np.allclose(new_outputs, outputs)

    # The memory is a set of (key, value) pairs: reordering the pairs together changes nothing.
    order = rng.permutation(5)
    assert np.allclose(qkv_attention(query_tokens, memory_tokens[order], w_q, w_k, w_v)[0], outputs)

    # Limiting case, a hard dictionary: each memory token holds a one-hot key and a 2-d value; W_k and W_v
    # read the two fields; a sharp query equal to key 3 returns value 3.
    stored_values = rng.normal(size=(5, 2))
    table = np.hstack([np.eye(5), stored_values])
    read_key, read_value = np.vstack([np.eye(5), np.zeros((2, 5))]), np.vstack([np.zeros((5, 2)), np.eye(2)])
    looked_up, lookup_weights = qkv_attention(np.eye(5)[[3]], table, 100.0 * np.eye(5), read_key, read_value)
    print("look-up of key 3:", np.round(looked_up[0], 4), "stored:", np.round(stored_values[3], 4))
    assert np.allclose(looked_up[0], stored_values[3], atol=1e-9)
    print("query, key and value: all checks passed")

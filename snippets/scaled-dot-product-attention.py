"""Scaled dot-product attention: softmax(Q K^T / sqrt(d_k)) V.

Every query scores every key by a dot product, the scores are divided by sqrt(d_k) and turned into a
probability distribution by softmax, and the output is the matching average of the values.
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask, masked_softmax


def scaled_dot_product_attention(
    queries: np.ndarray, keys: np.ndarray, values: np.ndarray, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """softmax(Q K^T / sqrt(d_k)) V for queries (..., n_q, d_k), keys (..., n_k, d_k), values (..., n_k, d_v).

    `mask` is boolean, broadcastable to (..., n_q, n_k), True where attention is allowed. Returns the
    outputs (..., n_q, d_v) and the attention weights (..., n_q, n_k), each row a probability distribution.
    """
    logits = queries @ np.swapaxes(keys, -1, -2) / np.sqrt(queries.shape[-1])
    weights = masked_softmax(logits, mask)
    return weights @ values, weights


def scaled_logits_of_random_pairs(d_k: int, num_pairs: int, rng: np.random.Generator) -> np.ndarray:
    """The logits q.k / sqrt(d_k) computed for unit-variance random q and k, read back from the attention weights.

    Each query attends to two keys, k and the zero vector (whose logit is 0), so log(w_k / w_0) is k's logit.
    """
    queries = rng.normal(size=(num_pairs, 1, d_k))
    keys = np.concatenate([rng.normal(size=(num_pairs, 1, d_k)), np.zeros((num_pairs, 1, d_k))], axis=1)
    _, weights = scaled_dot_product_attention(queries, keys, np.zeros((num_pairs, 2, 1)))
    return np.log(weights[:, 0, 0] / weights[:, 0, 1])


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d_k, d_v = 5, 8, 3
    queries, keys, values = rng.normal(size=(n, d_k)), rng.normal(size=(n, d_k)), rng.normal(size=(n, d_v))
    outputs, weights = scaled_dot_product_attention(queries, keys, values)
    print("attention weights of query 0:", np.round(weights[0], 3))

    # Each query's weights form a probability distribution over the keys.
    assert outputs.shape == (n, d_v) and weights.shape == (n, n)
    assert np.all(weights > 0) and np.allclose(weights.sum(axis=-1), 1.0)

    # Limiting case: when all keys are equal the weights are uniform and each output is the mean value.
    same_keys = np.repeat(keys[:1], n, axis=0)
    assert np.allclose(scaled_dot_product_attention(queries, same_keys, values)[0], values.mean(axis=0))

    # Closed form with two keys: the weight on key 1 is sigmoid((q.k1 - q.k2) / sqrt(d_k)).
    q, two_keys = np.array([[2.0, 0.0, 0.0, 0.0]]), np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    _, two_weights = scaled_dot_product_attention(q, two_keys, np.eye(2))
    assert np.isclose(two_weights[0, 0], 1.0 / (1.0 + np.exp(-2.0 / 2.0)))

    # A causal mask: output t depends on positions <= t only, so changing the future leaves it unchanged.
    mask = causal_mask(n)
    causal_outputs, causal_weights = scaled_dot_product_attention(queries, keys, values, mask)
    assert np.all(causal_weights[np.triu_indices(n, k=1)] == 0)
    new_keys, new_values = keys.copy(), values.copy()
    new_keys[3:], new_values[3:] = rng.normal(size=(n - 3, d_k)), rng.normal(size=(n - 3, d_v))
    changed = scaled_dot_product_attention(queries, new_keys, new_values, mask)[0]
    assert np.allclose(changed[:3], causal_outputs[:3]) and not np.allclose(changed[3:], causal_outputs[3:])
    unmasked_changed = scaled_dot_product_attention(queries, new_keys, new_values)[0]
    assert not np.allclose(unmasked_changed[:3], outputs[:3])

    # Why sqrt(d_k): for unit-variance q and k, q.k has variance d_k; dividing by sqrt(d_k) brings it back to 1.
    large_d_k = 256
    logits = scaled_logits_of_random_pairs(large_d_k, 4000, rng)
    print(f"d_k={large_d_k}: variance of scaled logits {logits.var():.3f} (unscaled would be ~{large_d_k})")
    assert abs(logits.var() - 1.0) < 0.1

    # Without the scaling (equivalently, queries multiplied by sqrt(d_k)) softmax saturates to near one-hot.
    many_keys = rng.normal(size=(10, large_d_k))
    some_queries = rng.normal(size=(200, large_d_k))
    scaled_peak = scaled_dot_product_attention(some_queries, many_keys, np.eye(10))[1].max(axis=-1).mean()
    unscaled_peak = scaled_dot_product_attention(some_queries * np.sqrt(large_d_k), many_keys, np.eye(10))[1]
    unscaled_peak = unscaled_peak.max(axis=-1).mean()
    print(f"mean largest weight over 10 keys: scaled {scaled_peak:.2f}, unscaled {unscaled_peak:.2f}")
    assert scaled_peak < 0.6 and unscaled_peak > 0.9
    print("scaled dot-product attention: all checks passed")

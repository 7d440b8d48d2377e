"""AutoInt (Song et al. 2019): multi-head self-attention across the fields of one sample, with a residual link.

Every field m (categorical, or numeric scaled: v_m x_m) has an embedding e_m. In head h,
    alpha^h_{m,k} = softmax_k( <W_Q^h e_m, W_K^h e_k> ),     e~^h_m = sum_k alpha^h_{m,k} W_V^h e_k
and the interacting layer outputs  e^Res_m = ReLU( concat_h e~^h_m + W_Res e_m ).
Stacked layers model higher-order combinations; the output is sigmoid(w . concat_m e^Res_m + b). The fields
form a set, so permuting them permutes the outputs in the same way (equivariance).
"""

from __future__ import annotations

import numpy as np


def interacting_layer(e: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray, w_res: np.ndarray,
                      num_heads: int) -> tuple[np.ndarray, np.ndarray]:
    """AutoInt layer on field embeddings e (M, d); w_q/w_k/w_v/w_res are (H d', d). Returns (output, weights)."""
    def heads(projected: np.ndarray) -> np.ndarray:                # (M, H d') -> (H, M, d')
        return projected.reshape(len(e), num_heads, -1).transpose(1, 0, 2)
    q, k, v = heads(e @ w_q.T), heads(e @ w_k.T), heads(e @ w_v.T)
    scores = q @ k.transpose(0, 2, 1)                                # plain inner products (no 1/sqrt(d'))
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    attended = (weights @ v).transpose(1, 0, 2).reshape(len(e), -1)   # concatenate the heads
    return np.maximum(0.0, attended + e @ w_res.T), weights


def autoint_predict(e: np.ndarray, layers: list[tuple[np.ndarray, ...]], num_heads: int, w_out: np.ndarray,
                    b_out: float) -> float:
    """Click probability after stacked interacting layers: sigmoid of a linear unit on all fields' outputs."""
    for w_q, w_k, w_v, w_res in layers:
        e, _ = interacting_layer(e, w_q, w_k, w_v, w_res, num_heads)
    return float(1.0 / (1.0 + np.exp(-(e.reshape(-1) @ w_out + b_out))))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    fields, d, heads, d_head = 5, 4, 2, 3
    e = rng.normal(size=(fields, d))
    e[4] = rng.normal(size=d) * 2.7                                  # a numeric field: embedding times its value
    params = [rng.normal(scale=0.5, size=(heads * d_head, d)) for _ in range(4)]
    w_q, w_k, w_v, w_res = params

    out, weights = interacting_layer(e, w_q, w_k, w_v, w_res, heads)
    assert out.shape == (fields, heads * d_head) and weights.shape == (heads, fields, fields)
    assert np.allclose(weights.sum(axis=-1), 1.0) and np.all(out >= 0)

    # Head 0 against an explicit loop over field pairs.
    wq0, wk0, wv0 = (p[:d_head] for p in params[:3])
    for m in range(fields):
        scores = np.array([(wq0 @ e[m]) @ (wk0 @ e[k]) for k in range(fields)])
        alpha = np.exp(scores) / np.exp(scores).sum()
        head0 = sum(alpha[k] * (wv0 @ e[k]) for k in range(fields))
        assert np.allclose(np.maximum(0.0, head0 + params[3][:d_head] @ e[m]), out[m, :d_head])

    # Equivariance: permuting the fields permutes the outputs and the attention maps the same way.
    perm = rng.permutation(fields)
    out_p, weights_p = interacting_layer(e[perm], w_q, w_k, w_v, w_res, heads)
    assert np.allclose(out_p, out[perm]) and np.allclose(weights_p, weights[:, perm][:, :, perm])

    second = [rng.normal(scale=0.5, size=(heads * d_head, heads * d_head)) for _ in range(4)]
    p = autoint_predict(e, [tuple(params), tuple(second)], heads, rng.normal(scale=0.1, size=fields * heads * d_head), 0.0)
    assert 0 < p < 1
    print(f"attention of field 0 (head 0): {np.round(weights[0, 0], 3)}; two-layer AutoInt p = {p:.4f}")
    print("autoint: all checks passed")

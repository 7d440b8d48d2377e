"""Wide & Deep (Cheng et al., Google 2016): a linear model on raw and crossed sparse features ("wide", which
memorises) and an MLP on embeddings ("deep", which generalises), summed into one logit and trained jointly:
    P(y = 1 | x) = sigmoid(w_wide . [x, phi(x)] + w_deep . a_L + b)
One log loss back-propagates into both parts at once: d loss / d logit = p - y reaches the wide weights as
(p - y) [x, phi(x)] and the deep weights through the MLP and the embeddings.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from _check import numerical_gradient, relative_error
from _entry import load

ctr = load("ctr-prediction")
cross = load("feature-crossing")


def wide_features(ids_a: np.ndarray, ids_b: np.ndarray, vocab: int) -> np.ndarray:
    """The wide input [x, phi(x)] for two categorical fields: both one-hot blocks and their cross-product."""
    a_onehot, b_onehot = np.eye(vocab)[ids_a], np.eye(vocab)[ids_b]
    return np.hstack([a_onehot, b_onehot, cross.cross_features(a_onehot, b_onehot)])


def deep_part(ids: np.ndarray, params: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Embeddings of the deep fields, concatenated, then one ReLU layer; returns (inputs, pre-activations, a)."""
    e = params["emb"][ids].reshape(len(ids), -1)
    z = e @ params["W1"].T + params["b1"]
    return e, z, np.maximum(0.0, z)


def wide_and_deep_logit(x_wide: np.ndarray, ids: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
    """The joint logit: wide linear part + deep MLP part + shared bias."""
    return x_wide @ params["w_wide"] + deep_part(ids, params)[2] @ params["w_deep"] + params["b"]


def joint_loss_and_gradients(x_wide: np.ndarray, ids: np.ndarray, y: np.ndarray,
                             params: dict[str, np.ndarray]) -> tuple[float, dict[str, np.ndarray]]:
    """Mean log loss of the joint model and its gradient for every parameter of both parts, by hand."""
    e, z, a = deep_part(ids, params)
    p = 1.0 / (1.0 + np.exp(-(x_wide @ params["w_wide"] + a @ params["w_deep"] + params["b"])))
    g = (p - y) / len(y)                                          # d loss / d logit
    dz = g[:, None] * params["w_deep"] * (z > 0)
    d_emb = np.zeros_like(params["emb"])
    np.add.at(d_emb, ids, (dz @ params["W1"]).reshape(ids.shape + (-1,)))
    grads = {"w_wide": x_wide.T @ g, "b": np.array(g.sum()), "w_deep": a.T @ g,
             "W1": dz.T @ e, "b1": dz.sum(axis=0), "emb": d_emb}
    return ctr.log_loss(y, p), grads


def loss_with(x_wide: np.ndarray, ids: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray], name: str,
              value: np.ndarray) -> float:
    """The joint loss with one parameter replaced by `value` (for finite differences)."""
    return joint_loss_and_gradients(x_wide, ids, y, dict(params, **{name: value}))[0]


def init_wide_and_deep(wide_dim: int, vocab: int, fields: int, dim: int, hidden: int,
                       rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random parameters of both parts."""
    return {"w_wide": rng.normal(scale=0.3, size=wide_dim), "b": np.array(0.0),
            "emb": rng.normal(scale=0.5, size=(vocab, dim)),
            "W1": rng.normal(scale=0.5, size=(hidden, fields * dim)), "b1": rng.normal(scale=0.1, size=hidden),
            "w_deep": rng.normal(scale=0.5, size=hidden)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, vocab, fields, dim, hidden = 64, 10, 2, 3, 5
    ids = rng.integers(0, vocab, size=(n, fields))                # e.g. user's installed app, impression app
    x_wide = wide_features(ids[:, 0], ids[:, 1], vocab)           # [x, phi(x)], three ones per row
    assert np.all(x_wide.sum(axis=1) == 3)
    y = (rng.random(n) < 0.3).astype(float)
    params = init_wide_and_deep(x_wide.shape[1], vocab, fields, dim, hidden, rng)

    # The joint logit is exactly the wide logit plus the deep logit (plus the shared bias).
    wide_only = dict(params, w_deep=np.zeros(hidden))
    deep_only = dict(params, w_wide=np.zeros(x_wide.shape[1]))
    assert np.allclose(wide_and_deep_logit(x_wide, ids, params),
                       wide_and_deep_logit(x_wide, ids, wide_only) + wide_and_deep_logit(x_wide, ids, deep_only)
                       - params["b"])

    # One loss, gradients into both parts: every hand gradient matches finite differences and both are non-zero.
    loss, grads = joint_loss_and_gradients(x_wide, ids, y, params)
    for name in ("w_wide", "w_deep", "W1", "b1", "emb"):
        numeric = numerical_gradient(partial(loss_with, x_wide, ids, y, params, name), params[name])
        assert relative_error(grads[name], numeric) < 1e-5, name
    assert np.abs(grads["w_wide"]).sum() > 0 and np.abs(grads["emb"]).sum() > 0

    # Joint training by gradient descent lowers the loss of the combined model.
    trained = {key: value.copy() for key, value in params.items()}
    for _ in range(200):
        step = joint_loss_and_gradients(x_wide, ids, y, trained)[1]
        trained = {key: trained[key] - 0.5 * step[key] for key in trained}
    final = joint_loss_and_gradients(x_wide, ids, y, trained)[0]
    print(f"{x_wide.shape[1]} wide columns (incl. {vocab * vocab} crosses); joint log loss {loss:.4f} -> {final:.4f}")
    assert final < loss
    print("wide-and-deep: all checks passed")

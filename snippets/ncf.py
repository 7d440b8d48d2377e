"""Neural Collaborative Filtering (He et al. 2017): replace MF's fixed dot product by learned interaction functions.

GMF (generalized MF):  phi_GMF = p_u * q_i (element-wise),   y = a_out(h . phi_GMF);
    with a_out the identity and h = 1 this is exactly MF's p_u . q_i.
MLP:  phi_MLP = ReLU(... ReLU(W_1 [p'_u ; q'_i] + b_1) ...), a tower on concatenated (separate) embeddings.
NeuMF fuses both:  y = sigma(h . [phi_GMF ; phi_MLP]), trained with log loss on observed items and sampled
negatives. Evaluation (leave-one-out): HR@k / recall@k and NDCG@k of the held-out item among candidates.
"""

from __future__ import annotations

import numpy as np


def gmf(p_u: np.ndarray, q_i: np.ndarray, h: np.ndarray, identity_output: bool = False) -> np.ndarray:
    """GMF score a_out(h . (p_u * q_i)) for rows of user and item vectors; a_out is sigmoid or the identity."""
    z = (p_u * q_i) @ h
    return z if identity_output else 1.0 / (1.0 + np.exp(-z))


def mlp_tower(p_u: np.ndarray, q_i: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The MLP part: ReLU layers applied to the concatenation [p_u ; q_i]."""
    x = np.concatenate([p_u, q_i], axis=-1)
    for W, b in layers:
        x = np.maximum(0.0, x @ W + b)
    return x


def neumf(params: dict, users: np.ndarray, items: np.ndarray) -> np.ndarray:
    """NeuMF probability sigma(h . [p_u * q_i ; MLP([p'_u ; q'_i])]) with separate GMF and MLP embeddings."""
    phi_gmf = params["P_gmf"][users] * params["Q_gmf"][items]
    phi_mlp = mlp_tower(params["P_mlp"][users], params["Q_mlp"][items], params["layers"])
    return 1.0 / (1.0 + np.exp(-np.concatenate([phi_gmf, phi_mlp], axis=-1) @ params["h"]))


def init_neumf(n_users: int, n_items: int, k_gmf: int, k_mlp: int, hidden: list[int], rng: np.random.Generator) -> dict:
    """Random NeuMF parameters; the MLP input is [p'_u ; q'_i] of width 2 k_mlp."""
    sizes = [2 * k_mlp] + hidden
    layers = [(rng.normal(scale=1 / np.sqrt(a), size=(a, b)), np.zeros(b)) for a, b in zip(sizes, sizes[1:])]
    return {"P_gmf": rng.normal(size=(n_users, k_gmf)), "Q_gmf": rng.normal(size=(n_items, k_gmf)),
            "P_mlp": rng.normal(size=(n_users, k_mlp)), "Q_mlp": rng.normal(size=(n_items, k_mlp)),
            "layers": layers, "h": rng.normal(size=k_gmf + hidden[-1])}


def recall_at_k(scores: np.ndarray, relevant: np.ndarray, k: int) -> float:
    """|top-k by score ∩ relevant| / |relevant| (with one relevant item this is the hit ratio HR@k)."""
    top = np.argsort(-scores, kind="stable")[:k]
    return float(np.isin(top, relevant).sum() / len(relevant))


def ndcg_at_k(scores: np.ndarray, relevant: np.ndarray, k: int) -> float:
    """NDCG@k with binary relevance: sum over hits at rank r (1-based) of 1/log2(r + 1), over its ideal value."""
    top = np.argsort(-scores, kind="stable")[:k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = (np.isin(top, relevant) * discounts[:len(top)]).sum()
    return float(dcg / discounts[:min(k, len(relevant))].sum())


if __name__ == "__main__":
    from itertools import permutations

    rng = np.random.default_rng(0)
    P, Q = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))

    # GMF with identity output and h = 1 is MF's dot product; with sigmoid it is sigma of it.
    assert np.allclose(gmf(P, Q, np.ones(4), identity_output=True), np.sum(P * Q, axis=1))
    assert np.allclose(gmf(P, Q, np.ones(4)), 1 / (1 + np.exp(-np.einsum("nk,nk->n", P, Q))))

    # NeuMF concatenates the two branches: its logit is the sum of a GMF logit and an MLP-head logit, and with
    # the MLP half of h set to zero it is exactly GMF on the GMF embeddings.
    params = init_neumf(10, 12, k_gmf=4, k_mlp=3, hidden=[8, 4], rng=rng)
    users, items = rng.integers(10, size=7), rng.integers(12, size=7)
    logit = np.log(neumf(params, users, items) / (1 - neumf(params, users, items)))
    gmf_part = gmf(params["P_gmf"][users], params["Q_gmf"][items], params["h"][:4], identity_output=True)
    (W1, b1), (W2, b2) = params["layers"]                       # [p ; q] W1 = p W1[:k] + q W1[k:]
    first = np.maximum(0.0, params["P_mlp"][users] @ W1[:3] + params["Q_mlp"][items] @ W1[3:] + b1)
    mlp_part = np.maximum(0.0, first @ W2 + b2) @ params["h"][4:]
    assert np.allclose(logit, gmf_part + mlp_part)
    only_gmf = dict(params, h=np.concatenate([params["h"][:4], np.zeros(4)]))
    assert np.allclose(neumf(only_gmf, users, items), gmf(params["P_gmf"][users], params["Q_gmf"][items], params["h"][:4]))
    print(f"NeuMF probabilities for 7 random pairs: {np.round(neumf(params, users, items), 3).tolist()}")

    # Ranking metrics, two ways. Recall@k from each relevant item's rank (number of items scoring higher) ...
    scores = rng.normal(size=30)
    relevant = np.array([3, 7, 19, 25])
    for k in (1, 5, 10, 30):
        ranks = np.array([(scores > scores[r]).sum() for r in relevant])       # 0-based rank, no ties here
        assert np.isclose(recall_at_k(scores, relevant, k), np.mean(ranks < k))
        # ... NDCG@k from the same ranks, with the ideal DCG found by brute force over orderings of a small list.
        dcg = sum(1 / np.log2(r + 2) for r in ranks if r < k)
        ideal = max(sum(rel / np.log2(pos + 2) for pos, rel in enumerate(order[:k]))
                    for order in set(permutations([1] * len(relevant) + [0] * 3)))
        assert np.isclose(ndcg_at_k(scores, relevant, k), dcg / ideal)
    # Leave-one-out with a single held-out item: NDCG = 1 / log2(rank + 2) inside the top k.
    rank = int((scores > scores[7]).sum())
    assert np.isclose(ndcg_at_k(scores, np.array([7]), 30), 1 / np.log2(rank + 2))
    print(f"recall@10 = {recall_at_k(scores, relevant, 10):.2f}, NDCG@10 = {ndcg_at_k(scores, relevant, 10):.3f}")
    print("ncf: all checks passed")

"""Factorizing Personalized Markov Chains (Rendle, Freudenthaler and Schmidt-Thieme 2010), for next-basket
recommendation.

A personalised first-order Markov chain has a transition cube a[u, l, i] = P(i in next basket | l in last
basket, user u), far too sparse to estimate directly. FPMC factorises it with pairwise interactions,
    a_hat[u, l, i] = <v_u^UI, v_i^IU> + <v_i^IL, v_l^LI> (+ <v_u^UL, v_l^LU>, constant in i, dropped),
and scores item i for user u after the basket B_{t-1} by averaging over that basket:
    x_hat(u, t, i) = <v_u^UI, v_i^IU> + 1/|B_{t-1}| sum_{l in B_{t-1}} <v_i^IL, v_l^LI>,
i.e. a matrix-factorization term (long-term taste) plus a factorised transition term (sequential behaviour).
"""

from __future__ import annotations

import numpy as np


def score_from_factors(v_u_ui: np.ndarray, V_i_iu: np.ndarray, V_i_il: np.ndarray, V_basket_li: np.ndarray) -> np.ndarray:
    """<v_u^UI, v_i^IU> + mean over the basket rows l of <v_i^IL, v_l^LI>, for candidate rows i."""
    return V_i_iu @ v_u_ui + V_i_il @ V_basket_li.mean(axis=0)


def fpmc_score(params: dict, user: int, last_basket: np.ndarray, items: np.ndarray) -> np.ndarray:
    """FPMC scores of `items` for `user` whose previous basket holds the item ids `last_basket`."""
    return score_from_factors(params["V_UI"][user], params["V_IU"][items], params["V_IL"][items],
                              params["V_LI"][last_basket])


def init_fpmc(n_users: int, n_items: int, k: int, rng: np.random.Generator) -> dict:
    """Random factor matrices: user/item pair (UI, IU) and item/last-item pair (IL, LI)."""
    return {"V_UI": rng.normal(size=(n_users, k)), "V_IU": rng.normal(size=(n_items, k)),
            "V_IL": rng.normal(size=(n_items, k)), "V_LI": rng.normal(size=(n_items, k))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_users, n_items, k = 5, 9, 3
    params = init_fpmc(n_users, n_items, k, rng)
    user, basket, items = 2, np.array([1, 4, 6]), np.arange(n_items)
    scores = fpmc_score(params, user, basket, items)

    # The score is the average, over the items l of the last basket, of the factorised transition cube
    # a[u, l, i] = <v_u^UI, v_i^IU> + <v_i^IL, v_l^LI>, built entry by entry.
    cube = np.zeros((n_users, n_items, n_items))
    for u in range(n_users):
        for l in range(n_items):
            for i in range(n_items):
                cube[u, l, i] = params["V_UI"][u] @ params["V_IU"][i] + params["V_IL"][i] @ params["V_LI"][l]
    assert np.allclose(scores, cube[user, basket].mean(axis=0))

    # The dropped user-last-item term <v_u^UL, v_l^LU> is the same for every candidate i, so adding it back
    # shifts all scores equally and leaves the ranking unchanged.
    V_UL, V_LU = rng.normal(size=(n_users, k)), rng.normal(size=(n_items, k))
    with_ul = scores + np.mean([V_UL[user] @ V_LU[l] for l in basket])
    assert np.array_equal(np.argsort(-with_ul), np.argsort(-scores))

    # Limiting cases: without transition factors FPMC is MF; without user factors it is a factorised
    # (non-personalised) Markov chain, the same for every user.
    no_chain = dict(params, V_IL=np.zeros((n_items, k)))
    assert np.allclose(fpmc_score(no_chain, user, basket, items), params["V_IU"] @ params["V_UI"][user])
    no_user = dict(params, V_UI=np.zeros((n_users, k)))
    assert np.allclose(fpmc_score(no_user, 0, basket, items), fpmc_score(no_user, 4, basket, items))
    print(f"next-basket ranking for user {user} after basket {basket.tolist()}: {np.argsort(-scores).tolist()}")
    print("fpmc: all checks passed")

"""Deep Interest Network (Zhou et al., Alibaba 2018): a candidate-dependent weighted sum of a user's behaviours.

Instead of pooling all behaviour embeddings e_1..e_H into one fixed user vector, DIN's local activation unit
scores each behaviour against the candidate ad v_A with a small MLP and weights it:
    v_U(A) = sum_j a(e_j, v_A) e_j,      a(e_j, v_A) = MLP([e_j, e_j * v_A, v_A])   (a scalar)
The weights are NOT softmax-normalised: a user with many relevant behaviours gets a stronger interest vector,
which DIN keeps on purpose as a measure of interest intensity. Padded positions are masked out.
"""

from __future__ import annotations

import numpy as np

Unit = tuple[np.ndarray, np.ndarray, np.ndarray, float]   # (W1, b1, w2, b2) of the activation unit


def activation_unit(behaviours: np.ndarray, candidate: np.ndarray, params: Unit) -> np.ndarray:
    """Relevance score of each behaviour (H, d) to the candidate (d,): ReLU layer on [e, e * v, v], then linear."""
    w1, b1, w2, b2 = params
    tiled = np.broadcast_to(candidate, behaviours.shape)
    h = np.maximum(0.0, np.hstack([behaviours, behaviours * tiled, tiled]) @ w1.T + b1)
    return h @ w2 + b2


def user_interest(behaviours: np.ndarray, candidate: np.ndarray, params: Unit,
                  mask: np.ndarray | None = None) -> np.ndarray:
    """DIN's user representation for this candidate: sum_j a(e_j, v_A) e_j over the real (unmasked) behaviours."""
    weights = activation_unit(behaviours, candidate, params)
    if mask is not None:
        weights = np.where(mask, weights, 0.0)
    return weights @ behaviours


def init_activation_unit(d: int, hidden: int, rng: np.random.Generator) -> Unit:
    """Random weights of the local activation unit."""
    return (rng.normal(scale=0.5, size=(hidden, 3 * d)), np.zeros(hidden), rng.normal(scale=0.5, size=hidden), 0.1)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d, history = 4, 6
    behaviours = rng.normal(size=(history, d))                  # embeddings of clicked goods
    ads = rng.normal(size=(2, d))                                # two candidate ads
    params = init_activation_unit(d, 8, rng)

    # A weighted sum with the unit's scores, checked against an explicit loop.
    interest = user_interest(behaviours, ads[0], params)
    loop = np.zeros(d)
    for e in behaviours:
        w1, b1, w2, b2 = params
        score = np.maximum(0.0, w1 @ np.concatenate([e, e * ads[0], ads[0]]) + b1) @ w2 + b2
        loop += score * e
    assert np.allclose(interest, loop)

    # Candidate-dependent: the same history gives different user vectors for different ads.
    assert not np.allclose(user_interest(behaviours, ads[1], params), interest)

    # Not softmax-normalised: repeating the whole history doubles the interest vector (softmax attention
    # would leave it unchanged), and the weights need not sum to 1.
    doubled = user_interest(np.vstack([behaviours, behaviours]), ads[0], params)
    assert np.allclose(doubled, 2 * interest)
    assert not np.isclose(activation_unit(behaviours, ads[0], params).sum(), 1.0)

    # Padding: masked slots contribute nothing, whatever their content.
    padded = np.vstack([behaviours, rng.normal(size=(3, d))])
    mask = np.arange(history + 3) < history
    assert np.allclose(user_interest(padded, ads[0], params, mask), interest)
    print(f"weights for ad 0 {np.round(activation_unit(behaviours, ads[0], params), 3)}; "
          f"for ad 1 {np.round(activation_unit(behaviours, ads[1], params), 3)}")
    print("din: all checks passed")

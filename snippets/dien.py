"""DIEN (Zhou et al. 2019): interest extraction with a GRU, then interest evolution with an attention-gated GRU.

AUGRU (GRU with attentional update gate). With u_t the GRU's update gate and h~_t its candidate state,
    u~_t = a_t * u_t,        h_t = (1 - u~_t) * h_{t-1} + u~_t * h~_t,
where a_t is the (softmax) relevance of step t's interest state to the target ad:
    a_t = exp(h_t W e_a) / sum_j exp(h_j W e_a).
a_t = 0 leaves the hidden state exactly as it was, a_t = 1 is an ordinary GRU step, so irrelevant behaviours
cannot disturb the evolving interest. Weights use PyTorch's GRU layout, whose gate z keeps the old state:
DIEN's update gate is u = 1 - z.
"""

from __future__ import annotations

import numpy as np
from _entry import load

gru = load("gru")


def augru_cell(x: np.ndarray, h_prev: np.ndarray, attention: float, W_ih: np.ndarray, W_hh: np.ndarray,
               b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
    """One AUGRU step: the update gate u = 1 - z is scaled by the attention score before mixing."""
    _, z, candidate = gru.gru_gates(x, h_prev, W_ih, W_hh, b_ih, b_hh)
    update = attention * (1.0 - z)
    return (1.0 - update) * h_prev + update * candidate


def aigru_cell(x: np.ndarray, h_prev: np.ndarray, attention: float, W_ih: np.ndarray, W_hh: np.ndarray,
               b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
    """The simpler alternative DIEN compares with (AIGRU): scale the input by the attention, a plain GRU step."""
    return gru.gru_cell(attention * x, h_prev, W_ih, W_hh, b_ih, b_hh)


def interest_attention(states: np.ndarray, ad: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Relevance of each interest state h_t to the target ad: softmax over t of h_t W e_a."""
    scores = states @ W @ ad
    scores = np.exp(scores - scores.max())
    return scores / scores.sum()


def dien_final_interest(behaviours: np.ndarray, ad: np.ndarray, extractor: tuple[np.ndarray, ...],
                        evolver: tuple[np.ndarray, ...], W: np.ndarray) -> np.ndarray:
    """Interest extractor GRU over the behaviours, attention to the ad, AUGRU evolution; returns the final state."""
    h, history = np.zeros(extractor[1].shape[1]), []
    for x in behaviours:
        h = gru.gru_cell(x, h, *extractor)
        history.append(h)
    states = np.array(history)
    attention = interest_attention(states, ad, W)
    h2 = np.zeros(evolver[1].shape[1])
    for state, a in zip(states, attention):
        h2 = augru_cell(state, h2, a, *evolver)
    return h2


def random_gru(d_in: int, d_h: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """GRU weights in PyTorch's layout (W_ih, W_hh, b_ih, b_hh)."""
    return (rng.normal(scale=0.5, size=(3 * d_h, d_in)), rng.normal(scale=0.5, size=(3 * d_h, d_h)),
            rng.normal(scale=0.1, size=3 * d_h), rng.normal(scale=0.1, size=3 * d_h))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d, hidden = 4, 3
    x, h_prev = rng.normal(size=d), rng.normal(size=hidden)
    weights = random_gru(d, hidden, rng)

    # Attention 0: the state is left exactly unchanged, whatever the input.
    assert np.array_equal(augru_cell(x, h_prev, 0.0, *weights), h_prev)
    # AIGRU, by contrast, still moves the state when its input is scaled to zero.
    assert not np.allclose(aigru_cell(x, h_prev, 0.0, *weights), h_prev)
    # Attention 1: an ordinary GRU step (the gru entry's cell as reference).
    assert np.allclose(augru_cell(x, h_prev, 1.0, *weights), gru.gru_cell(x, h_prev, *weights))
    # In between, the step moves the state by exactly the fraction a of the full GRU step, per coordinate.
    full = gru.gru_cell(x, h_prev, *weights) - h_prev
    assert np.allclose(augru_cell(x, h_prev, 0.3, *weights) - h_prev, 0.3 * full)

    behaviours, ad = rng.normal(size=(6, d)), rng.normal(size=hidden)
    extractor, evolver = random_gru(d, hidden, rng), random_gru(hidden, hidden, rng)
    W = rng.normal(size=(hidden, hidden))
    final = dien_final_interest(behaviours, ad, extractor, evolver, W)
    assert final.shape == (hidden,) and np.all(np.abs(final) < 1)
    print(f"AUGRU with a = 0 keeps h; a = 0.3 moves it 30 % of a GRU step; final interest {np.round(final, 3)}")
    print("dien: all checks passed")

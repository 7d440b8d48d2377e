"""GRU4Rec (Hidasi et al. 2016): session-based recommendation with a GRU over the clicks of a session.

Sessions have very different lengths, so they are not padded into windows. Session-parallel mini-batches
give each of B slots a session; at every step each slot feeds its current click and predicts its next one.
When a slot's session ends, the next unused session takes the slot and that slot's hidden state is reset
to zero, so no information leaks between sessions. The other targets of the mini-batch serve as negatives.
Ranking losses on the scores r (positive r_i, negatives r_j):
    BPR:      -1/N sum_j log sigma(r_i - r_j)
    TOP1:      1/N sum_j [sigma(r_j - r_i) + sigma(r_j^2)]                     (the r_j^2 term regularises)
    BPR-max:  -log sum_j s_j sigma(r_i - r_j) + lam sum_j s_j r_j^2,  s = softmax of the negative scores
(BPR-max and its score regularisation are from Hidasi and Karatzoglou 2018.)
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from _entry import load

gru_cell = load("gru").gru_cell


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


Batch = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # session ids, positions, reset flags, slots


def session_parallel_batches(sessions: list[np.ndarray], batch_size: int) -> Iterator[Batch]:
    """Yield (session id, position, reset flag, slot) arrays, one entry per active slot, step by step.

    Slot b at a step feeds click `position` of its session and predicts click `position + 1`; `reset` is True
    when a new session has just entered the slot. A slot whose session ends takes the next unused session
    (sessions need at least two clicks); slots with nothing left to take become inactive.
    """
    queue = iter(range(len(sessions)))
    slots = [next(queue, None) for _ in range(batch_size)]
    positions = [0] * batch_size
    reset = [True] * batch_size
    while any(s is not None for s in slots):
        active = [b for b in range(batch_size) if slots[b] is not None]
        yield (np.array([slots[b] for b in active]), np.array([positions[b] for b in active]),
               np.array([reset[b] for b in active]), np.array(active))
        for b in active:
            positions[b] += 1
            reset[b] = False
            if positions[b] + 1 >= len(sessions[slots[b]]):            # no next click to predict: session over
                slots[b], positions[b], reset[b] = next(queue, None), 0, True


def gru4rec_states(sessions: list[np.ndarray], batch_size: int, params: dict) -> dict[tuple[int, int], np.ndarray]:
    """Run the GRU with session-parallel mini-batches; returns the hidden state after each (session, click)."""
    hidden = np.zeros((batch_size, params["W_hh"].shape[1]))
    states = {}
    for session_ids, positions, reset, slots in session_parallel_batches(sessions, batch_size):
        hidden[slots[reset]] = 0.0                                     # a new session starts from zero
        clicks = np.array([sessions[s][p] for s, p in zip(session_ids, positions)])
        hidden[slots] = gru_cell(params["item_emb"][clicks], hidden[slots], params["W_ih"], params["W_hh"],
                                 params["b_ih"], params["b_hh"])
        states.update({(s, p): hidden[b].copy() for s, p, b in zip(session_ids, positions, slots)})
    return states


def bpr_loss(positive: np.ndarray, negatives: np.ndarray) -> float:
    """GRU4Rec's BPR: mean over negatives of -log sigma(r_i - r_j), averaged over the batch."""
    return float(np.mean(-np.log(sigmoid(positive[:, None] - negatives))))


def top1_loss(positive: np.ndarray, negatives: np.ndarray) -> float:
    """TOP1: mean over negatives of sigma(r_j - r_i) + sigma(r_j^2), averaged over the batch."""
    return float(np.mean(sigmoid(negatives - positive[:, None]) + sigmoid(negatives**2)))


def bpr_max_loss(positive: np.ndarray, negatives: np.ndarray, lam: float = 1.0) -> float:
    """BPR-max: -log sum_j s_j sigma(r_i - r_j) + lam sum_j s_j r_j^2 with s = softmax(negative scores)."""
    s = np.exp(negatives - negatives.max(axis=1, keepdims=True))
    s = s / s.sum(axis=1, keepdims=True)
    per_example = -np.log((s * sigmoid(positive[:, None] - negatives)).sum(axis=1)) + lam * (s * negatives**2).sum(axis=1)
    return float(per_example.mean())


def in_batch_scores(hidden: np.ndarray, targets: np.ndarray, item_out: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores of each slot's target (positive) and of the other slots' targets (negatives, (B, B - 1))."""
    scores = hidden @ item_out[targets].T
    B = len(targets)
    return np.diag(scores), scores[~np.eye(B, dtype=bool)].reshape(B, B - 1)


def init_gru4rec(n_items: int, d: int, hidden: int, rng: np.random.Generator) -> dict:
    """Item embeddings and GRU weights in PyTorch's layout (3 stacked gates)."""
    scale = 1 / np.sqrt(hidden)
    return {"item_emb": rng.normal(size=(n_items, d)), "W_ih": rng.uniform(-scale, scale, (3 * hidden, d)),
            "W_hh": rng.uniform(-scale, scale, (3 * hidden, hidden)), "b_ih": rng.uniform(-scale, scale, 3 * hidden),
            "b_hh": rng.uniform(-scale, scale, 3 * hidden), "item_out": rng.normal(size=(n_items, hidden))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_items, d, H = 30, 6, 8
    sessions = [rng.integers(n_items, size=n) for n in (2, 5, 3, 7, 2, 4, 6, 3)]
    params = init_gru4rec(n_items, d, H, rng)

    # The batching itself: every click that has a successor is fed exactly once, in order, and the reset flag
    # is up exactly at a session's first click.
    fed = [(s, p, r) for ids, pos, res, _ in session_parallel_batches(sessions, 3) for s, p, r in zip(ids, pos, res)]
    assert sorted((s, p) for s, p, _ in fed) == [(s, p) for s in range(8) for p in range(len(sessions[s]) - 1)]
    assert all(r == (p == 0) for _, p, r in fed)

    # Reset exactly at session ends: the session-parallel run equals running the GRU on each session alone.
    states = gru4rec_states(sessions, 3, params)
    for s, clicks in enumerate(sessions):
        h = np.zeros(H)
        for p, item in enumerate(clicks[:-1]):
            h = gru_cell(params["item_emb"][item][None], h[None], params["W_ih"], params["W_hh"], params["b_ih"], params["b_hh"])[0]
            assert np.allclose(states[(s, p)], h)

    # Losses on one step's in-batch scores; BPR-max with a single negative and lam = 0 is plain BPR.
    hidden = np.stack([states[(s, 0)] for s in range(4)])
    targets = np.array([sessions[s][1] for s in range(4)])
    positive, negatives = in_batch_scores(hidden, targets, params["item_out"])
    print(f"BPR {bpr_loss(positive, negatives):.4f}, TOP1 {top1_loss(positive, negatives):.4f}, "
          f"BPR-max {bpr_max_loss(positive, negatives):.4f}")
    one = negatives[:, :1]
    assert np.isclose(bpr_max_loss(positive, one, lam=0.0), np.mean(np.log1p(np.exp(-(positive - one[:, 0])))))
    # BPR-max focuses on the hardest negative: a negative far above all others dominates the softmax weights,
    # so the loss approaches -log sigma(r_i - r_max) (+ its regulariser).
    hard = np.array([[12.0, -8.0, -9.0]])
    assert np.isclose(bpr_max_loss(np.array([0.0]), hard, lam=0.0), -np.log(sigmoid(-12.0)), rtol=1e-3)
    # TOP1 of a positive far above negatives that score 0 tends to sigma(0) = 1/2 (the regularising term alone).
    assert np.isclose(top1_loss(np.array([50.0]), np.zeros((1, 3))), 0.5)
    print("gru4rec: all checks passed")

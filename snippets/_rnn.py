"""Small building blocks shared by the recurrent-network snippets.

The logistic sigmoid and softmax, a plain tanh RNN over a sequence, the four gates of an LSTM step, and a
token-level decoder (embed the previous token, update a tanh state, read out a distribution over the
vocabulary). Weight matrices follow PyTorch's layout, `x @ W.T`, so every function accepts one vector or a
batch of row vectors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-z)), written as (1 + tanh(z/2)) / 2 so it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


def softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis."""
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def tanh_rnn(xs: np.ndarray, h0: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hidden states of h_t = tanh(W_x x_t + W_h h_{t-1} + b) for t = 1..T, stacked on axis 0."""
    states, h = [], h0
    for x in xs:
        h = np.tanh(x @ W_x.T + h @ W_h.T + b)
        states.append(h)
    return np.stack(states)


def lstm_gates(
    x: np.ndarray, h_prev: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The input gate, forget gate, candidate and output gate of an LSTM step (PyTorch's row order i, f, g, o)."""
    i, f, g, o = np.split(x @ W_ih.T + h_prev @ W_hh.T + b, 4, axis=-1)
    return sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)


@dataclass
class TokenDecoder:
    """Weights of a tanh RNN decoder over a vocabulary: embedding, recurrence and output layer."""

    embedding: np.ndarray  # (V, E)
    W_x: np.ndarray  # (H, E)
    W_h: np.ndarray  # (H, H)
    b: np.ndarray  # (H,)
    W_out: np.ndarray  # (V, H)
    b_out: np.ndarray  # (V,)

    @classmethod
    def random(
        cls, rng: np.random.Generator, vocab: int, embed: int, hidden: int, scale: float = 1.0
    ) -> "TokenDecoder":
        """Random weights; a larger `scale` gives more confident next-token distributions."""
        return cls(
            embedding=rng.normal(size=(vocab, embed)),
            W_x=rng.normal(size=(hidden, embed)) / np.sqrt(embed),
            W_h=rng.normal(size=(hidden, hidden)) / np.sqrt(hidden),
            b=0.1 * rng.normal(size=hidden),
            W_out=scale * rng.normal(size=(vocab, hidden)),
            b_out=0.1 * rng.normal(size=vocab),
        )


def decoder_step(prev_token: np.ndarray | int, state: np.ndarray, dec: TokenDecoder) -> tuple[np.ndarray, np.ndarray]:
    """Feed the previous token(s) into the decoder: returns (next-token probabilities, new state)."""
    state = np.tanh(dec.embedding[prev_token] @ dec.W_x.T + state @ dec.W_h.T + dec.b)
    return softmax(state @ dec.W_out.T + dec.b_out), state

"""Sequence to sequence (Sutskever, Vinyals & Le 2014): read a whole token sequence, then write another one.

An encoder RNN turns the source tokens into a context vector; a decoder RNN starts from that vector and
models the target one token at a time, p(y | x) = prod_t p(y_t | y_1..y_{t-1}, x), until it emits EOS.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
from _rnn import TokenDecoder, decoder_step, tanh_rnn

EOS = 0  # ends every target; also fed to the decoder as its first input


@dataclass
class Seq2Seq:
    """Source embeddings and encoder RNN weights, plus a token decoder whose first state is the context."""

    source_embedding: np.ndarray  # (V_source, E)
    W_x: np.ndarray  # (H, E)
    W_h: np.ndarray  # (H, H)
    b: np.ndarray  # (H,)
    decoder: TokenDecoder


def encode(source: list[int], model: Seq2Seq) -> np.ndarray:
    """The context vector: the encoder's last state after reading the source tokens."""
    xs = model.source_embedding[source]
    return tanh_rnn(xs, np.zeros(model.W_h.shape[0]), model.W_x, model.W_h, model.b)[-1]


def target_step_probabilities(source: list[int], target: list[int], model: Seq2Seq) -> np.ndarray:
    """p(y_t | y_1..y_{t-1}, x) for every token of `target`, feeding the decoder the target's own prefix."""
    state, previous, probabilities = encode(source, model), EOS, []
    for token in target:
        next_token, state = decoder_step(previous, state, model.decoder)
        probabilities.append(next_token[token])
        previous = token
    return np.array(probabilities)


def seq2seq_log_prob(source: list[int], target: list[int], model: Seq2Seq) -> float:
    """log p(target | source): the sum of the log-probabilities of the target's tokens, each given its prefix."""
    return float(np.sum(np.log(target_step_probabilities(source, target, model))))


def greedy_decode(source: list[int], model: Seq2Seq, max_len: int = 20) -> list[int]:
    """Emit the most probable token at each step, feeding it back in, until EOS (or max_len tokens)."""
    state, previous, output = encode(source, model), EOS, []
    while len(output) < max_len:
        next_token, state = decoder_step(previous, state, model.decoder)
        previous = int(np.argmax(next_token))
        output.append(previous)
        if previous == EOS:
            break
    return output


if __name__ == "__main__":
    # Untrained random weights: the outputs mean nothing, but every property checked below holds for any weights
    # (the nmt snippet trains such a model).
    rng = np.random.default_rng(20)
    source_vocab, target_vocab, E, H = 6, 4, 3, 5  # target tokens: EOS, a, b, c
    decoder = TokenDecoder.random(rng, target_vocab, E, H, scale=2.0)
    model = Seq2Seq(rng.normal(size=(source_vocab, E)), rng.normal(size=(H, E)) / np.sqrt(E),
                    rng.normal(size=(H, H)) / np.sqrt(H), 0.1 * rng.normal(size=H), decoder)
    names = "EOS a b c".split()

    sources, max_len = [[1, 2, 3], [5, 4], [2, 2, 2, 2, 2, 1]], 20
    for source in sources:
        output = greedy_decode(source, model, max_len)
        print(f"source {source} -> greedy output {' '.join(names[t] for t in output)}"
              f"  (log p = {seq2seq_log_prob(source, output, model):.3f})")
        # Decoding stops at the first EOS (or the length cap), and each token was the most probable continuation.
        assert EOS not in output[:-1] and (output[-1] == EOS or len(output) == max_len)
        for t, token in enumerate(output):
            candidates = [seq2seq_log_prob(source, output[:t] + [w], model) for w in range(target_vocab)]
            assert int(np.argmax(candidates)) == token

    # The factorisation defines a proper distribution over variable-length outputs: the probabilities of all
    # sequences that end within L tokens, plus the mass of the prefixes of length L that have not ended yet,
    # add up to exactly 1.
    L, words = 5, range(1, target_vocab)
    for source in sources:
        ended = sum(np.exp(seq2seq_log_prob(source, list(w) + [EOS], model))
                    for k in range(L) for w in product(words, repeat=k))
        still_going = sum(np.exp(seq2seq_log_prob(source, list(w), model)) for w in product(words, repeat=L))
        assert np.isclose(ended + still_going, 1.0, rtol=0, atol=1e-12)
    print(f"p(output ends within {L} tokens | {sources[-1]}) = {ended:.4f}; with the unfinished mass the total is 1")

    # The encoder reads order, not just a bag of tokens: the reversed source gives a different distribution
    # (Sutskever et al. fed sources reversed, which shortens the path from early source words to early outputs).
    target = [2, 1, EOS]
    assert not np.isclose(seq2seq_log_prob([3, 2, 1], target, model), seq2seq_log_prob([1, 2, 3], target, model))
    print("seq2seq: all checks passed")

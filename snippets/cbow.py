"""Continuous bag-of-words (CBOW): predict the centre word from the average of its context word vectors.

Each position gives one example: the input vectors of the words within the window are averaged (order is
thrown away, hence "bag of words") and a softmax over output vectors scores every vocabulary word as the
missing centre. Contexts near sentence ends are shorter; they are padded with -1 and masked out.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import nouns_pair_up, planted_corpus


def cbow_examples(sentences: list[list[int]], window: int) -> tuple[np.ndarray, np.ndarray]:
    """(contexts, centres): each row of contexts lists the up-to-2*window neighbours of one centre word, -1 padded."""
    contexts, centres = [], []
    for sentence in sentences:
        for i, centre in enumerate(sentence):
            neighbours = sentence[max(0, i - window):i] + sentence[i + 1:i + 1 + window]
            contexts.append(neighbours + [-1] * (2 * window - len(neighbours)))
            centres.append(centre)
    return np.array(contexts), np.array(centres)


def cbow_hidden(contexts: np.ndarray, W_in: np.ndarray) -> np.ndarray:
    """The mean input vector of each row's context words (padding ignored)."""
    mask = (contexts >= 0)[:, :, None]
    return (W_in[np.maximum(contexts, 0)] * mask).sum(axis=1) / mask.sum(axis=1)


def cbow_loss_and_grads(contexts: np.ndarray, centres: np.ndarray, W_in: np.ndarray,
                        W_out: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean -log p(centre | context) under the full softmax, with gradients for W_in and W_out."""
    hidden = cbow_hidden(contexts, W_in)
    scores = hidden @ W_out.T
    scores -= scores.max(axis=1, keepdims=True)
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    n = len(centres)
    loss = float(-log_probs[np.arange(n), centres].mean())
    grad_scores = np.exp(log_probs)
    grad_scores[np.arange(n), centres] -= 1.0
    grad_scores /= n
    mask = contexts >= 0
    grad_hidden = (grad_scores @ W_out) / mask.sum(axis=1, keepdims=True)  # shared equally by the context words
    grad_in = np.zeros_like(W_in)
    np.add.at(grad_in, contexts[mask], np.repeat(grad_hidden, mask.sum(axis=1), axis=0))
    return loss, grad_in, grad_scores.T @ hidden


def train_cbow(contexts: np.ndarray, centres: np.ndarray, vocab_size: int, dim: int, epochs: int,
               learning_rate: float, rng: np.random.Generator, batch_size: int = 50) -> tuple[np.ndarray, list[float]]:
    """Mini-batch SGD; returns the word (input) vectors and the full loss before each epoch and after the last."""
    W_in, W_out = 0.1 * rng.normal(size=(vocab_size, dim)), 0.1 * rng.normal(size=(vocab_size, dim))
    losses = []
    for _ in range(epochs):
        losses.append(cbow_loss_and_grads(contexts, centres, W_in, W_out)[0])
        for batch in np.array_split(rng.permutation(len(centres)), len(centres) // batch_size):
            _, grad_in, grad_out = cbow_loss_and_grads(contexts[batch], centres[batch], W_in, W_out)
            W_in -= learning_rate * grad_in
            W_out -= learning_rate * grad_out
    losses.append(cbow_loss_and_grads(contexts, centres, W_in, W_out)[0])
    return W_in, losses


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    sentences, vocabulary = planted_corpus(300, rng)
    contexts, centres = cbow_examples(sentences, window=2)
    V = len(vocabulary)

    # The gradients agree with central finite differences (padded, short contexts included).
    W_in, W_out = rng.normal(size=(V, 3)), rng.normal(size=(V, 3))
    some_contexts, some_centres = contexts[:30], centres[:30]
    _, grad_in, grad_out = cbow_loss_and_grads(some_contexts, some_centres, W_in, W_out)
    numeric_in = numerical_gradient(lambda w: cbow_loss_and_grads(some_contexts, some_centres, w, W_out)[0], W_in)
    numeric_out = numerical_gradient(lambda w: cbow_loss_and_grads(some_contexts, some_centres, W_in, w)[0], W_out)
    error = max(relative_error(grad_in, numeric_in), relative_error(grad_out, numeric_out))
    print(f"gradient vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    # A bag of words: shuffling the order of the context words leaves every prediction unchanged.
    shuffled = rng.permuted(contexts, axis=1)
    assert np.allclose(cbow_hidden(shuffled, W_in), cbow_hidden(contexts, W_in))

    vectors, losses = train_cbow(contexts, centres, V, dim=6, epochs=15, learning_rate=1.0, rng=rng)
    same_topic, cross_topic = nouns_pair_up(vectors, vocabulary)
    print(f"{len(centres)} examples; loss {losses[0]:.3f} -> {losses[-1]:.3f} (uniform guess {np.log(V):.3f})")
    print(f"cosine of nouns sharing contexts >= {same_topic:.2f}; of nouns from different topics <= {cross_topic:.2f}")
    assert losses[-1] < losses[0] - 0.5
    assert same_topic > cross_topic + 0.3
    print("cbow: all checks passed")

"""Skip-gram: learn word vectors by predicting each word's neighbours from the word itself.

Every (centre, context) pair within a window is a training example; the model is a softmax over the
vocabulary of scores u_o . v_c between the centre's input vector v_c and each word's output vector u_o.
On a toy corpus where "cat" and "dog" never meet but share all their neighbours, their vectors end up close.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import context_pairs, nouns_pair_up, planted_corpus


def skipgram_loss_and_grads(pairs: np.ndarray, W_in: np.ndarray,
                            W_out: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean -log p(context | centre) over (centre, context) rows of `pairs`, with full-softmax gradients."""
    centres, contexts = pairs[:, 0], pairs[:, 1]
    v = W_in[centres]
    scores = v @ W_out.T
    scores -= scores.max(axis=1, keepdims=True)
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    n = len(pairs)
    loss = float(-log_probs[np.arange(n), contexts].mean())
    grad_scores = np.exp(log_probs)
    grad_scores[np.arange(n), contexts] -= 1.0
    grad_scores /= n
    grad_in = np.zeros_like(W_in)
    np.add.at(grad_in, centres, grad_scores @ W_out)
    return loss, grad_in, grad_scores.T @ v


def train_skipgram(pairs: np.ndarray, vocab_size: int, dim: int, epochs: int, learning_rate: float,
                   rng: np.random.Generator, batch_size: int = 50) -> tuple[np.ndarray, list[float]]:
    """Mini-batch SGD from small random vectors.

    Returns the word (input) vectors and the full loss before each epoch and after the last.
    """
    W_in, W_out = 0.1 * rng.normal(size=(vocab_size, dim)), 0.1 * rng.normal(size=(vocab_size, dim))
    losses = []
    for _ in range(epochs):
        losses.append(skipgram_loss_and_grads(pairs, W_in, W_out)[0])
        for batch in np.array_split(rng.permutation(pairs), len(pairs) // batch_size):
            _, grad_in, grad_out = skipgram_loss_and_grads(batch, W_in, W_out)
            W_in -= learning_rate * grad_in
            W_out -= learning_rate * grad_out
    losses.append(skipgram_loss_and_grads(pairs, W_in, W_out)[0])
    return W_in, losses


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    sentences, vocabulary = planted_corpus(300, rng)
    pairs = context_pairs(sentences, window=2)
    V = len(vocabulary)

    # The softmax gradients agree with central finite differences.
    W_in, W_out = rng.normal(size=(V, 3)), rng.normal(size=(V, 3))
    _, grad_in, grad_out = skipgram_loss_and_grads(pairs[:50], W_in, W_out)
    numeric_in = numerical_gradient(lambda w: skipgram_loss_and_grads(pairs[:50], w, W_out)[0], W_in)
    numeric_out = numerical_gradient(lambda w: skipgram_loss_and_grads(pairs[:50], W_in, w)[0], W_out)
    error = max(relative_error(grad_in, numeric_in), relative_error(grad_out, numeric_out))
    print(f"gradient vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    vectors, losses = train_skipgram(pairs, V, dim=6, epochs=10, learning_rate=1.0, rng=rng)
    same_topic, cross_topic = nouns_pair_up(vectors, vocabulary)
    print(f"{len(pairs)} pairs; loss {losses[0]:.3f} -> {losses[-1]:.3f} (uniform guess {np.log(V):.3f})")
    print(f"cosine of nouns sharing contexts >= {same_topic:.2f}; of nouns from different topics <= {cross_topic:.2f}")
    assert losses[-1] < losses[0] - 0.5
    assert same_topic > cross_topic + 0.3
    print("skip-gram: all checks passed")

"""word2vec in miniature: skip-gram with negative sampling, plus subsampling of frequent words.

The toy corpus has a planted 2 x 2 structure: four nouns (king, queen, man, woman), each appearing with two
words of its status (royal or common) and two words of its gender (male or female), plus "the" everywhere.
The learned vectors show word2vec's signature linear regularity: king - man + woman lands nearest to queen.
"""

from __future__ import annotations

import numpy as np
from _generative_embeddings import cosine_similarity, sigmoid

CONTEXTS = {"royal": ["crown", "throne", "palace"], "common": ["street", "work", "home"],
            "male": ["he", "his", "beard"], "female": ["she", "her", "dress"]}
NOUNS = {"king": ("royal", "male"), "queen": ("royal", "female"), "man": ("common", "male"),
         "woman": ("common", "female")}
VOCABULARY = [*NOUNS, *(word for words in CONTEXTS.values() for word in words), "the"]


def analogy_corpus(n_sentences: int, rng: np.random.Generator) -> list[list[int]]:
    """Sentences of ids: "the", a noun, two words of its status and two of its gender, shuffled."""
    index = {word: i for i, word in enumerate(VOCABULARY)}
    sentences = []
    for _ in range(n_sentences):
        noun = list(NOUNS)[rng.integers(len(NOUNS))]
        status, gender = NOUNS[noun]
        words = ["the", noun, *rng.choice(CONTEXTS[status], 2, replace=False),
                 *rng.choice(CONTEXTS[gender], 2, replace=False)]
        sentences.append([index[word] for word in rng.permutation(words)])
    return sentences


def keep_probability(frequency: np.ndarray, threshold: float) -> np.ndarray:
    """Subsampling: a token of a word with relative frequency f is kept with probability min(1, sqrt(t / f))."""
    return np.minimum(1.0, np.sqrt(threshold / frequency))


def subsample(sentences: list[list[int]], keep: np.ndarray, rng: np.random.Generator) -> list[list[int]]:
    """Drop each token independently, keeping a token of word w with probability keep[w]."""
    return [[word for word in sentence if rng.random() < keep[word]] for sentence in sentences]


def train_word2vec(sentences: list[list[int]], vocab_size: int, dim: int, window: int, negatives: int, epochs: int,
                   learning_rate: float, subsample_threshold: float, rng: np.random.Generator,
                   batch_size: int = 100) -> np.ndarray:
    """Skip-gram with negative sampling (noise = unigram^0.75) and subsampling; returns the input word vectors."""
    counts = np.bincount(np.concatenate(sentences), minlength=vocab_size).astype(np.float64)
    keep = keep_probability(counts / counts.sum(), subsample_threshold)
    noise = counts**0.75 / np.sum(counts**0.75)
    W_in, W_out = rng.uniform(-0.5, 0.5, (vocab_size, dim)) / dim, np.zeros((vocab_size, dim))
    for _ in range(epochs):
        pairs = []
        for kept in subsample(sentences, keep, rng):  # a fresh subsample of the corpus every epoch
            pairs += [(kept[i], kept[j]) for i in range(len(kept))
                      for j in range(max(0, i - window), min(len(kept), i + window + 1)) if j != i]
        pairs = rng.permutation(np.array(pairs))
        for batch in np.array_split(pairs, max(1, len(pairs) // batch_size)):
            centre, context = batch[:, 0], batch[:, 1]
            noise_words = rng.choice(vocab_size, size=(len(batch), negatives), p=noise)
            v = W_in[centre]
            g_pos = sigmoid(np.sum(v * W_out[context], axis=1)) - 1.0  # d loss / d positive score
            g_neg = sigmoid(np.einsum("nd,nkd->nk", v, W_out[noise_words]))  # d loss / d negative scores
            grad_v = g_pos[:, None] * W_out[context] + np.einsum("nk,nkd->nd", g_neg, W_out[noise_words])
            np.add.at(W_out, context, -learning_rate * g_pos[:, None] * v)
            np.add.at(W_out, noise_words.ravel(), -learning_rate * (g_neg[:, :, None] * v[:, None, :]).reshape(-1, dim))
            np.add.at(W_in, centre, -learning_rate * grad_v)
    return W_in


def nearest(query: np.ndarray, vectors: np.ndarray, exclude: set[int]) -> int:
    """The id of the vector with the highest cosine similarity to `query`, skipping `exclude`."""
    scores = [(cosine_similarity(query, vector), i) for i, vector in enumerate(vectors) if i not in exclude]
    return max(scores)[1]


def keep_probability_curve() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The chance a token survives subsampling, min(1, sqrt(t / f)), against its word's frequency f."""
    frequency = np.logspace(-6.0, -0.5, 200)
    return {f"t = {t:g}": (frequency, keep_probability(frequency, t)) for t in (1e-5, 1e-3)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    sentences = analogy_corpus(1000, rng)
    index = {word: i for i, word in enumerate(VOCABULARY)}

    # Subsampling, as the trainer applies it, thins the frequent "the" to about sqrt(t / f) of its tokens and
    # keeps every token of the words rarer than t. Averaged over 20 passes to tame the sampling noise.
    counts = np.bincount(np.concatenate(sentences), minlength=len(VOCABULARY))
    frequency = counts / counts.sum()
    threshold = 0.05
    kept_counts = np.mean([np.bincount(np.concatenate(subsample(sentences, keep_probability(frequency, threshold),
                                                                 rng)), minlength=len(VOCABULARY))
                           for _ in range(20)], axis=0)
    the, rare = index["the"], frequency < threshold
    expected_share = (threshold / frequency[the]) ** 0.5  # the paper's discard probability is 1 - sqrt(t / f)
    print(f'"the" has frequency {frequency[the]:.3f}: {kept_counts[the] / counts[the]:.3f} of its tokens kept '
          f"(sqrt(t / f) = {expected_share:.3f}); words rarer than t keep all their tokens")
    assert abs(kept_counts[the] / counts[the] - expected_share) < 0.015  # about 4 standard errors
    assert np.array_equal(kept_counts[rare], counts[rare])

    vectors = train_word2vec(sentences, len(VOCABULARY), dim=5, window=5, negatives=5, epochs=5,
                             learning_rate=0.05, subsample_threshold=0.05, rng=rng)
    for a, b, c, expected in [("king", "man", "woman", "queen"), ("queen", "woman", "man", "king"),
                              ("man", "king", "queen", "woman")]:
        query = vectors[index[a]] - vectors[index[b]] + vectors[index[c]]
        answer = VOCABULARY[nearest(query, vectors, {index[a], index[b], index[c]})]
        print(f"{a} - {b} + {c} = {answer}")
        assert answer == expected
    print("word2vec: all checks passed")

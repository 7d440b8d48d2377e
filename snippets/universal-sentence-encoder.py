"""Universal Sentence Encoder, DAN variant: average word and bigram embeddings, then a feed-forward network.

    a = (1 / |F(s)|) sum_{f in F(s)} e_f,   F(s) = the words and the bigrams of sentence s
    u = DNN(a)                               (a few tanh layers; 512 dimensions in the released model)
The average ignores word order except through the bigrams, and costs time linear in the length. The
Transformer variant instead pools its context-aware token outputs as sum_t h_t / sqrt(n). Semantic
similarity is scored with the angular similarity 1 - arccos(cos(u, v)) / pi.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np


def ngram_features(words: list[str]) -> list[str]:
    """The unigrams and the bigrams of a tokenised sentence."""
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def average_embedding(features: list[str], vocabulary: dict[str, int], table: np.ndarray) -> np.ndarray:
    """Mean of the embeddings of the known features (the DAN input)."""
    ids = [vocabulary[f] for f in features if f in vocabulary]
    return table[ids].mean(axis=0)


def dan_encode(words: list[str], vocabulary: dict[str, int], params: dict[str, np.ndarray],
               use_bigrams: bool = True) -> np.ndarray:
    """Deep averaging network: averaged unigram (+ bigram) embeddings through tanh layers."""
    features = ngram_features(words) if use_bigrams else list(words)
    hidden = average_embedding(features, vocabulary, params["table"])
    for layer in range(params["num_layers"]):
        hidden = np.tanh(hidden @ params[f"w{layer}"] + params[f"b{layer}"])
    return hidden


def transformer_pooling(token_states: np.ndarray) -> np.ndarray:
    """USE's Transformer-variant pooling: the element-wise sum of token states divided by sqrt(length)."""
    return token_states.sum(axis=0) / np.sqrt(len(token_states))


def angular_similarity(u: np.ndarray, v: np.ndarray) -> float:
    """1 - arccos(cos(u, v)) / pi, in [0, 1]."""
    cos = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
    return 1.0 - np.arccos(np.clip(cos, -1.0, 1.0)) / np.pi


def init_params(vocab_size: int, d: int, num_layers: int, rng: np.random.Generator) -> dict:
    """Random embedding table and tanh layers."""
    params: dict = {"table": rng.normal(size=(vocab_size, d)), "num_layers": num_layers}
    for layer in range(num_layers):
        params[f"w{layer}"] = rng.normal(size=(d, d)) / np.sqrt(d)
        params[f"b{layer}"] = rng.normal(scale=0.1, size=d)
    return params


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    corpus = ["a b a c a", "a c a b a", "the dog chased the cat", "the cat chased the dog"]
    features = sorted({f for s in corpus for f in ngram_features(s.split())})
    vocabulary = {f: i for i, f in enumerate(features)}
    params = init_params(len(vocabulary), 8, 2, rng)

    # The average is the bag-of-features count vector times the table, divided by the feature count.
    words = ["the", "dog", "chased", "the", "cat"]
    counts = np.zeros(len(vocabulary))
    for f in ngram_features(words):
        counts[vocabulary[f]] += 1
    assert counts.sum() == 2 * len(words) - 1
    assert np.allclose(average_embedding(ngram_features(words), vocabulary, params["table"]),
                       counts @ params["table"] / counts.sum())

    # Without bigrams the encoder is blind to order: every permutation gives the same vector.
    u = dan_encode(words, vocabulary, params, use_bigrams=False)
    for _ in range(10):
        assert np.allclose(dan_encode(list(rng.permutation(words)), vocabulary, params, use_bigrams=False), u)
    # Bigrams restore some order: "dog chased cat" and "cat chased dog" now differ ...
    swapped = ["the", "cat", "chased", "the", "dog"]
    assert np.allclose(dan_encode(swapped, vocabulary, params, use_bigrams=False), u)
    assert not np.allclose(dan_encode(swapped, vocabulary, params), dan_encode(words, vocabulary, params))
    # ... but the average is still invariant to any reordering that keeps the multiset of bigrams.
    assert sorted(ngram_features(["a", "b", "a", "c", "a"])) == sorted(ngram_features(["a", "c", "a", "b", "a"]))
    assert np.allclose(dan_encode(["a", "b", "a", "c", "a"], vocabulary, params), dan_encode(["a", "c", "a", "b", "a"], vocabulary, params))
    print("DAN output for 'the dog chased the cat':", np.round(dan_encode(words, vocabulary, params), 3))

    # Transformer-variant pooling: n identical states h give sqrt(n) h; the result is order-invariant.
    h = rng.normal(size=4)
    assert np.allclose(transformer_pooling(np.tile(h, (9, 1))), 3 * h)
    states = rng.normal(size=(6, 4))
    assert np.allclose(transformer_pooling(states[::-1]), transformer_pooling(states))

    # Angular similarity: 1 for the same direction, 1/2 for orthogonal, 0 for opposite vectors.
    assert np.isclose(angular_similarity(h, 2 * h), 1) and np.isclose(angular_similarity(h, -h), 0)
    assert np.isclose(angular_similarity(np.array([1.0, 0.0]), np.array([0.0, 3.0])), 0.5)
    print("universal-sentence-encoder: all checks passed")

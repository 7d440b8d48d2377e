"""Small shared pieces for the generative-model and word-embedding snippets.

Stable logistic functions, exhaustive enumeration of binary states (to check energy-based models exactly),
binary data with planted patterns, and a toy corpus whose words share contexts by construction.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-x)), written via tanh so it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """log(sigmoid(x)) computed stably as -softplus(-x)."""
    return -np.logaddexp(0.0, -x)


def all_binary_vectors(n: int) -> np.ndarray:
    """All 2**n vectors in {0, 1}^n as float rows, in counting order."""
    codes = np.arange(2**n)[:, None] >> np.arange(n - 1, -1, -1)
    return (codes & 1).astype(np.float64)


def noisy_patterns(prototypes: np.ndarray, n_samples: int, flip_probability: float,
                   rng: np.random.Generator) -> np.ndarray:
    """Binary samples: a random prototype row per sample, each bit flipped with `flip_probability`."""
    chosen = prototypes[rng.integers(len(prototypes), size=n_samples)]
    flips = rng.random(chosen.shape) < flip_probability
    return np.abs(chosen - flips).astype(np.float64)


#: Topic -> (nouns, context words). Each sentence holds ONE noun, so the two nouns of a topic never meet,
#: yet they share every context word: a planted instance of the distributional hypothesis.
TOPICS = {
    "pets": (["cat", "dog"], ["feed", "pet", "walk", "vet"]),
    "vehicles": (["car", "bus"], ["drive", "park", "fuel", "road"]),
    "food": (["apple", "bread"], ["eat", "bake", "taste", "fresh"]),
}
FILLERS = ["the", "a"]


def planted_corpus(n_sentences: int, rng: np.random.Generator,
                   stray_probability: float = 0.2) -> tuple[list[list[int]], list[str]]:
    """Sentences of word ids and the vocabulary.

    A sentence is one noun, three context words of its topic and one filler, shuffled. With
    `stray_probability` one context word comes from another topic instead, so that (as in real text) words of
    different topics co-occur now and then, just far less often than words of the same topic.
    """
    vocabulary = [word for nouns, contexts in TOPICS.values() for word in nouns + contexts] + FILLERS
    index = {word: i for i, word in enumerate(vocabulary)}
    topics = list(TOPICS.values())
    sentences = []
    for _ in range(n_sentences):
        topic = rng.integers(len(topics))
        nouns, contexts = topics[topic]
        words = [nouns[rng.integers(len(nouns))], *rng.choice(contexts, size=3, replace=False),
                 FILLERS[rng.integers(len(FILLERS))]]
        if rng.random() < stray_probability:
            other_contexts = topics[(topic + rng.integers(1, len(topics))) % len(topics)][1]
            words[3] = other_contexts[rng.integers(len(other_contexts))]
        sentences.append([index[word] for word in rng.permutation(words)])
    return sentences, vocabulary


def context_pairs(sentences: list[list[int]], window: int) -> np.ndarray:
    """All (centre, context) id pairs with the context at most `window` positions away, shaped (n, 2)."""
    pairs = [(sentence[i], sentence[j])
             for sentence in sentences
             for i in range(len(sentence))
             for j in range(max(0, i - window), min(len(sentence), i + window + 1)) if j != i]
    return np.array(pairs, dtype=np.int64)


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """cos of the angle between two vectors."""
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def nouns_pair_up(vectors: np.ndarray, vocabulary: list[str]) -> tuple[float, float]:
    """(lowest same-topic noun similarity, highest cross-topic noun similarity) of the planted corpus."""
    index = {word: i for i, word in enumerate(vocabulary)}
    noun_topic = {noun: topic for topic, (nouns, _) in TOPICS.items() for noun in nouns}
    nouns = list(noun_topic)
    same, cross = [], []
    for i, first in enumerate(nouns):
        for second in nouns[i + 1:]:
            similarity = cosine_similarity(vectors[index[first]], vectors[index[second]])
            (same if noun_topic[first] == noun_topic[second] else cross).append(similarity)
    return min(same), max(cross)

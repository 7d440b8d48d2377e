"""DSSM (Huang et al., Microsoft 2013): query and document towers on letter-trigram vectors, trained so that the
clicked document wins a softmax over cosine similarities.

Word hashing: mark word boundaries with '#', then cut into letter trigrams: "good" -> #go, goo, ood, od#.
A word of L letters gives L trigrams; the text becomes a bag of trigram counts (about 30k possible trigrams
instead of a 500k-word vocabulary, robust to unseen words and misspellings). Each tower is a tanh MLP, and
    R(Q, D) = cos(y_Q, y_D),   P(D+ | Q) = exp(gamma R(Q, D+)) / sum_{D' in {D+} + negatives} exp(gamma R(Q, D'))
with loss -log P(D+ | Q); the paper sampled 4 unclicked documents as negatives.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import numpy as np
from _check import numerical_gradient, relative_error


def letter_trigrams(word: str) -> list[str]:
    """The letter trigrams of one word with '#' boundary marks, in order."""
    marked = f"#{word.lower()}#"
    return [marked[i:i + 3] for i in range(len(marked) - 2)]


def word_hashing(text: str, vocabulary: dict[str, int]) -> np.ndarray:
    """Bag-of-letter-trigrams count vector of a text over a trigram vocabulary (unknown trigrams are dropped)."""
    vector = np.zeros(len(vocabulary))
    for trigram, count in Counter(t for word in text.split() for t in letter_trigrams(word)).items():
        if trigram in vocabulary:
            vector[vocabulary[trigram]] += count
    return vector


def tower(x: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """A DSSM tower: tanh layers all the way to the semantic vector."""
    for weight, bias in layers:
        x = np.tanh(x @ weight.T + bias)
    return x


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of a (d,) against each row of b (n, d)."""
    return (b @ a) / (np.linalg.norm(b, axis=-1) * np.linalg.norm(a))


def dssm_loss(relevance: np.ndarray, gamma: float) -> float:
    """-log P(D+ | Q): softmax over gamma * cosine scores, the clicked document first."""
    logits = gamma * relevance
    return float(np.logaddexp.reduce(logits) - logits[0])


def dssm_loss_gradient(relevance: np.ndarray, gamma: float) -> np.ndarray:
    """d loss / d R(Q, D_j) = gamma (P(D_j | Q) - [j = 0])."""
    p = np.exp(gamma * relevance - np.logaddexp.reduce(gamma * relevance))
    return gamma * (p - np.eye(len(relevance))[0])


if __name__ == "__main__":
    # Word hashing: boundary-marked trigrams; a word of L letters gives L of them.
    assert letter_trigrams("good") == ["#go", "goo", "ood", "od#"]
    assert all(len(letter_trigrams(w)) == len(w) for w in ["a", "web", "search", "clickthrough"])

    corpus = "cheap flights to paris cheap flight paris hotels best pizza recipe pizza recipes"
    vocabulary = {t: i for i, t in enumerate(sorted({t for w in corpus.split() for t in letter_trigrams(w)}))}
    # Morphological variants share most trigrams, so "flights" and "flight" look alike before any training.
    flights, flight, pizza = (word_hashing(w, vocabulary) for w in ["flights", "flight", "pizza"])
    assert cosine(flights, flight[None])[0] > 0.7 and cosine(flights, pizza[None])[0] == 0.0
    # An unseen word still maps onto known trigrams.
    assert word_hashing("parisian", vocabulary).sum() > 0

    rng = np.random.default_rng(0)
    sizes = [len(vocabulary), 16, 8]
    query_tower = [(rng.normal(scale=0.3, size=(o, i)), np.zeros(o)) for i, o in pairwise(sizes)]
    doc_tower = [(rng.normal(scale=0.3, size=(o, i)), np.zeros(o)) for i, o in pairwise(sizes)]
    query = tower(word_hashing("cheap flights paris", vocabulary), query_tower)
    docs = ["cheap flight to paris", "pizza recipe", "best hotels", "pizza recipes", "paris hotels"]  # clicked first
    relevance = cosine(query, np.array([tower(word_hashing(d, vocabulary), doc_tower) for d in docs]))
    gamma = 10.0

    # The posterior over the clicked document and 4 negatives is a softmax: it sums to 1 and the loss is -log P(D+).
    posterior = np.exp(gamma * relevance) / np.exp(gamma * relevance).sum()
    assert np.isclose(posterior.sum(), 1.0) and np.isclose(dssm_loss(relevance, gamma), -np.log(posterior[0]))
    # Hand gradient with respect to the cosine scores matches finite differences.
    numeric = numerical_gradient(lambda r: dssm_loss(r, gamma), relevance)
    assert relative_error(dssm_loss_gradient(relevance, gamma), numeric) < 1e-7
    print(f"{len(vocabulary)} trigrams; cos(flights, flight) = {cosine(flights, flight[None])[0]:.3f}; "
          f"P(clicked | query) = {posterior[0]:.3f}, loss {dssm_loss(relevance, gamma):.3f}")
    print("dssm: all checks passed")

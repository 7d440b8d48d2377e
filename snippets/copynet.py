"""CopyNet (Gu, Lu, Li and Li, 2016): a decoder that can generate a word from its vocabulary or copy one
from the source sentence, with both modes sharing one softmax.

Generate-mode scores psi_g(v) = W_o s_t for every vocabulary word (including <unk>); copy-mode scores
psi_c(x_j) = tanh(h_j^T W_c) s_t for every source position j. With Z the sum of exp over all of them,
  p(y) = [y in vocabulary] exp(psi_g(y)) / Z + sum_{j: x_j = y} exp(psi_c(x_j)) / Z,
so a source word outside the vocabulary can still be produced, by copying.
"""

from __future__ import annotations

import numpy as np
from _attention import softmax

UNKNOWN = "<unk>"


def copynet_scores(
    state: np.ndarray, encoder_states: np.ndarray, w_generate: np.ndarray, w_copy: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """psi_g = W_o s for the vocabulary (|V|,) and psi_c_j = tanh(h_j^T W_c) s for source positions (n,)."""
    return w_generate @ state, np.tanh(encoder_states @ w_copy) @ state


def copy_generate_distribution(
    generate_scores: np.ndarray, copy_scores: np.ndarray, source_tokens: list[str], vocabulary: list[str]
) -> tuple[list[str], np.ndarray]:
    """The output distribution over the vocabulary plus the source's out-of-vocabulary words.

    Both modes are normalised together; copy probability is summed over every position holding a token.
    Returns the extended word list and its probabilities.
    """
    joint = softmax(np.concatenate([generate_scores, copy_scores]))
    extended = list(vocabulary) + sorted(set(source_tokens) - set(vocabulary))
    index = {word: i for i, word in enumerate(extended)}
    probabilities = np.zeros(len(extended))
    probabilities[: len(vocabulary)] = joint[: len(vocabulary)]
    np.add.at(probabilities, [index[token] for token in source_tokens], joint[len(vocabulary) :])
    return extended, probabilities


def output_distribution(
    generate_scores: np.ndarray, copy_scores: np.ndarray, source_tokens: list[str], vocabulary: list[str]
) -> dict[str, float]:
    """The distribution of `copy_generate_distribution` as a mapping word -> probability."""
    words, probabilities = copy_generate_distribution(generate_scores, copy_scores, source_tokens, vocabulary)
    return {word: float(p) for word, p in zip(words, probabilities)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocabulary = ["hello", ",", "my", "name", "is", "nice", "to", "meet", "you", UNKNOWN]
    source = "hello , my name is tolkien".split()  # "tolkien" is out of vocabulary
    d_h, d_s = 6, 5
    encoder_states, state = rng.normal(size=(len(source), d_h)), rng.normal(size=d_s)
    w_generate, w_copy = rng.normal(size=(len(vocabulary), d_s)), rng.normal(size=(d_h, d_s))

    generate_scores, copy_scores = copynet_scores(state, encoder_states, w_generate, w_copy)
    words, probabilities = copy_generate_distribution(generate_scores, copy_scores, source, vocabulary)
    p = dict(zip(words, probabilities))
    top = sorted(p, key=p.get, reverse=True)[:4]
    print("most likely next words:", ", ".join(f"{w} {p[w]:.3f}" for w in top))
    assert np.isclose(probabilities.sum(), 1.0) and np.all(probabilities >= 0)

    # The out-of-vocabulary source word gets probability mass, all of it from copying; a vocabulary-only
    # softmax cannot produce it at all and can at best say <unk>.
    unknown_only = softmax(generate_scores)[vocabulary.index(UNKNOWN)]
    print(f"p(tolkien): CopyNet {p['tolkien']:.3f}; a vocabulary-only softmax 0 (its <unk>: {unknown_only:.3f})")
    assert p["tolkien"] > 0

    # Closed form with every score zero: Z = |V| + n, and a word gets one share from the vocabulary if it
    # is in it plus one share per source position holding it.
    short_source = ["my", "my", "tolkien"]
    flat = output_distribution(np.zeros(len(vocabulary)), np.zeros(3), short_source, vocabulary)
    z = len(vocabulary) + 3
    assert np.isclose(flat["my"], 3 / z) and np.isclose(flat["tolkien"], 1 / z) and np.isclose(flat["you"], 1 / z)

    # Limiting case: with copying switched off (copy scores -> -inf) CopyNet is a plain vocabulary softmax.
    _, no_copy = copy_generate_distribution(generate_scores, np.full(len(source), -np.inf), source, vocabulary)
    assert np.allclose(no_copy[: len(vocabulary)], softmax(generate_scores)) and no_copy[len(vocabulary) :].sum() == 0

    # Raising the copy score of the name's position makes copying it the most likely output.
    boosted = copy_scores.copy()
    boosted[source.index("tolkien")] += 10.0
    words, probabilities = copy_generate_distribution(generate_scores, boosted, source, vocabulary)
    assert words[int(np.argmax(probabilities))] == "tolkien"
    print("copynet: all checks passed")
